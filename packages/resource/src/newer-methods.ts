/**
 * The `RockyResource` methods of the verbs engines newer than 1.71 added
 * (rocky-sdk 0.29.0 and dagster-rocky 1.74.0 wrap them), and `runCli`. They
 * are methods of the class like any other (declared on its interface,
 * installed on its prototype by resource.ts with the class's own private
 * call path); they live here to keep resource.ts one readable file.
 */
import type { ShadowContext } from "./shadow/index.js";
import { loadAllVerbs, type OptionsOf, type ResultOf, type RockyVerb } from "./verbs/index.js";
import type * as V from "./verbs/public.js";
import type { RunCliOptions, RunCliResult } from "./verbs/run-cli.js";
import type { VerbSpec } from "./verbs/types.js";

/** What the methods need from the resource: its private call paths, bound. @internal */
export interface NewerMethodsHost<R extends object = object> {
  /** A table verb's call (`#invoke`). */
  readonly invoke: <K extends RockyVerb>(
    self: R,
    verb: K,
    input: OptionsOf<K>,
  ) => Promise<ResultOf<K>>;
  /** A call of a spec outside the table (`#run`). */
  readonly run: <T>(self: R, spec: VerbSpec, input: unknown) => Promise<T>;
  /** What `shadowContext()` says for a run with no options. */
  readonly shadowContext: (self: R) => ShadowContext;
}

/** The methods (on `RockyResource`). */
export interface NewerVerbMethods {
  /**
   * `rocky freshness`: per-source and per-model freshness (rocky >= 1.72).
   * Failed checks (exit 1 with the report) are a result: read `summary`.
   */
  freshness(options?: V.FreshnessOptions): Promise<V.FreshnessResult>;
  /**
   * `rocky cost --month <YYYY-MM> --by product`: a month of production cost
   * split across data products, in physical units (rocky >= 1.72).
   */
  costByProduct(month: string, options?: V.CostByProductOptions): Promise<V.CostByProductResult>;
  /** `rocky product list`: every product, one status row each (read-only; rocky >= 1.74). */
  productList(options?: V.ProductListOptions): Promise<V.ProductListResult>;
  /**
   * `rocky product journal <product>`: the fulfillment journal (read-only;
   * rocky >= 1.74). An unknown product is a RockyCommandError.
   */
  productJournal(
    product: string,
    options?: V.ProductJournalOptions,
  ): Promise<V.ProductJournalResult>;
  /** `rocky package list`: the vendored dbt packages (read-only; rocky >= 1.77). */
  packageList(options?: V.PackageListOptions): Promise<V.PackageListResult>;
  /**
   * `rocky package add <spec>`: vendors a dbt Hub package (rocky >= 1.77).
   * It rewrites the project and may run dbt against the warehouse: refused
   * where runs are shadowed (RockyShadowError, nothing spawned).
   */
  packageAdd(spec: string, options?: V.PackageAddOptions): Promise<V.PackageAddResult>;
  /**
   * `rocky package update [<name>]`: recompiles the vendored packages (every
   * one without a name; rocky >= 1.77). Refused where runs are shadowed.
   */
  packageUpdate(name?: string, options?: V.PackageUpdateOptions): Promise<V.PackageUpdateResult>;
  /** `rocky package remove <name>` (rocky >= 1.77). Refused where runs are shadowed. */
  packageRemove(name: string, options?: V.PackageRemoveOptions): Promise<V.PackageRemoveResult>;
  /**
   * `rocky state reconcile-watermark --pipeline <pipeline>`: sets incremental
   * cursors from the recorded targets (rocky >= 1.72). It writes the state
   * store: refused where runs are shadowed, unless `dryRun: true`.
   */
  reconcileWatermark(
    pipeline: string,
    options?: V.ReconcileWatermarkOptions,
  ): Promise<V.ReconcileWatermarkResult>;
  /** `rocky state schedule spool`: webhook demands not yet consumed (read-only; rocky >= 1.74). */
  scheduleSpool(options?: V.ScheduleSpoolOptions): Promise<V.ScheduleSpoolResult>;
  /**
   * `rocky profile <model>`: a per-column profile of the model's table
   * (DuckDB only; rocky >= 1.46, `sample` > 0 rocky >= 1.77).
   */
  profile(model: string, options?: V.ProfileOptions): Promise<V.ProfileResult>;
  /**
   * rocky-sdk's `run_cli`: runs `rocky <global flags> ...args` for a verb no
   * method wraps and resolves to stdout, parsed when it is JSON. A non-zero
   * exit is a RockyCommandError or, when stdout is JSON, a
   * RockyPartialFailureError (the output itself with `allowPartial: true`).
   * Refused before any spawn: args that are not strings or hold NUL, args
   * starting with a flag (global flags are the resource's), a shadowed write
   * (`--shadow...` on a verb not known read-only), and, where runs are
   * shadowed or carry a suffix, any argv not known read-only from the verb
   * table's shadow policies.
   */
  runCli(args: readonly string[], options?: RunCliOptions): Promise<RunCliResult>;
}

/** The methods, calling through `host` (`this` is the resource). @internal */
export function newerVerbMethods<R extends object>(host: NewerMethodsHost<R>): NewerVerbMethods {
  const invoke = host.invoke as NewerMethodsHost["invoke"];
  const shadowContext = host.shadowContext as NewerMethodsHost["shadowContext"];
  const run = host.run as NewerMethodsHost["run"];
  return {
    freshness(options = {}) {
      return invoke(this, "freshness", options);
    },
    costByProduct(month, options = {}) {
      return invoke(this, "costByProduct", { ...options, month });
    },
    productList(options = {}) {
      return invoke(this, "productList", options);
    },
    productJournal(product, options = {}) {
      return invoke(this, "productJournal", { ...options, product });
    },
    packageList(options = {}) {
      return invoke(this, "packageList", options);
    },
    packageAdd(spec, options = {}) {
      return invoke(this, "packageAdd", { ...options, spec });
    },
    packageUpdate(name, options = {}) {
      return invoke(this, "packageUpdate", name === undefined ? options : { ...options, name });
    },
    packageRemove(name, options = {}) {
      return invoke(this, "packageRemove", { ...options, name });
    },
    reconcileWatermark(pipeline, options = {}) {
      return invoke(this, "reconcileWatermark", { ...options, pipeline });
    },
    scheduleSpool(options = {}) {
      return invoke(this, "scheduleSpool", options);
    },
    profile(model, options = {}) {
      return invoke(this, "profile", { ...options, model });
    },
    async runCli(given, options = {}) {
      // Copied once, before any check: what is checked is what is spawned, whatever the
      // caller's array (or its iterator) does afterwards.
      const copy: unknown = Array.isArray(given) ? Object.freeze(Array.from(given)) : given;
      const cli = await import("./verbs/run-cli.js");
      cli.checkRunCliArgs(copy);
      const args = copy as readonly string[];
      const table = Object.values(await loadAllVerbs()) as unknown as VerbSpec[];
      const target = cli.runCliTarget(args, table);
      cli.assertNoShadowedWrite(args, target);
      if (!target.readOnly) {
        // What run() would do here: shadowing required, or a suffix in force (mode or hook).
        const ctx = shadowContext(this);
        if (ctx.shadowRequired) {
          const why = `where runs are shadowed (shadowMode "${ctx.shadowMode}")`;
          throw cli.refusedWhereShadowed(target, why);
        }
        if (ctx.suffix !== null) {
          const why = `while runs carry shadow suffix ${JSON.stringify(ctx.suffix)}`;
          throw cli.refusedWhereShadowed(target, why);
        }
      }
      const spec = cli.runCliSpec(args, target, table) as unknown as VerbSpec;
      return run<RunCliResult>(this, spec, { ...options, args });
    },
  };
}

/**
 * Installs the methods on `prototype` as class methods are (non-enumerable,
 * writable, so a subclass may override them). @internal
 */
export function installNewerMethods<R extends object>(
  prototype: R,
  host: NewerMethodsHost<R>,
): void {
  const descriptors = Object.getOwnPropertyDescriptors(newerVerbMethods(host));
  for (const descriptor of Object.values(descriptors)) descriptor.enumerable = false;
  Object.defineProperties(prototype, descriptors);
}
