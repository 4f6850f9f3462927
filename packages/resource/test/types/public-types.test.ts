// The output types as a consumer compiles them: the published declarations (dist, through the
// package's exports), strict TypeScript with nodenext resolution. A misspelled output field is a
// compile error naming the type; every method's result has one `XResult` name at the root and
// prints as a named type; fields a newer engine adds are kept at runtime and reached through
// `withUnknownFields`, the one escape, never through an index signature on the types. The methods
// whose call decides a shadow suffix resolve to their XResult & ShadowRecord (the suffix the call
// ran with, recorded by the resource).
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { beforeAll, describe, expect, it } from "vitest";
import { RunOutputSchema } from "../../src/schemas/index.js";
import { withUnknownFields } from "../../src/unknown-fields.js";
import { VERBS } from "../../src/verbs/index.js";

const here = dirname(fileURLToPath(import.meta.url));
const PKG = join(here, "..", "..");
/** Not on disk: served to the compiler by the host below (it has errors on purpose). */
const FIXTURE = join(here, "consumer-fixture.ts");

const VERB_NAMES = Object.keys(VERBS);
/** The methods whose result records the shadow suffix the call ran with. */
const SHADOW_RECORDED = ["run", "plan", "apply", "resumeRun", "runModel", "compare"];
const pascal = (verb: string) => verb[0]?.toUpperCase() + verb.slice(1);

/** Lines of the fixture a consumer writes, each mistake marked with the error it must give. */
const MISTAKES = [
  [
    "run.matrializations;",
    "Property 'matrializations' does not exist on type 'RunReportResult & ShadowRecord'",
  ],
  [
    "run.materializations[0]?.metadata.sql_hsh;",
    "Property 'sql_hsh' does not exist on type 'MaterializationMetadata'",
  ],
  ["plan.statments;", "Property 'statments' does not exist on type 'PlanOutput & ShadowRecord'"],
  ["doctor.checks[0]?.stauts;", "Property 'stauts' does not exist on type 'DoctorCheck'"],
  [
    "const nope: Record<string, number> = withUnknownFields(run);",
    "is not assignable to type 'Record<string, number>'",
  ],
] as const;

function fixtureSource(): string {
  return [
    'import { type ResultOf, RockyResource, withUnknownFields } from "@dagster-rocky/resource";',
    'import type * as Root from "@dagster-rocky/resource";',
    'import type { Materialization } from "@dagster-rocky/resource/schemas";',
    "type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;",
    "type Expect<T extends true> = T;",
    "declare const rocky: RockyResource;",
    "export async function consumer(): Promise<unknown> {",
    '  const result = await rocky.run({ filter: "source=shop" });',
    // run() is a run report or, for a load pipeline, a load report: narrowed on `kind`.
    '  if (result.kind !== "run") throw new Error(result.kind);',
    "  const run = result;",
    '  const plan = await rocky.plan({ filter: "source=shop" });',
    "  const doctor = await rocky.doctor();",
    "  const first: Materialization | undefined = run.materializations[0];",
    "  const future: unknown = withUnknownFields(run).rows_deduplicated;",
    "  const status: string = withUnknownFields(run).status;",
    "  const suffix: string | null = run.shadowSuffix;",
    ...MISTAKES.map(([line]) => `  ${line}`),
    "  return [first, future, status, suffix, plan, doctor];",
    "}",
    // Every method: its XResult at the root is what it resolves to, and prints as one name.
    ...VERB_NAMES.flatMap((verb) => [
      `export type Result_${verb} = Expect<Equal<Root.${pascal(verb)}Result, ResultOf<"${verb}">>>;`,
      `export type Printed_${verb} = Awaited<ReturnType<RockyResource["${verb}"]>>;`,
    ]),
    // stateHealth is a method of its own (two rocky calls), named by the same rule.
    'export type Result_stateHealth = Expect<Equal<Root.StateHealthResult, Awaited<ReturnType<RockyResource["stateHealth"]>>>>;',
    'export type Options_stateHealth = Expect<Equal<Root.StateHealthOptions, NonNullable<Parameters<RockyResource["stateHealth"]>[0]>>>;',
    "",
  ].join("\n");
}

interface Compiled {
  diagnostics: { line: number; text: string }[];
  printed: Map<string, string>;
  sourceLines: string[];
  /** Every root `*Options` type, with its fields that have no description in a hover. */
  optionFields: Map<string, { fields: string[]; undocumented: string[] }>;
  /** Each method's signature as a hover prints it. */
  signatures: Map<string, string>;
  /** Every instance method of RockyResource that returns a promise (a call of rocky). */
  asyncMethods: string[];
  /** Every name the package root exports. */
  rootNames: Set<string>;
}

function compile(): Compiled {
  const source = fixtureSource();
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    types: ["node"],
    skipLibCheck: true,
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const readFile = host.readFile.bind(host);
  host.getSourceFile = (name, language, ...rest) =>
    name === FIXTURE
      ? ts.createSourceFile(name, source, language, true)
      : getSourceFile(name, language, ...rest);
  host.fileExists = (name) => name === FIXTURE || fileExists(name);
  host.readFile = (name) => (name === FIXTURE ? source : readFile(name));
  const program = ts.createProgram([FIXTURE], options, host);
  const file = program.getSourceFile(FIXTURE);
  if (file === undefined) throw new Error("fixture not compiled");
  const diagnostics = [
    ...program.getSyntacticDiagnostics(file),
    ...program.getSemanticDiagnostics(file),
  ].map((d) => ({
    line: file.getLineAndCharacterOfPosition(d.start ?? 0).line,
    text: ts.flattenDiagnosticMessageText(d.messageText, "\n"),
  }));
  const checker = program.getTypeChecker();
  const printed = new Map<string, string>();
  file.forEachChild((node) => {
    if (ts.isTypeAliasDeclaration(node) && node.name.text.startsWith("Printed_")) {
      const type = checker.getTypeAtLocation(node.name);
      printed.set(
        node.name.text.slice("Printed_".length),
        checker.typeToString(type, undefined, ts.TypeFormatFlags.NoTruncation),
      );
    }
  });
  const optionFields = new Map<string, { fields: string[]; undocumented: string[] }>();
  const signatures = new Map<string, string>();
  const rootImport = file.statements.find(
    (st): st is ts.ImportDeclaration =>
      ts.isImportDeclaration(st) && st.getText().includes("* as Root"),
  );
  const rootModule =
    rootImport === undefined ? undefined : checker.getSymbolAtLocation(rootImport.moduleSpecifier);
  for (const symbol of rootModule === undefined ? [] : checker.getExportsOfModule(rootModule)) {
    if (!symbol.name.endsWith("Options")) continue;
    const type = checker.getDeclaredTypeOfSymbol(
      symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol,
    );
    const props = checker.getPropertiesOfType(type);
    optionFields.set(symbol.name, {
      fields: props.map((p) => p.name),
      undocumented: props
        .filter((p) => ts.displayPartsToString(p.getDocumentationComment(checker)).trim() === "")
        .map((p) => p.name),
    });
  }
  const rootExports = rootModule === undefined ? [] : checker.getExportsOfModule(rootModule);
  const rootNames = new Set(rootExports.map((x) => x.name));
  const asyncMethods: string[] = [];
  const resourceClass = rootExports.find((x) => x.name === "RockyResource");
  if (resourceClass !== undefined) {
    const instance = checker.getDeclaredTypeOfSymbol(checker.getAliasedSymbol(resourceClass));
    for (const prop of checker.getPropertiesOfType(instance)) {
      const sigs = checker.getTypeOfSymbol(prop).getCallSignatures();
      const returns = sigs[0] && checker.getReturnTypeOfSignature(sigs[0]).getSymbol()?.name;
      if (returns === "Promise") asyncMethods.push(prop.name);
    }
    for (const verb of VERB_NAMES) {
      const method = checker.getPropertyOfType(instance, verb);
      if (method === undefined) continue;
      const type = checker.getTypeOfSymbol(method);
      signatures.set(
        verb,
        type
          .getCallSignatures()
          .map((sig) => checker.signatureToString(sig, undefined, ts.TypeFormatFlags.NoTruncation))
          .join(" | "),
      );
    }
  }
  return {
    diagnostics,
    printed,
    sourceLines: source.split("\n"),
    optionFields,
    signatures,
    asyncMethods,
    rootNames,
  };
}

describe("output types are exact and named, as a consumer compiles them", () => {
  let compiled: Compiled;
  beforeAll(() => {
    compiled = compile();
  }, 120_000);

  it("a misspelled field is a compile error that names the type, at every level", () => {
    for (const [line, message] of MISTAKES) {
      const at = compiled.sourceLines.findIndex((l) => l.trim() === line);
      const errors = compiled.diagnostics.filter((d) => d.line === at).map((d) => d.text);
      expect(errors.join("\n"), line).toContain(message);
    }
  });

  it("nothing else is an error: known fields, withUnknownFields and every XResult compile", () => {
    const mistakeLines = new Set(
      MISTAKES.map(([line]) => compiled.sourceLines.findIndex((l) => l.trim() === line)),
    );
    const others = compiled.diagnostics.filter((d) => !mistakeLines.has(d.line));
    expect(others.map((d) => `${compiled.sourceLines[d.line]?.trim()}: ${d.text}`)).toEqual([]);
  });

  it("every method's result prints as a named type, not an expanded object", () => {
    expect([...compiled.printed.keys()].sort()).toEqual([...VERB_NAMES].sort());
    for (const [verb, text] of compiled.printed) {
      if (SHADOW_RECORDED.includes(verb))
        expect(text, verb).toMatch(/^[A-Z][A-Za-z]* & ShadowRecord$/);
      else expect(text, verb).toMatch(/^[A-Z][A-Za-z]*$/);
    }
    expect(compiled.printed.get("run")).toBe("RunResult & ShadowRecord");
    expect(compiled.printed.get("apply")).toBe("ApplyKindResult & ShadowRecord");
    expect(compiled.printed.get("lineage")).toBe("LineageResult");
  });
});

describe("option types are named and documented, as a consumer's hover shows them", () => {
  let compiled: Compiled;
  beforeAll(() => {
    compiled = compile();
  }, 120_000);

  it("every method has its XOptions at the root, every field of every option type is described", () => {
    const names = [...compiled.optionFields.keys()];
    for (const verb of VERB_NAMES) expect(names, verb).toContain(`${pascal(verb)}Options`);
    for (const name of ["CallOptions", "RockyResourceOptions", "StateHealthOptions"]) {
      expect(names).toContain(name);
    }
    const undocumented = [...compiled.optionFields]
      // VerbArgsOptions is a table keyed by verb (each entry a documented XOptions), not options.
      .filter(([name, o]) => name !== "VerbArgsOptions" && o.undocumented.length > 0)
      .map(([name, o]) => `${name}: ${o.undocumented.join(", ")}`);
    expect(undocumented).toEqual([]);
    // The call options reach every method's options: timeoutMs, signal and onLog are described there.
    const run = compiled.optionFields.get("RunOptions")?.fields ?? [];
    for (const f of ["timeoutMs", "signal", "onLog", "allowPartial", "filter"])
      expect(run).toContain(f);
  });

  it("every method that calls rocky has its XOptions and XResult at the root", () => {
    // version() is the version gate's probe: its result is RockyVersionInfo, shared with
    // parseRockyVersion, and it takes the bare CallOptions.
    const methods = compiled.asyncMethods.filter((m) => m !== "version");
    expect(methods).toEqual(expect.arrayContaining([...VERB_NAMES, "stateHealth"]));
    const missing = methods.flatMap((m) =>
      [`${pascal(m)}Options`, `${pascal(m)}Result`].filter((n) => !compiled.rootNames.has(n)),
    );
    expect(missing).toEqual([]);
  });

  it("method signatures name their option and result types instead of expanding them", () => {
    expect(compiled.signatures.size).toBe(VERB_NAMES.length);
    for (const [verb, signature] of compiled.signatures) {
      expect(signature, verb).toContain(`${pascal(verb)}Options`);
      // A result alias of one generated type prints as that type's name (PlanResult = PlanOutput);
      // a call that decides a shadow suffix adds the one named record of it.
      const result = SHADOW_RECORDED.includes(verb)
        ? /\): Promise<[A-Z]\w* & ShadowRecord>$/
        : /\): Promise<[A-Z]\w*>$/;
      expect(signature, verb).toMatch(result);
      expect(signature, verb).not.toContain("{");
    }
    expect(compiled.signatures.get("run")).toBe(
      "(options: RunOptions): Promise<RunResult & ShadowRecord>",
    );
  });
});

describe("the published schema declarations carry no index signature", () => {
  it("no output type in dist/schemas/*.d.ts admits any field name", () => {
    const dir = join(PKG, "dist", "schemas");
    const files = readdirSync(dir).filter((f) => f.endsWith(".d.ts"));
    expect(files.length).toBeGreaterThan(60);
    const offenders = files.filter((f) =>
      /\[\w+: string\]: unknown/.test(readFileSync(join(dir, f), "utf8")),
    );
    expect(offenders).toEqual([]);
  });
});

describe("withUnknownFields: fields from a newer engine, kept at runtime", () => {
  it("is the parsed value itself, with the unknown field readable", () => {
    const doc = JSON.parse(
      readFileSync(join(PKG, "test", "contract", "fixtures", "run_partial_failure.json"), "utf8"),
    );
    doc.rows_deduplicated = 12;
    doc.materializations[0].metadata.engine_hint = "vectorized";
    const run = RunOutputSchema.parse(doc);
    const loose = withUnknownFields(run);
    expect(loose).toBe(run);
    expect(loose.rows_deduplicated).toBe(12);
    const metadata = run.materializations[0]?.metadata;
    expect(metadata && withUnknownFields(metadata).engine_hint).toBe("vectorized");
  });
});
