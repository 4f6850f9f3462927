/**
 * Column lineage over the project's models (rocky-sql lineage.rs, rocky-compiler semantic graph):
 * each output column of a model comes from columns of the relations it reads, with a transform.
 * A relation that is not a model (a source table) appears by its qualified name.
 */
import { type ModelColumn, modelColumns, type SimModel } from "./models.js";

/** One column-to-column edge. */
export interface LineageEdge {
  readonly source: { readonly model: string; readonly column: string };
  readonly target: { readonly model: string; readonly column: string };
  readonly transform: string;
}

/** The relations a model reads, in order (`from x`, `join y`), qualified names kept. */
function relationsOf(model: SimModel): string[] {
  const out: string[] = [];
  const sql = model.sql.replace(/--[^\n]*/g, "");
  for (const m of sql.matchAll(/\b(?:from|join)\s+([A-Za-z_][A-Za-z0-9_.]*)/gi)) {
    const name = m[1] as string;
    if (!out.includes(name)) out.push(name);
  }
  return out;
}

/** The project's lineage: every model's columns and edges. */
export class Lineage {
  private readonly columns = new Map<string, ModelColumn[]>();
  readonly edges: LineageEdge[] = [];

  constructor(readonly models: readonly SimModel[]) {
    for (const m of models) this.columns.set(m.name, modelColumns(m));
    for (const m of models) this.edges.push(...this.edgesInto(m));
  }

  model(name: string): SimModel | undefined {
    return this.models.find((m) => m.name === name);
  }

  columnsOf(name: string): readonly ModelColumn[] {
    return this.columns.get(name) ?? [];
  }

  /** The relation a source column comes from: the read model that has it, else the first read. */
  private edgesInto(m: SimModel): LineageEdge[] {
    const reads = relationsOf(m);
    const out: LineageEdge[] = [];
    for (const col of this.columnsOf(m.name)) {
      for (const src of col.sources) {
        const from = reads.find((r) => this.columnsOf(r).some((c) => c.name === src)) ?? reads[0];
        if (from === undefined) continue;
        out.push({
          source: { model: from, column: src },
          target: { model: m.name, column: col.name },
          transform: col.transform,
        });
      }
    }
    return out;
  }

  upstream(name: string): string[] {
    return this.model(name)?.dependsOn.filter((d) => this.model(d) !== undefined) ?? [];
  }

  downstream(name: string): string[] {
    return this.models.filter((m) => m.dependsOn.includes(name)).map((m) => m.name);
  }

  /** The edges back from `model.column` to its origins, nearest first. */
  traceUp(model: string, column: string): LineageEdge[] {
    const out: LineageEdge[] = [];
    const queue: [string, string][] = [[model, column]];
    const seen = new Set<string>();
    while (queue.length > 0) {
      const [m, c] = queue.shift() as [string, string];
      for (const e of this.edges.filter((x) => x.target.model === m && x.target.column === c)) {
        const key = `${e.source.model}.${e.source.column}>${m}.${c}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push(e);
        queue.push([e.source.model, e.source.column]);
      }
    }
    return out;
  }

  /** The edges forward from `model.column` to everything that reads it. */
  traceDown(model: string, column: string): LineageEdge[] {
    const out: LineageEdge[] = [];
    const queue: [string, string][] = [[model, column]];
    const seen = new Set<string>();
    while (queue.length > 0) {
      const [m, c] = queue.shift() as [string, string];
      for (const e of this.edges.filter((x) => x.source.model === m && x.source.column === c)) {
        const key = `${m}.${c}>${e.target.model}.${e.target.column}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push(e);
        queue.push([e.target.model, e.target.column]);
      }
    }
    return out;
  }
}
