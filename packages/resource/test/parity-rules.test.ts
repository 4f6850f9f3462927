// Where the SDK now does what dagster-rocky 1.74.0 / rocky-sdk 0.29.0 do (docs/parity.md,
// "Decisions"): optional filters on plan and resumeRun, runModel's filter, an empty governance
// override sends nothing, and the exit codes each verb treats as a result. End to end through
// rocky-sim: what is spawned, and what the call resolves to or throws.
import { describe, expect, it } from "vitest";
import {
  RockyCommandError,
  RockyPartialFailureError,
  RockyResource,
  type RockyResourceOptions,
} from "../src/index.js";
import type { ResolverContext } from "../src/resolvers.js";
import { resourceFor, runReport, sim, verbPart } from "./helpers.js";

const verbArgvs = async (s: Awaited<ReturnType<typeof sim>>) =>
  (await s.invocations()).filter((i) => i.verb !== null).map((i) => verbPart(i.argv));

describe("plan() and resumeRun() take an optional filter, as rocky-sdk's plan and resume_run", () => {
  it("plan without a filter sends no --filter (rocky plans every source)", async () => {
    const s = await sim();
    const plan = await resourceFor(s).plan({});
    expect(typeof plan.plan_id).toBe("string");
    expect(await verbArgvs(s)).toEqual([["plan"]]);
  });

  it("plan with a filter sends it", async () => {
    const s = await sim();
    await resourceFor(s).plan({ filter: "tenant=acme", pipeline: "default" });
    expect(await verbArgvs(s)).toEqual([["plan", "--filter=tenant=acme", "--pipeline=default"]]);
  });

  it("a shadowed plan without a filter is still shadowed and isolated (no guard reads the filter)", async () => {
    const s = await sim();
    await resourceFor(s).plan({ shadowSuffix: "_pr_9" });
    const [inv] = (await s.invocations()).filter((i) => i.verb === "plan");
    expect(verbPart(inv?.argv ?? [])).toEqual(["plan", "--shadow", "--shadow-suffix=_pr_9"]);
    expect(inv?.argv.find((a) => a.startsWith("--state-path="))).toBe(
      "--state-path=.rocky-state/shadow_pr_9.redb",
    );
  });

  it("resumeRun without a filter sends no --filter", async () => {
    const s = await sim();
    await resourceFor(s).resumeRun({});
    await resourceFor(s).resumeRun("run-1", {});
    expect(await verbArgvs(s)).toEqual([
      ["run", "--resume-latest"],
      ["run", "--resume=run-1"],
    ]);
  });

  it("a filter given to either is checked as run's", async () => {
    const s = await sim();
    await expect(resourceFor(s).plan({ filter: "tenant" })).rejects.toMatchObject({
      name: "RockyConfigError",
      issues: [expect.objectContaining({ path: "filter" })],
    });
    await expect(resourceFor(s).resumeRun({ filter: "a=b,c" })).rejects.toMatchObject({
      name: "RockyConfigError",
    });
    expect(await verbArgvs(s)).toEqual([]);
  });
});

describe("runModel() takes a filter, as rocky-sdk's run_model(filter=)", () => {
  it("sends --filter after the model's directory", async () => {
    const s = await sim();
    await resourceFor(s).runModel("orders", { filter: "tenant=acme", parallel: 2 });
    expect(await verbArgvs(s)).toEqual([
      ["run", "--model=orders", "--models=models", "--filter=tenant=acme", "--parallel=2"],
    ]);
  });

  it("a bad filter is refused before spawning", async () => {
    const s = await sim();
    await expect(resourceFor(s).runModel("orders", { filter: "=x" })).rejects.toMatchObject({
      name: "RockyConfigError",
    });
    expect(await verbArgvs(s)).toEqual([]);
  });
});

describe("a governance override with no field set sends nothing, as rocky-sdk (`if governance_override:`)", () => {
  const has = (argv: string[]) => argv.some((a) => a.startsWith("--governance-override"));
  it("run, plan and resumeRun with {}", async () => {
    const s = await sim();
    const r = resourceFor(s);
    await r.run({ filter: "tenant=acme", governanceOverride: {} });
    await r.plan({ filter: "tenant=acme", governanceOverride: {} });
    await r.resumeRun({ governanceOverride: {} });
    const argvs = await verbArgvs(s);
    expect(argvs.length).toBe(3);
    expect(argvs.filter(has)).toEqual([]);
  });

  it("and from the resolver hook", async () => {
    class Empty extends RockyResource {
      protected override resolveGovernanceOverride(_ctx: ResolverContext) {
        return {};
      }
    }
    const s = await sim();
    const base = resourceFor(s);
    const r = new Empty({ ...(base.options as RockyResourceOptions), env: {} });
    await r.run({ filter: "tenant=acme" });
    expect((await verbArgvs(s)).filter(has)).toEqual([]);
  });

  it("an override with a field is still sent, an empty workspace list still needs consent", async () => {
    const s = await sim();
    const r = resourceFor(s);
    await r.run({ filter: "tenant=acme", governanceOverride: { grants: [] } });
    await expect(
      r.run({ filter: "tenant=acme", governanceOverride: { workspace_ids: [] } }),
    ).rejects.toMatchObject({ name: "RockyConfigError" });
    expect((await verbArgvs(s)).map((a) => a.filter((x) => x.startsWith("--gov")))).toEqual([
      ['--governance-override={"grants":[]}'],
    ]);
  });
});

describe("exit codes: each verb's results, decided against rocky's exit-code table (main.rs)", () => {
  it("plan exiting non-zero throws, with its JSON or without (rocky prints a plan only when it persisted it)", async () => {
    for (const exitCode of [1, 2]) {
      const s = await sim({ commands: { plan: { exitCode } } });
      const error = await resourceFor(s)
        .plan({ filter: "tenant=acme" })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RockyCommandError);
      expect(error).not.toBeInstanceOf(RockyPartialFailureError);
      expect((error as RockyCommandError).exitCode).toBe(exitCode);
    }
  });

  it("run exiting 2 with its report resolves to it (rocky's partial failure)", async () => {
    const s = await sim({ commands: { run: { partialFailure: true } } });
    const result = runReport(await resourceFor(s).run({ filter: "tenant=acme" }));
    expect(result.status).toBe("PartialFailure");
  });

  it("run exiting 3 with a report throws: rocky's run exits 0, 1, 2 or 130, never 3", async () => {
    const s = await sim({ commands: { run: { exitCode: 3 } } });
    const error = await resourceFor(s)
      .run({ filter: "tenant=acme" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RockyCommandError);
    expect((error as RockyCommandError).exitCode).toBe(3);
  });
});
