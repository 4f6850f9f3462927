// The TypeScript blocks of a README, as a user pastes them into the README's new project: each
// block is a module of an app whose package.json says "type": "module", whose tsconfig.json is
// the root README's, and whose node_modules hold this workspace's packages (as npm would place
// them: @dagster-rocky/*, and zod for a subclass's options). A block is either a program (type-
// checked, then run) or an API listing (declarations only: type-checked as a declaration file,
// each of its functions and interfaces the package's own type).
//
// Conventions of the info string, after the language (```ts <words>):
// - `branch-deployment`: a program that runs only inside a Dagster+ branch deployment (it
//   refuses elsewhere, as the README says);
// - a file name on a yaml/json/toml block (```yaml rocky-resource.yaml): that file is in the
//   project the README's programs run in.
import { spawnSync } from "node:child_process";
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import ts from "typescript";
import { DEFAULT_PROJECT_TOML, writeSimProject } from "../../packages/testing/dist/index.js";
import { fencedBlocks, NEW_PROJECT_HEADING, ROOT } from "./snippets.js";

export interface TsBlock {
  /** Where it comes from, e.g. "packages/resource/README.md:112". */
  readonly where: string;
  readonly readme: string;
  readonly text: string;
  readonly meta: readonly string[];
  readonly api: boolean;
}

/** A block that only declares (function signatures, interfaces, types, type imports). */
export function isApiListing(text: string): boolean {
  const file = ts.createSourceFile("block.ts", text, ts.ScriptTarget.ES2022, false);
  return (
    file.statements.length > 0 &&
    file.statements.every(
      (s) =>
        (ts.isImportDeclaration(s) && s.importClause?.isTypeOnly === true) ||
        (ts.isFunctionDeclaration(s) && s.body === undefined) ||
        ts.isInterfaceDeclaration(s) ||
        ts.isTypeAliasDeclaration(s),
    ) &&
    file.statements.some((s) => !ts.isImportDeclaration(s))
  );
}

export function typescriptBlocks(readme: string): TsBlock[] {
  return fencedBlocks(readFileSync(join(ROOT, readme), "utf8"), new Set(["ts", "typescript"])).map(
    (b) => ({
      where: `${readme}:${b.line}`,
      readme,
      text: b.text,
      meta: b.meta.split(/\s+/).filter((w) => w !== ""),
      api: isApiListing(b.text),
    }),
  );
}

/** The files a README names on its yaml/json/toml blocks (```yaml rocky-resource.yaml). */
export function readmeFiles(readme: string): Map<string, string> {
  const blocks = fencedBlocks(
    readFileSync(join(ROOT, readme), "utf8"),
    new Set(["yaml", "yml", "json", "toml"]),
  );
  return new Map(
    blocks
      .filter((b) => /^[\w.-]+\.(ya?ml|json|toml)$/.test(b.meta))
      .map((b) => [b.meta, b.text] as const),
  );
}

/** The root README's new-project tsconfig.json, its compiler options as the TypeScript API takes them. */
export function newProjectOptions(): ts.CompilerOptions {
  const block = fencedBlocks(readFileSync(join(ROOT, "README.md"), "utf8"), new Set(["json"])).find(
    (b) => b.heading === NEW_PROJECT_HEADING,
  );
  if (block === undefined) throw new Error("README.md has no new-project tsconfig.json");
  const { compilerOptions } = JSON.parse(block.text) as { compilerOptions: object };
  const parsed = ts.convertCompilerOptionsFromJson(compilerOptions, ROOT);
  if (parsed.errors.length > 0) throw new Error("the README's tsconfig.json does not parse");
  // The type rules; the build layout (rootDir, outDir) is the app's.
  const { rootDir: _rootDir, outDir: _outDir, ...rules } = parsed.options;
  return rules;
}

const PACKAGE_LINKS: Record<string, string> = {
  "@dagster-rocky/core": "packages/core",
  "@dagster-rocky/resource": "packages/resource",
  "@dagster-rocky/testing": "packages/testing",
  "@dagster-rocky/pipes": "packages/pipes",
  zod: "packages/resource/node_modules/zod",
};

/**
 * A new project in `dir`: package.json ("type": "module"), node_modules linking this workspace's
 * packages, a rocky project (rocky-sim's rocky.toml, its simulated warehouse and the README's named
 * files), and a bin
 * folder holding rocky-sim as `rocky`, returned.
 */
// rocky-sim's replication project, written once: its simulated warehouse (the tables rocky-sim
// copies; it invents none) and data/seed.sql are copied into each new project. It is the
// warehouse a README's program meets: production's tables and PR 42's shadow tables are built
// (by rocky-sim, not through the SDK), so a program comparing a PR's tables finds both.
const SIM_PROJECT = mkdtempSync(join(tmpdir(), "readme-sim-project-"));
await writeSimProject(SIM_PROJECT);
for (const argv of [["run"], ["run", "--shadow", "--shadow-suffix", "_dagster_pr_42"]]) {
  const r = spawnSync(
    join(ROOT, "packages/testing/bin/rocky-sim.js"),
    ["--output", "json", ...argv],
    {
      cwd: SIM_PROJECT,
      encoding: "utf8",
    },
  );
  if (r.status !== 0) throw new Error(`rocky-sim ${argv.join(" ")}: ${r.stderr}`);
}
process.on("exit", () => rmSync(SIM_PROJECT, { recursive: true, force: true }));

export function makeProject(dir: string, files: ReadonlyMap<string, string> = new Map()): string {
  writeFileSync(join(dir, "package.json"), `${JSON.stringify({ type: "module" })}\n`);
  for (const [name, target] of Object.entries(PACKAGE_LINKS)) {
    mkdirSync(dirname(join(dir, "node_modules", name)), { recursive: true });
    symlinkSync(join(ROOT, target), join(dir, "node_modules", name));
  }
  writeFileSync(join(dir, "rocky.toml"), DEFAULT_PROJECT_TOML);
  for (const sub of [".rocky-sim", "data"])
    cpSync(join(SIM_PROJECT, sub), join(dir, sub), { recursive: true });
  for (const [name, text] of files) writeFileSync(join(dir, name), text);
  const bin = join(dir, ".bin");
  mkdirSync(bin);
  symlinkSync(join(ROOT, "packages/testing/bin/rocky-sim.js"), join(bin, "rocky"));
  return bin;
}

/** Type-checks `files` (in a project made by makeProject) as one program; diagnostics by file. */
export function typeCheck(
  files: readonly string[],
  options: ts.CompilerOptions,
): Map<string, string[]> {
  const program = ts.createProgram(files, {
    ...options,
    noEmit: true,
    // The consumer test checks the published declarations with skipLibCheck: false.
    skipLibCheck: true,
    typeRoots: [join(ROOT, "node_modules/@types")],
  });
  const out = new Map<string, string[]>(files.map((f) => [f, []]));
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const file = d.file?.fileName ?? "";
    const text = ts.flattenDiagnosticMessageText(d.messageText, "\n");
    const at =
      d.file !== undefined && d.start !== undefined
        ? `:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}`
        : "";
    const list = out.get(file) ?? out.get(files[0] as string);
    list?.push(`${file.slice(file.lastIndexOf("/") + 1)}${at}: ${text}`);
  }
  return out;
}

/** The JavaScript a user's build makes of a block (ES modules, as nodenext emits for "type": "module"). */
export function toJavaScript(source: string): string {
  return ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  }).outputText;
}

/** Runs `file` with node in `dir`, rocky-sim as `rocky` on PATH, only `env` added to a bare environment. */
export function runProgram(dir: string, bin: string, file: string, env: Record<string, string>) {
  const r = spawnSync(process.execPath, [file], {
    cwd: dir,
    env: {
      PATH: `${bin}:${dirname(process.execPath)}:/usr/bin:/bin`,
      HOME: process.env.HOME ?? dir,
      ...env,
    },
    encoding: "utf8",
    timeout: 120_000,
  });
  return { status: r.status, stdout: r.stdout ?? "", stderr: r.stderr ?? "" };
}
