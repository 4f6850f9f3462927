import { toAssetKeyString } from "./encoding.js";
import { DagsterPipesError } from "./errors.js";

// The Dagster asset key dagster-rocky 1.74.0 gives a rocky table, so that a Node step and Python
// rocky assets report the same asset. Read from dagster_rocky/translator.py
// (RockyDagsterTranslator.get_asset_key, get_model_asset_key, get_dag_node_asset_key) and
// dagster_rocky/component.py (_native_rocky_key, _build_group_contexts, the `remap` of
// _emit_results, _build_table_resolver, and the model-name resolver of _emit_governance_events).
// interop/test/asset-keys.diff.test.ts compares every rule with the Python code on the same outputs.

/** A table of a discovered source (`rocky discover`'s `sources[].tables[]`). */
export interface RockyDiscoveredTable {
  readonly name: string;
}

/** A discovered source (`rocky discover`'s `sources[]`): the fields the key rules read. */
export interface RockyDiscoveredSource {
  readonly source_type: string;
  /** Schema-pattern components, in rocky's order: a string, or a list for a multi-valued one. */
  readonly components: Readonly<Record<string, unknown>>;
  readonly tables: readonly RockyDiscoveredTable[];
}

/** The part of `rocky discover --output json` the key rules read. */
export interface RockyDiscoverLike {
  readonly sources: readonly RockyDiscoveredSource[];
}

/** A compiled model (`rocky compile`'s `models_detail[]`): its name and `[target]`. */
export interface RockyModelLike {
  readonly name: string;
  readonly target: { readonly catalog: string; readonly schema: string; readonly table: string };
}

/** A node of `rocky dag --output json` (`nodes[]`): the fields its key rule reads. */
export interface RockyDagNodeLike {
  readonly id: string;
  readonly kind: string;
  readonly label: string;
  readonly pipeline?: string | null | undefined;
  readonly target?:
    | { readonly catalog: string; readonly schema: string; readonly table: string }
    | null
    | undefined;
}

const componentValues = (source: RockyDiscoveredSource): unknown[] =>
  Object.values(source.components);

/**
 * The Dagster asset key of a discovered table, as dagster-rocky's default translator gives it
 * (`RockyDagsterTranslator.get_asset_key`): `[source_type, ...component values, table]`, a
 * multi-valued component joined with `__` into one part.
 */
export function rockySourceAssetKey(
  source: RockyDiscoveredSource,
  table: RockyDiscoveredTable,
): string[] {
  return [
    source.source_type,
    ...componentValues(source).map((v) =>
      Array.isArray(v) ? v.map(String).join("__") : String(v),
    ),
    table.name,
  ];
}

/**
 * The key rocky itself prints for that table in `rocky run` (`materializations[].asset_key`;
 * `_native_rocky_key` in dagster-rocky, `asset_key_prefix` in rocky's run.rs):
 * `[source_type, ...component values, table]`, a multi-valued component spread into one part per
 * value. It differs from {@link rockySourceAssetKey} only for multi-valued components, and in a
 * shadow run, where rocky puts the shadow table's name last (run.rs `process_table`).
 */
export function rockyNativeAssetKey(source: RockyDiscoveredSource, tableName: string): string[] {
  return [
    source.source_type,
    ...componentValues(source).flatMap((v) => (Array.isArray(v) ? v.map(String) : [String(v)])),
    tableName,
  ];
}

/** A derived model's key (`get_model_asset_key`): `[catalog, schema, table]` of its `[target]`. */
export function rockyModelAssetKey(model: Pick<RockyModelLike, "target">): string[] {
  return [String(model.target.catalog), String(model.target.schema), String(model.target.table)];
}

const INVALID_KEY_PART = /[^A-Za-z0-9_]/g;

/**
 * A `rocky dag` node's key (`get_dag_node_asset_key`): transformation → `[catalog, schema,
 * table]`, seed → `["seed", label]`, source / load → `[pipeline, kind]`, quality / snapshot →
 * `[kind, pipeline]` (pipeline `"default"` when absent), anything else → the node id with every
 * character outside `[A-Za-z0-9_]` replaced by `_`.
 */
export function rockyDagNodeAssetKey(node: RockyDagNodeLike): string[] {
  const pipeline = node.pipeline ?? "default";
  if (node.kind === "transformation" && node.target !== null && node.target !== undefined) {
    return [node.target.catalog, node.target.schema, node.target.table];
  }
  if (node.kind === "seed") return ["seed", node.label];
  if (node.kind === "source" || node.kind === "load") return [pipeline, node.kind];
  if (node.kind === "quality" || node.kind === "snapshot") return [node.kind, pipeline];
  return [node.id.replace(INVALID_KEY_PART, "_")];
}

/** Options of {@link rockyAssetKeys}. */
export interface RockyAssetKeysOptions {
  /**
   * The `rocky discover` output of the project (as `RockyResource.discover()` returns it): rocky's
   * keys then map to the translator's keys, as dagster-rocky's component maps them.
   */
  readonly discover?: RockyDiscoverLike | undefined;
  /** The `rocky compile` output: model names then resolve to their `[catalog, schema, table]` key. */
  readonly compile?: { readonly models_detail?: readonly RockyModelLike[] | undefined } | undefined;
  /**
   * The shadow suffix the run used (`RockyResource.shadowContext().suffix`), or null. In a shadow
   * run rocky names each table after the shadow table (`orders_dagster_pr_42`). Without this
   * option that name is kept, as dagster-rocky keeps it (its component then finds no declared
   * asset for it and drops the result). With it, a name ending in the suffix is reported on the
   * production table's asset. A divergence from dagster-rocky: see docs/parity.md.
   */
  readonly shadowSuffix?: string | null | undefined;
}

/** How rocky's identifiers of one project resolve to Dagster asset keys (see {@link rockyAssetKeys}). */
export interface RockyAssetKeys {
  /**
   * rocky's `asset_key` of a run entry (a materialization, a table's checks, a failed table) →
   * the Dagster key: the translator's key of that discovered table, else rocky's key unchanged
   * (dagster-rocky's `remap`). Usable as `reportRunToPipes`'s `assetKeyFor`.
   */
  forEntry(entry: { readonly asset_key: readonly string[] }): string[];
  /** The same for a bare key. */
  forRockyKey(rockyKey: readonly string[]): string[];
  /**
   * A table named by a string (`anomalies[].table`, `drift.actions_taken[].table`:
   * `catalog.schema.table`, `schema.table` or a bare name) → its Dagster key, or null
   * (dagster-rocky's `_build_table_resolver`): each dotted tail tried as a rocky key, then the
   * last part alone when exactly one known table ends with it; an ambiguous name resolves to null.
   * `selected` (the step's asset keys as user strings, `pipes.assetKeys`) limits the candidates,
   * as the component limits them to the step's selection.
   */
  forTable(identifier: string, selected?: ReadonlySet<string>): string[] | null;
  /**
   * A model name (`rocky compliance` / `rocky retention-status` rows) → the key of the discovered
   * table with that name (the last one when several share it, as dagster-rocky's resolver
   * overwrites), else the compiled model with that name, else null. `selected` limits the result.
   */
  forModel(model: string, selected?: ReadonlySet<string>): string[] | null;
}

/** A key's identity inside the resolver (JSON: unambiguous for any part). */
const keyId = (parts: readonly string[]): string => JSON.stringify(parts);

/**
 * The asset-key rules of dagster-rocky's component for one project. From `discover`, each rocky
 * key maps to the translator's key of its table, built as `_build_group_contexts` builds it:
 * sources grouped by the translator's group name, and within a group a table whose Dagster key
 * is already taken is skipped (its rocky key keeps its own name). Without `discover` every rocky
 * key stands for itself, which is the translator's key for any project without multi-valued
 * components.
 */
export function rockyAssetKeys(options: RockyAssetKeysOptions = {}): RockyAssetKeys {
  const suffix = options.shadowSuffix ?? null;
  if (suffix !== null && (typeof suffix !== "string" || !/^[A-Za-z0-9_]+$/.test(suffix))) {
    throw new DagsterPipesError(
      "INVALID_PARAM",
      `rockyAssetKeys: shadowSuffix must be an identifier ([A-Za-z0-9_]+) or null, got ${JSON.stringify(suffix)}.`,
    );
  }
  // rocky key (keyId) → rocky key and Dagster key; insertion order = discover order.
  const native = new Map<string, { readonly rocky: string[]; readonly key: string[] }>();
  for (const group of groupsOf(options.discover)) {
    const seen = new Set<string>();
    for (const [source, table] of group) {
      const key = rockySourceAssetKey(source, table);
      if (seen.has(keyId(key))) continue;
      seen.add(keyId(key));
      const rocky = rockyNativeAssetKey(source, table.name);
      if (!native.has(keyId(rocky))) native.set(keyId(rocky), { rocky, key });
    }
  }
  const models = new Map<string, string[]>();
  for (const model of options.compile?.models_detail ?? []) {
    models.set(model.name, rockyModelAssetKey(model));
  }
  // Last wins, as `{tup[-1]: key for tup, key in map.items()}` in _emit_governance_events.
  const byLastPart = new Map<string, string[]>();
  for (const { rocky, key } of native.values()) byLastPart.set(rocky.at(-1) as string, key);

  const unsuffixed = (name: string): string | null =>
    suffix !== null && name.length > suffix.length && name.endsWith(suffix)
      ? name.slice(0, -suffix.length)
      : null;

  const forRockyKey = (rockyKey: readonly string[]): string[] => {
    const exact = native.get(keyId(rockyKey));
    if (exact !== undefined) return [...exact.key];
    const last = rockyKey.at(-1);
    const production = last === undefined ? null : unsuffixed(last);
    if (production !== null) {
      const prodKey = [...rockyKey.slice(0, -1), production];
      return [...(native.get(keyId(prodKey))?.key ?? prodKey)];
    }
    return [...rockyKey];
  };

  const resolveIn = (identifier: string, selected: ReadonlySet<string> | undefined) =>
    resolveTable(native.values(), identifier, selected);

  return {
    forEntry: (entry) => forRockyKey(entry.asset_key),
    forRockyKey,
    forTable(identifier, selected) {
      const direct = resolveIn(identifier, selected);
      if (direct !== null || suffix === null) return direct;
      const parts = identifier.split(".");
      const production = unsuffixed(parts.at(-1) as string);
      if (production === null) return null;
      return resolveIn([...parts.slice(0, -1), production].join("."), selected);
    },
    forModel(model, selected) {
      const key = byLastPart.get(model) ?? models.get(model);
      if (key === undefined) return null;
      return inSelection(key, selected) ? [...key] : null;
    },
  };
}

const inSelection = (key: readonly string[], selected?: ReadonlySet<string>): boolean =>
  selected === undefined || selected.has(toAssetKeyString(key));

/**
 * @internal
 * dagster-rocky's `_build_table_resolver` over known (rocky key, Dagster key) pairs: each dotted
 * tail of `identifier` tried as a rocky key (a hit outside `selected` resolves to null), then the
 * last part alone when exactly one known rocky key ends with it (counting pairs, not assets).
 */
export function resolveTable(
  known: Iterable<{ readonly rocky: readonly string[]; readonly key: readonly string[] }>,
  identifier: string,
  selected: ReadonlySet<string> | undefined,
): string[] | null {
  const pairs = [...known];
  const byRocky = new Map(pairs.map((p) => [JSON.stringify(p.rocky), p.key]));
  const parts = identifier.split(".");
  for (let start = 0; start < parts.length; start++) {
    const hit = byRocky.get(JSON.stringify(parts.slice(start)));
    if (hit !== undefined) return inSelection(hit, selected) ? [...hit] : null;
  }
  const last = parts.at(-1);
  const candidates = pairs.filter((p) => p.rocky.at(-1) === last && inSelection(p.key, selected));
  return candidates.length === 1 ? [...(candidates[0] as { key: readonly string[] }).key] : null;
}

/** Discovered tables grouped as `_build_group_contexts` groups them (translator's `get_group_name`). */
function groupsOf(
  discover: RockyDiscoverLike | undefined,
): [RockyDiscoveredSource, RockyDiscoveredTable][][] {
  const groups = new Map<string, [RockyDiscoveredSource, RockyDiscoveredTable][]>();
  for (const source of discover?.sources ?? []) {
    const name = rockyGroupName(source);
    let group = groups.get(name);
    if (group === undefined) {
      group = [];
      groups.set(name, group);
    }
    for (const table of source.tables) group.push([source, table]);
  }
  return [...groups.values()];
}

/**
 * The Dagster group of a discovered source (`RockyDagsterTranslator.get_group_name`): its first
 * single-valued component, else its source type.
 */
export function rockyGroupName(source: RockyDiscoveredSource): string {
  for (const v of componentValues(source)) if (typeof v === "string") return v;
  return source.source_type;
}

/**
 * @internal
 * Compile-time guards (stripped from the published types): the resource's `DiscoverOutput`,
 * `CompileOutput` and `DagOutput` nodes stay assignable to the shapes read here.
 */
export type ResourceOutputsAreAccepted<
  D extends RockyDiscoverLike = import("@dagster-rocky/resource/schemas").DiscoverOutput,
  C extends NonNullable<
    RockyAssetKeysOptions["compile"]
  > = import("@dagster-rocky/resource/schemas").CompileOutput,
  N extends RockyDagNodeLike = import("@dagster-rocky/resource/schemas").DagOutput["nodes"][number],
> = [D, C, N];
