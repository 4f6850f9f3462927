// The TypeScript programs of packages/testing/README.md ("Use it in your own tests" and "A project
// for rocky-sim"), as written: type-checked strictly against the built packages, then run to
// completion (their own asserts must hold) outside and inside a Dagster+ branch deployment. A
// `// <value>` comment after a `console.log(...)` is the line that call must print.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import { fencedBlocks, ROOT } from "./snippets.js";

const README = "packages/testing/README.md";
const PROGRAM_SECTIONS = ["Use it in your own tests", "A project for rocky-sim (and for the SDK)"];
const markdown = readFileSync(join(ROOT, README), "utf8");
const lines = markdown.split("\n");

/** The `## ` heading a line (1-based) sits under. */
function sectionOf(line: number): string {
  for (let i = line - 1; i >= 0; i--) {
    const m = /^## (.*)$/.exec(lines[i] ?? "");
    if (m) return m[1] as string;
  }
  return "";
}

const programs = fencedBlocks(markdown, new Set(["ts", "typescript"]))
  .filter((b) => PROGRAM_SECTIONS.includes(sectionOf(b.line)))
  .map((b) => ({ where: `${README}:${b.line}`, text: b.text }));

/** `@dagster-rocky/<pkg>` → the built file in this workspace. */
function builtPath(specifier: string, ext: "js" | "d.ts"): string | null {
  const m = /^@dagster-rocky\/([\w-]+)$/.exec(specifier);
  return m ? join(ROOT, "packages", m[1] as string, "dist", `index.${ext}`) : null;
}

const sandbox = mkdtempSync(join(tmpdir(), "testing-readme-"));
afterAll(() => rmSync(sandbox, { recursive: true, force: true }));

function typeCheck(file: string): string[] {
  const paths: Record<string, string[]> = {};
  for (const pkg of ["core", "pipes", "resource", "testing"]) {
    paths[`@dagster-rocky/${pkg}`] = [builtPath(`@dagster-rocky/${pkg}`, "d.ts") as string];
  }
  const program = ts.createProgram([file], {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ["lib.es2022.d.ts"],
    types: ["node"],
    typeRoots: [join(ROOT, "node_modules/@types")],
    skipLibCheck: true,
    paths,
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
  return js.replace(/from "(@dagster-rocky\/[\w-]+)"/g, (whole, specifier: string) => {
    const file = builtPath(specifier, "js");
    return file === null ? whole : `from ${JSON.stringify(pathToFileURL(file).href)}`;
  });
}

const expectedStdout = (text: string) =>
  [...text.matchAll(/console\.log\(.*\);\s*\/\/ (.*)$/gm)].map((m) => m[1] as string);

/** The environment of a test process: no DAGSTER_* / ROCKY_* variable of this one leaks in. */
function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !k.startsWith("DAGSTER_") && !k.startsWith("ROCKY_")) env[k] = v;
  }
  env.PATH = [dirname(process.execPath), "/usr/bin", "/bin"].join(":");
  return env;
}

const DEPLOYMENTS = [
  ["outside Dagster+", {}],
  [
    "in a Dagster+ branch deployment (PR 42)",
    { DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "1", DAGSTER_CLOUD_PULL_REQUEST_ID: "42" },
  ],
] as const;

describe("the testing README's TypeScript programs", () => {
  it("are found: the test example and the project example", () => {
    expect(programs).toHaveLength(2);
    expect(programs[0]?.text).toContain('shadowMode: "branch_deploy"');
    for (const built of ["resource/dist/index.js", "testing/dist/index.js"]) {
      expect(existsSync(join(ROOT, "packages", built)), `build first: ${built}`).toBe(true);
    }
  });

  describe.each(programs)("$where", ({ where, text }) => {
    it("type-checks strictly against the built packages", () => {
      const file = join(mkdtempSync(join(sandbox, "tc-")), "block.ts");
      writeFileSync(file, `${text}\nexport {};\n`);
      expect(typeCheck(file), where).toEqual([]);
    });

    it.each(DEPLOYMENTS)("runs to completion %s, printing what its comments say", (_, extra) => {
      const dir = mkdtempSync(join(sandbox, "run-"));
      writeFileSync(join(dir, "main.mjs"), asProgram(text));
      const r = spawnSync(process.execPath, [join(dir, "main.mjs")], {
        cwd: dir,
        env: { ...baseEnv(), ...extra },
        encoding: "utf8",
        timeout: 60_000,
      });
      expect(r.status, `${where}\n${r.stdout}\n${r.stderr}`).toBe(0);
      expect(
        r.stdout.split("\n").filter((l) => l !== ""),
        where,
      ).toEqual(expectedStdout(text));
      // Nothing of the simulator is left in the folder the program ran in.
      expect(existsSync(join(dir, ".rocky-sim")), where).toBe(false);
    });
  });
});
