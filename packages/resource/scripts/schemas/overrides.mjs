// The reviewed exceptions to the generator's rules (./generate.mjs). Everything in
// src/schemas/ that is not a rule is here, each with its reason; nothing is edited by hand in the
// generated modules.

/** The engine's JSON Schemas (the shared contract, engine 1.71.0) this SDK generates. */
export const ENGINE_SCHEMAS = [
  // The first eight are OUTPUT_SCHEMAS (keyed by the output's `command`), then `apply`'s envelope.
  "run",
  "plan",
  "discover",
  "state",
  "doctor",
  "compile",
  "test",
  "compare",
  "apply",
  // VERB_OUTPUT_SCHEMAS, keyed by the schema's name.
  "ai",
  "ai_contract",
  "ai_explain",
  "ai_sync",
  "ai_test",
  "archive_apply",
  "branch",
  "branch_approve",
  "branch_list",
  "branch_promote",
  "catalog",
  "ci",
  "column_lineage",
  "compact_apply",
  "compliance",
  "cost",
  "dag",
  "error_envelope",
  "gc_apply",
  "history",
  "hooks_list",
  "hooks_test",
  "lineage",
  // `rocky load`, which is also what `rocky run` prints for a `type = "load"` pipeline.
  "load",
  "metrics",
  "model_history",
  "optimize",
  "plan_promote",
  "preview_cost",
  "preview_create",
  "preview_diff",
  "product_approve",
  "product_compile",
  "product_status",
  "product_verify",
  "recipe_history",
  "restore_apply",
  "retention_status",
  "review_status",
  "test_adapter",
  "validate_migration",
];

/**
 * The output models of the verbs newer engines (1.72-1.77) added, as rocky-sdk 0.29.0 has them
 * (contract/rocky-sdk-0.29.0, exported by interop/python/export_sdk_schemas.py).
 */
export const SDK_SCHEMAS = [
  "cost_by_product",
  "freshness",
  "package_add",
  "package_list",
  "package_remove",
  "package_update",
  "product_journal",
  "product_list",
  "profile",
  "schedule_spool",
  "state_reconcile_watermark",
];

export const OVERRIDES = {
  /**
   * TypeScript names that differ from the JSON Schema's, by source. The engine suffixes many
   * wire types `Output`; the names below are the ones this SDK published first, kept stable.
   */
  rename: {
    engine: {
      AnomalyOutput: "Anomaly",
      ApplyOutput: "ApplyEnvelope",
      BudgetBreachOutput: "BudgetBreach",
      ChecksConfigOutput: "ChecksConfig",
      CollisionCandidateOutput: "CollisionCandidate",
      ContainedModelOutput: "ContainedModel",
      DriftActionOutput: "DriftAction",
      ExcludedTableOutput: "ExcludedTable",
      FailedSourceOutput: "FailedSource",
      FreshnessConfigOutput: "FreshnessConfig",
      HealthCheck: "DoctorCheck",
      HealthStatus: "DoctorCheckStatus",
      MaterializationOutput: "Materialization",
      // `ModelDecision` is the engine's enum, `ModelDecisionOutput` its entry.
      ModelDecision: "ModelDecisionKind",
      ModelDecisionOutput: "ModelDecision",
      OverrideWarningOutput: "OverrideWarning",
      QuarantineOutput: "Quarantine",
      ResolvedCheckNameOutput: "ResolvedCheckName",
      Severity: "DiagnosticSeverity",
      SourceOutput: "DiscoveredSource",
      TableCheckOutput: "TableCheckResult",
      TableCompareResult: "CompareTableResult",
      TableErrorOutput: "TableError",
      TableOutput: "DiscoveredTable",
    },
    sdk: {
      // product_list's approval record makes `approved_at` default to null (pydantic), where the
      // engine's product_compile/product_status one leaves it out: two shapes, two names.
      ProductApprovalOutput: "ProductListApproval",
    },
  },

  /** Earlier names of a type, still exported (`XSchema` and `X`). */
  aliases: {
    BudgetBreachOutput: "BudgetBreach",
    RunError: "TableError",
    Severity: "DiagnosticSeverity",
  },

  /**
   * Where a definition shared by several schemas is generated, when not in the first schema
   * that uses it: `common` for the pieces every diagnostic-bearing output shares, and the verb a
   * type belongs to otherwise (so that loading one verb's schema loads little else).
   */
  home: {
    // run.schema.json's parts in modules of their own, so that no generated module passes 700
    // lines: the check results, a materialization, the run's cost.
    AssertionCheckDetail: "check-result",
    CheckResult: "check-result",
    ColumnMatchCheckDetail: "check-result",
    CustomCheckDetail: "check-result",
    FreshnessCheckDetail: "check-result",
    NullRateCheckDetail: "check-result",
    OverlapCheckDetail: "check-result",
    RowCountCheckDetail: "check-result",
    TableCheckResult: "check-result",
    Materialization: "materialization",
    MaterializationMetadata: "materialization",
    PartitionInfo: "materialization",
    AttemptRecord: "materialization",
    ModelCostEntry: "run-cost",
    RunCostSummary: "run-cost",
    BreakingChange: "plan",
    BreakingFinding: "plan",
    BreakingSeverity: "plan",
    BudgetBreach: "run",
    Diagnostic: "common",
    DiagnosticSeverity: "common",
    ExcludedTable: "common",
    SourceSpan: "common",
    TestFailure: "test",
    TestSeverity: "common",
  },

  /** The header of a generated module that no single schema owns. */
  modules: {
    common: "// from the definitions several of the rocky engine's schemas share (engine 1.71.0).",
    "check-result":
      "// from the rocky engine's `run.schema.json`: its check results (engine 1.71.0, rocky-data/rocky 98e7d385).",
    materialization:
      "// from the rocky engine's `run.schema.json`: its materializations (engine 1.71.0, rocky-data/rocky 98e7d385).",
    "run-cost":
      "// from the rocky engine's `run.schema.json`: its cost summary (engine 1.71.0, rocky-data/rocky 98e7d385).",
  },

  /**
   * Open enums for fields the engine types as a plain string, with the values its source writes.
   */
  enums: {
    // engine/crates/rocky-cli/src/commands/compare.rs writes "pass", "warn" or "fail".
    CompareVerdict: {
      home: "compare",
      values: ["pass", "warn", "fail"],
      description: "`rocky compare` verdicts (per table and overall).",
    },
    // The three `ApplyOutput.plan_kind` names apply.schema.json describes (the wire names of
    // engine/crates/rocky-cli/src/plan_store.rs `PlanKind`, which has more: the enum is open).
    ApplyPlanKind: {
      home: "apply",
      values: ["run", "compact", "archive"],
      description: "`PlanKind` wire names: which inner output `result` holds.",
    },
  },

  /** Field types narrower than the engine's JSON Schema says, keyed `Type.field`. */
  fields: {
    "CompareTableResult.verdict": { enum: "CompareVerdict" },
    "CompareOutput.overall_verdict": { enum: "CompareVerdict" },
    // The overall status is the worst check's `HealthStatus` (engine commands/doctor.rs).
    "DoctorOutput.overall": { enum: "DoctorCheckStatus" },
    // `rocky apply` prints the envelope with `command: "apply"` only.
    "ApplyEnvelope.command": { literal: "apply" },
    "ApplyEnvelope.plan_kind": { enum: "ApplyPlanKind" },
  },

  /** Names of tagged-union variants (default: the union's name then the tag in PascalCase). */
  variants: {
    BreakingChange: {
      model_removed: "ModelRemovedChange",
      model_added: "ModelAddedChange",
      column_dropped: "ColumnDroppedChange",
      column_added: "ColumnAddedChange",
      column_type_changed: "ColumnTypeChange",
      column_nullability_changed: "ColumnNullabilityChange",
      column_reordered: "ColumnReorderedChange",
      materialization_strategy_changed: "MaterializationStrategyChange",
      materialization_key_changed: "MaterializationKeyChange",
      replication_columns_changed: "ReplicationColumnsChange",
      partition_by_changed: "PartitionByChange",
      target_renamed: "TargetRenamedChange",
      source_changed: "SourceChange",
      column_mask_changed: "ColumnMaskChange",
      lakehouse_format_changed: "LakehouseFormatChange",
      sql_body_changed: "SqlBodyChange",
    },
    StrategyConfig: {
      full_refresh: "FullRefreshStrategy",
      incremental: "IncrementalStrategy",
      merge: "MergeStrategy",
      time_interval: "TimeIntervalStrategy",
      ephemeral: "EphemeralStrategy",
      delete_insert: "DeleteInsertStrategy",
      microbatch: "MicrobatchStrategy",
      view: "ViewStrategy",
      materialized_view: "MaterializedViewStrategy",
      dynamic_table: "DynamicTableStrategy",
      content_addressed: "ContentAddressedStrategy",
    },
  },

  /** Names of the untagged detail shapes flattened into an object, in the engine's order. */
  flattened: {
    CheckResult: [
      "RowCountCheckDetail",
      "ColumnMatchCheckDetail",
      "FreshnessCheckDetail",
      "NullRateCheckDetail",
      "AssertionCheckDetail",
      "CustomCheckDetail",
      "OverlapCheckDetail",
    ],
  },
};
