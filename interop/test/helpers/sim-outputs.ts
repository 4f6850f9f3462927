// rocky-sim's output of every method both sides wrap (the outputs and exit-code differentials
// read them): each method's argv, run in one of two rocky-sim projects over the source "shop":
// a replication pipeline (runs, plans, discover, state, branches) and the transformation
// project (the model-aware verbs, from its `models/`).
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createRockySimulator, type SimScenario, writeSimProject } from "@dagster-rocky/testing";

/** One output: where it comes from, the Python method it is the output of, its text. */
export interface Doc {
  source: string;
  method: string;
  /** Where the method picks its model from its arguments: lineage "column", history "model". */
  variant?: "column" | "model";
  text: string;
}

/** `method` or `method/variant`. */
export const keyOf = (d: Doc): string => (d.variant ? `${d.method}/${d.variant}` : d.method);

/** Each call: its label, the scenario, the Python method, the argv, the variant. */
const VARIANTS: readonly [string, SimScenario, string, string[], Doc["variant"]?][] = [
  ["run", {}, "run", ["run", "--filter=source=shop"]],
  [
    "run shadow",
    {},
    "run",
    ["run", "--filter=source=shop", "--shadow", "--shadow-suffix=_dagster_pr_42"],
  ],
  [
    "run partial",
    { commands: { run: { partialFailure: true } } },
    "run",
    ["run", "--filter=source=shop"],
  ],
  ["run failure", { commands: { run: { failure: true } } }, "run", ["run", "--filter=source=shop"]],
  [
    "run tables",
    { commands: { run: { tables: ["a", "b", "c", "d"] } } },
    "run",
    ["run", "--filter=source=shop"],
  ],
  ["resume run", {}, "resume_run", ["run", "--resume-latest"]],
  ["run model", {}, "run_model", ["run", "--model=customer_orders", "--models=models"]],
  ["discover", {}, "discover", ["discover"]],
  ["state", {}, "state", ["state"]],
  ["doctor", {}, "doctor", ["doctor"]],
  ["doctor warning", { commands: { doctor: { doctor: "warning" } } }, "doctor", ["doctor"]],
  ["doctor critical", { commands: { doctor: { doctor: "critical" } } }, "doctor", ["doctor"]],
  ["compile", {}, "compile", ["compile", "--models=models"]],
  [
    "compile failure",
    { commands: { compile: { failure: true } } },
    "compile",
    ["compile", "--models=models"],
  ],
  ["test", {}, "test", ["test", "--models=models"]],
  ["test failure", { commands: { test: { failure: true } } }, "test", ["test", "--models=models"]],
  ["lineage", {}, "lineage", ["lineage", "--models=models", "customer_orders"]],
  [
    "lineage column",
    {},
    "lineage",
    ["lineage", "--models=models", "--column=customer_id", "customer_orders"],
    "column",
  ],
  ["catalog", {}, "catalog", ["catalog", "--models=models"]],
  ["dag", {}, "dag", ["dag"]],
  ["dag column lineage", {}, "dag", ["dag", "--column-lineage"]],
  ["history", {}, "history", ["history"]],
  ["history model", {}, "history", ["history", "--model=customer_orders"], "model"],
  ["metrics", {}, "metrics", ["metrics", "customer_orders"]],
  ["optimize", {}, "optimize", ["optimize", "--models=models"]],
  ["cost", {}, "cost", ["cost", "latest"]],
  ["ci", {}, "ci", ["ci", "--models=models"]],
  ["compliance", {}, "compliance", ["compliance", "--models=models"]],
  ["retention status", {}, "retention_status", ["retention-status", "--models=models"]],
  ["hooks list", {}, "hooks_list", ["hooks", "list"]],
  ["hooks test", {}, "hooks_test", ["hooks", "test", "on_pipeline_start"]],
  ["validate migration", {}, "validate_migration", ["validate-migration", "--dbt-project=dbt"]],
  ["test adapter", {}, "test_adapter", ["test-adapter", "--adapter=duckdb"]],
  ["ai", {}, "ai", ["ai", "--models=models", "orders per day"]],
  ["ai sync", {}, "ai_sync", ["ai-sync", "--models=models"]],
  ["ai explain", {}, "ai_explain", ["ai-explain", "--models=models", "--all"]],
  ["ai test", {}, "ai_test", ["ai-test", "--models=models", "--all"]],
  ["ai contract", {}, "ai_contract", ["ai-contract", "--models=models", "customer_orders"]],
  ["product verify", {}, "product_verify", ["product", "verify", "orders_mart"]],
  ["product compile", {}, "product_compile", ["product", "compile", "orders_mart"]],
  ["product approve", {}, "product_approve", ["product", "approve", "orders_mart"]],
  ["product status", {}, "product_status", ["product", "status", "orders_mart"]],
];

/** rocky-sim's output of each method (argv per method), for every method in OURS. */
/** The methods read from the transformation project (they need its models). */
const MODEL_METHODS = new Set([
  "run_model",
  "compile",
  "test",
  "lineage",
  "catalog",
  "dag",
  "history",
  "metrics",
  "optimize",
  "cost",
  "ci",
  "compliance",
  "retention_status",
  "validate_migration",
  "ai",
  "ai_sync",
  "ai_explain",
  "ai_test",
  "ai_contract",
]);

export async function simOutputs(root: string): Promise<Doc[]> {
  const work = join(root, "sim-replication");
  const models = join(root, "sim-transformation");
  await writeSimProject(work, { component: "source", sources: ["shop"] });
  await writeSimProject(models, {
    shape: "transformation",
    component: "source",
    sources: ["shop"],
  });
  // validate-migration reads a dbt project's models folder.
  mkdirSync(join(models, "dbt", "models"), { recursive: true });
  writeFileSync(join(models, "dbt", "models", "orders.sql"), "select 1 as id\n");
  const docs: Doc[] = [];
  const sim = await createRockySimulator();
  const call = (label: string, method: string, verbArgs: string[], variant?: Doc["variant"]) => {
    const r = spawnSync(sim.binaryPath, ["--config=rocky.toml", "--output", "json", ...verbArgs], {
      cwd: MODEL_METHODS.has(method) ? models : work,
      encoding: "utf8",
      env: { ...process.env, ANTHROPIC_API_KEY: "sk-test" },
    });
    if (r.stdout.trim() === "") throw new Error(`rocky-sim ${label} printed nothing: ${r.stderr}`);
    docs.push({
      source: `rocky-sim ${label}`,
      method,
      text: r.stdout,
      ...(variant ? { variant } : {}),
    });
    return r.stdout;
  };
  mkdirSync(join(work, "products"), { recursive: true });
  writeFileSync(join(work, "products", "orders_mart.toml"), '[product]\nname = "orders_mart"\n');
  try {
    for (const [label, scenario, method, args, variant] of VARIANTS) {
      await sim.setScenario(scenario);
      call(label, method, args, variant);
    }
    // rocky-sim has no state store: a scenario's branches are the registered ones.
    await sim.setScenario({ branches: ["feature_x"] });
    call("branch approve", "branch_approve", ["branch", "approve", "feature_x"]);
    call("plan promote", "plan_promote", ["plan", "promote", "feature_x", "--models=models"]);
    call("branch promote", "branch_promote", [
      "branch",
      "promote",
      "feature_x",
      "--models=models",
      "--skip-approval",
    ]);
    const plan = JSON.parse(call("plan", "plan", ["plan", "--filter=source=shop"])) as {
      plan_id?: string;
    };
    if (typeof plan.plan_id !== "string") throw new Error("rocky-sim plan persisted no plan");
    call("review status", "review_status", ["review", plan.plan_id, "--status"]);
    call("apply", "apply", ["apply", plan.plan_id]);
  } finally {
    await sim.cleanup();
  }
  return docs;
}
