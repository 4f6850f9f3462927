// runCli(args): rocky-sdk's generic runner, fail closed (args checked before any spawn; where
// runs are shadowed only an argv known read-only from the verb table spawns; a shadowed write
// never skips state isolation), and RockyResource.validateGovernanceOverride.
import { Writable } from "node:stream";
import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  RockyCommandError,
  RockyConfigError,
  RockyPartialFailureError,
  RockyResource,
  RockyShadowError,
  type ShadowSuffixContext,
} from "../src/index.js";
import { standIn } from "./standin.js";

const GLOBALS = ["--config=rocky.toml", "--output", "json"];
const PLAN_ID = "a".repeat(64);

const PR_DEPLOYMENT = {
  DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "1",
  DAGSTER_CLOUD_DEPLOYMENT_NAME: "pr-7",
  DAGSTER_CLOUD_PULL_REQUEST_ID: "7",
};

function inDeployment(): void {
  const saved: Record<string, string | undefined> = {};
  beforeEach(() => {
    for (const [k, v] of Object.entries(PR_DEPLOYMENT)) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
  });
  afterEach(() => {
    for (const k of Object.keys(PR_DEPLOYMENT)) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  });
}

describe("args: a non-empty array of strings without NUL, starting at the verb; refused before any spawn", () => {
  const BAD: [string, unknown, string][] = [
    ["not an array", "doctor", "args"],
    ["empty", [], "args"],
    ["a non-string", ["doctor", 3], "args[1]"],
    ["a NUL", ["doctor", "--check=a\u0000b"], "args[1]"],
    ["--config before the verb", ["--config", "other.toml", "run"], "args[0]"],
    ["--config= before the verb", ["--config=other.toml", "doctor"], "args[0]"],
    ["-c before the verb", ["-c", "other.toml", "doctor"], "args[0]"],
    ["--state-path before the verb", ["--state-path=/prod.redb", "state"], "args[0]"],
    ["--state-namespace before the verb", ["--state-namespace", "x", "state"], "args[0]"],
    ["--principal before the verb", ["--principal", "agent", "doctor"], "args[0]"],
    ["--version with more", ["--version", "run"], "args[0]"],
  ];
  for (const [name, args, path] of BAD) {
    it(name, async () => {
      const s = standIn();
      const err = await s
        .resource({ output: {} })
        .runCli(args as string[])
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RockyConfigError);
      expect((err as RockyConfigError).issues.map((i) => i.path)).toContain(path);
      expect(s.calls()).toEqual([]);
    });
  }
  it("never quotes an element (args may carry secrets)", async () => {
    const err = (await standIn()
      .resource()
      .runCli(["--idempotency-key=s3cr3t", "run"])
      .catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(RockyConfigError);
    expect(err.message).not.toContain("s3cr3t");
  });
});

describe("argv: the resource's global flags, then the args as given (rocky-sdk's _build_cmd)", () => {
  it("defaults, and a resource's state namespace", async () => {
    const s = standIn();
    await s.resource({ output: {} }).runCli(["state", "show"]);
    await s
      .resource({ output: {}, resource: { stateNamespace: "tenant_a", configPath: "c.toml" } })
      .runCli(["hooks", "list", "--output", "table"]);
    expect(s.calls()).toEqual([
      [...GLOBALS, "state", "show"],
      [
        "--config=c.toml",
        "--state-namespace=tenant_a",
        "--output",
        "json",
        "hooks",
        "list",
        "--output",
        "table",
      ],
    ]);
  });
  it("a lone --version or --help", async () => {
    const s = standIn();
    await s.resource({ output: "help" }).runCli(["--help"]);
    expect(s.calls()).toEqual([[...GLOBALS, "--help"]]);
  });
});

describe("result: stdout, parsed when it is a JSON document", () => {
  it("JSON", async () => {
    const r = await standIn()
      .resource({ output: { a: [1, 2] } })
      .runCli(["doctor"]);
    expect(r).toEqual({ format: "json", json: { a: [1, 2] }, stdout: '{"a":[1,2]}' });
  });
  it("text, and text that starts like JSON", async () => {
    expect(await standIn().resource({ output: "rocky 1.71.0\n" }).runCli(["doctor"])).toEqual({
      format: "text",
      stdout: "rocky 1.71.0\n",
    });
    expect(await standIn().resource({ output: "{not json" }).runCli(["doctor"])).toEqual({
      format: "text",
      stdout: "{not json",
    });
  });
});

describe("exit codes: as rocky-sdk's run_cli", () => {
  it("non-zero without JSON: RockyCommandError", async () => {
    const err = await standIn()
      .resource({ output: "boom", exit: 2 })
      .runCli(["doctor"])
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RockyCommandError);
    expect(err).toMatchObject({ exitCode: 2 });
  });
  it("non-zero with JSON: RockyPartialFailureError carrying it, or the result with allowPartial", async () => {
    const s = standIn();
    const err = await s
      .resource({ output: { ok: false }, exit: 3 })
      .runCli(["doctor"])
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RockyPartialFailureError);
    expect((err as RockyPartialFailureError).result).toMatchObject({ json: { ok: false } });
    await expect(
      s.resource({ output: { ok: false }, exit: 3 }).runCli(["doctor"], { allowPartial: true }),
    ).resolves.toMatchObject({ format: "json", json: { ok: false } });
  });
});

describe("where runs are shadowed, only an argv known read-only from the verb table spawns", () => {
  inDeployment();
  const READ_ONLY: string[][] = [
    ["--version"],
    ["doctor"],
    ["doctor", "--check", "state"],
    ["state"],
    ["state", "--output=table"],
    ["state", "schedule", "spool"],
    ["cost", "latest", "--model", "orders"],
    ["cost", "--month", "2026-04", "--by", "product"],
    ["product", "status", "--", "orders_mart"],
    ["product", "list"],
    ["review", "--status", "--", PLAN_ID],
    ["review", PLAN_ID, "--status"],
    ["lineage", "orders", "--column", "id"],
    ["package", "list"],
  ];
  for (const args of READ_ONLY) {
    it(`spawns ${JSON.stringify(args)}`, async () => {
      const s = standIn();
      await s.resource({ output: {} }).runCli(args);
      expect(s.calls()).toEqual([[...GLOBALS, ...args]]);
    });
  }
  it("args changed by the caller after the call starts: what was checked is what is spawned", async () => {
    const s = standIn();
    const args = ["doctor"];
    const pending = s.resource({ output: {} }).runCli(args);
    args.splice(0, 1, "run", "--filter=tenant=acme");
    await pending;
    expect(s.calls()).toEqual([[...GLOBALS, "doctor"]]);
  });
  const WRITES: string[][] = [
    ["run", "--filter", "tenant=acme"],
    ["run", "--filter=tenant=acme", "--shadow", "--shadow-suffix=_dagster_pr_7"],
    ["plan", "--filter", "tenant=acme"],
    ["apply", PLAN_ID],
    ["compare", "--filter=a=b", "--shadow-suffix=_x"],
    ["branch", "promote", "fix"],
    ["product", "approve", "orders_mart"],
    ["package", "add", "fivetran/stripe"],
    ["state", "reconcile-watermark", "--pipeline=p", "--dry-run"],
    ["state", "clear-schema-cache"],
    ["state", "retention", "sweep"],
    ["state", "--output=json", "retention", "sweep"],
    ["state", "--cache-ttl", "5", "schedule", "hold", "p"],
    ["state", "--", "clear-schema-cache"],
    ["state", "schedule", "spool", "extra"],
    ["review", PLAN_ID, "--approve"],
    ["review", "--approve", PLAN_ID],
    ["review", "--approve", "--", "--status"],
    ["seed"],
    ["load", "--pipeline", "p"],
    ["archive", "apply", PLAN_ID],
    ["no-such-verb"],
  ];
  for (const args of WRITES) {
    it(`refuses ${JSON.stringify(args)}, spawning nothing`, async () => {
      const s = standIn();
      const err = await s
        .resource({ output: {} })
        .runCli(args)
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RockyShadowError);
      expect(["REFUSED_WHEN_SHADOWED", "STATE_NOT_ISOLATED"]).toContain(
        (err as RockyShadowError).code,
      );
      expect((err as Error).message).toMatch(/nothing was spawned/i);
      expect(s.calls()).toEqual([]);
    });
  }
});

describe("a suffix in force refuses writes too: shadowMode always, or a resolveShadowSuffix hook", () => {
  it("shadowMode always, outside a deployment", async () => {
    const s = standIn();
    const r = s.resource({ output: {}, resource: { shadowMode: "always", shadowSuffix: "_ci" } });
    await expect(r.runCli(["run", "--filter=a=b"])).rejects.toMatchObject({
      code: "REFUSED_WHEN_SHADOWED",
    });
    await r.runCli(["doctor"]);
    expect(s.calls()).toEqual([[...GLOBALS, "doctor"]]);
  });
  it("a hook that shadows every run", async () => {
    class Shadowing extends RockyResource {
      protected override resolveShadowSuffix(_ctx: ShadowSuffixContext): string {
        return "_always";
      }
    }
    const s = standIn();
    const r = new Shadowing({
      binaryPath: s.binaryPath,
      cwd: s.dir,
      env: { STANDIN_DIR: s.dir, PATH: process.env.PATH ?? "" },
    });
    const err = await r.runCli(["run", "--filter=a=b"]).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "REFUSED_WHEN_SHADOWED" });
    expect((err as Error).message).toContain("_always");
    expect(s.calls()).toEqual([]);
  });
});

describe("outside a deployment: any verb, as rocky-sdk runs it, but no unisolated shadowed write", () => {
  it("a run spawns with the args as given", async () => {
    const s = standIn();
    await s.resource({ output: {} }).runCli(["run", "--filter", "tenant=acme"]);
    expect(s.calls()).toEqual([[...GLOBALS, "run", "--filter", "tenant=acme"]]);
  });
  for (const flag of ["--shadow", "--shadow-suffix=_x", "--shadow-suffix", "--shadow-schema=s"]) {
    it(`${flag} on a verb not known read-only: STATE_NOT_ISOLATED, nothing spawned`, async () => {
      const s = standIn();
      const err = await s
        .resource({ output: {} })
        .runCli(["run", "--filter=a=b", flag, "_x"])
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RockyShadowError);
      expect(err).toMatchObject({ code: "STATE_NOT_ISOLATED" });
      expect((err as Error).message).toMatch(/shadowSuffix/);
      expect(s.calls()).toEqual([]);
    });
  }
});

describe("the version gate applies the floor of the table verb the argv drives", () => {
  it("package list on 1.71 is refused like packageList()", async () => {
    const s = standIn();
    await expect(
      s.resource({ output: {}, version: "1.71.0" }).runCli(["package", "list"]),
    ).rejects.toMatchObject({ code: "VERSION_TOO_OLD", minimumVersion: "1.77.0" });
    await s
      .resource({ output: {}, version: "1.71.0" })
      .runCli(["tick"])
      .catch(() => {});
    expect(s.calls()).toEqual([[...GLOBALS, "tick"]]);
  });
});

describe("the debug log masks every flag a table verb declares secret, and flags named like secrets", () => {
  it("--governance-override, --vars, --idempotency-key, --adapter-config and a --*token* lose their values", async () => {
    const raw: string[] = [];
    const stream = new Writable({
      write(chunk, _enc, cb) {
        raw.push(chunk.toString());
        cb();
      },
    });
    const s = standIn();
    const secrets = ["ws-S3CR3T", "var-S3CR3T", "key-S3CR3T", "cfg-S3CR3T", "tok-S3CR3T"];
    await s
      .resource({ output: {}, resource: { logger: pino({ level: "debug" }, stream) } })
      .runCli([
        "tick",
        `--governance-override={"workspace_ids":[{"id":"${secrets[0]}"}]}`,
        "--vars",
        `k=${secrets[1]}`,
        `--idempotency-key=${secrets[2]}`,
        "--adapter-config",
        secrets[3] as string,
        `--api-token=${secrets[4]}`,
      ]);
    const log = raw.join("");
    expect(log).toContain("spawning rocky");
    for (const secret of secrets) expect(log).not.toContain(secret);
    // What rocky got is the args as given.
    expect(s.calls()[0]?.join(" ")).toContain(secrets[1]);
  });
});

describe("validateGovernanceOverride: rocky-sdk's rules on rocky-core's struct, naming the field", () => {
  const ok: unknown[] = [
    null,
    undefined,
    {},
    { workspace_ids: [{ id: 1 }, { id: 2, binding_type: "READ_ONLY" }] },
    { workspace_ids: [], allow_empty_workspace_ids: true },
    { grants: [{ principal: "analysts", permissions: ["SELECT"] }] },
  ];
  for (const o of ok) {
    it(`accepts ${JSON.stringify(o)}`, () => {
      expect(() => RockyResource.validateGovernanceOverride(o as never)).not.toThrow();
    });
  }
  const bad: [unknown, string][] = [
    [{ workspace_ids: [] }, "governanceOverride.workspace_ids"],
    [{ workspace_ids: [], allow_empty_workspace_ids: false }, "governanceOverride.workspace_ids"],
    [{ workspace_ids: 5 }, "governanceOverride.workspace_ids"],
    [{ workspace_ids: [123] }, "governanceOverride.workspace_ids[0]"],
    [{ workspace_ids: [{ id: -1 }] }, "governanceOverride.workspace_ids[0].id"],
    [
      { grants: [{ principal: "x", permissions: ["DROP"] }] },
      "governanceOverride.grants[0].permissions[0]",
    ],
    [{ workspace_id: [] }, "governanceOverride.workspace_id"],
    ["{}", "governanceOverride"],
    [[], "governanceOverride"],
  ];
  for (const [o, path] of bad) {
    it(`refuses ${JSON.stringify(o)} naming ${path}`, () => {
      let err: unknown;
      try {
        RockyResource.validateGovernanceOverride(o as never);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(RockyConfigError);
      expect((err as RockyConfigError).issues.map((i) => i.path)).toContain(path);
    });
  }
  it("quotes no value", () => {
    let err: Error | undefined;
    try {
      RockyResource.validateGovernanceOverride({
        grants: [{ principal: "s3cr3t-principal", permissions: ["NOPE"] }],
      } as never);
    } catch (e) {
      err = e as Error;
    }
    expect(err?.message).not.toContain("s3cr3t");
    expect(err?.message).not.toContain("NOPE");
  });
});
