/**
 * rocky-sim's one fake project: the project `assumeConfig: true` stands for.
 */

/** The project rocky-sim assumes when a scenario sets `assumeConfig: true`. */
export const DEFAULT_PROJECT_TOML = `# rocky-sim's assumed project (a real rocky would read this from rocky.toml)
[adapter.default]
type = "duckdb"
path = "warehouse.duckdb"

[pipeline.default]
type = "replication"
strategy = "full_refresh"

[pipeline.default.source]
adapter = "default"

[pipeline.default.source.discovery]
adapter = "default"

[pipeline.default.source.schema_pattern]
prefix = "raw__"
separator = "__"
components = ["tenant"]

[pipeline.default.target]
adapter = "default"
catalog_template = "warehouse"
schema_template = "staging__{tenant}"
`;

/** One model of the fake project: its name, target schema and the models it reads. */
export interface FakeModel {
  readonly name: string;
  readonly schema: string;
  readonly dependsOn: readonly string[];
}

/** The fake project's transformation models, in DAG order. */
export const FAKE_MODELS: readonly FakeModel[] = [
  { name: "raw_orders", schema: "staging", dependsOn: [] },
  { name: "customer_orders", schema: "silver", dependsOn: ["raw_orders"] },
  { name: "revenue_summary", schema: "gold", dependsOn: ["customer_orders"] },
];
