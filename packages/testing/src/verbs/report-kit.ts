/**
 * What the report verbs share: a fixed timestamp, the `done` result and the positional reader.
 */
import { type Ctx, logLine, type VerbResult } from "../context.js";
import type { JsonObject } from "../json.js";

export const AT = "2026-01-01T00:00:00Z";

export const done = (ctx: Ctx, json: JsonObject, exitCode = 0, error?: string): VerbResult => {
  const out: VerbResult = {
    json,
    exitCode,
    progress: [logLine(ctx.format, "INFO", `${ctx.parsed.verb} started`, {})],
  };
  if (error !== undefined) out.error = error;
  return out;
};

export function positional(ctx: Ctx, i = 0): string {
  return ctx.parsed.positionals[i] as string;
}
