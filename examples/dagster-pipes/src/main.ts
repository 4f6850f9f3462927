// A Node step launched by Dagster (PipesSubprocessClient): runs `rocky run` in shadow mode through
// RockyResource inside a Dagster Pipes session and reports the result as asset materializations.
// Outside Dagster the Pipes context is a no-op, so progress lines are also printed to stderr.
import { accessSync, constants, writeFileSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type PipesContext, reportRunToPipes, withDagsterPipes } from "@dagster-rocky/pipes";
import { RockyPartialFailureError, RockyResource, type RunOutput } from "@dagster-rocky/resource";
import {
  createRockySimulator,
  type RockySimulator,
  type SimScenario,
} from "@dagster-rocky/testing";

const DEFAULT_FILTER = "source=shop";

interface RockyBinary {
  path: string;
  /** Said in the logs: which rocky this run uses. */
  description: string;
  simulator: RockySimulator | null;
}

function findOnPath(name: string, pathVar: string | undefined): string | null {
  for (const dir of (pathVar ?? "").split(delimiter)) {
    if (dir === "") continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

/** The scenario only matters to the simulator; a real rocky never sees it. */
function simulatorScenario(raw: string | undefined): SimScenario | undefined {
  if (raw === undefined || raw === "") return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    throw new Error(`ROCKY_SIM_SCENARIO_JSON is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new Error("ROCKY_SIM_SCENARIO_JSON must be a JSON object (a rocky-sim SimScenario)");
  }
  return parsed as SimScenario;
}

/** The one-pipeline project rocky-sim assumes, shipped next to this example. */
const SIM_PROJECT = join(dirname(fileURLToPath(import.meta.url)), "..", "rocky.toml");

async function chooseRocky(env: NodeJS.ProcessEnv): Promise<RockyBinary> {
  const explicit = env.ROCKY_BIN;
  if (explicit !== undefined && explicit !== "") {
    return { path: explicit, description: `rocky from ROCKY_BIN (${explicit})`, simulator: null };
  }
  const onPath = findOnPath("rocky", env.PATH);
  if (onPath !== null)
    return { path: onPath, description: `rocky found on PATH (${onPath})`, simulator: null };
  // The simulator assumes a one-pipeline project: the example ships no rocky.toml.
  const simulator = await createRockySimulator({
    assumeConfig: true,
    ...simulatorScenario(env.ROCKY_SIM_SCENARIO_JSON),
  });
  return {
    path: simulator.binaryPath,
    // No temp path here: the message lines stay the same from run to run.
    description:
      "rocky-sim, the simulator from @dagster-rocky/testing (no rocky on PATH and no ROCKY_BIN): no warehouse is touched",
    simulator,
  };
}

type DeclaredCheck = { assetKey: string | string[]; name: string };

/**
 * `extras.rocky_declared_checks`: the check specs of the Dagster asset ([{asset_key, name}]), so
 * that every declared check gets a result (a placeholder when rocky did not run it).
 */
function declaredChecks(raw: unknown): DeclaredCheck[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  const fail = (why: string): never => {
    throw new Error(
      `extras.rocky_declared_checks ${why}: pass a list of {"asset_key": "a/b" or ["a","b"], "name": "check"}`,
    );
  };
  if (!Array.isArray(raw)) fail("is not a list");
  return (raw as unknown[]).map((entry, i) => {
    const e = entry as { asset_key?: unknown; name?: unknown };
    const key = e?.asset_key;
    const okKey =
      (typeof key === "string" && key !== "") ||
      (Array.isArray(key) && key.length > 0 && key.every((p) => typeof p === "string"));
    if (!okKey || typeof e.name !== "string" || e.name === "") fail(`[${i}] is malformed`);
    return { assetKey: key as string | string[], name: e.name as string };
  });
}

/** rocky names materializations after the shadow table; Dagster knows the production asset. */
function productionAssetKey(suffix: string | null) {
  return (entry: { readonly asset_key: readonly string[] }): readonly string[] => {
    const parts = [...entry.asset_key];
    const last = parts[parts.length - 1];
    if (suffix !== null && last?.endsWith(suffix) && last.length > suffix.length) {
      parts[parts.length - 1] = last.slice(0, -suffix.length);
    }
    return parts;
  };
}

async function step(pipes: PipesContext): Promise<void> {
  const say = (message: string): void => {
    pipes.log.info(message);
    if (!pipes.isDagsterPipesProcess) process.stderr.write(`${message}\n`);
  };

  const rockyBinary = await chooseRocky(process.env);
  try {
    say(`rocky binary: ${rockyBinary.description}`);
    // The Dagster+ variables (DAGSTER_CLOUD_*) come from the environment Dagster gave this process.
    const rocky = new RockyResource({
      binaryPath: rockyBinary.path,
      shadowMode: "branch_deploy",
      // With the simulator, the example's own project: in a branch deployment the SDK reads the
      // pipeline type from it before spawning. A real rocky uses the cwd's rocky.toml.
      ...(rockyBinary.simulator !== null ? { configPath: SIM_PROJECT } : {}),
    });
    const extra = pipes.extras.rocky_filter;
    const filter = typeof extra === "string" ? extra : DEFAULT_FILTER;
    const checks = declaredChecks(pipes.extras.rocky_declared_checks);
    const shadow = rocky.shadowContext({ filter });
    const pr = shadow.branchDeployment.prNumber;
    say(
      shadow.suffix === null
        ? "shadow: off (not a Dagster+ branch deployment): rocky writes the production tables"
        : `shadow: on (Dagster+ branch deployment${pr === null ? "" : `, PR ${pr}`}): tables get the suffix ${shadow.suffix}`,
    );
    say(`rocky run --filter ${filter}`);

    const report = (result: RunOutput): void => {
      const summary = reportRunToPipes(pipes, result, {
        assetKeyFor: productionAssetKey(shadow.suffix),
        declaredChecks: checks,
      });
      say(
        `rocky run ${result.status}: ${result.tables_copied} table(s) copied, ${result.tables_failed} failed; ` +
          `reported ${summary.materializations} materialization(s) and ${summary.checks} check(s)` +
          (pipes.isDagsterPipesProcess ? "" : " (dropped: not launched by Dagster)"),
      );
    };
    try {
      // allowPartial: false so failed tables fail the Dagster step (after they are reported).
      report(await rocky.run({ filter, allowPartial: false }));
    } catch (error) {
      if (error instanceof RockyPartialFailureError) report(error.result as RunOutput);
      throw error;
    }
  } finally {
    if (rockyBinary.simulator !== null) {
      // Test hook: lets the test check what the simulated rocky processes received.
      const file = process.env.ROCKY_SIM_INVOCATIONS_FILE;
      if (file !== undefined && file !== "") {
        writeFileSync(file, JSON.stringify(await rockyBinary.simulator.invocations()));
      }
      await rockyBinary.simulator.cleanup();
    }
  }
}

try {
  await withDagsterPipes(step);
} catch (error) {
  // The exception already travelled to Dagster in `closed`; this is for the local terminal.
  process.stderr.write(
    `dagster-pipes example failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 1;
}
