/**
 * The verb table: the one list of rocky verbs this SDK wraps. Adding a verb
 * is one module in this folder, one line here and one method on
 * `RockyResource`; every type below follows from the table, and so do the
 * root's `XOptions`/`XResult` exports (./public.ts, generated from this
 * table by scripts/gen-verb-exports.mjs on every build).
 */
import type { z } from "zod";
import type { DocumentedInput, VerbSpec } from "./types.js";

// One loader per verb: a verb's module (its options schema, argv builder and
// output) is evaluated on the verb's first call, not at import. Building all
// of them at load was ~40 ms of the package's cold start, paid by apps that
// call one or two verbs.
export const VERBS = Object.freeze({
  run: () => import("./run.js").then((m) => m.runVerb),
  plan: () => import("./plan.js").then((m) => m.planVerb),
  apply: () => import("./apply.js").then((m) => m.applyVerb),
  discover: () => import("./discover.js").then((m) => m.discoverVerb),
  state: () => import("./state.js").then((m) => m.stateVerb),
  doctor: () => import("./doctor.js").then((m) => m.doctorVerb),
  compile: () => import("./compile.js").then((m) => m.compileVerb),
  test: () => import("./test.js").then((m) => m.testVerb),
  compare: () => import("./compare.js").then((m) => m.compareVerb),
  resumeRun: () => import("./resume-run.js").then((m) => m.resumeRunVerb),
  runModel: () => import("./run-model.js").then((m) => m.runModelVerb),
  branchApprove: () => import("./branch-approve.js").then((m) => m.branchApproveVerb),
  branchPromote: () => import("./branch-promote.js").then((m) => m.branchPromoteVerb),
  planPromote: () => import("./plan-promote.js").then((m) => m.planPromoteVerb),
  productVerify: () => import("./product-verify.js").then((m) => m.productVerifyVerb),
  productCompile: () => import("./product-compile.js").then((m) => m.productCompileVerb),
  productApprove: () => import("./product-approve.js").then((m) => m.productApproveVerb),
  productStatus: () => import("./product-status.js").then((m) => m.productStatusVerb),
  previewCreate: () => import("./preview-create.js").then((m) => m.previewCreateVerb),
  previewDiff: () => import("./preview-diff.js").then((m) => m.previewDiffVerb),
  previewCost: () => import("./preview-cost.js").then((m) => m.previewCostVerb),
  lineage: () => import("./lineage.js").then((m) => m.lineageVerb),
  catalog: () => import("./catalog.js").then((m) => m.catalogVerb),
  dag: () => import("./dag.js").then((m) => m.dagVerb),
  history: () => import("./history.js").then((m) => m.historyVerb),
  metrics: () => import("./metrics.js").then((m) => m.metricsVerb),
  optimize: () => import("./optimize.js").then((m) => m.optimizeVerb),
  cost: () => import("./cost.js").then((m) => m.costVerb),
  ci: () => import("./ci.js").then((m) => m.ciVerb),
  compliance: () => import("./compliance.js").then((m) => m.complianceVerb),
  retentionStatus: () => import("./retention-status.js").then((m) => m.retentionStatusVerb),
  reviewStatus: () => import("./review-status.js").then((m) => m.reviewStatusVerb),
  hooksList: () => import("./hooks-list.js").then((m) => m.hooksListVerb),
  hooksTest: () => import("./hooks-test.js").then((m) => m.hooksTestVerb),
  validateMigration: () => import("./validate-migration.js").then((m) => m.validateMigrationVerb),
  testAdapter: () => import("./test-adapter.js").then((m) => m.testAdapterVerb),
  ai: () => import("./ai.js").then((m) => m.aiVerb),
  aiSync: () => import("./ai-sync.js").then((m) => m.aiSyncVerb),
  aiExplain: () => import("./ai-explain.js").then((m) => m.aiExplainVerb),
  aiTest: () => import("./ai-test.js").then((m) => m.aiTestVerb),
  aiContract: () => import("./ai-contract.js").then((m) => m.aiContractVerb),
  branchList: () => import("./branch-list.js").then((m) => m.branchListVerb),
  branchShow: () => import("./branch-show.js").then((m) => m.branchShowVerb),
  branchCompare: () => import("./branch-compare.js").then((m) => m.branchCompareVerb),
  freshness: () => import("./freshness.js").then((m) => m.freshnessVerb),
  costByProduct: () => import("./cost-by-product.js").then((m) => m.costByProductVerb),
  productList: () => import("./product-list.js").then((m) => m.productListVerb),
  productJournal: () => import("./product-journal.js").then((m) => m.productJournalVerb),
  packageList: () => import("./package-list.js").then((m) => m.packageListVerb),
  packageAdd: () => import("./package-add.js").then((m) => m.packageAddVerb),
  packageUpdate: () => import("./package-update.js").then((m) => m.packageUpdateVerb),
  packageRemove: () => import("./package-remove.js").then((m) => m.packageRemoveVerb),
  reconcileWatermark: () =>
    import("./reconcile-watermark.js").then((m) => m.reconcileWatermarkVerb),
  scheduleSpool: () => import("./schedule-spool.js").then((m) => m.scheduleSpoolVerb),
  profile: () => import("./profile.js").then((m) => m.profileVerb),
});

type Verbs = { readonly [V in keyof typeof VERBS]: Awaited<ReturnType<(typeof VERBS)[V]>> };

// Each module declares the method it is loaded under: a table key whose module names
// another method (a verb declared twice, or under the wrong key) fails to compile here.
type MisnamedVerbs = { [V in keyof Verbs]: Verbs[V]["name"] extends V ? never : V }[keyof Verbs];
const _everyVerbNamedByItsKey: [MisnamedVerbs] extends [never] ? true : never = true;
void _everyVerbNamedByItsKey;

/** The rocky verbs this SDK wraps (the `RockyResource` methods that drive one). */
export type RockyVerb = keyof Verbs;

/** The verbs whose runs take a shadow suffix (shadowed writes, and compare). */
export type ShadowVerb = {
  [V in RockyVerb]: Verbs[V]["shadow"] extends "shadowed_write" | "needs_suffix" ? V : never;
}[RockyVerb];

/** What a verb's options schema accepts: its documented options interface (positionals included). */
export type OptionsOf<V extends RockyVerb> = DocumentedInput<Verbs[V]["options"]>;

/** The keys an object type always has (required ones; on validated options, those with a default too). */
export type RequiredKeys<T> = {
  [K in keyof T]-?: NonNullable<unknown> extends Pick<T, K> ? never : K;
}[keyof T];

/**
 * Options of each verb as `buildArgs` receives them: validated, with the
 * shadow suffix resolved and defaults applied (the documented options, with
 * the fields a default fills made required).
 */
export type VerbArgsOptions = {
  [V in RockyVerb]: Readonly<OptionsOf<V>> &
    Readonly<Pick<z.output<Verbs[V]["options"]>, RequiredKeys<z.output<Verbs[V]["options"]>>>>;
};

/** What a verb's method resolves to. */
export type ResultOf<V extends RockyVerb> =
  Verbs[V] extends VerbSpec<z.ZodType, infer T> ? T : never;

/** The verbs whose module has been loaded (filled by `loadVerb`). */
const loaded: { [V in RockyVerb]?: Verbs[V] } = {};

/**
 * The spec of `verb`, loading its module on first use. Resolves to the same
 * object on every call. @internal
 */
export async function loadVerb<V extends RockyVerb>(verb: V): Promise<Verbs[V]> {
  const spec = loaded[verb] ?? ((await VERBS[verb]()) as Verbs[V]);
  loaded[verb] = spec;
  return spec;
}

/** Every verb's spec, all modules loaded (for introspection and tests). @internal */
export async function loadAllVerbs(): Promise<Verbs> {
  const verbs = Object.keys(VERBS) as RockyVerb[];
  const specs = await Promise.all(verbs.map((verb) => loadVerb(verb)));
  return Object.freeze(Object.fromEntries(verbs.map((verb, i) => [verb, specs[i]]))) as Verbs;
}

/** The spec of `verb` if its module is loaded (no await on the hot path). @internal */
export function verbLoaded<V extends RockyVerb>(verb: V): Verbs[V] | undefined {
  return loaded[verb];
}

/**
 * The spec of a verb already loaded, typed loosely for the generic invoke.
 * Every call path awaits `loadVerb` first; reaching this before it is a bug
 * in the SDK, said as such. @internal
 */
export function verbSpec(verb: RockyVerb): VerbSpec {
  const spec = loaded[verb];
  if (spec === undefined) {
    throw new Error(
      `dagster-rocky: verb ${verb} used before its module was loaded (call loadVerb first)`,
    );
  }
  return spec as unknown as VerbSpec;
}

/** True when `verb` is in the table. @internal */
export function isRockyVerb(verb: unknown): verb is RockyVerb {
  return typeof verb === "string" && Object.hasOwn(VERBS, verb);
}
