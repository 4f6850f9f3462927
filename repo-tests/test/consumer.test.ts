// A user's app outside this monorepo. Every publishable package is packed (`pnpm pack`) and
// installed with npm, no workspace links, into a fresh folder made by the root README's "A new
// project" commands exactly as written (a stand-in `npm` on PATH maps the unpublished
// `@dagster-rocky/*` names to the tarballs; everything else comes from the registry, so the
// README's `typescript` is the newest on npm). With the README's tsconfig.json (strict, nodenext,
// skipLibCheck: false):
// - every package root and subpath export is imported, and every published declaration file
//   type-checked, under this repository's TypeScript and under the newest one;
// - a misspelled output field does not compile under either;
// - the README's program compiles and runs (rocky-sim as `rocky` on PATH), in production and in a
//   Dagster+ PR deployment whose variables are in the process's own environment;
// - the editor JSON Schema path the README gives exists in the app.
// Without the registry: outside CI the tests say so and are skipped; under CI they fail.
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it, type TestContext } from "vitest";
import { writeSimProject } from "../../packages/testing/dist/index.js";
import { isCI } from "../../test-support/ci.js";
import { fencedBlocks, NEW_PROJECT_HEADING, ROOT } from "./snippets.js";

interface Manifest {
  name: string;
  private?: boolean;
  exports: Record<string, string | { types?: string; default: string }>;
  dependencies?: Record<string, string>;
}

const manifestOf = (dir: string) =>
  JSON.parse(readFileSync(join(ROOT, dir, "package.json"), "utf8")) as Manifest;
const PACKAGES = readdirSync(join(ROOT, "packages"))
  .sort()
  .map((d) => `packages/${d}`)
  .filter((d) => existsSync(join(ROOT, d, "package.json")) && !manifestOf(d).private);

const README = readFileSync(join(ROOT, "README.md"), "utf8");
const blocksOf = (langs: string[]) => fencedBlocks(README, new Set(langs));
const setupBlocks = blocksOf(["sh"]).filter((b) => b.heading === NEW_PROJECT_HEADING);
const tsconfigBlock = blocksOf(["json"]).find((b) => b.heading === NEW_PROJECT_HEADING);
const program = blocksOf(["ts", "typescript"]).find((b) => b.heading === "Usage");
/** The editor schema path the README gives, relative to the app folder. */
const SCHEMA_PATH = /`(node_modules\/@dagster-rocky\/resource\/[^`\s]+\.schema\.json)`/.exec(
  README,
)?.[1];

const PROJECT_TSC = join(ROOT, "node_modules/typescript/bin/tsc");
const NODE_DIR = dirname(process.execPath);
const PR_42 = { DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "1", DAGSTER_CLOUD_PULL_REQUEST_ID: "42" };

const work = mkdtempSync(join(tmpdir(), "consumer-"));
const app = join(work, "my-app");
const bin = join(work, "bin");
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Why the app could not be installed (no registry), or null once it is. */
let unavailable: string | null = "not set up";
let newestTypeScript: string | null = null;
let tarballs: string[] = [];

function sh(
  command: string,
  args: string[],
  options: { cwd?: string; env?: Record<string, string>; timeout?: number } = {},
) {
  const r = spawnSync(command, args, {
    cwd: options.cwd ?? app,
    env: {
      PATH: `${bin}:${NODE_DIR}:/usr/local/bin:/usr/bin:/bin`,
      HOME: process.env.HOME ?? work,
      // npm's cache lives in HOME (~/.npm), never in this repository.
      npm_config_prefer_offline: "true",
      npm_config_audit: "false",
      npm_config_fund: "false",
      npm_config_update_notifier: "false",
      ...options.env,
    },
    encoding: "utf8",
    timeout: options.timeout ?? 240_000,
  });
  return { status: r.status, out: `${r.stdout ?? ""}${r.stderr ?? ""}`, stdout: r.stdout ?? "" };
}

/** The registry's newest TypeScript, or null when the registry cannot be reached. */
function registryTypeScript(): string | null {
  const r = spawnSync("npm", ["view", "typescript", "dist-tags.latest"], {
    encoding: "utf8",
    timeout: 60_000,
    env: { ...process.env, npm_config_update_notifier: "false" },
  });
  const version = (r.stdout ?? "").trim();
  return r.status === 0 && /^\d+\.\d+\.\d+/.test(version) ? version : null;
}

/** Packs every publishable package; `@dagster-rocky/x` → its tarball and its workspace dependencies'. */
function packAll(): Record<string, string[]> {
  const dest = join(work, "tarballs");
  const own: Record<string, string> = {};
  for (const dir of PACKAGES) {
    const out = join(dest, dir.replace("/", "-"));
    const r = spawnSync("pnpm", ["pack", "--pack-destination", out], {
      cwd: join(ROOT, dir),
      encoding: "utf8",
    });
    if (r.status !== 0) throw new Error(`pnpm pack ${dir} failed: ${r.stderr}`);
    const file = readdirSync(out).find((f) => f.endsWith(".tgz"));
    if (file === undefined) throw new Error(`pnpm pack ${dir} made no tarball`);
    own[manifestOf(dir).name] = join(out, file);
  }
  const closure = (name: string, seen = new Set<string>()): string[] => {
    if (seen.has(name)) return [];
    seen.add(name);
    const dir = PACKAGES.find((d) => manifestOf(d).name === name) as string;
    const deps = Object.keys(manifestOf(dir).dependencies ?? {}).filter((d) => d in own);
    return [own[name] as string, ...deps.flatMap((d) => closure(d, seen))];
  };
  return Object.fromEntries(Object.keys(own).map((name) => [name, closure(name)]));
}

/** `npm` for the README's commands: the unpublished names become the packed tarballs. */
function npmStandIn(map: Record<string, string[]>): void {
  const realNpm = spawnSync("sh", ["-c", "command -v npm"], { encoding: "utf8" }).stdout.trim();
  if (realNpm === "") throw new Error("npm is not on PATH");
  const script = `#!${process.execPath}
const { spawnSync } = require("node:child_process");
const map = ${JSON.stringify(map)};
const args = process.argv.slice(2).flatMap((a) => map[a] ?? [a]);
const r = spawnSync(${JSON.stringify(realNpm)}, args, { stdio: "inherit" });
process.exit(r.status ?? 1);
`;
  writeFileSync(join(bin, "npm"), script);
  chmodSync(join(bin, "npm"), 0o755);
}

beforeAll(async () => {
  expect(setupBlocks, "README: the new-project shell blocks").toHaveLength(2);
  expect(tsconfigBlock, "README: the new-project tsconfig.json").toBeDefined();
  expect(program, "README: the Usage program").toBeDefined();
  mkdirSync(app, { recursive: true });
  mkdirSync(bin, { recursive: true });
  const map = packAll();
  tarballs = [...new Set(Object.values(map).flat())];
  npmStandIn(map);
  newestTypeScript = registryTypeScript();
  const [install] = setupBlocks;
  const r = sh("/bin/bash", ["-e", "-c", install?.text ?? ""]);
  if (r.status !== 0) {
    const why = `the README's install failed (npm registry ${newestTypeScript === null ? "unreachable" : "reachable"}):\n${r.out}`;
    if (newestTypeScript !== null || isCI()) throw new Error(why);
    unavailable = why;
    return;
  }
  // The rest of the packages, for their entry points (pipes and testing are not in the README's install).
  const all = sh("npm", ["install", ...tarballs]);
  if (all.status !== 0) throw new Error(`npm install of the tarballs failed:\n${all.out}`);
  writeFileSync(join(app, "tsconfig.json"), tsconfigBlock?.text ?? "");
  mkdirSync(join(app, "src"));
  writeFileSync(join(app, "src/main.ts"), program?.text ?? "");
  // rocky-sim from the installed @dagster-rocky/testing, as `rocky`, in its project (rocky.toml,
  // the simulated warehouse whose tables a run copies: rocky-sim invents none).
  symlinkSync(
    join(app, "node_modules/@dagster-rocky/testing/bin/rocky-sim.js"),
    join(bin, "rocky"),
  );
  await writeSimProject(app);
  unavailable = null;
}, 600_000);

/** Skips (outside CI) when the app could not be installed for want of a registry. */
function needsApp(ctx: TestContext): void {
  if (unavailable === null) return;
  if (isCI()) throw new Error(unavailable);
  console.warn(`consumer test skipped: ${unavailable}`);
  ctx.skip();
}

const TYPESCRIPTS = [
  ["this repository's TypeScript", () => PROJECT_TSC],
  ["the newest TypeScript on npm", () => join(app, "node_modules/typescript/bin/tsc")],
] as const;

const tsc = (compiler: string, project: string) =>
  sh(process.execPath, [compiler, "-p", project], { timeout: 300_000 });

/** Every export subpath of every package, as an import line (JSON ones with their attribute). */
function importsProgram(): { source: string; specifiers: string[] } {
  const lines: string[] = [];
  const specifiers: string[] = [];
  for (const dir of PACKAGES) {
    const { name, exports } = manifestOf(dir);
    for (const [sub, target] of Object.entries(exports)) {
      const specifier = sub === "." ? name : `${name}${sub.slice(1)}`;
      const file = typeof target === "string" ? target : target.default;
      const id = `m${specifiers.length}`;
      specifiers.push(specifier);
      lines.push(
        file.endsWith(".json")
          ? `import ${id} from "${specifier}" with { type: "json" };`
          : `import * as ${id} from "${specifier}";`,
        `console.log("${specifier}", Object.keys(${id}).length);`,
      );
    }
  }
  return { source: `${lines.join("\n")}\n`, specifiers };
}

/** The published declaration files of every package, as installed. */
function publishedDeclarations(): string[] {
  const scope = join(app, "node_modules/@dagster-rocky");
  return readdirSync(scope).flatMap((pkg) =>
    readdirSync(join(scope, pkg), { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith(".d.ts") && !f.startsWith("node_modules"))
      .map((f) => relative(app, join(scope, pkg, f))),
  );
}

describe("the README's new project, with the packed tarballs", () => {
  it("installs with npm, no workspace links, and gets the newest TypeScript on npm", (ctx) => {
    needsApp(ctx);
    const installed = JSON.parse(
      readFileSync(join(app, "node_modules/typescript/package.json"), "utf8"),
    ) as { version: string };
    if (newestTypeScript !== null) expect(installed.version).toBe(newestTypeScript);
    const pkg = JSON.parse(readFileSync(join(app, "package.json"), "utf8")) as {
      type?: string;
      dependencies: Record<string, string>;
    };
    expect(pkg.type).toBe("module");
    expect(pkg.dependencies["@dagster-rocky/resource"]).toMatch(/^file:.*\.tgz$/);
    for (const dir of PACKAGES) {
      const name = manifestOf(dir).name;
      // A real folder unpacked from the tarball, not a symlink into this workspace.
      const real = spawnSync("readlink", ["-f", join(app, "node_modules", name)], {
        encoding: "utf8",
      }).stdout.trim();
      expect(real.startsWith(join(app, "node_modules")), name).toBe(true);
    }
  });

  describe.each(TYPESCRIPTS)("under %s", (_, compiler) => {
    it("every package root and subpath export, every published .d.ts and the README's program type-check (skipLibCheck: false)", (ctx) => {
      needsApp(ctx);
      const { source } = importsProgram();
      mkdirSync(join(app, "check"), { recursive: true });
      writeFileSync(join(app, "check/imports.ts"), source);
      const declarations = publishedDeclarations();
      expect(declarations.length).toBeGreaterThan(100);
      writeFileSync(
        join(app, "tsconfig.check.json"),
        JSON.stringify({
          extends: "./tsconfig.json",
          compilerOptions: { resolveJsonModule: true, noEmit: true, rootDir: "." },
          include: ["src", "check/imports.ts"],
          files: declarations,
        }),
      );
      const r = tsc(compiler(), "tsconfig.check.json");
      expect(r.out.trim()).toBe("");
      expect(r.status).toBe(0);
    });

    it("a misspelled output field does not compile; spelled right, it does", (ctx) => {
      needsApp(ctx);
      mkdirSync(join(app, "typo"), { recursive: true });
      const reads = (field: string) =>
        [
          'import { RockyResource } from "@dagster-rocky/resource";',
          'const run = await new RockyResource().run({ filter: "tenant=acme" });',
          `if (run.kind === "run") console.log(run.${field}.length);`,
          "export {};",
          "",
        ].join("\n");
      writeFileSync(join(app, "typo/wrong.ts"), reads("matrializations"));
      writeFileSync(join(app, "typo/right.ts"), reads("materializations"));
      writeFileSync(
        join(app, "tsconfig.typo.json"),
        JSON.stringify({
          extends: "./tsconfig.json",
          compilerOptions: { noEmit: true, rootDir: "." },
          include: ["typo"],
        }),
      );
      const r = tsc(compiler(), "tsconfig.typo.json");
      expect(r.status).not.toBe(0);
      const errors = r.out.trim().split("\n");
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(
        /^typo\/wrong\.ts\(3,\d+\): error TS(2339|2551): Property 'matrializations' does not exist on type 'RunReportResult & ShadowRecord'/,
      );
    });
  });

  it.for(
    PACKAGES.flatMap((dir) => {
      const { name, exports } = manifestOf(dir);
      return Object.entries(exports)
        .filter(([, t]) => typeof t !== "string" && t.types !== undefined)
        .map(([sub]) => (sub === "." ? name : `${name}${sub.slice(1)}`));
    }),
  )(
    "%s alone type-checks under the newest TypeScript, with no types listed (skipLibCheck: false)",
    (specifier, ctx) => {
      needsApp(ctx);
      const dir = join(app, "alone", specifier.replace(/[@/]/g, "_"));
      mkdirSync(dir, { recursive: true });
      writeFileSync(
        join(dir, "main.ts"),
        `import * as m from "${specifier}";\nexport const n = Object.keys(m).length;\n`,
      );
      const project = join(dir, "tsconfig.json");
      writeFileSync(
        project,
        JSON.stringify({
          extends: "../../tsconfig.json",
          compilerOptions: { noEmit: true, types: [], rootDir: "." },
          include: ["main.ts"],
        }),
      );
      const r = tsc(join(app, "node_modules/typescript/bin/tsc"), project);
      expect(r.out.trim()).toBe("");
      expect(r.status).toBe(0);
    },
  );

  it("every package root and subpath export imports at run time", (ctx) => {
    needsApp(ctx);
    const { source, specifiers } = importsProgram();
    writeFileSync(join(app, "imports.mjs"), source);
    const r = sh(process.execPath, ["imports.mjs"]);
    expect(r.status, r.out).toBe(0);
    const printed = r.stdout.trim().split("\n");
    expect(printed.map((l) => l.split(" ")[0])).toEqual(specifiers);
    for (const line of printed) expect(Number(line.split(" ")[1]), line).toBeGreaterThan(0);
  });

  it.for([
    ["in production", {}],
    ["in a Dagster+ PR deployment (PR 42, variables in the process env)", PR_42],
  ] as const)("the README's program compiles and runs %s", ([label, env], ctx) => {
    needsApp(ctx);
    const run = setupBlocks[1]?.text ?? "";
    const r = sh("/bin/bash", ["-e", "-c", run], { env });
    expect(r.status, r.out).toBe(0);
    expect(r.stdout, label).toMatch(/^Success .*warehouse\.staging__acme\.orders/m);
    if (env === PR_42) expect(r.stdout).toContain("warehouse.staging__acme.orders_dagster_pr_42");
    else expect(r.stdout).not.toContain("_dagster_");
  });

  it("the editor JSON Schema path the README gives is a file in the app, and a config file loads", (ctx) => {
    needsApp(ctx);
    expect(SCHEMA_PATH).toBeDefined();
    // The package's own README gives the same path.
    expect(readFileSync(join(ROOT, "packages/resource/README.md"), "utf8")).toContain(
      `./${SCHEMA_PATH}`,
    );
    const schema = JSON.parse(readFileSync(join(app, SCHEMA_PATH as string), "utf8")) as {
      $schema: string;
      properties: Record<string, unknown>;
    };
    expect(schema.$schema).toMatch(/json-schema\.org/);
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(["binaryPath", "shadowMode", "timeoutMs"]),
    );
    writeFileSync(
      join(app, "rocky-resource.yaml"),
      `# yaml-language-server: $schema=./${SCHEMA_PATH}\nshadowMode: branch_deploy\ntimeoutMs: 600000\n`,
    );
    const r = sh(process.execPath, [
      "--input-type=module",
      "-e",
      'import { RockyResource } from "@dagster-rocky/resource"; const r = await RockyResource.fromConfigFile("rocky-resource.yaml"); console.log(r.options.timeoutMs, r.options.shadowMode);',
    ]);
    expect(r.status, r.out).toBe(0);
    expect(r.stdout.trim()).toBe("600000 branch_deploy");
  });
});
