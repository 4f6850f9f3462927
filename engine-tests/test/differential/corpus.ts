// The argv lists run against rocky and rocky-sim: every verb rocky-sim implements, flags, bad
// inputs and missing files, over each pipeline type. `--output json` is put first (as the SDK
// does) unless a case is `raw`. A case may run setup argv lists first (on each side, in its own
// copy) and name `{plan_id}`: the `plan_id` of the last setup's JSON output on that side.
import type { ProjectName } from "./projects.js";

export interface Case {
  readonly project: ProjectName;
  readonly argv: readonly string[];
  readonly setup?: readonly (readonly string[])[];
  /** Files written into the project copy first (path relative to it -> text). */
  readonly files?: Readonly<Record<string, string>>;
  /** Run argv as given, without the leading `--output json`. */
  readonly raw?: boolean;
}

/** A case's stable id, as docs/sim-vs-engine.md names it. */
export function caseId(c: Case): string {
  const setup = (c.setup ?? []).map((s) => `${s.join(" ")} && `).join("");
  return `${c.project}: ${setup}${c.argv.join(" ")}${c.raw === true ? " (raw)" : ""}`;
}

const words = (argv: string | readonly string[]): readonly string[] =>
  typeof argv === "string" ? argv.split(" ").filter((w) => w !== "") : argv;

function c(
  project: ProjectName,
  argv: string | readonly string[],
  extra: Omit<Case, "project" | "argv" | "setup"> & {
    setup?: readonly (string | readonly string[])[];
  } = {},
): Case {
  const { setup, ...rest } = extra;
  return {
    project,
    argv: words(argv),
    ...(setup === undefined ? {} : { setup: setup.map(words) }),
    ...rest,
  };
}

const PLAN_HEX = "ab".repeat(32);
const GOOD_OVERRIDE = JSON.stringify({
  workspace_ids: [{ id: 123, binding_type: "READ_ONLY" }],
  grants: [{ principal: "analysts", permissions: ["SELECT"] }],
});

/** Cases every project shape answers the same way (parsing, version, usage errors). */
const CLI: Case[] = [
  c("quickstart", "--version", { raw: true }),
  c("quickstart", "-V", { raw: true }),
  c("quickstart", [], { raw: true }),
  c("quickstart", "bogus"),
  c("quickstart", "run --shadow=true"),
  c("quickstart", "run --from 2026-01-01"),
  c("quickstart", "run --branch b --shadow"),
  c("quickstart", "run --parallel x"),
  c("quickstart", "run --filter"),
  c("quickstart", "run --nope"),
  c("quickstart", "apply"),
  c("quickstart", "hooks"),
  c("quickstart", "lineage"),
  c("quickstart", "run --watch --dag"),
  c("quickstart", "run --defer-to x"),
  c("quickstart", "--output xml run", { raw: true }),
];

const TRANSFORMATION: Case[] = [
  c("quickstart", "run"),
  c("quickstart", "run --shadow"),
  c("quickstart", "run --shadow --shadow-suffix _dagster_pr_42"),
  c("quickstart", "run --shadow --shadow-schema pr_42"),
  c("quickstart", "run --shadow --shadow-suffix bad-suffix"),
  c("quickstart", "run --shadow-suffix _inert"),
  c("quickstart", "run --filter tenant=acme"),
  c("quickstart", "run --filter nokey"),
  c("quickstart", "run --pipeline playground"),
  c("quickstart", "run --pipeline nope"),
  c("quickstart", "run --model raw_orders"),
  c("quickstart", "run --model customer_orders"),
  c("quickstart", "run --model customer_orders", { setup: ["--output json run"] }),
  c("quickstart", "run --model customer_orders --shadow", { setup: ["--output json run"] }),
  c("quickstart", "run --model nope"),
  c("quickstart", "run --models nope"),
  c("quickstart", "run --branch nope"),
  c("quickstart", "run --idempotency-key k1"),
  c("quickstart", "run --idempotency-key k1 --resume-latest"),
  c("quickstart", "run --var novalue"),
  c("quickstart", "run --var 1x=2"),
  c("quickstart", "run --var x=1 --dag"),
  c("quickstart", "run --assume-fresh-state"),
  c("quickstart", "--state-namespace bad-ns run", { raw: true }),
  c("quickstart", ["run", "--governance-override", '{"workspace_ids":[123]}']),
  c("quickstart", ["run", "--governance-override", GOOD_OVERRIDE]),
  c("quickstart", ["run", "--governance-override", "not json"]),
  c("quickstart", ["run", "--governance-override", '{"workspace_ids":[{"id":1,"extra":2}]}']),
  c("quickstart", ["run", "--governance-override", '{"grants":[{"principal":"a"}]}']),
  c("quickstart", [
    "run",
    "--governance-override",
    '{"workspace_ids":[{"id":1,"binding_type":"WRITE"}]}',
  ]),
  c("quickstart", ["run", "--governance-override", "@override.json"], {
    files: { "override.json": GOOD_OVERRIDE },
  }),
  c("quickstart", ["run", "--governance-override", "@missing.json"]),
  c("quickstart", "compare"),
  c("quickstart", "compare", { setup: ["--output json run --shadow"] }),
  c("quickstart", "compare --filter schema=main", { setup: ["--output json run --shadow"] }),
  c("quickstart", "compare --shadow-suffix _x", { setup: ["--output json run --shadow"] }),
  c("quickstart", "compare --filter tenant=acme"),
  c("quickstart", "compare --filter model=raw_orders", { setup: ["--output json run --shadow"] }),
  c("quickstart", ["compare", "--thresholds", "[1]"]),
  c("quickstart", "plan"),
  c("quickstart", "discover"),
  c("quickstart", "compile"),
  c("quickstart", "compile --model customer_orders"),
  c("quickstart", "compile --model nope"),
  c("quickstart", "compile --models nope"),
  c("quickstart", "test"),
  c("quickstart", "test --model customer_orders"),
  c("quickstart", "test --model nope"),
  c("quickstart", "state"),
  c("quickstart", "state", { setup: ["--output json run"] }),
  c("quickstart", "doctor"),
  c("quickstart", "doctor --check config"),
  c("quickstart", "lineage customer_orders"),
  c("quickstart", "lineage customer_orders.total_revenue"),
  c("quickstart", "lineage customer_orders --column total_revenue --downstream"),
  c("quickstart", "lineage nope"),
  c("quickstart", "dag"),
  c("quickstart", "catalog --out catalog-out"),
  c("quickstart", "history"),
  c("quickstart", "history", { setup: ["--output json run"] }),
  c("quickstart", "history --model customer_orders", { setup: ["--output json run"] }),
  c("quickstart", "metrics customer_orders"),
  c("quickstart", "optimize"),
  c("quickstart", "optimize", { setup: ["--output json run"] }),
  c("quickstart", "cost latest"),
  c("quickstart", "cost latest", { setup: ["--output json run"] }),
  c("quickstart", "cost latest --by model", { setup: ["--output json run"] }),
  c("quickstart", "ci"),
  c("quickstart", "compliance"),
  c("quickstart", "retention-status"),
  c("quickstart", "hooks list"),
  c("quickstart", "hooks test on_pipeline_start"),
  c("quickstart", "hooks test nope"),
  c("quickstart", ["ai", "orders per customer"]),
  c("quickstart", "ai-sync"),
  c("quickstart", "ai-explain --all"),
  c("quickstart", "ai-test customer_orders"),
  c("quickstart", "ai-contract customer_orders"),
  c("quickstart", "branch list"),
  c("quickstart", `review --status ${PLAN_HEX}`),
  c("quickstart", "validate-migration --dbt-project nope"),
  c("quickstart", "test-adapter --adapter duckdb"),
  c("quickstart", "product status nope"),
  c("quickstart", "preview diff --name nope"),
  c("quickstart", "preview cost --name nope"),
  c("quickstart", "preview create --name pr_1"),
  c("quickstart", "branch show nope"),
  c("quickstart", "branch compare nope"),
  c("quickstart", "branch approve nope"),
  c("quickstart", "branch promote nope --skip-approval"),
  c("quickstart", "plan promote nope"),
  c("quickstart", "product verify nope"),
  c("quickstart", "product compile nope"),
  c("quickstart", "product approve nope"),
  c("quickstart", "state show"),
  c("quickstart", "history --audit", { setup: ["--output json run"] }),
  c("quickstart", "cost nope", { setup: ["--output json run"] }),
  c("quickstart", "metrics customer_orders --trend --column total_revenue --alerts"),
  c("quickstart", "lineage customer_orders.total_revenue --downstream"),
  c("quickstart", "run --resume run-20260101-000000-000"),
  c("quickstart", "run --resume-latest"),
  c("quickstart", "retention-status --model nope"),
  c("quickstart", "compliance --env prod"),
  c("quickstart", "run", { raw: true }),
  c("transformation", "run"),
  c("transformation", "run --shadow --shadow-suffix _dagster_pr_42"),
  c("transformation", "compare", { setup: ["--output json run --shadow"] }),
  c("transformation", "compile"),
  c("transformation", "test"),
  c("transformation", "lineage revenue_summary"),
  c("transformation", "dag"),
];

const REPLICATION: Case[] = [
  c("replication", "run"),
  c("replication", "run --filter tenant=acme"),
  c("replication", "run --filter tenant=nope"),
  c("replication", "run --filter id=raw__globex"),
  c("replication", "run --filter table=orders"),
  c("replication", "run --filter tenant"),
  c("replication", "run --shadow"),
  c("replication", "run --shadow --shadow-suffix _dagster_pr_42 --filter tenant=acme"),
  c("replication", "run --shadow --shadow-schema pr_42"),
  c("replication", "run --shadow-suffix _inert"),
  c("replication", "run --model raw_orders"),
  c("replication", "discover"),
  c("replication", "discover --with-schemas"),
  c("replication", "discover --pipeline nope"),
  c("replication", "plan"),
  c("replication", "plan --shadow --filter tenant=acme"),
  c("replication", "plan --model raw_orders"),
  c("replication", "apply {plan_id}", { setup: ["--output json plan --filter tenant=acme"] }),
  c("replication", `apply ${"0".repeat(64)}`),
  c("replication", "compare"),
  c("replication", "compare", { setup: ["--output json run --shadow"] }),
  c("replication", "compare --filter tenant=acme", { setup: ["--output json run --shadow"] }),
  c("replication", "state"),
  c("replication", "state", { setup: ["--output json run"] }),
  c("replication", "doctor"),
  c("replication", "doctor --verbose"),
  c("replication", "history", { setup: ["--output json run"] }),
  c("ecommerce", "run"),
  c("ecommerce", "run --filter source=nope"),
  c("ecommerce", "discover"),
  c("ecommerce", "compare"),
  c("ecommerce", "plan"),
];

const OTHER_PIPELINES: Case[] = [
  c("quality", "run"),
  c("quality", "run --shadow"),
  c("quality", "compare"),
  c("quality", "plan"),
  c("quality", "discover"),
  c("load", "run"),
  c("load", "run --shadow"),
  c("load", "compare"),
  c("snapshot", "run"),
  c("snapshot", "run --shadow"),
  c("multi", "run"),
  c("multi", "run --pipeline replicate --filter tenant=acme"),
  c("multi", "run --pipeline transform"),
  c("multi", "discover"),
  c("multi", "compare --pipeline transform"),
];

/**
 * What the SDK spawns for a shadowed write: its own state file (`--state-path`) and a namespaced
 * idempotency key; production's store (the default path) stays as it was.
 */
const SHADOW_STATE = "--state-path=.rocky-state/shadow_dagster_pr_42.redb";
const STATE_ISOLATION: Case[] = [
  c(
    "replication",
    `${SHADOW_STATE} run --shadow --shadow-suffix _dagster_pr_42 --filter tenant=acme --idempotency-key shadow_dagster_pr_42:nightly`,
  ),
  // The SDK creates the state file's folder before it spawns; rocky does not (the cases above).
  c("replication", "state", {
    setup: [`--output json ${SHADOW_STATE} run --shadow --shadow-suffix _dagster_pr_42`],
    files: { ".rocky-state/.keep": "" },
  }),
  c("replication", `${SHADOW_STATE} state`, {
    setup: [`--output json ${SHADOW_STATE} run --shadow --shadow-suffix _dagster_pr_42`],
    files: { ".rocky-state/.keep": "" },
  }),
  c("replication", `${SHADOW_STATE} run --shadow --filter tenant=acme --idempotency-key k`, {
    files: { ".rocky-state/.keep": "" },
  }),
  c("transformation", `${SHADOW_STATE} run --shadow --shadow-suffix _dagster_pr_42`),
  c("load", `${SHADOW_STATE} run --shadow --shadow-suffix _dagster_pr_42`),
];

/** The verbs and flags of engines after 1.71: this engine refuses them as clap does. */
const NEWER_VERBS: Case[] = [
  c("replication", "freshness"),
  c("replication", "product list"),
  c("replication", "product journal p"),
  c("replication", "package list"),
  c("replication", "package add fivetran/stripe"),
  c("replication", "state schedule spool"),
  c("replication", "state reconcile-watermark --pipeline default"),
  c("replication", "cost --month 2026-01 --by product"),
  c("transformation", "profile raw_orders --sample 3"),
  // 1.71's own profile (without --sample).
  c("transformation", "profile raw_orders", { setup: ["--output json run"] }),
  c("transformation", "profile raw_orders --column order_id", { setup: ["--output json run"] }),
  c("transformation", "profile raw_orders"),
  c("transformation", "profile nope"),
];

/** rocky-sim reads no warehouse: without its simulated one, it sees no tables (by design). */
const UNSIMULATED: Case[] = [c("unsimulated", "run"), c("unsimulated", "discover")];

const NO_CONFIG: Case[] = [
  c("empty", "run"),
  c("empty", "plan"),
  c("empty", "discover"),
  c("empty", "compare"),
  c("empty", "doctor"),
  c("empty", "state"),
  c("empty", "compile"),
  c("empty", "test"),
  c("empty", "lineage x"),
  c("empty", "dag"),
  c("empty", "hooks list"),
  c("empty", `apply ${PLAN_HEX}`),
  c("empty", "-c other.toml run", { raw: true }),
  c("empty", "run --assume-fresh-state"),
];

export const CORPUS: readonly Case[] = [
  ...CLI,
  ...TRANSFORMATION,
  ...REPLICATION,
  ...OTHER_PIPELINES,
  ...STATE_ISOLATION,
  ...NEWER_VERBS,
  ...UNSIMULATED,
  ...NO_CONFIG,
];
