/**
 * The environment rocky gets, as dagster-rocky gives it (rocky-sdk 0.29.0
 * `RockyClient._rocky_env` and `run_cli`):
 * - every `DAGSTER_PIPES_*` variable removed, always. rocky has its own Pipes
 *   emitter: a Node step launched by Dagster (with or without a Node Pipes
 *   session open) must not let rocky write its own messages, `closed`
 *   included, into Dagster's session.
 * - `ROCKY_SUPPRESS_DEPRECATION=1` unless the environment sets it (to any
 *   value): rocky's deprecation notices on stderr are for people at a
 *   terminal, not for an orchestrator's log (rocky-cli/src/deprecation.rs).
 * This is the one place the child environment is derived from the caller's.
 */

/** The prefix of the variables Dagster Pipes launches a process with. @internal */
export const PIPES_ENV_PREFIX = "DAGSTER_PIPES_";
/** rocky's switch for its deprecation notices; set to "1" unless the caller set it. @internal */
export const SUPPRESS_DEPRECATION_ENV = "ROCKY_SUPPRESS_DEPRECATION";

/** The child's environment: `env` without any `DAGSTER_PIPES_*`, deprecation notices off by default. @internal */
export function childEnv(
  env: Readonly<Record<string, string | undefined>>,
): Readonly<Record<string, string | undefined>> {
  const copy: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith(PIPES_ENV_PREFIX)) copy[name] = value;
  }
  if (copy[SUPPRESS_DEPRECATION_ENV] === undefined) copy[SUPPRESS_DEPRECATION_ENV] = "1";
  return copy;
}
