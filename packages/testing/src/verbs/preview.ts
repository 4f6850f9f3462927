/**
 * rocky-sim: `preview create|diff|cost` (preview.rs). `create` registers the branch — an existing
 * one fails, exit 1 — and, like rocky, prints `created branch '<n>' (schema_prefix: branch__<n>)`
 * before the JSON document. `diff` and `cost` need a registered branch (`SimScenario.branches`)
 * and carry a `markdown` field.
 */

import { spawnSync } from "node:child_process";
import { type Ctx, logLine, num, RuntimeFailure, str, type VerbResult } from "../context.js";
import type { Json, JsonObject } from "../json.js";
import { tablesOf } from "./warehouse.js";

function checkName(name: string): string {
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(name)) {
    throw new RuntimeFailure(
      `invalid branch name '${name}': must be 1-64 characters of [A-Za-z0-9_.-]`,
    );
  }
  return name;
}

/**
 * preview.rs `git_changed_paths`: `git diff --name-only <base>...HEAD`, then the two-dot form; a
 * folder that is not a git repository (or lacks the base) fails the preview.
 */
function changedPaths(base: string): string[] {
  for (const args of [
    ["diff", "--name-only", `${base}...HEAD`],
    ["diff", "--name-only", base, "HEAD"],
  ]) {
    const r = spawnSync("git", args, { encoding: "utf8" });
    if (r.status === 0) return r.stdout.split("\n").filter((l) => l.trim() !== "");
  }
  throw new RuntimeFailure(
    `failed to compute changed files between ${base} and HEAD — is git installed and is this a git repository?`,
  );
}

function create(ctx: Ctx): VerbResult {
  const f = ctx.parsed.flags;
  changedPaths(str(f, "base") ?? "main");
  const name = checkName(str(f, "name") ?? "pr-preview-local");
  if ((ctx.scenario.branches ?? []).includes(name)) {
    throw new RuntimeFailure(`branch '${name}' already exists`);
  }
  const base = str(f, "base") ?? "main";
  const tables = tablesOf(ctx.behavior);
  const json: JsonObject = {
    version: ctx.version,
    command: "preview-create",
    branch_name: name,
    branch_schema: `branch__${name}`,
    base_ref: base,
    head_ref: "HEAD",
    copy_set: tables.slice(1).map((t) => ({
      model_name: t,
      source_schema: "main",
      target_schema: `branch__${name}`,
      copy_strategy: "ctas",
    })),
    prune_set: tables
      .slice(0, 1)
      .map((t) => ({ model_name: t, reason: "changed", changed_columns: [] })),
    skipped_set: [],
    run_id: `run-preview-${name}`,
    run_status: "planned",
    duration_ms: 12,
  };
  const text =
    ctx.format === "json"
      ? `created branch '${name}' (schema_prefix: branch__${name})\n${JSON.stringify(json, null, 2)}\n`
      : undefined;
  const result: VerbResult = {
    json,
    exitCode: 0,
    progress: [logLine(ctx.format, "INFO", "preview created", { branch: name })],
  };
  if (text !== undefined) result.text = text;
  return result;
}

/**
 * preview.rs `run_preview_diff` without a base run in the state store: a `base_note` and no
 * models (exit 0). rocky-sim's store has base runs only for the scenario's `branches`.
 */
function noBaseDiff(ctx: Ctx, name: string, base: string): VerbResult {
  const note = `no run recorded for '${base}' in this state store (matched against recorded branch names and commit shas) — the diff against it cannot be computed. Run the base against this store first, or pass a --base whose branch or commit has run history here`;
  return {
    json: {
      version: ctx.version,
      command: "preview-diff",
      branch_name: name,
      base_ref: base,
      base_note: note,
      summary: {
        models_with_changes: 0,
        models_unchanged: 0,
        total_rows_added: 0,
        total_rows_removed: 0,
        total_rows_changed: 0,
        any_coverage_warning: false,
      },
      models: [],
      markdown: `**Preview diff** — branch \`${name}\` vs \`${base}\`\n\n> ⚠️ ${note}\n`,
    },
    exitCode: 0,
    progress: [logLine(ctx.format, "INFO", "diffing preview", { branch: name })],
  };
}

function diff(ctx: Ctx): VerbResult {
  const f = ctx.parsed.flags;
  const name = checkName(str(f, "name") as string);
  if (!(ctx.scenario.branches ?? []).includes(name)) {
    return noBaseDiff(ctx, name, str(f, "base") ?? "main");
  }
  const limit = num(f, "sample-size") ?? 1000;
  const tables = tablesOf(ctx.behavior).slice(0, 2);
  const models: Json[] = tables.map((t, i) => ({
    model_name: t,
    structural: i === 0 ? { added_columns: ["discount"] } : {},
    algorithm: {
      kind: "sampled",
      sampled: { rows_added: i === 0 ? 3 : 0, rows_removed: 0, rows_changed: i === 0 ? 5 : 0 },
      sampling_window: {
        coverage: "first_n_by_order",
        coverage_warning: false,
        limit,
        ordered_by: "id",
      },
    },
  }));
  return {
    json: {
      version: ctx.version,
      command: "preview-diff",
      branch_name: name,
      base_ref: str(f, "base") ?? "main",
      models,
      summary: {
        models_with_changes: tables.length > 0 ? 1 : 0,
        models_unchanged: Math.max(0, tables.length - 1),
        total_rows_added: tables.length > 0 ? 3 : 0,
        total_rows_removed: 0,
        total_rows_changed: tables.length > 0 ? 5 : 0,
        any_coverage_warning: false,
      },
      markdown: `### Preview diff: ${name}\n\n${tables.length} models compared.\n`,
    },
    exitCode: 0,
    progress: [logLine(ctx.format, "INFO", "diffing preview", { branch: name })],
  };
}

function cost(ctx: Ctx): VerbResult {
  const name = checkName(str(ctx.parsed.flags, "name") as string);
  if (!(ctx.scenario.branches ?? []).includes(name)) {
    // preview.rs `run_preview_cost` before any branch run: an empty report (exit 0).
    return {
      json: {
        version: ctx.version,
        command: "preview-cost",
        branch_name: name,
        branch_run_id: "",
        summary: { total_branch_duration_ms: 0, models_skipped_via_copy: 0 },
        per_model: [],
        markdown: `**Preview cost** — branch \`${name}\`\n\n_No branch run yet. Run \`rocky run --branch ${name}\` on the prune set, then re-invoke \`rocky preview cost\`._\n`,
      },
      exitCode: 0,
      progress: [logLine(ctx.format, "INFO", "costing preview", { branch: name })],
    };
  }
  const tables = tablesOf(ctx.behavior).slice(0, 2);
  const perModel = tables.map((t, i) => ({
    model_name: t,
    base_cost_usd: 1.5,
    branch_cost_usd: i === 0 ? 2.25 : 0,
    delta_usd: i === 0 ? 0.75 : -1.5,
    base_duration_ms: 100,
    branch_duration_ms: i === 0 ? 150 : 0,
    skipped_via_copy: i !== 0,
  }));
  const json: JsonObject = {
    version: ctx.version,
    command: "preview-cost",
    branch_name: name,
    branch_run_id: `run-preview-${name}`,
    base_run_id: "run-base",
    per_model: perModel,
    summary: {
      total_base_cost_usd: 1.5 * tables.length,
      total_branch_cost_usd: tables.length > 0 ? 2.25 : 0,
      delta_usd: tables.length > 0 ? 0.75 - 1.5 * (tables.length - 1) : 0,
      total_branch_duration_ms: tables.length > 0 ? 150 : 0,
      models_skipped_via_copy: Math.max(0, tables.length - 1),
      savings_from_copy_usd: 1.5 * Math.max(0, tables.length - 1),
    },
    markdown: `### Preview cost: ${name}\n`,
  };
  if (ctx.behavior.budgetBreach === true) {
    json.projected_budget_breaches = [{ limit_type: "max_usd", limit: 1, actual: 2.25 }];
  }
  return {
    json,
    exitCode: 0,
    progress: [logLine(ctx.format, "INFO", "costing preview", { branch: name })],
  };
}

/** main.rs Preview arm. */
export async function handlePreview(ctx: Ctx): Promise<VerbResult> {
  switch (ctx.parsed.subcommand) {
    case "create":
      return create(ctx);
    case "diff":
      return diff(ctx);
    case "cost":
      return cost(ctx);
    default:
      throw new RuntimeFailure(
        `rocky-sim does not emulate 'rocky preview ${ctx.parsed.subcommand}'`,
      );
  }
}
