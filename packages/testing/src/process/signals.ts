/**
 * SIGTERM / SIGINT. A `run` or `apply` prints its RunOutput with `interrupted: true` and exits 130
 * (run.rs `Interrupted`, main.rs); other verbs write a line and exit 130. The `ignoreSigterm`
 * scenario logs SIGTERM and keeps going.
 */
import type { Ctx } from "../context.js";
import type { JsonObject } from "../json.js";
import type { CommandBehavior } from "../types.js";
import type { Recorder } from "./recorder.js";

export function installSignalHandlers(
  rec: Recorder,
  behavior: CommandBehavior,
  ctxOf: () => Ctx | undefined,
  finish: (code: number) => Promise<void>,
): void {
  const onSignal = (signal: NodeJS.Signals): void => {
    rec.write({ t: "signal", signal }); // what rocky observed, for tests of the kill order
    if (signal === "SIGTERM" && behavior.ignoreSigterm === true) {
      process.stderr.write("rocky-sim: SIGTERM received and ignored (scenario ignoreSigterm)\n");
      return;
    }
    const ctx = ctxOf();
    const interrupted = ctx?.onInterrupt?.();
    if (interrupted !== undefined && ctx?.format === "json") {
      process.stdout.write(`${JSON.stringify(interrupted, null, 2)}\n`);
    } else if (interrupted !== undefined) {
      // run.rs text mode: one line on stderr.
      const total = ((interrupted.execution as JsonObject | undefined)?.tables_processed ??
        0) as number;
      process.stderr.write(
        `[rocky] interrupted at 0/${total} tables (run_id: ${ctx?.runId ?? "unknown"})\n`,
      );
    } else {
      process.stderr.write(`Interrupted by ${signal}: flushing state and exiting (exit 130)\n`);
    }
    void finish(130);
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
}
