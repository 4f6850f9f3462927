// The methods of the verbs engines newer than 1.71 added, runCli and validateGovernanceOverride,
// against the real engine (1.71): each verb newer than it refused by the version gate with a
// typed error before anything is spawned (the project's files unchanged); profile, whose verb
// 1.71 has, run for real and typed by rocky-sdk 0.29.0's model, its `sample` refused by the gate;
// runCli running real read-only verbs, and refusing a run in PR 42's branch deployment.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import {
  RockyResource,
  type RockyResourceOptions,
  RockyVersionError,
} from "@dagster-rocky/resource";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINE_VERSION, ROCKY_BIN } from "./support/engine.js";
import { productionEnv } from "./support/env.js";
import { itLeavesProductionAsItWas, type Views } from "./support/isolation.js";
import { type PrOutcome, prCall, production, productionView } from "./support/pr.js";
import { type Project, playground, tempRoot } from "./support/projects.js";

const tmp = tempRoot("newer-verbs");
afterAll(() => tmp.remove());

let quickstart: Project;
beforeAll(async () => {
  quickstart = await playground(tmp.root, "quickstart");
  await production(quickstart).run({ filter: quickstart.filter });
});

const base = (): RockyResourceOptions => ({
  binaryPath: ROCKY_BIN,
  cwd: quickstart.dir,
  env: productionEnv(),
});

/** Every file of the project with its size and mtime: a spawned verb could change them. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[p] = `${statSync(p).size}:${statSync(p).mtimeMs}`;
    }
  };
  walk(dir);
  return out;
}

type Call = (r: RockyResource) => Promise<unknown>;
const REFUSED_ON_1_71: [string, string, Call][] = [
  ["freshness", "1.72.0", (r) => r.freshness()],
  ["costByProduct", "1.72.0", (r) => r.costByProduct("2026-04")],
  ["reconcileWatermark", "1.72.0", (r) => r.reconcileWatermark("playground", { dryRun: true })],
  ["productList", "1.74.0", (r) => r.productList()],
  ["productJournal", "1.74.0", (r) => r.productJournal("orders")],
  ["scheduleSpool", "1.74.0", (r) => r.scheduleSpool()],
  ["packageList", "1.77.0", (r) => r.packageList()],
  ["packageAdd", "1.77.0", (r) => r.packageAdd("fivetran/stripe")],
  ["packageUpdate", "1.77.0", (r) => r.packageUpdate()],
  ["packageRemove", "1.77.0", (r) => r.packageRemove("stripe")],
  ["profile with sample", "1.77.0", (r) => r.profile("revenue_summary", { sample: 5 })],
];

describe(`the verbs newer than the engine (${ENGINE_VERSION}): refused by the version gate, nothing spawned`, () => {
  for (const [name, floor, call] of REFUSED_ON_1_71) {
    it(`${name}: RockyVersionError naming ${floor} and the engine's version`, async () => {
      const before = snapshot(quickstart.dir);
      const err = await call(new RockyResource(base()))
        .then(() => null)
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RockyVersionError);
      expect(err).toMatchObject({
        code: "VERSION_TOO_OLD",
        minimumVersion: floor,
        detectedVersion: ENGINE_VERSION,
      });
      expect(snapshot(quickstart.dir)).toEqual(before);
    });
  }
});

describe("profile(): the verb 1.71 has, typed by rocky-sdk 0.29.0's ProfileOutput", () => {
  it("a materialized model's columns, each with its counts", async () => {
    const out = await new RockyResource(base()).profile("revenue_summary");
    expect(out.command).toBe("profile");
    expect(out.model).toBe("revenue_summary");
    expect(out.unavailable).toBeNull();
    expect(out.columns.length).toBeGreaterThan(0);
    for (const c of out.columns) {
      expect(c.rows).toBeGreaterThan(0);
      expect(c.sample_values).toBeNull();
    }
  });
  it("one column with column", async () => {
    const all = await new RockyResource(base()).profile("revenue_summary");
    const first = all.columns[0]?.name as string;
    const one = await new RockyResource(base()).profile("revenue_summary", { column: first });
    expect(one.columns.map((c) => c.name)).toEqual([first]);
  });
});

describe("runCli(): real read-only verbs; in PR 42's deployment a run and the writers refused", () => {
  it('["--version"]: the engine\'s text', async () => {
    const out = await new RockyResource(base()).runCli(["--version"]);
    expect(out).toEqual({ format: "text", stdout: `rocky ${ENGINE_VERSION}\n` });
  });
  it('["doctor"]: rocky\'s JSON report, parsed', async () => {
    const out = await new RockyResource(base()).runCli(["doctor"], { allowPartial: true });
    expect(out.format).toBe("json");
    expect(out.format === "json" && (out.json as { command: string }).command).toBe("doctor");
  });
  it('["compile"]: the same document compile() types', async () => {
    const rocky = new RockyResource(base());
    const raw = await rocky.runCli(["compile", "--models", "models"]);
    const typed = await rocky.compile();
    expect(raw.format === "json" && (raw.json as { models: number }).models).toBe(typed.models);
  });

  describe("PR 42: runCli(['run', ...]) refused before spawning, production unchanged", () => {
    const views: Views = {};
    const outcomes: PrOutcome[] = [];
    beforeAll(async () => {
      views.before = await productionView(quickstart);
      outcomes.push(prCall(quickstart, "runCli", [["run", "--filter", quickstart.filter]]));
      outcomes.push(prCall(quickstart, "runCli", [["state", "clear-schema-cache"]]));
      outcomes.push(prCall(quickstart, "runCli", [["doctor"], { allowPartial: true }]));
      // The writers are refused by the shadow policy before the version gate is reached.
      outcomes.push(prCall(quickstart, "packageAdd", ["fivetran/stripe"]));
      outcomes.push(prCall(quickstart, "packageRemove", ["stripe"]));
      outcomes.push(prCall(quickstart, "reconcileWatermark", ["playground"]));
      outcomes.push(prCall(quickstart, "reconcileWatermark", ["playground", { dryRun: true }]));
      views.after = await productionView(quickstart);
    });
    it("packageAdd, packageRemove, reconcileWatermark: REFUSED_WHEN_SHADOWED; a dry run reaches the version gate", () => {
      expect(outcomes.slice(3).map((o) => o.error?.code)).toEqual([
        "REFUSED_WHEN_SHADOWED",
        "REFUSED_WHEN_SHADOWED",
        "REFUSED_WHEN_SHADOWED",
        "VERSION_TOO_OLD",
      ]);
    });
    it("run and a state subcommand: RockyShadowError REFUSED_WHEN_SHADOWED; doctor runs", () => {
      expect(outcomes.slice(0, 2).map((o) => o.error?.code)).toEqual([
        "REFUSED_WHEN_SHADOWED",
        "REFUSED_WHEN_SHADOWED",
      ]);
      expect(outcomes[2]?.ok).toBe(true);
      expect(outcomes[2]?.result?.json?.command).toBe("doctor");
    });
    itLeavesProductionAsItWas(views, () => false);
  });
});

describe("RockyResource.validateGovernanceOverride: no engine needed", () => {
  it("refuses an empty workspace_ids without consent, naming the field; accepts it with consent", () => {
    expect(() => RockyResource.validateGovernanceOverride({ workspace_ids: [] })).toThrow(
      /governanceOverride\.workspace_ids/,
    );
    expect(() =>
      RockyResource.validateGovernanceOverride({
        workspace_ids: [],
        allow_empty_workspace_ids: true,
      }),
    ).not.toThrow();
    // The project's config is untouched by a static check (it reads nothing).
    expect(readFileSync(join(quickstart.dir, "rocky.toml"), "utf8")).toContain("[pipeline");
  });
});
