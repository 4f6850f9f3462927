/**
 * What the four `rocky package` verbs share (rocky >= 1.77.0, rocky-sdk
 * 0.29.0's table of engine floors): the floor, and the flags `add` and
 * `update` both take (rocky-sdk `_package_build_args`, `_build_empty_args`,
 * `_dbt_run_args`).
 */
import { z } from "zod";
import { argString, flag, path, secret, u32, varName } from "../value-rules.js";
import { opt, sw } from "./flags.js";

/** rocky's first release with `rocky package`. @internal */
export const PACKAGE_FLOOR = "1.77.0";

/** Options `packageAdd()` and `packageUpdate()` share. */
export interface PackageBuildOptions {
  /**
   * dbt vars, one `--vars=<name>=<value>` each, in insertion order. rocky
   * stores them in clear text in `rocky-packages.lock`; masked in the SDK's
   * logs. A name holds no `=`.
   */
  vars?: Readonly<Record<string, string>> | undefined;
  /** An already-compiled dbt project to vendor from instead of running dbt (`--compiled`). */
  compiled?: string | undefined;
  /**
   * `true` sends `--build-empty` (dbt runs `dbt run --empty` first, which
   * writes empty `rocky_package_build*` schemas to the warehouse and runs the
   * package's hooks); `false` sends `--build-empty=false`; unset keeps
   * rocky's default (compile only on add, the lockfile's mode on update).
   */
  buildEmpty?: boolean | undefined;
  /** Accept credential-like var names (`--allow-secret-var`): their values land in the lockfile. */
  allowSecretVar?: boolean | undefined;
  /** Limit of each dbt step in seconds (`--dbt-timeout`, >= 1; rocky's default 1800). */
  dbtTimeout?: number | undefined;
}

/** The zod fields of {@link PackageBuildOptions}. @internal */
export const packageBuildShape = {
  vars: secret(
    z.record(varName("vars name"), argString("vars value"), {
      error: 'vars must be an object of name to string value, e.g. { stripe_schema: "raw" }',
    }),
    "--vars",
  ).optional(),
  compiled: path("compiled", '"./target/dbt_project"').optional(),
  buildEmpty: flag("buildEmpty").optional(),
  allowSecretVar: flag("allowSecretVar").optional(),
  dbtTimeout: u32("dbtTimeout", 1).optional(),
};

/** The flags of {@link PackageBuildOptions}, after `--target-schema` when add gives one. @internal */
export function pushPackageBuildArgs(
  args: string[],
  o: Readonly<PackageBuildOptions> & { readonly targetSchema?: string | undefined },
): void {
  for (const [name, value] of Object.entries(o.vars ?? {})) args.push(`--vars=${name}=${value}`);
  opt(args, "target-schema", o.targetSchema);
  opt(args, "compiled", o.compiled);
  if (o.buildEmpty === true) args.push("--build-empty");
  if (o.buildEmpty === false) args.push("--build-empty=false");
  sw(args, "allow-secret-var", o.allowSecretVar);
  opt(args, "dbt-timeout", o.dbtTimeout);
}

/**
 * Why the package verbs that write are refused where shadowing is required:
 * they rewrite the project (`models/packages/`, `rocky-packages.lock`), and
 * `add`/`update` may run dbt against the warehouse (`--build-empty`, or the
 * lockfile's recorded mode on update) with schemas no shadow suffix reaches.
 * A development step, not an orchestration step (dagster-rocky exposes only
 * `package list`). @internal
 */
export const PACKAGE_WRITE_POLICY = "refused_when_shadowed" as const;
