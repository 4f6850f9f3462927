// biome-ignore-all lint/suspicious/noTemplateCurlyInString: rocky.toml's ${VAR} placeholders, not JS templates
/**
 * Config-shape property: for generated rocky.toml shapes (named pipelines, the `pipelines` alias,
 * a bare `[pipeline]` with decoy sub-tables, types written literally, as `${VAR}` or
 * `${VAR:-default}`, names substituted into headers, placeholders on comment lines and in trailing
 * comments, values that carry TOML, a child env that differs from process.env), the loader
 * selects exactly what an independent model of rocky's rules (config.rs
 * `substitute_env_vars_with_report`, `normalize_toml_shorthands`, the serde alias, registry.rs
 * `resolve_pipeline`) selects, or says "cannot tell" where the model does; and the guard never
 * lets a shape through that rocky would run as a quality pipeline.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RockyShadowError } from "../../src/errors.js";
import { parseRockyConfig, resolvePipeline } from "../../src/rocky-config.js";
import { assertPipelineShadowable } from "../../src/shadow/pipeline-guard.js";

const SEED = 24_024;

const KNOWN = ["replication", "transformation", "quality", "snapshot", "load"] as const;
/** Type strings rocky refuses (the match is exact and case-sensitive). */
const UNKNOWN = ["Quality", "QUALITY", "quality ", "dq", ""] as const;

/** How a pipeline's `type` is written, and what the child's env holds for it. */
type TypeSpec =
  | { kind: "absent" }
  | { kind: "literal"; value: string }
  | { kind: "nonstring" }
  | { kind: "var"; value: string | undefined }
  | { kind: "default"; value: string | undefined; fallback: string };

interface Pipe {
  readonly name: string;
  readonly type: TypeSpec;
  /** The name is written as `${PN_i}` in its headers, the child's env holding it. */
  readonly nameFromEnv: boolean;
  /** A `note = "${NOTE_i}"` whose value carries TOML (a newline and quotes). */
  readonly hostileNote: boolean;
}

interface Shape {
  readonly form: "named" | "alias" | "bare" | "both" | "bare-alias";
  readonly pipes: readonly Pipe[];
  /** For `bare`: `[pipeline.<decoy>]` sub-tables with their own types, fields of the one pipeline. */
  readonly decoys: readonly { name: string; type: string }[];
  /** Comment lines holding placeholders of variables nobody sets. */
  readonly commentLines: boolean;
  /** A trailing `# ${VAR}` comment, VAR set or not. */
  readonly trailing: "none" | "set" | "unset";
  /** The `--pipeline` of the call: none, one of the pipelines, `default`, or unknown. */
  readonly select: { kind: "none" } | { kind: "index"; i: number } | { kind: "name"; name: string };
  /** A variable set only in process.env: it must not count. */
  readonly parentOnly: boolean;
}

const nameArb = fc.stringMatching(/^[a-z][a-z0-9_]{0,5}$/);
const typeValueArb = fc.oneof(
  { weight: 3, arbitrary: fc.constant("quality") },
  { weight: 4, arbitrary: fc.constantFrom(...KNOWN) },
  { weight: 1, arbitrary: fc.constantFrom(...UNKNOWN) },
);
const typeSpecArb: fc.Arbitrary<TypeSpec> = fc.oneof(
  fc.constant({ kind: "absent" as const }),
  typeValueArb.map((value) => ({ kind: "literal" as const, value })),
  fc.constant({ kind: "nonstring" as const }),
  fc.option(typeValueArb, { nil: undefined }).map((value) => ({ kind: "var" as const, value })),
  fc
    .tuple(fc.option(fc.oneof(typeValueArb, fc.constant("")), { nil: undefined }), typeValueArb)
    .map(([value, fallback]) => ({ kind: "default" as const, value, fallback })),
);
/** True about one time in twelve (fast-check's numbers lean to their bounds). */
const rarely = fc.oneof(
  { weight: 1, arbitrary: fc.constant(true) },
  { weight: 11, arbitrary: fc.constant(false) },
);
const shapeArb: fc.Arbitrary<Shape> = fc
  .record({
    form: fc.oneof(
      { weight: 4, arbitrary: fc.constant("named" as const) },
      { weight: 2, arbitrary: fc.constant("alias" as const) },
      { weight: 4, arbitrary: fc.constant("bare" as const) },
      { weight: 1, arbitrary: fc.constant("both" as const) },
      { weight: 1, arbitrary: fc.constant("bare-alias" as const) },
    ),
    pipes: fc.uniqueArray(
      fc.record({
        name: nameArb,
        type: typeSpecArb,
        nameFromEnv: fc.boolean(),
        hostileNote: rarely,
      }),
      { minLength: 0, maxLength: 3, selector: (p) => p.name },
    ),
    decoys: fc.uniqueArray(
      fc.record({ name: fc.constantFrom("default", "q", "main"), type: fc.constantFrom(...KNOWN) }),
      { maxLength: 2, selector: (d) => d.name },
    ),
    commentLines: fc.boolean(),
    trailing: fc.constantFrom("none", "none", "none", "set", "set", "unset"),
    select: fc.oneof(
      { weight: 2, arbitrary: fc.constant({ kind: "none" as const }) },
      {
        weight: 3,
        arbitrary: fc.constantFrom(0, 0, 1, 2).map((i) => ({ kind: "index" as const, i })),
      },
      {
        weight: 2,
        arbitrary: fc
          .constantFrom("default", "default", "zz_unknown")
          .map((name) => ({ kind: "name" as const, name })),
      },
    ),
    parentOnly: rarely,
  })
  .map((s) =>
    // A bare [pipeline] is one pipeline's table: one body, at least a type line or `source`.
    s.form === "bare" || s.form === "bare-alias"
      ? { ...s, pipes: s.pipes.slice(0, 1).map((p) => ({ ...p, nameFromEnv: false })) }
      : s,
  );

const PARENT_ONLY = "ROCKY_SHAPE_TEST_PARENT_ONLY";

/** The TOML text and the child's env for a shape. */
function render(s: Shape): { text: string; env: Record<string, string> } {
  const env: Record<string, string> = {};
  const lines: string[] = [];
  if (s.commentLines) lines.push("# needs ${NEVER_SET_1}", "  \t# and ${NEVER_SET_2:-x}");
  const typeLine = (t: TypeSpec, i: number): string | null => {
    switch (t.kind) {
      case "absent":
        return null;
      case "literal":
        return `type = "${t.value}"`;
      case "nonstring":
        return "type = 5";
      case "var":
        if (t.value !== undefined) env[`PT_${i}`] = t.value;
        return `type = "\${PT_${i}}"`;
      case "default":
        if (t.value !== undefined) env[`PT_${i}`] = t.value;
        return `type = "\${PT_${i}:-${t.fallback}}"`;
    }
  };
  const body = (p: Pipe, i: number): string[] => {
    const out: string[] = [];
    const type = typeLine(p.type, i);
    if (type !== null) out.push(type);
    if (p.hostileNote) {
      env[`NOTE_${i}`] = 'x"\ntype = "quality';
      out.push(`note = "\${NOTE_${i}}"`);
    }
    return out;
  };
  const key = s.form === "alias" || s.form === "bare-alias" ? "pipelines" : "pipeline";
  if (s.form === "bare" || s.form === "bare-alias") {
    const p = s.pipes[0];
    lines.push(`[${key}]`);
    // `source_dir` makes the table bare whatever the type line says (and, under the alias,
    // a string where a pipeline's table belongs: rocky's error).
    lines.push('source_dir = "data"');
    if (p !== undefined) lines.push(...body(p, 0));
    for (const d of s.decoys) lines.push(`[${key}.${d.name}]`, `type = "${d.type}"`);
  } else {
    s.pipes.forEach((p, i) => {
      let header = p.name;
      if (p.nameFromEnv) {
        env[`PN_${i}`] = p.name;
        header = `\${PN_${i}}`;
      }
      lines.push(`[${key}.${header}]`, ...body(p, i), "");
    });
    if (s.form === "both") lines.push("[pipelines.extra]");
  }
  if (s.trailing !== "none") {
    if (s.trailing === "set") env.TRAILING = 'anything "quoted" ] = #';
    lines.push(`[other]\nx = 1 # \${TRAILING}`);
  }
  if (s.parentOnly) lines.push("[parent]", `x = "\${${PARENT_ONLY}}"`);
  return { text: `${lines.join("\n")}\n`, env };
}

type Verdict = { name: string; type: string } | "cannot tell";

/** rocky's rules, written over the shape (not over the text). */
function model(s: Shape): Verdict {
  if (s.parentOnly) return "cannot tell"; // unset in the child: MissingEnvVar
  if (s.trailing === "unset") return "cannot tell"; // a trailing comment is substituted
  if (s.pipes.some((p) => p.hostileNote)) return "cannot tell";
  if (s.form === "both" && s.pipes.length > 0) return "cannot tell"; // serde duplicate field
  if (s.form === "bare-alias") return "cannot tell"; // [pipelines] is not normalised
  const typeOf = (t: TypeSpec): string | "missing" => {
    switch (t.kind) {
      case "absent":
      case "nonstring":
        return "replication";
      case "literal":
        return t.value;
      case "var":
        return t.value ?? "missing";
      case "default":
        return t.value === undefined || t.value === "" ? t.fallback : t.value;
    }
  };
  let pipelines: { name: string; type: string }[];
  if (s.form === "bare") {
    const p = s.pipes[0];
    pipelines = [{ name: "default", type: p === undefined ? "replication" : typeOf(p.type) }];
  } else {
    pipelines = s.pipes.map((p) => ({ name: p.name, type: typeOf(p.type) }));
    if (s.form === "both") pipelines.push({ name: "extra", type: "replication" });
  }
  if (pipelines.some((p) => p.type === "missing")) return "cannot tell";
  if (pipelines.some((p) => !(KNOWN as readonly string[]).includes(p.type))) return "cannot tell";
  const wanted =
    s.select.kind === "none"
      ? undefined
      : s.select.kind === "name"
        ? s.select.name
        : s.pipes[s.select.i]?.name;
  if (s.select.kind === "index" && wanted === undefined) return "cannot tell"; // see `selectionOf`
  if (wanted !== undefined) return pipelines.find((p) => p.name === wanted) ?? "cannot tell";
  return pipelines.length === 1 ? (pipelines[0] as { name: string; type: string }) : "cannot tell";
}

/** The `--pipeline` the call passes (an index past the pipelines names an unknown one). */
function selectionOf(s: Shape): string | undefined {
  if (s.select.kind === "none") return undefined;
  if (s.select.kind === "name") return s.select.name;
  return s.pipes[s.select.i]?.name ?? "zz_past_the_end";
}

describe("config shapes: the loader selects what rocky's rules select (seeded)", () => {
  let dir: string;
  beforeAll(async () => {
    process.env[PARENT_ONLY] = "set only in the parent";
    dir = await mkdtemp(join(tmpdir(), "rocky-config-shape-"));
  });
  afterAll(async () => {
    delete process.env[PARENT_ONLY];
    await rm(dir, { recursive: true, force: true });
  });

  it("loader = model on 3,000 shapes, both outcomes and every form exercised", async () => {
    const seen = { selected: 0, cannotTell: 0, quality: 0, bare: 0, substituted: 0 };
    await fc.assert(
      fc.asyncProperty(shapeArb, async (s) => {
        const { text, env } = render(s);
        const loaded = await parseRockyConfig(text, env);
        let got: Verdict = "cannot tell";
        if (loaded.ok) {
          const r = resolvePipeline(loaded.value, selectionOf(s));
          if (r.ok) got = { name: r.value.name, type: r.value.type };
          if (loaded.value.substituted.length > 0) seen.substituted++;
        }
        const want = model(s);
        expect(got, text).toEqual(want);
        if (want === "cannot tell") seen.cannotTell++;
        else {
          seen.selected++;
          if (want.type === "quality") seen.quality++;
          if (s.form === "bare") seen.bare++;
        }
      }),
      { numRuns: 3_000, seed: SEED },
    );
    expect(seen.selected).toBeGreaterThan(500);
    expect(seen.cannotTell).toBeGreaterThan(500);
    expect(seen.quality).toBeGreaterThan(100);
    expect(seen.bare).toBeGreaterThan(100);
    expect(seen.substituted).toBeGreaterThan(500);
  });

  it("the guard on 500 shapes: whatever rocky would run as quality, or cannot be told, is refused", async () => {
    await fc.assert(
      fc.asyncProperty(shapeArb, async (s) => {
        const { text, env } = render(s);
        await writeFile(join(dir, "rocky.toml"), text);
        const want = model(s);
        const outcome = await assertPipelineShadowable({
          verb: "run",
          pipeline: selectionOf(s),
          model: undefined,
          configPath: "rocky.toml",
          cwd: dir,
          env,
        }).then(
          () => "passed",
          (e: unknown) => (e instanceof RockyShadowError ? e.code : String(e)),
        );
        if (want === "cannot tell") expect(outcome).toBe("PIPELINE_UNKNOWN");
        else if (want.type === "quality") expect(outcome).toBe("PIPELINE_NOT_SHADOWABLE");
        else expect(outcome).toBe("passed");
      }),
      { numRuns: 500, seed: SEED + 1 },
    );
  });
});
