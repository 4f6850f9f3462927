// Typed output contract of the rocky CLI (`rocky <command> --output json`).
//
// One module per command plus ./shared.ts; each schema mirrors the engine's JSON Schema
// (same snake_case fields, same required/optional split), with loose objects and open enums
// so that output from a newer engine still parses. The contract tests in
// test/contract/ check this against the engine's schemas and real outputs.
import type { z } from "zod";
import { AiGenerateOutputSchema } from "./ai.js";
import { AiContractOutputSchema } from "./ai-contract.js";
import { AiExplainOutputSchema } from "./ai-explain.js";
import { AiSyncOutputSchema } from "./ai-sync.js";
import { AiTestOutputSchema } from "./ai-test.js";
import { ArchiveApplyOutputSchema } from "./archive-apply.js";
import { BranchOutputSchema } from "./branch.js";
import { ApproveOutputSchema } from "./branch-approve.js";
import { BranchListOutputSchema } from "./branch-list.js";
import { BranchPromoteOutputSchema } from "./branch-promote.js";
import { CatalogOutputSchema } from "./catalog.js";
import { CiOutputSchema } from "./ci.js";
import { ColumnLineageOutputSchema } from "./column-lineage.js";
import { CompactApplyOutputSchema } from "./compact-apply.js";
import { CompareOutputSchema } from "./compare.js";
import { CompileOutputSchema } from "./compile.js";
import { ComplianceOutputSchema } from "./compliance.js";
import { CostOutputSchema } from "./cost.js";
import { DagOutputSchema } from "./dag.js";
import { DiscoverOutputSchema } from "./discover.js";
import { DoctorOutputSchema } from "./doctor.js";
import { ErrorEnvelopeSchema } from "./error-envelope.js";
import { GcApplyOutputSchema } from "./gc-apply.js";
import { HistoryOutputSchema } from "./history.js";
import { HooksListOutputSchema } from "./hooks-list.js";
import { HooksTestOutputSchema } from "./hooks-test.js";
import { LineageOutputSchema } from "./lineage.js";
import { MetricsOutputSchema } from "./metrics.js";
import { ModelHistoryOutputSchema } from "./model-history.js";
import { OptimizeOutputSchema } from "./optimize.js";
import { PlanOutputSchema } from "./plan.js";
import { PromotePlanSchema } from "./plan-promote.js";
import { PreviewCostOutputSchema } from "./preview-cost.js";
import { PreviewCreateOutputSchema } from "./preview-create.js";
import { PreviewDiffOutputSchema } from "./preview-diff.js";
import { ProductApproveOutputSchema } from "./product-approve.js";
import { ProductCompileOutputSchema } from "./product-compile.js";
import { ProductStatusOutputSchema } from "./product-status.js";
import { ProductVerifyOutputSchema } from "./product-verify.js";
import { RecipeHistoryOutputSchema } from "./recipe-history.js";
import { RestoreApplyOutputSchema } from "./restore-apply.js";
import { RetentionStatusOutputSchema } from "./retention-status.js";
import { ReviewStatusOutputSchema } from "./review-status.js";
import { RunOutputSchema } from "./run.js";
import { StateOutputSchema } from "./state.js";
import { TestOutputSchema } from "./test.js";
import { TestAdapterOutputSchema } from "./test-adapter.js";
import { ValidateMigrationOutputSchema } from "./validate-migration.js";

export * from "./ai.js";
export * from "./ai-contract.js";
export * from "./ai-explain.js";
export * from "./ai-sync.js";
export * from "./ai-test.js";
export * from "./apply.js";
export * from "./apply-result.js";
export * from "./archive-apply.js";
export * from "./branch.js";
export * from "./branch-approve.js";
export * from "./branch-list.js";
export * from "./branch-promote.js";
export * from "./catalog.js";
export * from "./ci.js";
export * from "./column-lineage.js";
export * from "./compact-apply.js";
export * from "./compare.js";
export * from "./compile.js";
export * from "./compliance.js";
export * from "./cost.js";
export * from "./dag.js";
export * from "./discover.js";
export * from "./dispatch.js";
export * from "./doctor.js";
export * from "./error-envelope.js";
export * from "./gc-apply.js";
export * from "./history.js";
export * from "./history-result.js";
export * from "./hooks-list.js";
export * from "./hooks-test.js";
export * from "./lineage.js";
export * from "./lineage-result.js";
export * from "./metrics.js";
export * from "./model-history.js";
export * from "./optimize.js";
export * from "./plan.js";
export * from "./plan-promote.js";
export * from "./preview-cost.js";
export * from "./preview-create.js";
export * from "./preview-diff.js";
export * from "./product-approve.js";
export * from "./product-compile.js";
export * from "./product-status.js";
export * from "./product-verify.js";
export * from "./recipe-history.js";
export * from "./restore-apply.js";
export * from "./retention-status.js";
export * from "./review-status.js";
export * from "./run.js";
export * from "./shared.js";
export * from "./state.js";
export * from "./test.js";
export * from "./test-adapter.js";
export * from "./validate-migration.js";

/** The output schema of each wrapped command, keyed by the output's `command` field. */
export const OUTPUT_SCHEMAS = Object.freeze({
  run: RunOutputSchema,
  plan: PlanOutputSchema,
  discover: DiscoverOutputSchema,
  state: StateOutputSchema,
  doctor: DoctorOutputSchema,
  compile: CompileOutputSchema,
  test: TestOutputSchema,
  compare: CompareOutputSchema,
} as const);

/** A `command` value with a typed output schema. */
export type OutputCommand = keyof typeof OUTPUT_SCHEMAS;

/** The parsed output type of `command`. */
export type OutputOf<C extends OutputCommand> = z.infer<(typeof OUTPUT_SCHEMAS)[C]>;

/** True when `command` is one of the keys of {@link OUTPUT_SCHEMAS}. */
export function isOutputCommand(command: unknown): command is OutputCommand {
  return typeof command === "string" && Object.hasOwn(OUTPUT_SCHEMAS, command);
}

/**
 * The output schema of every verb wrapped beyond {@link OUTPUT_SCHEMAS}, keyed by the name of
 * the engine's JSON Schema it mirrors (`<name>.schema.json`). Several share one `command` value
 * (`lineage` / `column_lineage`, the three `history` shapes, the apply outputs); use
 * `LineageResultSchema`, `HistoryResultSchema` and `ApplyResultSchema` to parse those by shape.
 * `hooks_list`, `hooks_test` and `test_adapter` print no `command` field at all. `error_envelope`
 * is not a verb output but the body of every non-2xx `rocky serve` `/api/v1` response.
 */
export const VERB_OUTPUT_SCHEMAS = Object.freeze({
  lineage: LineageOutputSchema,
  column_lineage: ColumnLineageOutputSchema,
  catalog: CatalogOutputSchema,
  dag: DagOutputSchema,
  history: HistoryOutputSchema,
  model_history: ModelHistoryOutputSchema,
  recipe_history: RecipeHistoryOutputSchema,
  metrics: MetricsOutputSchema,
  optimize: OptimizeOutputSchema,
  cost: CostOutputSchema,
  ci: CiOutputSchema,
  compliance: ComplianceOutputSchema,
  retention_status: RetentionStatusOutputSchema,
  review_status: ReviewStatusOutputSchema,
  hooks_list: HooksListOutputSchema,
  hooks_test: HooksTestOutputSchema,
  validate_migration: ValidateMigrationOutputSchema,
  test_adapter: TestAdapterOutputSchema,
  ai: AiGenerateOutputSchema,
  ai_sync: AiSyncOutputSchema,
  ai_explain: AiExplainOutputSchema,
  ai_test: AiTestOutputSchema,
  ai_contract: AiContractOutputSchema,
  branch: BranchOutputSchema,
  branch_list: BranchListOutputSchema,
  branch_approve: ApproveOutputSchema,
  branch_promote: BranchPromoteOutputSchema,
  // The payload `rocky plan promote` persists in .rocky/plans/<id>.json; it prints a PlanOutput.
  plan_promote: PromotePlanSchema,
  product_verify: ProductVerifyOutputSchema,
  product_compile: ProductCompileOutputSchema,
  product_approve: ProductApproveOutputSchema,
  product_status: ProductStatusOutputSchema,
  preview_create: PreviewCreateOutputSchema,
  preview_diff: PreviewDiffOutputSchema,
  preview_cost: PreviewCostOutputSchema,
  compact_apply: CompactApplyOutputSchema,
  archive_apply: ArchiveApplyOutputSchema,
  restore_apply: RestoreApplyOutputSchema,
  gc_apply: GcApplyOutputSchema,
  error_envelope: ErrorEnvelopeSchema,
} as const);

/** An engine JSON Schema name with a typed output schema in {@link VERB_OUTPUT_SCHEMAS}. */
export type VerbOutputName = keyof typeof VERB_OUTPUT_SCHEMAS;

/** The parsed output type of the verb output `name`. */
export type VerbOutputOf<N extends VerbOutputName> = z.infer<(typeof VERB_OUTPUT_SCHEMAS)[N]>;
