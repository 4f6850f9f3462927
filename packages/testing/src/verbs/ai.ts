/**
 * The AI verbs: `rocky ai <intent>`, `ai-sync`, `ai-explain`, `ai-test` (ai.rs) and `ai-contract`
 * (ai_contract.rs). Each needs `ANTHROPIC_API_KEY` (exit 1 without it).
 */
import { join } from "node:path";
import { bool, type Ctx, RuntimeFailure, str, type VerbResult } from "../context.js";
import { modelsFor } from "./models.js";
import { done, positional } from "./report-kit.js";

/** ai.rs / ai_contract.rs: the key is read first; without it, `<verb>` names the command. */
function requireAiKey(ctx: Ctx, verb = "rocky ai"): void {
  if ((ctx.env.ANTHROPIC_API_KEY ?? "") === "") {
    throw new RuntimeFailure(`ANTHROPIC_API_KEY not set. Set it to use \`${verb}\`.`, [
      "environment variable not found",
    ]);
  }
}

/** The project's model names (ai.rs reads `--models`, default `models`). */
async function modelNames(ctx: Ctx): Promise<string[]> {
  return (await modelsFor(ctx)).map((m) => m.name);
}

async function requireModel(ctx: Ctx, name: string): Promise<string> {
  if (!(await modelNames(ctx)).includes(name))
    throw new RuntimeFailure(`model '${name}' not found`);
  return name;
}

async function ai(ctx: Ctx): Promise<VerbResult> {
  requireAiKey(ctx);
  const f = ctx.parsed.flags;
  const materialization = str(f, "materialization") ?? "full_refresh";
  if (materialization === "incremental" && str(f, "watermark") === null) {
    throw new RuntimeFailure("--materialization incremental requires --watermark");
  }
  const format = str(f, "format") ?? "rocky";
  const models = str(f, "models") ?? "models";
  const name = "generated_model";
  const ext = format === "sql" ? "sql" : "rocky";
  return done(ctx, {
    version: ctx.version,
    command: "ai",
    intent: positional(ctx),
    format,
    name,
    source: "SELECT order_id, amount FROM customer_orders",
    attempts: 1,
    body_path: join(models, `${name}.${ext}`),
    sidecar_path: join(models, `${name}.toml`),
  });
}

async function aiSync(ctx: Ctx): Promise<VerbResult> {
  requireAiKey(ctx);
  const model = str(ctx.parsed.flags, "model") ?? "customer_orders";
  return done(ctx, {
    version: ctx.version,
    command: "ai_sync",
    proposals: [
      {
        model,
        intent: "orders per customer",
        diff: "+  , o.currency",
        proposed_source:
          "SELECT customer_id, count(*) AS orders, currency FROM raw_orders GROUP BY 1, 3",
      },
    ],
  });
}

async function oneOrAll(ctx: Ctx): Promise<string[]> {
  const model = ctx.parsed.positionals[0];
  if (model !== undefined) return [await requireModel(ctx, model)];
  return bool(ctx.parsed.flags, "all") ? modelNames(ctx) : [];
}

async function aiExplain(ctx: Ctx): Promise<VerbResult> {
  requireAiKey(ctx);
  const save = bool(ctx.parsed.flags, "save");
  return done(ctx, {
    version: ctx.version,
    command: "ai_explain",
    explanations: (await oneOrAll(ctx)).map((model) => ({
      model,
      intent: `explains ${model}`,
      saved: save,
    })),
  });
}

async function aiTest(ctx: Ctx): Promise<VerbResult> {
  requireAiKey(ctx);
  const save = bool(ctx.parsed.flags, "save");
  return done(ctx, {
    version: ctx.version,
    command: "ai_test",
    results: (await oneOrAll(ctx)).map((model) => ({
      model,
      saved: save,
      tests: [
        {
          name: "not_null_id",
          description: "ids are never null",
          sql: `SELECT * FROM ${model} WHERE order_id IS NULL`,
        },
        { name: "positive_amount", description: "amounts are positive" },
      ],
    })),
  });
}

async function aiContract(ctx: Ctx): Promise<VerbResult> {
  requireAiKey(ctx, "rocky ai-contract");
  const model = await requireModel(ctx, positional(ctx));
  const withData = bool(ctx.parsed.flags, "with-data");
  return done(ctx, {
    version: ctx.version,
    command: "ai_contract",
    model,
    attempts: 1,
    contract_toml: `[columns.order_id]\ntype = "BIGINT"\nnullable = false\n`,
    profile: [
      {
        name: "order_id",
        type: "BIGINT",
        rows: 1000,
        nulls: 0,
        null_rate: 0,
        distinct: 1000,
        min: withData ? "1" : null,
        max: withData ? "1000" : null,
        observed_values: [],
      },
    ],
    saved_path: bool(ctx.parsed.flags, "save")
      ? join(str(ctx.parsed.flags, "models") ?? "models", `${model}.contract.toml`)
      : null,
  });
}

export {
  ai as handleAi,
  aiContract as handleAiContract,
  aiExplain as handleAiExplain,
  aiSync as handleAiSync,
  aiTest as handleAiTest,
};
