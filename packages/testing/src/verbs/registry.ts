/**
 * The handler of every verb of the grammar table (grammar/table.ts), loaded on use so that a
 * simulated process imports only its own verb's module. The `Record<VerbName, …>` type makes a
 * verb without a handler (or a handler without a verb) a compile error.
 */
import { type Ctx, type Handler, RuntimeFailure, type VerbResult } from "../context.js";
import type { VerbName } from "../grammar/table.js";

const lazy =
  (load: () => Promise<Handler>): Handler =>
  async (ctx) =>
    (await load())(ctx);

export const HANDLERS: Readonly<Record<VerbName, Handler>> = {
  run: lazy(async () => (await import("./run.js")).handleRun),
  plan: async (ctx) =>
    ctx.parsed.subcommand === "promote"
      ? (await import("./plan.js")).handlePlanPromote(ctx)
      : (await import("./plan.js")).handlePlan(ctx),
  apply: lazy(async () => (await import("./apply.js")).handleApply),
  discover: lazy(async () => (await import("./inspect.js")).handleDiscover),
  state: lazy(async () => (await import("./inspect.js")).handleState),
  doctor: lazy(async () => (await import("./doctor.js")).handleDoctor),
  compile: lazy(async () => (await import("./models.js")).handleCompile),
  test: lazy(async () => (await import("./models.js")).handleTest),
  compare: lazy(async () => (await import("./compare.js")).handleCompare),
  branch: lazy(async () => (await import("./branch.js")).handleBranch),
  product: lazy(async () => (await import("./product.js")).handleProduct),
  preview: lazy(async () => (await import("./preview.js")).handlePreview),
  lineage: lazy(async () => (await import("./lineage.js")).handleLineage),
  catalog: lazy(async () => (await import("./lineage.js")).handleCatalog),
  dag: lazy(async () => (await import("./lineage.js")).handleDag),
  history: lazy(async () => (await import("./history.js")).handleHistory),
  metrics: lazy(async () => (await import("./history.js")).handleMetrics),
  optimize: lazy(async () => (await import("./history.js")).handleOptimize),
  cost: async (ctx) => {
    const month = ctx.parsed.flags.get("month");
    return typeof month === "string"
      ? (await import("./observe.js")).costByProduct(ctx, month)
      : (await import("./history.js")).handleCost(ctx);
  },
  freshness: lazy(async () => (await import("./observe.js")).handleFreshness),
  profile: lazy(async () => (await import("./observe.js")).handleProfile),
  package: lazy(async () => (await import("./packages.js")).handlePackage),
  ci: lazy(async () => (await import("./gates.js")).handleCi),
  compliance: lazy(async () => (await import("./gates.js")).handleCompliance),
  "retention-status": lazy(async () => (await import("./gates.js")).handleRetentionStatus),
  review: lazy(async () => (await import("./gates.js")).handleReview),
  hooks: lazy(async () => (await import("./gates.js")).handleHooks),
  "validate-migration": lazy(async () => (await import("./gates.js")).handleValidateMigration),
  "test-adapter": lazy(async () => (await import("./gates.js")).handleTestAdapter),
  ai: lazy(async () => (await import("./ai.js")).handleAi),
  "ai-sync": lazy(async () => (await import("./ai.js")).handleAiSync),
  "ai-explain": lazy(async () => (await import("./ai.js")).handleAiExplain),
  "ai-test": lazy(async () => (await import("./ai.js")).handleAiTest),
  "ai-contract": lazy(async () => (await import("./ai.js")).handleAiContract),
  serve: lazy(async () => (await import("../serve/server.js")).handleServe),
};

/** Runs the handler of the parsed verb. */
export async function dispatch(ctx: Ctx): Promise<VerbResult> {
  const verb = ctx.parsed.verb as VerbName;
  const handler = Object.hasOwn(HANDLERS, verb) ? HANDLERS[verb] : undefined;
  if (handler === undefined) throw new RuntimeFailure(`rocky-sim does not emulate '${verb}'`);
  return handler(ctx);
}
