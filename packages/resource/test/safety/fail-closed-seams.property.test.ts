import { chmod, mkdir, realpath, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { DEFAULT_PROJECT_TOML } from "@dagster-rocky/testing";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isRockyError, RockyResource, RockyShadowError } from "../../src/index.js";
import { planFilePath } from "../../src/shadow/plan-guard.js";

import { sim, tempDir, writeProject } from "../helpers.js";
import { SEED, simPlanId } from "./harness.js";
import { isShadowedArgv } from "./model.js";
import {
  type ApplySeamCase,
  applySeamArb,
  applySeamExpected,
  applySeamPayload,
  SEAM_SUFFIX,
  SeamSubject,
  seamCall,
  seamCaseArb,
  seamEnvs,
  seamExpected,
  seamOptions,
} from "./model-seams.js";

// ------------------------------------- seams: one boundary, whatever the call shape

const QUALITY_TOML = `[pipeline.checks]
type = "quality"

[pipeline.checks.target]
adapter = "default"
catalog_template = "warehouse"
schema_template = "staging__{tenant}"
`;
const REPLICATION_P = DEFAULT_PROJECT_TOML.replaceAll("[pipeline.default", "[pipeline.p");
const QUALITY_P = QUALITY_TOML.replaceAll("pipeline.checks", "pipeline.p");

/**
 * A binary that replaces `<project>/rocky.toml` with `replacement` when probed
 * for its version (the probe runs after the guards, before the spawn).
 */
async function swappingBinary(
  simBinary: string,
  replacement: string,
  project: string,
): Promise<string> {
  const dir = await tempDir();
  const bin = join(dir, "rocky-swap");
  await writeFile(join(dir, "next.toml"), replacement);
  await writeFile(
    bin,
    `#!/bin/sh\nif [ "$1" = "--version" ]; then cp ${JSON.stringify(join(dir, "next.toml"))} ${JSON.stringify(join(project, "rocky.toml"))}; fi\nexec ${JSON.stringify(simBinary)} "$@"\n`,
  );
  await chmod(bin, 0o755);
  return bin;
}

/** Lets every timer a case scheduled fire (a late chdir must not outlive its case). */
const settle = () =>
  new Promise<void>((done) => setTimeout(() => setImmediate(() => setTimeout(done, 0)), 0));

describe("seams: suffix origin x env shape x argv mutation x cwd change x config, through real processes (seeded)", () => {
  it("160 cases: each refuses with the rules' code and spawns nothing, or spawns exactly the rules' argv, env and cwd", async () => {
    const s = await sim({ assumeConfig: false });
    const start = process.cwd();
    const cases = fc.sample(seamCaseArb, { numRuns: 160, seed: SEED + 2 });
    const seen = { spawned: 0, refused: new Map<string, number>() };
    for (const c of cases) {
      const want = seamExpected(c);
      const here = await realpath(await tempDir());
      const elsewhere = await tempDir();
      await writeProject(here, c.config === "quality" ? QUALITY_TOML : DEFAULT_PROJECT_TOML);
      await writeProject(elsewhere, QUALITY_TOML);
      const binary =
        c.config === "swapped"
          ? await swappingBinary(s.binaryPath, QUALITY_TOML, here)
          : s.binaryPath;
      const envs = seamEnvs(c);
      const saved = { ...process.env };
      await s.clearInvocations();
      let error: unknown = null;
      try {
        process.chdir(here);
        Object.assign(process.env, envs.process);
        const r = new SeamSubject(c, elsewhere, seamOptions(c, binary, envs.option));
        const call = seamCall(c);
        const act =
          c.verb === "runModel"
            ? r.runModel("orders", call)
            : (r[c.verb] as (o: unknown) => Promise<unknown>).call(r, call);
        await act.catch((e: unknown) => {
          error = e;
        });
        await settle();
      } finally {
        process.chdir(start);
        for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
        Object.assign(process.env, saved);
      }
      const invs = await s.invocations();
      const spawns = invs.filter((i) => i.argv[0] !== "--version");
      const label = JSON.stringify(c);
      if ("refused" in want) {
        expect(error, label).toBeInstanceOf(RockyShadowError);
        expect((error as RockyShadowError).code, label).toBe(want.refused);
        expect(spawns, label).toEqual([]);
        expect(invs.length, label).toBe(want.probed ? 1 : 0);
        seen.refused.set(want.refused, (seen.refused.get(want.refused) ?? 0) + 1);
      } else {
        // rocky-sim may fail the command itself (a model run it does not emulate): typed, and spawned.
        if (error !== null) expect(isRockyError(error), label).toBe(true);
        expect(
          spawns.map((i) => i.argv),
          label,
        ).toEqual([want.argv]);
        expect(spawns[0]?.cwd, label).toBe(here);
        expect(spawns[0]?.env.ROCKY_IDEMPOTENCY_KEY, label).toBe(want.envKey);
        expect(isShadowedArgv(spawns[0]?.argv ?? []), label).toBe(true);
        seen.spawned++;
      }
    }
    // Every family is exercised, on both sides.
    expect(seen.spawned).toBeGreaterThan(30);
    for (const code of [
      "DEPLOYMENT_AMBIGUOUS",
      "DEPLOYMENT_UNKNOWN",
      "PIPELINE_NOT_SHADOWABLE",
      "CONFIG_CHANGED",
    ])
      expect(seen.refused.get(code) ?? 0, code).toBeGreaterThan(3);
  }, 180_000);
});

describe("seams: apply of a persisted plan vs the config as it is now, PR deployment or fleet worker (seeded)", () => {
  it("80 cases through real processes: refused with the rules' code, or applied on the shadow namespace", async () => {
    const s = await sim({ assumeConfig: false });
    const cases = fc.sample(applySeamArb, { numRuns: 80, seed: SEED + 3 });
    const seen = { applied: 0, refused: new Set<string>() };
    for (let i = 0; i < cases.length; i += 8) {
      await Promise.all(
        cases.slice(i, i + 8).map(async (c) => {
          const cwd = await tempDir();
          await writeProject(cwd, REPLICATION_P);
          const payload = applySeamPayload(c);
          const id = await simPlanId("run", payload);
          await mkdir(join(cwd, ".rocky", "plans"), { recursive: true });
          await writeFile(
            planFilePath(cwd, id),
            JSON.stringify({ plan_id: id, kind: "run", payload }),
          );
          const now: Record<ApplySeamCase["configNow"], string> = {
            replication: REPLICATION_P,
            quality: QUALITY_P,
            renamed: REPLICATION_P.replaceAll("[pipeline.p", "[pipeline.q"),
            several: `${REPLICATION_P}\n${REPLICATION_P.replaceAll("[pipeline.p", "[pipeline.q").replace(/\[adapter\.default\][^[]*/, "")}`,
          };
          await writeProject(cwd, now[c.configNow]);
          const r = new RockyResource({
            binaryPath: s.binaryPath,
            cwd,
            env:
              c.origin === "mode"
                ? { DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "1", DAGSTER_CLOUD_PULL_REQUEST_ID: "42" }
                : { PATH: "/usr/bin" },
          });
          const options = c.origin === "call" ? { shadowSuffix: SEAM_SUFFIX } : {};
          const error = await r.apply(id, options).then(
            () => null,
            (e: unknown) => e,
          );
          const mine = (await s.invocations()).filter(
            (inv) => inv.cwd === cwd && inv.argv[0] !== "--version",
          );
          const want = applySeamExpected(c, id);
          const label = JSON.stringify(c);
          if ("refused" in want) {
            expect((error as RockyShadowError | null)?.code, label).toBe(want.refused);
            expect(mine, label).toEqual([]);
            seen.refused.add(want.refused);
          } else {
            expect(error, label).toBeNull();
            expect(
              mine.map((m) => m.argv),
              label,
            ).toEqual([want.argv]);
            seen.applied++;
          }
        }),
      );
    }
    expect(seen.applied).toBeGreaterThan(5);
    expect([...seen.refused].sort()).toEqual([
      "PIPELINE_NOT_SHADOWABLE",
      "PIPELINE_UNKNOWN",
      "PLAN_NOT_SHADOWED",
      "STATE_NOT_ISOLATED",
    ]);
  }, 120_000);
});
