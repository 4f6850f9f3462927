/**
 * rocky-sim: `rocky branch list | show <name> | compare <name> | approve <name> | promote <name>`
 * (main.rs `BranchAction`, commands/branch.rs; each subcommand's flags come from the grammar
 * table, grammar/table.ts). The registered branches are the scenario's `branches`, as for
 * `run --branch` (rocky-sim's simulated state store keeps runs and watermarks, not branches).
 *
 * Approve (branch.rs:882-1000) signs the branch state into `.rocky/approvals/<name>/<id>.json`; promote needs such an
 * approval (or `--skip-approval`), prints a deprecation notice, copies each branch table over
 * production and prints a `BranchPromoteOutput` (exit 1 after it when a target failed or the
 * breaking-change gate blocked it) (branch.rs:1211-1380).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { bool, type Ctx, logLine, RuntimeFailure, str, type VerbResult } from "../context.js";
import type { JsonObject } from "../json.js";
import { pipelineOf, requireProject } from "../project/resolve.js";
import { Warehouse } from "../project/world.js";
import { buildCompare, prodTargets } from "./compare.js";
import {
  approvalsDir,
  approvalsFor,
  approver,
  auditEvent,
  branchStateHash,
  breakingFinding,
  digest,
  executePromotion,
  promoteTargets,
  requireBranch,
} from "./governance.js";
import { DEFAULT_SHADOW_SUFFIX, inMemory } from "./warehouse.js";

/** A fixed creation time: outputs stay deterministic. */
const CREATED_AT = "2026-01-01T00:00:00+00:00";
const CREATED_BY = "sim@example.com";

/** branch.rs `to_entry`. */
export function branchEntry(name: string): JsonObject {
  return {
    name,
    schema_prefix: `branch__${name}`,
    created_by: CREATED_BY,
    created_at: CREATED_AT,
    description: null,
  };
}

function registered(ctx: Ctx): readonly string[] {
  return ctx.scenario.branches ?? [];
}

function list(ctx: Ctx): VerbResult {
  const branches = registered(ctx).map(branchEntry);
  return {
    json: { version: ctx.version, command: "branch list", branches, total: branches.length },
    exitCode: 0,
    progress: [],
  };
}

function show(ctx: Ctx): VerbResult {
  const name = ctx.parsed.positionals[0] as string;
  if (!registered(ctx).includes(name)) throw new RuntimeFailure(`branch '${name}' not found`);
  return {
    json: { version: ctx.version, command: "branch show", branch: branchEntry(name) },
    exitCode: 0,
    progress: [],
  };
}

async function compare(ctx: Ctx): Promise<VerbResult> {
  const name = ctx.parsed.positionals[0] as string;
  if (!registered(ctx).includes(name)) {
    throw new RuntimeFailure(`branch '${name}' not found — see 'rocky branch list'`);
  }
  // branch.rs: compare::compare with the branch's schema as the shadow schema, default thresholds.
  // ctx.behavior already has `commands["branch compare"]` merged over `commands.branch`.
  const project = await requireProject(ctx);
  const pipeline = pipelineOf(project, null);
  const filter = str(ctx.parsed.flags, "filter");
  const warehouse = Warehouse.open(ctx, inMemory(project.adapters.get(pipeline.targetAdapter)));
  const targets = await prodTargets(ctx, project, pipeline, filter, warehouse);
  const shadow = { suffix: DEFAULT_SHADOW_SUFFIX, schemaOverride: `branch__${name}` };
  const out = buildCompare(ctx, warehouse, targets, shadow, filter ?? "");
  out.progress = [logLine(ctx.format, "INFO", "comparing branch tables", { branch: name })];
  return out;
}

/** branch.rs `validate_branch_name`. */
function validName(name: string): string {
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(name)) {
    throw new RuntimeFailure(
      `invalid branch name '${name}': must be 1-64 characters of [A-Za-z0-9_.-]`,
    );
  }
  return name;
}

function approve(ctx: Ctx): VerbResult {
  const name = validName(ctx.parsed.positionals[0] as string);
  requireBranch(ctx, name);
  const who = approver(ctx);
  const signedAt = new Date().toISOString();
  const approvalId = digest(`${name}:${signedAt}:${Math.random()}`).slice(0, 16);
  const artifact: JsonObject = {
    approval_id: approvalId,
    approver: who,
    branch: name,
    branch_state_hash: branchStateHash(name),
    message: str(ctx.parsed.flags, "message"),
    signature: { algorithm: "blake3_canonical_json", digest: digest(`${approvalId}:${name}`) },
    signed_at: signedAt,
  };
  const out = str(ctx.parsed.flags, "out") ?? join(approvalsDir(name), `${approvalId}.json`);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(artifact, null, 2));
  return {
    json: { version: ctx.version, command: "branch approve", artifact, artifact_path: out },
    exitCode: 0,
    progress: [logLine(ctx.format, "INFO", "branch approved", { branch: name })],
  };
}

function promote(ctx: Ctx): VerbResult {
  const f = ctx.parsed.flags;
  if (str(f, "plan") !== null) {
    throw new RuntimeFailure(
      "rocky-sim does not emulate `branch promote --plan`; use `rocky apply`",
    );
  }
  const raw = ctx.parsed.positionals[0];
  if (raw === undefined) {
    throw new RuntimeFailure("a branch name is required unless --plan is given");
  }
  // deprecation.rs: printed at once (eprintln), before any check, unless suppressed.
  if (ctx.env.ROCKY_SUPPRESS_DEPRECATION !== "1") {
    process.stderr.write(
      "[deprecated] `rocky branch promote <name>` (without --plan) is deprecated. Use `rocky plan promote <name>` to run the approval + breaking-change gates and persist a promote plan, then `rocky apply <plan-id>` to execute it — letting you inspect findings before any production data is touched. Suppress this warning with ROCKY_SUPPRESS_DEPRECATION=1.\n",
    );
  }
  const name = validName(raw);
  requireBranch(ctx, name);
  const progress: string[] = [];
  const audit: JsonObject[] = [auditEvent(ctx, name, "promote_started")];
  if (bool(f, "skip-approval")) {
    audit.push(auditEvent(ctx, name, "approval_skipped", "--skip-approval"));
  } else if (approvalsFor(name).length === 0) {
    throw new RuntimeFailure(
      `branch '${name}' has no valid approval: run \`rocky branch approve ${name}\` first, or pass --skip-approval`,
    );
  }
  if (ctx.behavior.promote === "breaking" && !bool(f, "allow-breaking")) {
    audit.push(auditEvent(ctx, name, "breaking_changes_blocked"));
    return {
      json: {
        version: ctx.version,
        command: "branch promote",
        branch: name,
        branch_state_hash: branchStateHash(name),
        targets: [],
        success: false,
        breaking_changes: [breakingFinding()],
        approvals_used: [],
        approvals_rejected: [],
        audit,
      },
      exitCode: 1,
      progress,
      error: "Error: promotion blocked by breaking changes (pass --allow-breaking to override)",
    };
  }
  const result = executePromotion(ctx, name, promoteTargets(ctx, name), audit);
  return { ...result, progress };
}

/** main.rs `Command::Branch` arm: every subcommand the SDK wraps. */
export async function handleBranch(ctx: Ctx): Promise<VerbResult> {
  switch (ctx.parsed.subcommand) {
    case "list":
      return list(ctx);
    case "show":
      return show(ctx);
    case "compare":
      return compare(ctx);
    case "approve":
      return approve(ctx);
    case "promote":
      return promote(ctx);
    default:
      throw new RuntimeFailure(
        `rocky-sim does not emulate 'rocky branch ${ctx.parsed.subcommand}'`,
      );
  }
}
