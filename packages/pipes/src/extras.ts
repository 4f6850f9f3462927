import { z } from "zod";
import { DagsterPipesError } from "./errors.js";

// `@dagster-rocky/pipes/extras`: typed parsers for the Pipes extras a rocky step reads. The only
// module of the package that uses zod (an optional peer): the root entry point stays dependency
// free.

/** The extra dagster-rocky sends the declared checks in (`PIPES_DECLARED_CHECKS_EXTRA`). */
export const ROCKY_DECLARED_CHECKS_EXTRA = "rocky_declared_checks";

const CHECK_NAME = /^[A-Za-z0-9_]+$/;

const checkName = z
  .string()
  .regex(
    CHECK_NAME,
    "a Dagster check name is [A-Za-z0-9_]+: declare rocky's check under sanitizeCheckName(name) (null_rate:amount → null_rate_amount)",
  );
const assetKeyString = z.string().min(1, "an asset key needs at least one character");
const assetKeyParts = z
  .array(z.string().min(1, "an asset key part cannot be empty"))
  .min(1, "an asset key needs at least one part")
  .transform((parts) => parts.map((p) => p.replaceAll("/", "\\/")).join("/"));

/**
 * The declared checks of a rocky step, in either form:
 * - dagster-rocky's (`RockyResource.run_pipes(declared_checks=...)`): `{"<asset key>": ["check", ...]}`;
 * - a list: `[{"asset_key": "a/b/c" or ["a", "b", "c"], "name": "check"}]`.
 *
 * Parsed to `[{ assetKey, name }]` (asset keys as Dagster user strings), the form
 * `reportRunToPipes` and the check reporters take as `declaredChecks`.
 */
export const RockyDeclaredChecksSchema = z.union([
  z
    .record(assetKeyString, z.array(checkName))
    .transform((byKey) =>
      Object.entries(byKey).flatMap(([assetKey, names]) =>
        names.map((name) => ({ assetKey, name })),
      ),
    ),
  z.array(
    z
      .strictObject({ asset_key: z.union([assetKeyString, assetKeyParts]), name: checkName })
      .transform((c) => ({ assetKey: c.asset_key, name: c.name })),
  ),
]);

/** The parsed declared checks: `{ assetKey, name }` each. */
export type RockyDeclaredChecks = z.output<typeof RockyDeclaredChecksSchema>;
/** One declared check. */
export type RockyDeclaredCheck = RockyDeclaredChecks[number];
/** What Dagster may send as `rocky_declared_checks`. */
export type RockyDeclaredChecksInput = z.input<typeof RockyDeclaredChecksSchema>;

/**
 * Read `extras.rocky_declared_checks` of a Pipes context: the parsed list, or `undefined` when
 * Dagster sent none (outside Dagster too). A malformed value throws `DagsterPipesError`
 * (`INVALID_PARAM`) naming the offending entry and the expected shape.
 */
export function parseRockyDeclaredChecks(
  extras: Readonly<Record<string, unknown>>,
): RockyDeclaredChecks | undefined {
  if (!Object.hasOwn(extras, ROCKY_DECLARED_CHECKS_EXTRA)) return undefined;
  const raw = extras[ROCKY_DECLARED_CHECKS_EXTRA];
  if (raw === null || raw === undefined) return undefined;
  const parsed = RockyDeclaredChecksSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw new DagsterPipesError(
    "INVALID_PARAM",
    `extras.${ROCKY_DECLARED_CHECKS_EXTRA} is malformed: ${describeIssues(raw, parsed.error)}. ` +
      'Pass {"<asset key>": ["<check>", ...]} (as dagster-rocky sends it) or [{"asset_key": "a/b" or ["a", "b"], "name": "<check>"}].',
  );
}

function describeIssues(raw: unknown, error: z.ZodError): string {
  if (raw === null || typeof raw !== "object") {
    return `expected an object or a list, got ${typeof raw}`;
  }
  // A union reports one branch per shape; name the branch that matches the value's shape.
  const issues = error.issues.flatMap((issue) =>
    issue.code === "invalid_union"
      ? (issue.errors[Array.isArray(raw) ? 1 : 0] ?? issue.errors.flat()).map((i) => i)
      : [issue],
  );
  if (issues.length === 0) return "not a list or an object";
  return issues
    .slice(0, 3)
    .map((i) => {
      const path = i.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("");
      return `${path === "" ? "the value" : path.replace(/^\./, "")}: ${i.message}`;
    })
    .join("; ");
}
