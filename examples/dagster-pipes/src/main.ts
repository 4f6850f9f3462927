// A Node step launched by Dagster (PipesSubprocessClient): runs `rocky run` in shadow mode through
// RockyResource inside a Dagster Pipes session and reports the result as asset materializations
// and checks, on the asset keys dagster-rocky gives the same tables. Outside Dagster the Pipes
// context is a no-op, so its log lines are echoed to stderr (`echoLogs`).
import { accessSync, constants, writeFileSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  type PipesContext,
  reportRunToPipes,
  rockyAssetKeys,
  withDagsterPipes,
} from "@dagster-rocky/pipes";
import { parseRockyDeclaredChecks } from "@dagster-rocky/pipes/extras";
import { RockyPartialFailureError, RockyResource } from "@dagster-rocky/resource";
import type { RunOutput } from "@dagster-rocky/resource/schemas";
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
  // Its simulated warehouse holds one source, raw__shop (rocky-sim reads no real warehouse).
  const simulator = await createRockySimulator({
    assumeConfig: true,
    sources: ["shop"],
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

async function step(pipes: PipesContext): Promise<void> {
  const say = (message: string): void => pipes.log.info(message);

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
    // The check specs of the Dagster asset, as dagster-rocky sends them (or a list).
    const declaredChecks = parseRockyDeclaredChecks(pipes.extras);
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
        // dagster-rocky's keys; in a shadow run rocky names the shadow table
        // (orders_dagster_pr_42): report it on the production table's asset.
        assetKeys: rockyAssetKeys({ shadowSuffix: shadow.suffix }),
        declaredChecks,
      });
      say(
        `rocky run ${result.status}: ${result.tables_copied} table(s) copied, ${result.tables_failed} failed; ` +
          `reported ${summary.materializations} materialization(s) and ${summary.checks} check(s)` +
          (pipes.isDagsterPipesProcess ? "" : " (dropped: not launched by Dagster)"),
      );
    };
    try {
      // allowPartial: false so failed tables fail the Dagster step (after they are reported).
      const result = await rocky.run({ filter, allowPartial: false });
      // run() returns a run report, or a load report for a `type = "load"` pipeline.
      if (result.kind !== "run")
        throw new Error(`expected a run report, got a ${result.kind} report`);
      report(result);
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
  await withDagsterPipes(step, { echoLogs: "stderr" });
} catch (error) {
  // The exception already travelled to Dagster in `closed`; this is for the local terminal.
  process.stderr.write(
    `dagster-pipes example failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 1;
}
