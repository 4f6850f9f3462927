// The shape of the code stays maintainable: no source file over 700 lines, no function over 120.
// Every tracked TypeScript and JavaScript file of the repository is measured, tests and scripts
// included (vitest's describe/it callbacks are spec groupings, not functions: they are skipped,
// but the functions inside them are measured). Files a generator writes are measured too.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { ROOT } from "./snippets.js";

const MAX_FILE_LINES = 700;
const MAX_FUNCTION_LINES = 120;
const CODE = /\.(?:[cm]?ts|[cm]?js)$/;
const SPEC_CALLS = new Set([
  "describe",
  "it",
  "test",
  "beforeAll",
  "afterAll",
  "beforeEach",
  "afterEach",
]);

/** The repository's own code: tracked and new files, not ignored ones (dist, node_modules...). */
function sourceFiles(): string[] {
  const r = spawnSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], {
    cwd: ROOT,
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`git ls-files failed: ${r.stderr}`);
  return r.stdout
    .split("\n")
    .filter((f) => CODE.test(f) && !f.endsWith(".d.ts") && !f.startsWith("docs/api/"))
    .sort();
}

const lineCount = (text: string) => text.split("\n").length - (text.endsWith("\n") ? 1 : 0);

/** The callee of a call such as `describe(...)`, `it.each(...)(...)`, `describe.skipIf(x)(...)`. */
function specCallName(call: ts.CallExpression): string | null {
  let e: ts.Expression = call.expression;
  while (ts.isCallExpression(e) || ts.isPropertyAccessExpression(e)) {
    e = ts.isCallExpression(e) ? e.expression : e.expression;
  }
  return ts.isIdentifier(e) ? e.text : null;
}

/** Functions longer than the limit: `file:line name (N lines)`. */
function longFunctions(file: string, text: string): string[] {
  const kind = file.endsWith("ts") ? ts.ScriptKind.TS : ts.ScriptKind.JS;
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
  const out: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node) && "body" in node && node.body !== undefined) {
      const parent = node.parent;
      const isSpec = ts.isCallExpression(parent) && SPEC_CALLS.has(specCallName(parent) ?? "");
      const start = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
      const end = sf.getLineAndCharacterOfPosition(node.getEnd()).line;
      const lines = end - start + 1;
      if (!isSpec && lines > MAX_FUNCTION_LINES) {
        const name = (node as ts.FunctionLikeDeclaration).name?.getText(sf) ?? "(anonymous)";
        out.push(`${file}:${start + 1} ${name} (${lines} lines)`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

describe("no source file over 700 lines, no function over 120", () => {
  const files = sourceFiles();

  it("measures the whole repository", () => {
    expect(files.length).toBeGreaterThan(300);
    expect(files).toContain("packages/resource/src/resource.ts");
  });

  it(`no file over ${MAX_FILE_LINES} lines`, () => {
    const long = files
      .map((f) => [f, lineCount(readFileSync(join(ROOT, f), "utf8"))] as const)
      .filter(([, n]) => n > MAX_FILE_LINES)
      .map(([f, n]) => `${f} (${n} lines)`);
    expect(long).toEqual([]);
  });

  it(`no function over ${MAX_FUNCTION_LINES} lines`, () => {
    const long = files.flatMap((f) => longFunctions(f, readFileSync(join(ROOT, f), "utf8")));
    expect(long).toEqual([]);
  });

  it("the measure sees a long function and skips spec callbacks", () => {
    const body = Array.from({ length: MAX_FUNCTION_LINES }, (_, i) => `  x(${i});`).join("\n");
    const src = `function big() {\n${body}\n}\ndescribe("d", () => {\n${body}\n});\n`;
    expect(longFunctions("probe.ts", src)).toEqual([
      `probe.ts:1 big (${MAX_FUNCTION_LINES + 2} lines)`,
    ]);
  });
});
