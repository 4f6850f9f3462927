/**
 * Transformation models as rocky reads them (rocky-core models.rs, rocky-compiler project.rs): a
 * `<name>.sql` or `<name>.rocky` file with its sidecar `<name>.toml` (`name`, `depends_on`,
 * `[strategy]`, `[target]`), directory defaults in `_defaults.toml`, loaded in path order. The
 * dependencies are `depends_on` plus the models the SQL reads; the columns and their sources come
 * from the select list (rocky-sql lineage.rs `TransformKind`: direct, cast, aggregation, expression).
 */
import { basename, dirname, extname, join } from "node:path";
import type { ProjectFs } from "./files.js";

export interface SimModel {
  readonly name: string;
  readonly file: string;
  readonly sql: string;
  readonly dependsOn: readonly string[];
  readonly catalog: string;
  readonly schema: string;
  readonly table: string;
  /** `[strategy] type` (full_refresh when absent). */
  readonly strategy: string;
  /** The strategy table as written, for outputs that echo it. */
  readonly strategyConfig: Readonly<Record<string, string>>;
}

/** A failure to load models, with rocky's message. */
export class ModelsError extends Error {}

type Table = Record<string, unknown>;
const isTable = (v: unknown): v is Table =>
  v !== null && typeof v === "object" && !Array.isArray(v);

async function readToml(fs: ProjectFs, path: string): Promise<Table> {
  if (!fs.exists(path)) return {};
  const { parse } = await import("smol-toml");
  try {
    return parse(fs.read(path)) as Table;
  } catch (err) {
    throw new ModelsError(`failed to parse ${path}: ${(err as Error).message}`);
  }
}

/**
 * Every model under `dir` (recursively), in path order. An absent or empty folder is rocky's
 * `no models found in <dir>` (rocky-compiler project.rs `ProjectError::NoModels`).
 */
export async function loadModels(fs: ProjectFs, dir: string): Promise<SimModel[]> {
  const files = fs.isDir(dir) ? fs.walk(dir) : [];
  // rocky-compiler project.rs loads folder by folder: its SQL models, then its Rocky DSL ones.
  const rank = (f: string): string => `${dirname(f)}\u0000${extname(f) === ".sql" ? 0 : 1}${f}`;
  const sources = files
    .filter((f) => extname(f) === ".sql" || extname(f) === ".rocky")
    .sort((a, b) => (rank(a) < rank(b) ? -1 : 1));
  if (sources.length === 0) throw new ModelsError(`no models found in ${dir}`);
  const names = new Set(sources.map((f) => basename(f, extname(f))));
  const out: SimModel[] = [];
  for (const file of sources) {
    const stem = basename(file, extname(file));
    const defaults = await readToml(fs, join(dirname(file), "_defaults.toml"));
    const sidecar = await readToml(fs, join(dirname(file), `${stem}.toml`));
    const name = typeof sidecar.name === "string" ? sidecar.name : stem;
    const target = {
      ...(isTable(defaults.target) ? defaults.target : {}),
      ...(isTable(sidecar.target) ? sidecar.target : {}),
    };
    for (const field of ["catalog", "schema"] as const) {
      if (typeof target[field] !== "string") {
        throw new ModelsError(
          `model '${name}' is missing target.${field} (set it in the sidecar or in _defaults.toml)`,
        );
      }
    }
    const strategyTable = isTable(sidecar.strategy)
      ? sidecar.strategy
      : isTable(defaults.strategy)
        ? defaults.strategy
        : {};
    const strategyConfig: Record<string, string> = {};
    for (const [k, v] of Object.entries(strategyTable)) {
      if (typeof v === "string") strategyConfig[k] = v;
    }
    const sql = fs.read(file);
    const declared = Array.isArray(sidecar.depends_on)
      ? sidecar.depends_on.filter((d): d is string => typeof d === "string")
      : [];
    const read = referencedNames(sql).filter((r) => names.has(r) && r !== name);
    out.push({
      name,
      file,
      sql,
      dependsOn: [...new Set([...declared, ...read])],
      catalog: target.catalog as string,
      schema: target.schema as string,
      table: typeof target.table === "string" ? target.table : name,
      strategy: strategyConfig.type ?? "full_refresh",
      strategyConfig: { type: "full_refresh", ...strategyConfig },
    });
  }
  return out;
}

/** Bare (unqualified) relation names the SQL or Rocky DSL reads (`from x`, `join x`). */
function referencedNames(sql: string): string[] {
  const out: string[] = [];
  for (const m of stripComments(sql).matchAll(/\b(?:from|join)\s+([A-Za-z_][A-Za-z0-9_.]*)/gi)) {
    const name = m[1] as string;
    if (!name.includes(".")) out.push(name);
  }
  return out;
}

const stripComments = (sql: string): string => sql.replace(/--[^\n]*/g, "");

/**
 * The models in DAG order, as layers (rocky-core dag.rs: a model runs after everything it depends
 * on; models of one layer keep their load order).
 */
export function dagLayers(models: readonly SimModel[]): SimModel[][] {
  const layers: SimModel[][] = [];
  const placed = new Set<string>();
  const known = new Set(models.map((m) => m.name));
  let left = [...models];
  while (left.length > 0) {
    const ready = left.filter((m) => m.dependsOn.every((d) => !known.has(d) || placed.has(d)));
    // A cycle: rocky refuses it at compile time; rocky-sim runs the rest in load order.
    const layer = ready.length > 0 ? ready : left;
    layers.push(layer);
    for (const m of layer) placed.add(m.name);
    left = left.filter((m) => !placed.has(m.name));
  }
  return layers;
}

/** One output column of a model: its name and where each of its values comes from. */
export interface ModelColumn {
  readonly name: string;
  readonly sources: readonly string[];
  /** rocky-sql lineage.rs `TransformKind` display form. */
  readonly transform: string;
}

const AGGREGATES = new Set(["sum", "count", "min", "max", "avg", "any_value", "string_agg"]);
const KEYWORDS = new Set([
  "as",
  "and",
  "or",
  "not",
  "null",
  "case",
  "when",
  "then",
  "else",
  "end",
  "distinct",
  "true",
  "false",
  "is",
  "in",
  "like",
  "between",
]);

/** Splits at top-level commas (outside parentheses, braces and quotes). */
function splitTop(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let cur = "";
  for (const ch of text) {
    if (quote !== null) {
      if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === "(" || ch === "{") depth++;
    else if (ch === ")" || ch === "}") depth--;
    else if (ch === "," && depth === 0) {
      out.push(cur);
      cur = "";
      continue;
    }
    cur += ch;
  }
  if (cur.trim() !== "") out.push(cur);
  return out.map((s) => s.trim()).filter((s) => s !== "");
}

function identifiers(expr: string): string[] {
  const noStrings = expr.replace(/'[^']*'|"[^"]*"/g, " ");
  const out: string[] = [];
  for (const m of noStrings.matchAll(
    /([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?)\s*(\()?/g,
  )) {
    if (m[2] !== undefined) continue; // a function name
    const id = (m[1] as string).split(".").pop() as string;
    if (!KEYWORDS.has(id.toLowerCase()) && !out.includes(id)) out.push(id);
  }
  return out;
}

function columnOf(name: string, expr: string): ModelColumn {
  const e = expr.trim();
  if (/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/.test(e)) {
    return { name, sources: [e.split(".").pop() as string], transform: "direct" };
  }
  const fn = /^([A-Za-z_]+)\s*\(/.exec(e)?.[1]?.toLowerCase();
  const sources = identifiers(e);
  if (fn !== undefined && AGGREGATES.has(fn) && e.endsWith(")")) {
    return { name, sources, transform: `aggregation: ${fn}` };
  }
  if (fn === "cast") return { name, sources, transform: "cast" };
  if (fn === "try_cast") return { name, sources, transform: "try_cast" };
  // lineage.rs `source_less_column`: a computed expression has no upstream edge.
  return { name, sources: [], transform: "expression" };
}

/** The output columns of a SQL model's outermost SELECT list. */
function sqlColumns(sql: string): ModelColumn[] {
  const text = stripComments(sql);
  const m = /\bselect\b([\s\S]*?)\bfrom\b/i.exec(text);
  if (m === null) return [];
  return splitTop(m[1] as string).map((item) => {
    const alias = /\s+as\s+([A-Za-z_][A-Za-z0-9_]*)\s*$/i.exec(item);
    if (alias !== null) return columnOf(alias[1] as string, item.slice(0, alias.index));
    return columnOf(item.split(".").pop() as string, item);
  });
}

/** The output columns of a Rocky DSL model: `group k { a: f(x) }`, `derive { … }`, `select { … }`. */
function dslColumns(source: string): ModelColumn[] {
  const text = stripComments(source);
  const select = /\bselect\s*\{([\s\S]*?)\}\s*$/m.exec(text);
  if (select !== null) {
    return splitTop(select[1] as string).map((c) => columnOf(c.trim(), c.trim()));
  }
  const group = /\bgroup\s+([^{]+)\{([\s\S]*?)\n\}/.exec(text);
  if (group === null) return [];
  const keys = splitTop(group[1] as string).map((k) => columnOf(k, k));
  const aggs = splitTop(group[2] as string).map((entry) => {
    const colon = entry.indexOf(":");
    return columnOf(entry.slice(0, colon).trim(), entry.slice(colon + 1));
  });
  return [...keys, ...aggs];
}

/** The model's output columns (empty when rocky-sim cannot read its select list). */
export function modelColumns(model: SimModel): ModelColumn[] {
  return extname(model.file) === ".rocky" ? dslColumns(model.sql) : sqlColumns(model.sql);
}
