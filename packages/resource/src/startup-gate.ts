/**
 * `RockyResource.create`'s doctor gate: which checks are strict, and which
 * findings of one `rocky doctor` report fail the startup.
 */
import { type DoctorFailure, RockyConfigError, RockyDoctorError } from "./errors.js";
import type { LoggerLike } from "./logger.js";
import type { DoctorOutput } from "./schemas/doctor.js";

/**
 * The check names rocky doctor knows (the `should_run` names of engine 1.71.0's
 * `commands/doctor.rs`). Validated because `rocky doctor --check=<unknown>`
 * silently runs nothing.
 */
export const DOCTOR_CHECKS = Object.freeze([
  "config",
  "state",
  "state_schema",
  "adapters",
  "pipelines",
  "state_sync",
  "state_rw",
  "state_concurrency",
  "auth",
  "scheduler",
] as const);

/** One of {@link DOCTOR_CHECKS}. */
export type DoctorCheckName = (typeof DOCTOR_CHECKS)[number];

/** `create`'s `strictDoctor` option: every check (`true`), the named checks, or none (`false`, the default). */
export type StrictDoctor = boolean | readonly DoctorCheckName[];

/** The strict checks: every check (`true`), the named ones, or none. @internal */
export type StrictChecks = "all" | readonly DoctorCheckName[] | null;

/** Validates `create`'s `strictDoctor` option; throws RockyConfigError naming it. @internal */
export function parseStrictDoctor(value: unknown): StrictChecks {
  if (value === undefined || value === false) return null;
  if (value === true) return "all";
  const fail = (message: string): never => {
    throw new RockyConfigError([{ path: "strictDoctor", message }], {
      context: "RockyResource.create options",
    });
  };
  if (!Array.isArray(value))
    return fail(
      `strictDoctor must be true, false or a list of check names (${DOCTOR_CHECKS.join(", ")})`,
    );
  if (value.length === 0)
    return fail(
      "strictDoctor is an empty list: pass true for every check, name at least one check, or leave it out",
    );
  const known: readonly string[] = DOCTOR_CHECKS;
  value.forEach((name, i) => {
    if (typeof name !== "string" || !known.includes(name)) {
      const shown = typeof name === "string" ? JSON.stringify(name.slice(0, 40)) : typeof name;
      fail(
        `strictDoctor[${i}] ${shown} is not a rocky doctor check; use one of ${DOCTOR_CHECKS.join(", ")}`,
      );
    }
  });
  return Object.freeze([...new Set(value as DoctorCheckName[])]);
}

/** `auth/<adapter>` belongs to the `auth` check. */
const groupOf = (name: string): string => name.split("/", 1)[0] ?? name;

/**
 * The strict failures in `report`: a check that is critical, or whose status
 * the SDK does not know, and that `strict` covers. Warnings and non-strict
 * failures are logged. @internal
 */
export function doctorFailures(
  report: DoctorOutput,
  strict: Exclude<StrictChecks, null>,
  logger: LoggerLike,
): DoctorFailure[] {
  const failures: DoctorFailure[] = [];
  for (const check of report.checks) {
    const status = String(check.status);
    if (status === "healthy") continue;
    const finding = { name: check.name, status, message: check.message };
    if (status === "warning") {
      logger.warn({ check: finding }, "rocky doctor warning");
      continue;
    }
    const isStrict =
      strict === "all" || (strict as readonly string[]).includes(groupOf(check.name));
    if (isStrict) failures.push(finding);
    else logger.warn({ check: finding }, "rocky doctor failure on a non-strict check");
  }
  return failures;
}

/**
 * `create`'s doctor step: one `rocky doctor`; throws RockyDoctorError listing
 * the strict failures, or carrying the error that kept doctor from reporting. @internal
 */
export async function strictDoctorGate(
  doctor: () => Promise<DoctorOutput>,
  strict: Exclude<StrictChecks, null>,
  logger: LoggerLike,
): Promise<void> {
  let report: DoctorOutput;
  try {
    report = await doctor();
  } catch (error) {
    throw new RockyDoctorError([], { cause: error });
  }
  const failures = doctorFailures(report, strict, logger);
  if (failures.length > 0) throw new RockyDoctorError(failures);
}
