/**
 * rocky-sim: `plan promote <name>` (plan.rs:2012-2060, 2118-2325). Same gates as `branch promote`
 * (approval, breaking changes); persists `.rocky/plans/<id>.json` with `kind: "promote"` and
 * prints a `PlanOutput` with `plan_kind: "promote"`.
 */
import type { Json } from "../outputs.js";
import { writePlan } from "../plans.js";
import { bool, type Ctx, logLine, RuntimeFailure, str, type VerbResult } from "../sim.js";
import { approvalsFor, branchStateHash, promoteTargets, requireBranch } from "./governance.js";

export async function handlePlanPromote(ctx: Ctx): Promise<VerbResult> {
  const f = ctx.parsed.flags;
  const name = ctx.parsed.positionals[0] as string;
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(name)) {
    throw new RuntimeFailure(
      `invalid branch name '${name}': must be 1-64 characters of [A-Za-z0-9_.-]`,
    );
  }
  requireBranch(ctx, name);
  if (approvalsFor(name).length === 0) {
    throw new RuntimeFailure(
      `branch '${name}' has no valid approval: run \`rocky branch approve ${name}\` first`,
    );
  }
  if (ctx.behavior.promote === "breaking" && !bool(f, "allow-breaking")) {
    throw new RuntimeFailure(
      `promotion of '${name}' is blocked by 1 breaking change (customer_orders.email dropped); pass --allow-breaking to plan it anyway`,
    );
  }
  const targets = promoteTargets(ctx, name);
  const payload: Json = {
    branch_name: name,
    branch_state_hash: branchStateHash(name),
    base: str(f, "base") ?? "main",
    targets,
    approvals: [],
  };
  const { id, createdAt } = await writePlan(process.cwd(), "promote", payload, "human");
  return {
    json: {
      version: ctx.version,
      command: "plan",
      filter: str(f, "filter") ?? "",
      statements: targets.map((t) => ({
        purpose: "promote",
        target: t.target as string,
        sql: t.statement as string,
      })),
      plan_id: id,
      plan_kind: "promote",
      created_at: createdAt,
    },
    exitCode: 0,
    progress: [logLine(ctx.format, "INFO", "plan persisted", { plan_id: id, kind: "promote" })],
  };
}
