// check_results as rocky reports them (structured names with ':' and '.', both severities, the
// kind-specific fields), added to a run output; used by the real-Dagster and metadata tests.
// The asset_key rocky gives the table: [source_type, ...schema components, table] (run.rs).
const key = (table: string): string[] => ["duckdb", "shop", table];

export function withRockyChecks(run: Record<string, unknown>): Record<string, unknown> {
  return {
    ...run,
    check_results: [
      {
        asset_key: key("orders"),
        checks: [
          {
            name: "null_rate:amount",
            passed: false,
            severity: "warning",
            column: "amount",
            null_rate: 0.25,
            threshold: 0.05,
          },
          { name: "row_count", passed: true, source_count: 120, target_count: 120 },
          { name: "column_match", passed: false, missing: ["email", "phone"], extra: [] },
        ],
      },
      {
        asset_key: key("customers"),
        checks: [
          {
            name: "cross_source_overlap:shop.customers",
            passed: false,
            severity: "error",
            contributing_tables: ["a.shop.customers", "b.shop.customers"],
            overlap_count: 3,
            sample: ["7", "9", "12"],
          },
          { name: "freshness", passed: true, lag_seconds: 30, threshold_seconds: 3600 },
        ],
      },
    ],
  };
}
