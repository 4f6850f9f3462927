/**
 * What the report verbs share: the fake project's models as they read them, fixed timestamps and
 * the run id `cost` and `history` know, and the `done` result.
 */
import { type Ctx, logLine, RuntimeFailure, type VerbResult } from "../context.js";
import type { JsonObject } from "../json.js";
import { FAKE_MODELS } from "../project/fake.js";

/** The fake project's models as the report verbs read them: name, schema, the one upstream. */
export const MODELS: readonly [string, string, string | null][] = FAKE_MODELS.map((m) => [
  m.name,
  m.schema,
  m.dependsOn[0] ?? null,
]);

export const COLUMNS = ["order_id", "customer_id", "amount"];

export const AT = "2026-01-01T00:00:00Z";

/** The run `cost` and `history` know besides `latest`. */
export const SIM_RUN_ID = "run-20260101-000000-000";

export const RECIPE = "d865beb2232b3960e696688b18df6a65fbd0a0eee523c13fbce3b398346ba30e";

export const done = (ctx: Ctx, json: JsonObject, exitCode = 0, error?: string): VerbResult => {
  const out: VerbResult = {
    json,
    exitCode,
    progress: [logLine(ctx.format, "INFO", `${ctx.parsed.verb} started`, {})],
  };
  if (error !== undefined) out.error = error;
  return out;
};

export function requireModel(name: string): readonly [string, string, string | null] {
  const m = MODELS.find(([n]) => n === name);
  if (m === undefined) throw new RuntimeFailure(`model '${name}' not found`);
  return m;
}

export function positional(ctx: Ctx, i = 0): string {
  return ctx.parsed.positionals[i] as string;
}
