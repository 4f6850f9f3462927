/**
 * rocky-sim: `branch approve <name>` and `branch promote <name>` (branch.rs:882-1000, 1211-1380).
 * Approve signs the branch state into `.rocky/approvals/<name>/<id>.json`; promote needs such an
 * approval (or `--skip-approval`), prints a deprecation notice, copies each branch table over
 * production and prints a `BranchPromoteOutput` (exit 1 after it when a target failed or the
 * breaking-change gate blocked it).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { JsonObject } from "../outputs.js";
import { bool, type Ctx, logLine, RuntimeFailure, str, type VerbResult } from "../sim.js";
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
  const name = validName(raw);
  requireBranch(ctx, name);
  // deprecation.rs: the direct path is deprecated in favour of `plan promote` + `apply`.
  const progress = [
    "warning: `rocky branch promote <name>` is deprecated; use `rocky plan promote <name>` then `rocky apply <plan_id>`\n",
  ];
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

/** main.rs Branch arm (the subcommands issue 17 wraps). */
export async function handleBranch(ctx: Ctx): Promise<VerbResult> {
  switch (ctx.parsed.subcommand) {
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
