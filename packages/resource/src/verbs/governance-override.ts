/**
 * `--governance-override`: the JSON rocky deserializes into rocky-core's
 * `GovernanceOverride` (engine/crates/rocky-core/src/config.rs; parsed by
 * `parse_governance_override` in engine/rocky/src/main.rs). Its fields:
 * - `workspace_ids`: `Option<Vec<WorkspaceBindingConfig>>`, each `{ id: u64,
 *   binding_type: "READ_WRITE" | "READ_ONLY" }` (deny_unknown_fields; the
 *   binding type defaults to READ_WRITE). A bare id such as `123` is refused
 *   by rocky's parser. `[]` revokes every binding and needs
 *   `allow_empty_workspace_ids: true` (`validate_workspace_ids`).
 * - `allow_empty_workspace_ids`: bool, rocky's own consent for `[]`.
 * - `grants` / `schema_grants`: `Vec<GrantConfig>`, each `{ principal,
 *   permissions }` (deny_unknown_fields). rocky skips a permission it does not
 *   know with a warning (commands/run.rs), so an unknown one is refused here.
 * rocky ignores any other key; here a misspelt key is an error instead.
 * The payload may be a secret: no message quotes a value.
 */
import { z } from "zod";
import { RockyConfigError } from "../errors.js";
import { parseOrThrow } from "../validation.js";
import { secret } from "../value-rules.js";

/** Permissions rocky grants on a catalog (commands/run.rs, the catalog grants). */
export const CATALOG_PERMISSIONS = [
  "BROWSE",
  "USE CATALOG",
  "USE SCHEMA",
  "SELECT",
  "MODIFY",
  "MANAGE",
] as const;
/** Permissions rocky grants on a schema (commands/run.rs, the schema grants). */
export const SCHEMA_PERMISSIONS = ["USE SCHEMA", "SELECT", "MODIFY"] as const;

const BINDING_EXAMPLE = '[{ id: 1234567890, binding_type: "READ_ONLY" }]';

/** rocky-core `WorkspaceBindingConfig`: `{ id, binding_type? }`. */
export const WorkspaceBindingSchema = z.strictObject(
  {
    /** The Databricks workspace id (rocky's u64; a whole number up to 2^53 - 1 here). */
    id: z
      .number({
        error: `each workspace_ids entry needs id: the workspace id as a number, e.g. ${BINDING_EXAMPLE}`,
      })
      .int({ error: "a workspace id must be a whole number" })
      .nonnegative({ error: "a workspace id must be >= 0" })
      .max(Number.MAX_SAFE_INTEGER, {
        error: `a workspace id must be at most ${Number.MAX_SAFE_INTEGER} (a JavaScript number above it is not exact)`,
      }),
    /** Access level of the binding; rocky defaults to READ_WRITE. */
    binding_type: z
      .enum(["READ_WRITE", "READ_ONLY"], {
        error: 'binding_type must be "READ_WRITE" or "READ_ONLY"',
      })
      .optional(),
  },
  {
    error: (issue) =>
      issue.code === "invalid_type"
        ? `each workspace_ids entry is an object { id, binding_type? }, not a bare id: write ${BINDING_EXAMPLE}`
        : undefined,
  },
);

/** rocky-core `GrantConfig` with the permissions rocky applies `where`. */
const grant = (permissions: readonly [string, ...string[]], where: string) =>
  z.strictObject(
    {
      principal: z
        .string({ error: "principal must be a string (a user, group or service principal)" })
        .min(1, { error: "principal must not be empty" }),
      permissions: z.array(
        z.enum(permissions, {
          error: `${where} permissions are ${permissions.map((p) => `"${p}"`).join(", ")} (rocky skips any other with a warning)`,
        }),
        { error: "permissions must be a list of permission names" },
      ),
    },
    {
      error: (issue) =>
        issue.code === "invalid_type"
          ? 'each grant is an object { principal, permissions }, e.g. { principal: "analysts", permissions: ["SELECT"] }'
          : undefined,
    },
  );

/** A catalog grant (rocky-core `GrantConfig`). */
export const CatalogGrantSchema = grant(CATALOG_PERMISSIONS, "catalog");
/** A schema grant (rocky-core `GrantConfig`). */
export const SchemaGrantSchema = grant(SCHEMA_PERMISSIONS, "schema");

/** rocky-core's `GovernanceOverride`, as `--governance-override` takes it. */
export const GovernanceOverrideSchema = z.strictObject(
  {
    /** Workspaces the catalog stays bound to, `[{ id, binding_type? }]`; `[]` revokes every binding. */
    workspace_ids: z
      .array(WorkspaceBindingSchema, {
        error: `workspace_ids must be a list of { id, binding_type? } objects, e.g. ${BINDING_EXAMPLE}`,
      })
      .optional(),
    /** rocky's consent for an empty `workspace_ids` (a full revoke). */
    allow_empty_workspace_ids: z
      .boolean({ error: "allow_empty_workspace_ids must be a boolean" })
      .optional(),
    /** Catalog grants added to the config's for this run. */
    grants: z.array(CatalogGrantSchema, { error: "grants must be a list" }).optional(),
    /** Schema grants added to the config's for this run. */
    schema_grants: z.array(SchemaGrantSchema, { error: "schema_grants must be a list" }).optional(),
  },
  {
    error: (issue) =>
      issue.code === "invalid_type" ? "governanceOverride must be a plain JSON object" : undefined,
  },
);

/** `--governance-override` payload (rocky-core `GovernanceOverride`). */
export type GovernanceOverride = z.input<typeof GovernanceOverrideSchema>;

const EMPTY_WORKSPACE_IDS =
  "an empty workspace_ids list revokes every workspace binding on the catalog; set allow_empty_workspace_ids: true in the override (or pass allowEmptyWorkspaceIds: true) if that is intended, or omit workspace_ids";

/**
 * Why an override needs consent it lacks: an empty `workspace_ids` without
 * `allow_empty_workspace_ids: true` in the override or the call's
 * `allowEmptyWorkspaceIds: true`. Null when it is fine.
 */
export function emptyWorkspaceIdsProblem(
  override: GovernanceOverride | undefined,
  callConsent: boolean | undefined,
): string | null {
  const ws = override?.workspace_ids;
  if (!Array.isArray(ws) || ws.length > 0) return null;
  if (override?.allow_empty_workspace_ids === true || callConsent === true) return null;
  return EMPTY_WORKSPACE_IDS;
}

/**
 * Appends the `--governance-override=<json>` argument. rocky reads its
 * consent for an empty `workspace_ids` from the override itself, so the
 * call's `allowEmptyWorkspaceIds: true` is sent there as
 * `allow_empty_workspace_ids: true`. An override with no field set (`{}`)
 * sends nothing, as rocky-sdk (`if governance_override:`): rocky would merge
 * nothing from it.
 */
export function pushGovernanceOverride(
  args: string[],
  override: GovernanceOverride | undefined,
  allowEmptyWorkspaceIds: boolean | undefined,
): void {
  if (override === undefined) return;
  if (Object.values(override).every((v) => v === undefined)) return;
  const sent =
    allowEmptyWorkspaceIds === true && override.workspace_ids?.length === 0
      ? { ...override, allow_empty_workspace_ids: true }
      : override;
  args.push(`--governance-override=${JSON.stringify(sent)}`);
}

const STANDALONE = z.strictObject({
  governanceOverride: secret(GovernanceOverrideSchema, "--governance-override"),
});
const STANDALONE_CONTEXT = "governance override (RockyResource.validateGovernanceOverride)";

/**
 * rocky-sdk's `validate_governance_override`: nothing for null or undefined;
 * otherwise a RockyConfigError naming the field unless `override` is
 * rocky-core's `GovernanceOverride` and an empty `workspace_ids` carries
 * `allow_empty_workspace_ids: true`. No message quotes a value. @internal
 */
export function validateGovernanceOverride(override: unknown): void {
  if (override === null || override === undefined) return;
  const { governanceOverride } = parseOrThrow(
    STANDALONE,
    { governanceOverride: override },
    { context: STANDALONE_CONTEXT },
  );
  const empty = emptyWorkspaceIdsProblem(governanceOverride, undefined);
  if (empty !== null) {
    throw new RockyConfigError([{ path: "governanceOverride.workspace_ids", message: empty }], {
      context: STANDALONE_CONTEXT,
    });
  }
}
