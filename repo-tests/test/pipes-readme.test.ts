// Every TypeScript block of the Pipes READMEs (packages/pipes/README.md,
// examples/dagster-pipes/README.md), as written: type-checked strictly against the built packages,
// then run as a program outside Dagster (where the README says it runs unchanged), with rocky-sim
// as `rocky` on PATH in a rocky project. A `// <value>` comment after a `console.log(...)` is the
// line that call must print; `// stderr: <text>` must appear on stderr. The API block is a list of
// declarations: it is type-checked as a declaration file and each of its functions and interfaces
// must be the same type as the package's own (mutually assignable).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import { DEFAULT_PROJECT_TOML } from "../../packages/testing/dist/index.js";
import { fencedBlocks, ROOT } from "./snippets.js";

const READMES = ["packages/pipes/README.md", "examples/dagster-pipes/README.md"];
const blocks = READMES.flatMap((readme) =>
  fencedBlocks(readFileSync(join(ROOT, readme), "utf8"), new Set(["ts", "typescript"])).map(
    (b) => ({ where: `${readme}:${b.line}`, text: b.text }),
  ),
);
const isApi = (text: string) => /^function \w+/m.test(text) && !/^await |^const /m.test(text);
const programs = blocks.filter((b) => !isApi(b.text));
const api = blocks.filter((b) => isApi(b.text));

/** `@dagster-rocky/<pkg>[/<sub>]` → the built file in this workspace. */
function builtPath(specifier: string, ext: "js" | "d.ts"): string | null {
  const m = /^@dagster-rocky\/([\w-]+)(?:\/([\w-]+))?$/.exec(specifier);
  if (!m) return null;
  return join(ROOT, "packages", m[1] as string, "dist", `${m[2] ?? "index"}.${ext}`);
}

const sandbox = mkdtempSync(join(tmpdir(), "pipes-readme-"));
afterAll(() => rmSync(sandbox, { recursive: true, force: true }));

function typeCheck(files: string[], extra: ts.CompilerOptions = {}): string[] {
  const paths: Record<string, string[]> = {};
  for (const pkg of ["core", "pipes", "resource", "testing"]) {
    paths[`@dagster-rocky/${pkg}`] = [join(ROOT, "packages", pkg, "dist", "index.d.ts")];
  }
  paths["@dagster-rocky/pipes/extras"] = [join(ROOT, "packages/pipes/dist/extras.d.ts")];
  paths["@dagster-rocky/resource/schemas"] = [
    join(ROOT, "packages/resource/dist/schemas/index.d.ts"),
  ];
  const program = ts.createProgram(files, {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ["lib.es2022.d.ts", "lib.esnext.disposable.d.ts"],
    types: ["node"],
    typeRoots: [join(ROOT, "node_modules/@types")],
    skipLibCheck: true,
    paths,
    ...extra,
  });
  return ts
    .getPreEmitDiagnostics(program)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
}

/** The block as the JavaScript a user's build would produce, imports pointed at this workspace. */
function asProgram(source: string): string {
  const js = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  return js.replace(/from "(@dagster-rocky\/[\w/-]+)"/g, (whole, specifier: string) => {
    const file = builtPath(specifier, "js");
    return file === null ? whole : `from ${JSON.stringify(pathToFileURL(file).href)}`;
  });
}

const expectedStdout = (text: string) =>
  [...text.matchAll(/console\.log\(.*\);\s*\/\/ (.*)$/gm)].map((m) => m[1] as string);
const expectedStderr = (text: string) =>
  [...text.matchAll(/\/\/ stderr: (.*)$/gm)].map((m) => m[1] as string);

describe("the Pipes READMEs' TypeScript blocks", () => {
  it("the package README has its program blocks and one API block", () => {
    expect(programs.length).toBeGreaterThanOrEqual(6);
    expect(api).toHaveLength(1);
    for (const built of [
      "pipes/dist/index.js",
      "pipes/dist/extras.js",
      "testing/bin/rocky-sim.js",
    ]) {
      expect(existsSync(join(ROOT, "packages", built)), `build first: ${built}`).toBe(true);
    }
  });

  describe.each(programs)("$where", ({ where, text }) => {
    it("type-checks strictly against the built packages", () => {
      const file = join(mkdtempSync(join(sandbox, "tc-")), "block.ts");
      // A module with top-level await, as the README's new-project setup makes it.
      writeFileSync(file, `${text}\nexport {};\n`);
      expect(typeCheck([file]), where).toEqual([]);
    });

    it("runs outside Dagster to completion, printing what its comments say", () => {
      const dir = mkdtempSync(join(sandbox, "run-"));
      writeFileSync(join(dir, "main.mjs"), asProgram(text));
      symlinkSync(join(ROOT, "packages/testing/bin/rocky-sim.js"), join(dir, "rocky"));
      writeFileSync(join(dir, "rocky.toml"), DEFAULT_PROJECT_TOML);
      const r = spawnSync(process.execPath, [join(dir, "main.mjs")], {
        cwd: dir,
        env: { PATH: `${dir}:${dirname(process.execPath)}:/usr/bin:/bin` },
        encoding: "utf8",
        timeout: 60_000,
      });
      expect(r.status, `${where}\n${r.stderr}`).toBe(0);
      const want = expectedStdout(text);
      expect(
        r.stdout.split("\n").filter((l) => l !== ""),
        where,
      ).toEqual(want);
      for (const line of expectedStderr(text)) expect(r.stderr, where).toContain(line);
      expect(r.stderr).not.toMatch(/UNDEFINED_EXTRA|DagsterPipesError/);
    });
  });

  it("the package README's main example runs rocky once, with its local default filter", () => {
    const main = programs.find((b) => b.text.includes("new RockyResource()"));
    expect(main).toBeDefined();
    const dir = mkdtempSync(join(sandbox, "main-"));
    writeFileSync(join(dir, "main.mjs"), asProgram(main?.text ?? ""));
    symlinkSync(join(ROOT, "packages/testing/bin/rocky-sim.js"), join(dir, "rocky"));
    writeFileSync(join(dir, "rocky.toml"), DEFAULT_PROJECT_TOML);
    const log = join(dir, "rocky.jsonl");
    const r = spawnSync(process.execPath, [join(dir, "main.mjs")], {
      cwd: dir,
      env: { PATH: `${dir}:${dirname(process.execPath)}:/usr/bin:/bin`, ROCKY_SIM_LOG: log },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain("DagsterPipesWarning");
    const runs = readFileSync(log, "utf8")
      .split("\n")
      .filter((l) => l.includes('"t":"start"'))
      .map((l) => JSON.parse(l) as { verb: string | null; argv: string[] })
      .filter((i) => i.verb === "run");
    expect(runs).toHaveLength(1);
    expect(runs[0]?.argv).toContain("--filter=source=shop");
  });

  it("the API block type-checks, and each declaration is the package's own type", () => {
    const block = api[0]?.text ?? "";
    const names = {
      functions: [...block.matchAll(/^function (\w+)/gm)].map((m) => m[1] as string),
      interfaces: [...block.matchAll(/^interface (\w+)/gm)].map((m) => m[1] as string),
    };
    expect(names.functions).toEqual(["openDagsterPipes", "withDagsterPipes", "reportRunToPipes"]);
    expect(names.interfaces).toEqual(["OpenDagsterPipesOptions", "PipesContext"]);
    const dir = mkdtempSync(join(sandbox, "api-"));
    // In a declaration file a module's top-level declarations are its exports.
    writeFileSync(join(dir, "api.d.ts"), block);
    const checks = [
      'import type * as Doc from "./api.js";',
      'import type * as Real from "@dagster-rocky/pipes";',
      "type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;",
      ...names.functions.map(
        (f) => `export const ${f}: Same<typeof Doc.${f}, typeof Real.${f}> = true;`,
      ),
      ...names.interfaces.map((i) => `export const ${i}: Same<Doc.${i}, Real.${i}> = true;`),
    ];
    writeFileSync(join(dir, "check.ts"), `${checks.join("\n")}\n`);
    expect(typeCheck([join(dir, "api.d.ts"), join(dir, "check.ts")])).toEqual([]);
  });
});
