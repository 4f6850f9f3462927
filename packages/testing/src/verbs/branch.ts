/**
 * `rocky branch list | show <name> | compare <name> [--filter k=v]`
 * (main.rs `BranchAction`, commands/branch.rs). rocky-sim has no state store:
 * the scenario's `branches` are the registered ones, as for `run --branch`.
 * The action's arguments are parsed here with clap's rules for the forms the
 * SDK uses: `--flag=value`, `--flag value`, and positionals after a bare `--`;
 * a token starting with `-` before `--` is an unknown argument (exit 2).
 */
import { UsageError } from "../cli.js";
import { buildCompare, DEFAULT_SHADOW_SUFFIX, type JsonObject } from "../outputs.js";
import {
  type Ctx,
  logLine,
  pipelineOf,
  RuntimeFailure,
  requireProject,
  specFor,
  type VerbResult,
} from "../sim.js";
import type { CommandBehavior } from "../types.js";

/** A fixed creation time: outputs stay deterministic. */
const CREATED_AT = "2026-01-01T00:00:00+00:00";
const CREATED_BY = "sim@example.com";

interface ActionArgs {
  readonly flags: Map<string, string>;
  readonly positionals: string[];
}

function parseAction(
  action: string,
  tokens: readonly string[],
  valueFlags: readonly string[],
  positionals: readonly string[],
): ActionArgs {
  const usage = `rocky branch ${action} [OPTIONS]${positionals.map((p) => ` <${p}>`).join("")}`;
  const flags = new Map<string, string>();
  const pos: string[] = [];
  let onlyPositionals = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as string;
    if (!onlyPositionals && t === "--") {
      onlyPositionals = true;
      continue;
    }
    if (!onlyPositionals && t.startsWith("--")) {
      const eq = t.indexOf("=");
      const name = eq === -1 ? t.slice(2) : t.slice(2, eq);
      if (!valueFlags.includes(name))
        throw new UsageError(`unexpected argument '${t}' found`, usage);
      let value = eq === -1 ? undefined : t.slice(eq + 1);
      if (value === undefined) {
        const next = tokens[i + 1];
        if (next === undefined || (next.length > 1 && next.startsWith("-"))) {
          throw new UsageError(
            `a value is required for '--${name} <${name.toUpperCase()}>' but none was supplied`,
            usage,
          );
        }
        value = next;
        i++;
      }
      if (flags.has(name)) {
        throw new UsageError(`the argument '--${name}' cannot be used multiple times`, usage);
      }
      flags.set(name, value);
      continue;
    }
    if (!onlyPositionals && t.length > 1 && t.startsWith("-")) {
      throw new UsageError(`unexpected argument '${t}' found`, usage);
    }
    if (pos.length >= positionals.length) {
      throw new UsageError(`unexpected argument '${t}' found`, usage);
    }
    pos.push(t);
  }
  if (pos.length < positionals.length) {
    throw new UsageError(
      `the following required arguments were not provided:\n  <${positionals[pos.length]}>`,
      usage,
    );
  }
  return { flags, positionals: pos };
}

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

/** The verb's behaviour with the action's own (`commands["branch compare"]`) over it. */
function actionBehavior(ctx: Ctx, action: string): CommandBehavior {
  const key = `branch ${action}` as keyof NonNullable<typeof ctx.scenario.commands>;
  return { ...ctx.behavior, ...(ctx.scenario.commands?.[key] ?? {}) };
}

/** main.rs `Command::Branch` arm. */
export async function handleBranch(ctx: Ctx): Promise<VerbResult> {
  const action = ctx.parsed.subcommand;
  const tokens = ctx.parsed.positionals;
  switch (action) {
    case "list": {
      parseAction("list", tokens, [], []);
      const branches = registered(ctx).map(branchEntry);
      return {
        json: { version: ctx.version, command: "branch list", branches, total: branches.length },
        exitCode: 0,
        progress: [],
      };
    }
    case "show": {
      const { positionals } = parseAction("show", tokens, [], ["NAME"]);
      const name = positionals[0] as string;
      if (!registered(ctx).includes(name)) throw new RuntimeFailure(`branch '${name}' not found`);
      return {
        json: { version: ctx.version, command: "branch show", branch: branchEntry(name) },
        exitCode: 0,
        progress: [],
      };
    }
    case "compare": {
      const { flags, positionals } = parseAction("compare", tokens, ["filter"], ["NAME"]);
      const name = positionals[0] as string;
      if (!registered(ctx).includes(name)) {
        throw new RuntimeFailure(`branch '${name}' not found — see 'rocky branch list'`);
      }
      // branch.rs: compare::compare with the branch's schema as the shadow schema, default thresholds.
      const behavior = actionBehavior(ctx, "compare");
      const project = await requireProject(ctx);
      const pipeline = pipelineOf(project, null);
      const filter = flags.get("filter") ?? null;
      const spec = specFor(project, pipeline, filter, behavior, {
        suffix: DEFAULT_SHADOW_SUFFIX,
        schemaOverride: `branch__${name}`,
      });
      const res = buildCompare(spec, ctx.version, behavior.compare ?? "pass");
      const out: VerbResult = {
        json: res.json,
        exitCode: res.exitCode,
        progress: [logLine(ctx.format, "INFO", "comparing branch tables", { branch: name })],
      };
      if (res.error !== undefined) out.error = res.error;
      return out;
    }
    default:
      throw new RuntimeFailure(`rocky-sim does not emulate 'rocky branch ${action ?? ""}'`);
  }
}
