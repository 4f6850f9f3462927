/**
 * The invocation log: one JSON line per event (start, signal, grandchild, exit), appended
 * atomically so that many concurrent invocations are recorded correctly.
 */
import { appendFileSync } from "node:fs";

export class Recorder {
  readonly id =
    `${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
  constructor(private readonly path: string | undefined) {}
  write(event: Record<string, unknown>): void {
    if (this.path === undefined) return;
    try {
      appendFileSync(this.path, `${JSON.stringify({ id: this.id, ...event })}\n`);
    } catch {
      // Recording must never change the simulated CLI's behaviour.
    }
  }
  /** The start event: argv, cwd, pid, verb and the full environment. */
  start(argv: readonly string[], verb: string | null): void {
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
    this.write({ t: "start", argv, cwd: process.cwd(), pid: process.pid, verb, env });
  }
}
