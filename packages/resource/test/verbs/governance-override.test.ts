// governanceOverride is rocky-core's GovernanceOverride (config.rs), field by field: what rocky's
// parser refuses is refused here before spawning, with the field named and no value quoted.
// The engine suite sends these shapes to the real engine (engine-tests/test/pipelines.test.ts).
import { describe, expect, it } from "vitest";
import {
  type GovernanceOverride,
  type ResolverContext,
  RockyConfigError,
  RockyResource,
} from "../../src/index.js";
import { prepareInvocation } from "../../src/resource.js";

const argv = async (verb: "run" | "plan" | "resumeRun", call: unknown) =>
  (await prepareInvocation(new RockyResource({ env: {} }), verb, call)).argv;

/** The override rocky would receive, parsed back from argv. */
const sent = async (verb: "run" | "plan" | "resumeRun", call: object) => {
  const token = (await argv(verb, call)).find((a) => a.startsWith("--governance-override="));
  return token === undefined ? undefined : JSON.parse(token.slice("--governance-override=".length));
};

/** The issues a refused call reports. */
const refused = async (call: unknown, verb: "run" | "plan" | "resumeRun" = "run") => {
  const error = await argv(verb, call).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(RockyConfigError);
  return (error as RockyConfigError).issues;
};

describe("workspace_ids: a list of rocky's WorkspaceBindingConfig { id, binding_type? }", () => {
  it("objects with a numeric id (and an optional binding type) reach rocky as given", async () => {
    const override: GovernanceOverride = {
      workspace_ids: [{ id: 7474656540609532 }, { id: 42, binding_type: "READ_ONLY" }],
    };
    for (const verb of ["run", "plan", "resumeRun"] as const) {
      expect(await sent(verb, { filter: "a=b", governanceOverride: override })).toEqual(override);
    }
  });

  it.each([
    ["a bare number (rocky refuses [123])", [123], "governanceOverride.workspace_ids[0]"],
    ["a bare string", ["ws-1"], "governanceOverride.workspace_ids[0]"],
    ["an id as a string", [{ id: "123" }], "governanceOverride.workspace_ids[0].id"],
    ["a negative id", [{ id: -1 }], "governanceOverride.workspace_ids[0].id"],
    ["a fractional id", [{ id: 1.5 }], "governanceOverride.workspace_ids[0].id"],
    ["an id past 2^53 - 1", [{ id: 2 ** 53 }], "governanceOverride.workspace_ids[0].id"],
    [
      "an unknown binding type",
      [{ id: 1, binding_type: "RW" }],
      "governanceOverride.workspace_ids[0].binding_type",
    ],
    [
      "an unknown field (rocky denies unknown fields)",
      [{ id: 1, bind: "READ_ONLY" }],
      "governanceOverride.workspace_ids[0].bind",
    ],
    ["not a list", { id: 1 }, "governanceOverride.workspace_ids"],
  ])("%s is refused before spawning", async (_what, workspace_ids, path) => {
    const issues = await refused({ filter: "a=b", governanceOverride: { workspace_ids } });
    expect(issues.map((i) => i.path)).toContain(path);
  });

  it("a bare id's message shows the shape rocky wants", async () => {
    const [issue] = await refused({ filter: "a=b", governanceOverride: { workspace_ids: [123] } });
    expect(issue?.message).toContain("{ id");
    expect(issue?.message).toContain("binding_type");
  });
});

describe("grants and schema_grants: lists of { principal, permissions } with the permissions rocky applies", () => {
  it("known permissions reach rocky as given", async () => {
    const override = {
      grants: [{ principal: "analysts", permissions: ["SELECT", "USE CATALOG", "BROWSE"] }],
      schema_grants: [{ principal: "etl", permissions: ["USE SCHEMA", "MODIFY"] }],
    } satisfies GovernanceOverride;
    expect(await sent("run", { filter: "a=b", governanceOverride: override })).toEqual(override);
  });

  it.each([
    [
      "a permission rocky would skip",
      { grants: [{ principal: "a", permissions: ["READ"] }] },
      "governanceOverride.grants[0].permissions[0]",
    ],
    [
      "a catalog-only permission on a schema",
      { schema_grants: [{ principal: "a", permissions: ["MANAGE"] }] },
      "governanceOverride.schema_grants[0].permissions[0]",
    ],
    [
      "a missing principal",
      { grants: [{ permissions: ["SELECT"] }] },
      "governanceOverride.grants[0].principal",
    ],
    [
      "an empty principal",
      { grants: [{ principal: "", permissions: ["SELECT"] }] },
      "governanceOverride.grants[0].principal",
    ],
    [
      "an unknown grant field",
      { grants: [{ principal: "a", permissions: [], role: "x" }] },
      "governanceOverride.grants[0].role",
    ],
  ])("%s is refused before spawning", async (_what, governanceOverride, path) => {
    const issues = await refused({ filter: "a=b", governanceOverride });
    expect(issues.map((i) => i.path)).toContain(path);
  });
});

describe("only rocky's four keys: a misspelt key is an error, not silently ignored by rocky", () => {
  it("workspace_id → did you mean workspace_ids", async () => {
    const issues = await refused({
      filter: "a=b",
      governanceOverride: { workspace_id: [{ id: 1 }] },
    });
    expect(issues.map((i) => i.path)).toContain("governanceOverride.workspace_id");
    expect(issues.find((i) => i.path === "governanceOverride.workspace_id")?.message).toContain(
      "workspace_ids",
    );
  });
});

describe("an empty workspace_ids needs consent, and the consent reaches rocky inside the override", () => {
  it("refused without allow_empty_workspace_ids or allowEmptyWorkspaceIds", async () => {
    const issues = await refused({ filter: "a=b", governanceOverride: { workspace_ids: [] } });
    expect(issues.map((i) => i.path)).toContain("governanceOverride.workspace_ids");
  });
  it("allow_empty_workspace_ids: true in the override is sent as given", async () => {
    const override = { workspace_ids: [], allow_empty_workspace_ids: true };
    expect(await sent("run", { filter: "a=b", governanceOverride: override })).toEqual(override);
  });
  it("the call's allowEmptyWorkspaceIds: true is sent as allow_empty_workspace_ids: true (rocky reads it there)", async () => {
    for (const verb of ["run", "plan", "resumeRun"] as const) {
      expect(
        await sent(verb, {
          filter: "a=b",
          governanceOverride: { workspace_ids: [] },
          allowEmptyWorkspaceIds: true,
        }),
      ).toEqual({ workspace_ids: [], allow_empty_workspace_ids: true });
    }
  });
  it("a non-empty list is sent unchanged whatever the consent", async () => {
    expect(
      await sent("run", {
        filter: "a=b",
        governanceOverride: { workspace_ids: [{ id: 1 }] },
        allowEmptyWorkspaceIds: true,
      }),
    ).toEqual({ workspace_ids: [{ id: 1 }] });
  });
});

describe("resolveGovernanceOverride's value is checked against the same struct", () => {
  class Hooked extends RockyResource {
    constructor(private readonly value: unknown) {
      super({ env: {} });
    }
    protected override resolveGovernanceOverride(_ctx: ResolverContext) {
      return this.value as GovernanceOverride;
    }
  }
  it("[123] from the hook: a RockyConfigError naming the hook and workspace_ids, the value unquoted", async () => {
    const error = await prepareInvocation(new Hooked({ workspace_ids: [987654321] }), "run", {
      filter: "a=b",
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RockyConfigError);
    const [issue] = (error as RockyConfigError).issues;
    expect(issue?.path).toBe("resolveGovernanceOverride");
    expect(issue?.message).toContain("workspace_ids[0]");
    expect(String((error as Error).message)).not.toContain("987654321");
  });
  it("a valid binding from the hook reaches rocky", async () => {
    const { argv: args } = await prepareInvocation(
      new Hooked({ workspace_ids: [{ id: 5, binding_type: "READ_WRITE" }] }),
      "run",
      { filter: "a=b" },
    );
    expect(args).toContain(
      '--governance-override={"workspace_ids":[{"id":5,"binding_type":"READ_WRITE"}]}',
    );
  });
});

describe("refusals never quote the override's values (it may be a secret)", () => {
  it("a secret principal with a bad permission, a secret key", async () => {
    const SECRET = "svc-principal-S3CR3T-19";
    for (const governanceOverride of [
      { grants: [{ principal: SECRET, permissions: ["READ"] }] },
      { workspace_ids: [SECRET] },
      { workspace_ids: [{ id: 1, binding_type: SECRET }] },
    ]) {
      const error = await argv("run", { filter: "a=b", governanceOverride }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(RockyConfigError);
      expect(JSON.stringify((error as RockyConfigError).issues)).not.toContain(SECRET);
      expect((error as Error).message).not.toContain(SECRET);
    }
  });
});
