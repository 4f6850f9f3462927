// What the differential suite compares between rocky and rocky-sim for one argv list: the exit
// code, the shape of the JSON on stdout (keys and types, recursively; a few enum-like values and
// the materialized names too) and the first significant line of stderr, normalised only as
// docs/sim-vs-engine.md lists.

/** A JSON value's shape: scalar kinds, an object's keys, an array's merged element shape. */
export type Shape =
  | { readonly kind: "null" | "boolean" | "number" | "string" }
  | { readonly kind: "object"; readonly keys: ReadonlyMap<string, Shape[]> }
  | { readonly kind: "array"; readonly of: Shape[] };

/** The shape of a value; an array's elements are merged into one union. */
export function shapeOf(v: unknown): Shape {
  if (v === null) return { kind: "null" };
  if (Array.isArray(v)) return { kind: "array", of: union(v.map(shapeOf)) };
  if (typeof v === "object") {
    const keys = new Map<string, Shape[]>();
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) keys.set(k, [shapeOf(x)]);
    return { kind: "object", keys };
  }
  const t = typeof v;
  return { kind: t === "number" || t === "boolean" ? t : "string" };
}

/** Merges shapes: one entry per kind; objects merge key-wise, arrays element-wise. */
function union(shapes: readonly Shape[]): Shape[] {
  const byKind = new Map<string, Shape>();
  for (const s of shapes) {
    const prev = byKind.get(s.kind);
    if (prev === undefined) byKind.set(s.kind, s);
    else if (prev.kind === "object" && s.kind === "object") {
      const keys = new Map(prev.keys);
      for (const [k, v] of s.keys) keys.set(k, union([...(keys.get(k) ?? []), ...v]));
      byKind.set("object", { kind: "object", keys });
    } else if (prev.kind === "array" && s.kind === "array") {
      byKind.set("array", { kind: "array", of: union([...prev.of, ...s.of]) });
    }
  }
  return [...byKind.values()].sort((a, b) => (a.kind < b.kind ? -1 : 1));
}

const kinds = (u: readonly Shape[]): string =>
  u.length === 0 ? "(empty)" : u.map((s) => s.kind).join("|");

/** Where two unions of shapes differ, as `path: engine …, sim …` lines. */
function diffUnion(path: string, a: readonly Shape[], b: readonly Shape[]): string[] {
  if (kinds(a) !== kinds(b)) return [`${path}: engine ${kinds(a)}, sim ${kinds(b)}`];
  const out: string[] = [];
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as Shape;
    const y = b[i] as Shape;
    if (x.kind === "object" && y.kind === "object") {
      for (const k of new Set([...x.keys.keys(), ...y.keys.keys()])) {
        const ka = x.keys.get(k);
        const kb = y.keys.get(k);
        if (ka === undefined) out.push(`${path}.${k}: only in sim`);
        else if (kb === undefined) out.push(`${path}.${k}: only in engine`);
        else out.push(...diffUnion(`${path}.${k}`, ka, kb));
      }
    } else if (x.kind === "array" && y.kind === "array") {
      out.push(...diffUnion(`${path}[]`, x.of, y.of));
    }
  }
  return out;
}

/** The shape differences of two stdout documents (`null` = not JSON). */
export function shapeDiff(engine: unknown, sim: unknown): string[] {
  return diffUnion("$", [shapeOf(engine)], [shapeOf(sim)]);
}

/**
 * Values compared besides the shape: enum-like top-level fields and the names a run
 * materializes (sorted), which are the rocky contract the SDK keys on.
 */
const VALUE_KEYS = ["command", "status", "pipeline_type", "overall", "overall_verdict", "shadow"];

export function valueDiff(engine: unknown, sim: unknown): string[] {
  const isObj = (v: unknown): v is Record<string, unknown> =>
    v !== null && typeof v === "object" && !Array.isArray(v);
  if (!isObj(engine) || !isObj(sim)) return [];
  const out: string[] = [];
  for (const k of VALUE_KEYS) {
    if (k in engine && k in sim && JSON.stringify(engine[k]) !== JSON.stringify(sim[k])) {
      out.push(`$.${k}: engine ${JSON.stringify(engine[k])}, sim ${JSON.stringify(sim[k])}`);
    }
  }
  const names = (doc: Record<string, unknown>, pick: (m: Record<string, unknown>) => unknown) =>
    Array.isArray(doc.materializations)
      ? doc.materializations
          .filter(isObj)
          .map((m) => JSON.stringify(pick(m)))
          .sort()
      : [];
  const pickers: [string, (m: Record<string, unknown>) => unknown][] = [
    ["asset_key", (m) => m.asset_key],
    [
      "metadata.target_table_full_name",
      (m) => (isObj(m.metadata) ? m.metadata.target_table_full_name : undefined),
    ],
  ];
  for (const [label, pick] of pickers) {
    const a = names(engine, pick);
    const b = names(sim, pick);
    if (JSON.stringify(a) !== JSON.stringify(b)) {
      out.push(`$.materializations[].${label}: engine [${a.join(", ")}], sim [${b.join(", ")}]`);
    }
  }
  return out;
}

/** stdout as a document: parsed JSON, "" when empty, or "text" when it is not JSON. */
export function stdoutDoc(stdout: string): unknown {
  if (stdout.trim() === "") return "";
  try {
    return JSON.parse(stdout) as unknown;
  } catch {
    return { "(text)": "" };
  }
}

/** A tracing event on stderr (JSON or text form): a log line, not a message of the command. */
function isLogEvent(line: string): boolean {
  if (line.startsWith("{")) {
    try {
      const e = JSON.parse(line) as Record<string, unknown>;
      return typeof e.timestamp === "string" && typeof e.level === "string";
    } catch {
      return false;
    }
  }
  return /^\d{4}-\d{2}-\d{2}T\S+\s+(TRACE|DEBUG|INFO|WARN|ERROR)\s/.test(line.trim());
}

/**
 * The first stderr line that is not a log event and not blank, normalised: the project's
 * absolute path becomes `<project>`, run ids `<run-id>`, 64-hex plan ids `<plan-id>`.
 */
export function firstStderrLine(stderr: string, projectDir: string): string {
  const line = stderr.split("\n").find((l) => l.trim() !== "" && !isLogEvent(l)) ?? "";
  return normalise(line, projectDir);
}

export function normalise(text: string, projectDir: string): string {
  return text
    .split(projectDir)
    .join("<project>")
    .replace(/run-\d{8}-\d{6}-\d{3}/g, "<run-id>")
    .replace(/\b[0-9a-f]{64}\b/g, "<plan-id>");
}
