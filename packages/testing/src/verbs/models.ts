/**
 * `rocky compile` (compile.rs) and `rocky test` (test.rs) over the fake project's models.
 */
import { type Ctx, logLine, RuntimeFailure, str, type VerbResult } from "../context.js";
import type { Json, JsonObject } from "../json.js";
import { FAKE_MODELS } from "../project/fake.js";
import { CATALOG } from "./warehouse.js";

/** plan.rs `ModelNotFound`: compile.rs and test.rs fail with it (exit 1, no JSON) for an unknown `--model`. */
export function unknownModel(model: string | null): string | null {
  if (model === null || FAKE_MODELS.some((m) => m.name === model)) return null;
  return `model '${model}' not found (no transformation model with that name)`;
}

/** compile.rs `CompileOutput` for the three simulated models. */
export function buildCompile(
  version: string,
  failure: boolean,
  model: string | null,
): { json: JsonObject; exitCode: number; error?: string } {
  const models = FAKE_MODELS.filter((m) => model === null || m.name === model);
  const diagnostics: Json[] = failure
    ? [
        {
          code: "E010",
          severity: "Error",
          message: "unknown column 'amount_usd' in revenue_summary",
          model: "revenue_summary",
          span: { file: "models/revenue_summary.sql", line: 3, col: 5 },
          suggestion: "did you mean 'amount'?",
        },
      ]
    : [];
  const json: JsonObject = {
    version,
    command: "compile",
    models: models.length,
    execution_layers: models.length,
    diagnostics,
    has_errors: failure,
    compile_timings: {
      project_load_ms: 1,
      semantic_graph_ms: 1,
      typecheck_ms: 1,
      typecheck_join_keys_ms: 0,
      contracts_ms: 0,
      total_ms: 3,
    },
    models_detail: models.map((m) => ({
      name: m.name,
      strategy: { type: "full_refresh" },
      target: { catalog: CATALOG, schema: m.schema, table: m.name },
      depends_on: [...m.dependsOn],
    })),
  };
  return failure
    ? // compile.rs: JSON first, then `bail!("compilation failed with errors")`.
      { json, exitCode: 1, error: "Error: compilation failed with errors" }
    : { json, exitCode: 0 };
}

/** test.rs `TestOutput` for the three simulated models. */
export function buildTest(
  version: string,
  failure: boolean,
  model: string | null,
): { json: JsonObject; exitCode: number; error?: string } {
  const models = FAKE_MODELS.filter((m) => model === null || m.name === model).map((m) => m.name);
  const failing = failure ? (models[models.length - 1] ?? null) : null;
  const json: JsonObject = {
    version,
    command: "test",
    total: models.length,
    passed: models.length - (failing === null ? 0 : 1),
    failed: failing === null ? 0 : 1,
    failures:
      failing === null
        ? []
        : [{ name: failing, error: `assertion failed: ${failing} returned 2 unexpected rows` }],
    model_results: models.map((m) =>
      m === failing
        ? { model: m, status: "fail", error: "assertion failed: 2 unexpected rows" }
        : { model: m, status: "pass" },
    ),
  };
  return failing === null
    ? { json, exitCode: 0 }
    : // test.rs: JSON first, then `bail!("test failures detected")`.
      { json, exitCode: 1, error: "Error: test failures detected" };
}

/** compile.rs / test.rs: no config needed; an unknown `--model` fails before any JSON. */
function compileOrTest(verb: "compile" | "test") {
  return async (ctx: Ctx): Promise<VerbResult> => {
    const model = str(ctx.parsed.flags, "model");
    const missing = unknownModel(model);
    if (missing !== null) throw new RuntimeFailure(missing);
    const build = verb === "compile" ? buildCompile : buildTest;
    const res = build(ctx.version, ctx.behavior.failure === true, model);
    const out: VerbResult = {
      json: res.json,
      exitCode: res.exitCode,
      progress: [logLine(ctx.format, "INFO", `${verb} started`, {})],
    };
    if (res.error !== undefined) out.error = res.error;
    return out;
  };
}

export const handleCompile = compileOrTest("compile");
export const handleTest = compileOrTest("test");
