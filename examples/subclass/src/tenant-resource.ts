/**
 * A RockyResource subclass for a multi-tenant warehouse: each tenant's shadow
 * tables get their own suffix (`_dagster_pr_42_acme`), so two tenants' PR
 * runs can never overwrite each other's shadow tables, and every run, plan
 * and compare uses a default pipeline unless the call names one.
 *
 * Both overrides run before the resource's fail-closed checks: whatever they
 * return is still validated, so a bug here throws RockyShadowError instead
 * of writing production tables.
 */
import {
  RockyResource,
  type RockyResourceOptions,
  type RockyVerb,
  type ShadowSuffixContext,
  type VerbArgsOptions,
} from "@dagster-rocky/resource";
import { z } from "zod";

/** The base options plus this class's own, for the constructor, fromConfig and fromConfigFile. */
const TenantRockyResourceOptionsSchema = RockyResource.optionsSchema.extend({
  defaultPipeline: z
    .string()
    .regex(/^[A-Za-z0-9_][A-Za-z0-9_-]*$/, { error: "defaultPipeline must be a pipeline name" })
    .optional()
    .describe("Pipeline used by run, plan and compare when the call gives none."),
});

export type TenantRockyResourceOptions = RockyResourceOptions &
  Pick<z.input<typeof TenantRockyResourceOptionsSchema>, "defaultPipeline">;

/** The filter's value as an identifier fragment: `Acme-Corp.EU` -> `acme_corp_eu`; "" when nothing is left. */
export function tenantToken(filter: string): string {
  const value = filter.slice(filter.indexOf("=") + 1);
  return value
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
}

export class TenantRockyResource extends RockyResource {
  /** A config file may set `defaultPipeline` too; a misspelt key is still refused. */
  static override readonly optionsSchema = TenantRockyResourceOptionsSchema;
  readonly defaultPipeline: string | undefined;

  constructor(options: TenantRockyResourceOptions = {}) {
    super(options); // checked against optionsSchema, defaultPipeline included
    this.defaultPipeline = options.defaultPipeline;
  }

  /** The base suffix (e.g. `_dagster_pr_42`) plus the tenant; null (production) stays null. */
  protected override resolveShadowSuffix(ctx: ShadowSuffixContext): string | null | undefined {
    const base = super.resolveShadowSuffix(ctx);
    if (base === null || base === undefined) return base;
    // runModel has no filter: its suffix is the base one.
    const token = tenantToken(ctx.options.filter ?? "");
    return token === "" ? base : `${base}_${token}`;
  }

  protected override buildArgs<V extends RockyVerb>(
    verb: V,
    options: VerbArgsOptions[V],
  ): string[] {
    if (
      this.defaultPipeline !== undefined &&
      (verb === "run" || verb === "plan" || verb === "compare")
    ) {
      const o = options as VerbArgsOptions["run"];
      if (o.pipeline === undefined)
        return super.buildArgs(verb, {
          ...o,
          pipeline: this.defaultPipeline,
        } as VerbArgsOptions[V]);
    }
    return super.buildArgs(verb, options);
  }
}
