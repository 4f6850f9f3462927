/**
 * The flags `run` and `plan` share, as main.rs reads them (Run and Plan arms), and the shadow
 * configuration they make (`--shadow`, `--shadow-suffix`, `--shadow-schema`, `--branch`).
 */
import { bool, type Ctx, RuntimeFailure, str } from "../context.js";
import { DEFAULT_SHADOW_SUFFIX, type ShadowConfig } from "./warehouse.js";

/** Flags shared by run and plan, as main.rs reads them. */
export interface RunFlags {
  filter: string | null;
  pipeline: string | null;
  shadow: boolean;
  /** clap default_value = "_rocky_shadow". */
  shadowSuffix: string;
  shadowSchema: string | null;
  branch: string | null;
  idempotencyKey: string | null;
}

export function runFlags(ctx: Ctx): RunFlags {
  const f = ctx.parsed.flags;
  return {
    filter: str(f, "filter"),
    pipeline: str(f, "pipeline"),
    shadow: bool(f, "shadow"),
    shadowSuffix: str(f, "shadow-suffix") ?? DEFAULT_SHADOW_SUFFIX,
    shadowSchema: str(f, "shadow-schema"),
    branch: str(f, "branch"),
    // clap `env = "ROCKY_IDEMPOTENCY_KEY"` on run and plan.
    idempotencyKey: str(f, "idempotency-key") ?? ctx.env.ROCKY_IDEMPOTENCY_KEY ?? null,
  };
}

/** main.rs (Run and Plan arms): --idempotency-key with --resume / --resume-latest. */
export function checkIdempotencyVsResume(ctx: Ctx, rf: RunFlags): void {
  const f = ctx.parsed.flags;
  if (rf.idempotencyKey !== null && (f.has("resume") || bool(f, "resume-latest"))) {
    throw new RuntimeFailure(
      "--idempotency-key cannot be combined with --resume / --resume-latest (resume is an explicit override of idempotent skip)",
    );
  }
}

/**
 * main.rs Run arm: `--branch` reads the branch record from the state store (`rocky branch create`
 * registers it; schema_prefix `branch__<name>`, branch.rs). rocky-sim has no state store: the
 * scenario's `branches` lists the registered ones.
 */
function branchSchema(ctx: Ctx, name: string): string {
  if (!(ctx.scenario.branches ?? []).includes(name)) {
    throw new RuntimeFailure(
      `branch '${name}' not found — create it with \`rocky branch create ${name}\``,
    );
  }
  return `branch__${name}`;
}

/** main.rs: a ShadowConfig exists only with --branch or --shadow; otherwise suffix/schema are inert. */
export function shadowConfig(ctx: Ctx, rf: RunFlags): ShadowConfig | null {
  if (rf.branch !== null) {
    return { suffix: rf.shadowSuffix, schemaOverride: branchSchema(ctx, rf.branch) };
  }
  if (rf.shadow) return { suffix: rf.shadowSuffix, schemaOverride: rf.shadowSchema };
  return null;
}
