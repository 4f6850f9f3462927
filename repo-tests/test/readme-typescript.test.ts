// Every TypeScript block of the root, core and resource READMEs, as written, pasted into the root
// README's new project (typescript-blocks.ts): each program type-checks with the README's
// tsconfig.json and runs to exit 0 with rocky-sim as `rocky`, outside a deployment and inside a
// Dagster+ PR deployment whose variables are in the process's own environment (a
// `branch-deployment` block inside it only, and refused outside it, as its README says); each API
// listing type-checks as a declaration file and declares exactly the package's own types.
// (packages/pipes and examples/dagster-pipes: pipes-readme.test.ts; packages/testing:
// testing-readme.test.ts.)
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  makeProject,
  newProjectOptions,
  readmeFiles,
  runProgram,
  type TsBlock,
  toJavaScript,
  typeCheck,
  typescriptBlocks,
} from "./typescript-blocks.js";

const READMES = ["README.md", "packages/core/README.md", "packages/resource/README.md"];
const blocks = READMES.flatMap(typescriptBlocks);
const programs = blocks.filter((b) => !b.api);
const listings = blocks.filter((b) => b.api);
const packageOf = (readme: string) => /^packages\/([\w-]+)\//.exec(readme)?.[1] ?? "resource";

const PR_42 = { DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "1", DAGSTER_CLOUD_PULL_REQUEST_ID: "42" };
const ENVIRONMENTS = [
  ["outside a deployment", {}],
  ["in Dagster+ PR 42", PR_42],
] as const;

const work = mkdtempSync(join(tmpdir(), "readme-ts-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const fileOf = (b: TsBlock) => join(work, "check", `${b.where.replace(/[/.:]/g, "_")}.ts`);
let diagnostics = new Map<string, string[]>();

beforeAll(() => {
  // One project for the type-check: every program a module of it, every listing a .d.ts with its check.
  const dir = join(work, "check");
  mkdirSync(dir);
  makeProject(dir);
  const files: string[] = [];
  for (const b of programs) {
    // `export {}`: a module even if the block imports nothing (top-level await needs one).
    writeFileSync(fileOf(b), `${b.text}\nexport {};\n`);
    files.push(fileOf(b));
  }
  for (const b of listings) {
    const declarations = fileOf(b).replace(/\.ts$/, ".api.d.ts");
    writeFileSync(declarations, b.text);
    const name = declarations.slice(declarations.lastIndexOf("/") + 1).replace(/\.d\.ts$/, ".js");
    // Its check imports the listing as "./<name>.api.js", which resolves to the .d.ts alone.
    const fns = [...b.text.matchAll(/^function (\w+)/gm)].map((m) => m[1] as string);
    const types = [...b.text.matchAll(/^(?:interface|type) (\w+)/gm)].map((m) => m[1] as string);
    const check = [
      `import type * as Doc from "./${name}";`,
      `import type * as Real from "@dagster-rocky/${packageOf(b.readme)}";`,
      "type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;",
      ...fns.map((f) => `export const ${f}: Same<typeof Doc.${f}, typeof Real.${f}> = true;`),
      ...types.map((t) => `export const ${t}: Same<Doc.${t}, Real.${t}> = true;`),
      "",
    ].join("\n");
    writeFileSync(fileOf(b), check);
    files.push(declarations, fileOf(b));
  }
  diagnostics = typeCheck(files, newProjectOptions());
}, 180_000);

describe("the READMEs' TypeScript blocks are found", () => {
  it("programs and API listings in each README", () => {
    for (const readme of READMES)
      expect(
        programs.some((b) => b.readme === readme),
        readme,
      ).toBe(true);
    expect(listings.map((b) => b.readme)).toEqual([
      "packages/core/README.md",
      "packages/core/README.md",
      "packages/core/README.md",
    ]);
    expect(programs.filter((b) => b.meta.includes("branch-deployment")).length).toBeGreaterThan(0);
  });
});

describe.each(listings.map((b) => [b.where, b] as const))("API listing %s", (_, block) => {
  it("type-checks as a declaration file; each function and interface is the package's own type", () => {
    const declarations = fileOf(block).replace(/\.ts$/, ".api.d.ts");
    expect([
      ...(diagnostics.get(declarations) ?? []),
      ...(diagnostics.get(fileOf(block)) ?? []),
    ]).toEqual([]);
    expect(block.text).toMatch(/^(function|interface) \w+/m);
  });
});

describe.each(programs.map((b) => [b.where, b] as const))("program %s", (_, block) => {
  it("type-checks with the README's tsconfig.json (strict, nodenext)", () => {
    expect(diagnostics.get(fileOf(block))).toEqual([]);
  });

  const prOnly = block.meta.includes("branch-deployment");
  it.each(ENVIRONMENTS)(
    prOnly ? "runs %s as its README says" : "runs to exit 0 %s",
    (label, env) => {
      const dir = mkdtempSync(join(work, "run-"));
      const bin = makeProject(dir, readmeFiles(block.readme));
      writeFileSync(join(dir, "main.js"), toJavaScript(block.text));
      const r = runProgram(dir, bin, "main.js", env);
      if (prOnly && env !== PR_42) {
        // Outside a deployment it refuses, as documented: nothing compared against production.
        expect(r.status, `${label}\n${r.stdout}`).not.toBe(0);
        expect(r.stderr).toMatch(/RockyShadowError/);
        return;
      }
      expect(r.status, `${label}\n${r.stdout}\n${r.stderr}`).toBe(0);
      expect(r.stderr).not.toMatch(/Error|Warning: /);
    },
  );
});

describe("what the programs print", () => {
  const run = (needle: string, env: Record<string, string>) => {
    const block = programs.find((b) => b.text.includes(needle));
    expect(block, needle).toBeDefined();
    const dir = mkdtempSync(join(work, "print-"));
    const bin = makeProject(dir, readmeFiles(block?.readme ?? ""));
    writeFileSync(join(dir, "main.js"), toJavaScript(block?.text ?? ""));
    const r = runProgram(dir, bin, "main.js", env);
    expect(r.status, r.stderr).toBe(0);
    return r.stdout;
  };

  it("the root README's Usage: production tables outside, _dagster_pr_42 inside PR 42", () => {
    const usage = 'const result = await rocky.run({ filter: "tenant=acme" });\nconsole.log(`shadow';
    expect(run(usage, {})).toMatch(
      /^shadow suffix: none \(production tables\)\nSuccess warehouse\.staging__acme\.\w+, /,
    );
    expect(run(usage, PR_42)).toMatch(
      /^shadow suffix: _dagster_pr_42\nSuccess warehouse\.staging__acme\.\w+_dagster_pr_42, /,
    );
  });

  it("the subclass: a default filter from its options, and a suffix per tenant", () => {
    expect(run("class TenantRockyResource", PR_42).trim()).toBe("Success");
  });

  it("shadowSuffix: the plan's suffix in PR 42, production tables outside", () => {
    const block = "console.log(plan.shadowSuffix";
    expect(run(block, PR_42).trim()).toBe("_dagster_pr_42");
    expect(run(block, {}).trim()).toBe("production tables");
  });

  it("fromConfigFile reads the README's rocky-resource.yaml", () => {
    expect(run('fromConfigFile("rocky-resource.yaml"', {}).trim()).toBe("true");
  });
});
