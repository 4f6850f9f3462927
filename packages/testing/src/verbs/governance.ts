/**
 * rocky-sim: what the governance handlers share: the registered-branch check, the git
 * identity an approval is signed with, the approvals a promotion needs, and the promote targets.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { type Ctx, RuntimeFailure } from "../context.js";
import type { Json, JsonObject } from "../json.js";
import { tablesOf } from "./warehouse.js";

/** Hex digest of `text` (rocky uses blake3 for state hashes; any stable digest does here). */
export function digest(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** branch.rs `run_branch_*`: the branch must be registered (`rocky branch create`). */
export function requireBranch(ctx: Ctx, name: string): void {
  if (!(ctx.scenario.branches ?? []).includes(name)) {
    throw new RuntimeFailure(`branch '${name}' not found — see 'rocky branch list'`);
  }
}

/** branch.rs `git_identity`: `git config user.email` must be set. */
export function approver(ctx: Ctx): JsonObject {
  if (ctx.behavior.noGitIdentity === true) {
    throw new RuntimeFailure(
      "cannot determine approver identity: `git config user.email` is not set. Set it with `git config user.email you@example.com`",
    );
  }
  return { email: "sim@example.com", name: "rocky-sim", host: "rocky-sim", source: "local" };
}

/** The state hash an approval signs over. */
export function branchStateHash(name: string): string {
  return digest(`branch:${name}`);
}

/** Where `branch approve` writes by default, and where promotion looks for approvals. */
export function approvalsDir(name: string): string {
  return join(process.cwd(), ".rocky", "approvals", name);
}

/** The approval artifacts on disk for `name` (the promotion gate). */
export function approvalsFor(name: string): string[] {
  const dir = approvalsDir(name);
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.endsWith(".json"));
}

/** branch.rs: one `CREATE OR REPLACE TABLE prod AS SELECT * FROM branch__<name>` per table. */
export function promoteTargets(ctx: Ctx, name: string): JsonObject[] {
  return tablesOf(ctx.behavior).map((table) => {
    const source = `branch__${name}.${table}`;
    const target = `warehouse.main.${table}`;
    return {
      source,
      target,
      statement: `CREATE OR REPLACE TABLE ${target} AS SELECT * FROM ${source}`,
    };
  });
}

/** The breaking change the `breaking` scenario reports. */
export function breakingFinding(): Json {
  return {
    severity: "breaking",
    change: {
      kind: "column_dropped",
      model: "customer_orders",
      column: "email",
      data_type: "VARCHAR",
    },
  };
}

/** An audit event of a promotion. */
export function auditEvent(ctx: Ctx, name: string, kind: string, reason?: string): JsonObject {
  const event: JsonObject = {
    kind,
    at: new Date().toISOString(),
    branch: name,
    branch_state_hash: branchStateHash(name),
    actor: { email: "sim@example.com", host: "rocky-sim", source: "local" },
  };
  if (reason !== undefined) event.reason = reason;
  void ctx;
  return event;
}

/**
 * Runs promote targets (branch promote, apply of a promote plan): the `partial` scenario fails the
 * last one. Returns the `BranchPromoteOutput` and its exit code (1 when a target failed).
 */
export function executePromotion(
  ctx: Ctx,
  name: string,
  targets: readonly JsonObject[],
  audit: JsonObject[],
): { json: JsonObject; exitCode: number } {
  const partial = ctx.behavior.promote === "partial";
  const ran = targets.map((t, i) => {
    const failed = partial && i === targets.length - 1;
    return failed
      ? { ...t, succeeded: false, error: `permission denied on ${String(t.target)}` }
      : { ...t, succeeded: true };
  });
  const success = ran.every((t) => t.succeeded);
  audit.push(auditEvent(ctx, name, success ? "promote_completed" : "promote_failed"));
  return {
    json: {
      version: ctx.version,
      command: "branch promote",
      branch: name,
      branch_state_hash: branchStateHash(name),
      targets: ran,
      success,
      approvals_used: [],
      approvals_rejected: [],
      audit,
    },
    exitCode: success ? 0 : 1,
  };
}
