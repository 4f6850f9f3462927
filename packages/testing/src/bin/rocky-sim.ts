#!/usr/bin/env node
/**
 * rocky-sim: a SIMULATOR of the rocky 1.71 CLI contract (not rocky).
 *
 * Run directly it uses the default scenario, or the scenario JSON file named by
 * `ROCKY_SIM_SCENARIO`, and records invocations only when `ROCKY_SIM_LOG` names a file.
 */
import { main } from "../sim.js";

void main({
  scenarioPath: process.env.ROCKY_SIM_SCENARIO,
  logPath: process.env.ROCKY_SIM_LOG,
}).catch((err: unknown) => {
  process.stderr.write(
    `rocky-sim: internal error: ${err instanceof Error ? err.stack : String(err)}\n`,
  );
  process.exit(70);
});
