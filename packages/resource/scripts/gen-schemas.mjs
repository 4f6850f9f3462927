#!/usr/bin/env node
// Regenerates src/schemas/ from the rocky engine's JSON Schemas (the shared contract, engine
// 1.71.0) and from rocky-sdk 0.29.0's models for the newer verbs (contract/rocky-sdk-0.29.0),
// formatted with biome. The rules are in ./schemas/generate.mjs, the reviewed exceptions in
// ./schemas/overrides.mjs.
//
//   node packages/resource/scripts/gen-schemas.mjs            write src/schemas/ (pnpm run gen:schemas)
//   node packages/resource/scripts/gen-schemas.mjs --check    exit 1 if src/schemas/ differs
//   ... --check --dir <dir>                                   compare <dir> instead
//
// The engine contract is read from ROCKY_CONTRACT_DIR, else ../shared/rocky-contract next to the
// repository root.
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { GENERATED_MARK, generateSchemas } from "./schemas/generate.mjs";
import { ENGINE_SCHEMAS, OVERRIDES, SDK_SCHEMAS } from "./schemas/overrides.mjs";

const pkgDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const repoRoot = resolve(pkgDir, "../..");
const schemasDir = join(pkgDir, "src", "schemas");
const REGENERATE =
  "run `pnpm run gen:schemas` (ROCKY_CONTRACT_DIR set to the rocky contract when it is not at ../shared/rocky-contract)";

const args = process.argv.slice(2);
const check = args.includes("--check");
const dirArg = args.indexOf("--dir");
const targetDir = dirArg >= 0 ? resolve(args[dirArg + 1]) : schemasDir;

const contractDir = resolve(
  process.env.ROCKY_CONTRACT_DIR ?? join(repoRoot, "..", "shared", "rocky-contract"),
);
if (!existsSync(join(contractDir, "schemas"))) {
  console.error(
    `gen-schemas: the rocky engine contract is absent (looked for ${join(contractDir, "schemas")}); set ROCKY_CONTRACT_DIR`,
  );
  process.exit(2);
}

const sources = [
  {
    id: "engine",
    dir: join(contractDir, "schemas"),
    names: ENGINE_SCHEMAS,
    header: (s) =>
      `// from the rocky engine's \`${s.name}.schema.json\` (engine 1.71.0, rocky-data/rocky 98e7d385).`,
  },
  {
    id: "sdk",
    dir: join(repoRoot, "contract", "rocky-sdk-0.29.0"),
    names: SDK_SCHEMAS,
    header: (s) =>
      `// from rocky-sdk 0.29.0's \`${s.json.title}\` model (contract/rocky-sdk-0.29.0/${s.name}.schema.json),\n// the output of a verb newer than engine 1.71.`,
  },
];

let generated;
try {
  generated = generateSchemas({ sources, overrides: OVERRIDES });
} catch (error) {
  console.error(error.message);
  process.exit(2);
}

/** The native biome binary (what @biomejs/biome's own launcher runs), else the launcher. */
function biomeCommand() {
  const require = createRequire(join(repoRoot, "package.json"));
  const biomeDir = dirname(require.resolve("@biomejs/biome/package.json"));
  const fromBiome = createRequire(join(biomeDir, "package.json"));
  const libc =
    process.platform === "linux" && !process.report?.getReport().header.glibcVersionRuntime;
  const pkg = `@biomejs/cli-${process.platform}-${process.arch}${libc ? "-musl" : ""}`;
  try {
    return [fromBiome.resolve(`${pkg}/biome${process.platform === "win32" ? ".exe" : ""}`), []];
  } catch {
    return [process.execPath, [join(biomeDir, "bin", "biome")]];
  }
}

/** Formats and organizes the imports of one module the way `biome check --write` does. */
function format([bin, prefix], file, text) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(
      bin,
      [...prefix, "check", "--write", `--stdin-file-path=${join(schemasDir, file)}`],
      { cwd: repoRoot, stdio: ["pipe", "pipe", "pipe"] },
    );
    let out = "";
    let err = "";
    child.stdout.setEncoding("utf8").on("data", (d) => {
      out += d;
    });
    child.stderr.setEncoding("utf8").on("data", (d) => {
      err += d;
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0 && out !== "") resolvePromise(out);
      else reject(new Error(`gen-schemas: biome failed on ${file} (exit ${code}):\n${err}`));
    });
    child.stdin.end(text);
  });
}

const biome = biomeCommand();
const entries = [...generated];
const formatted = new Map();
for (let i = 0; i < entries.length; i += 8) {
  const batch = entries.slice(i, i + 8);
  const texts = await Promise.all(batch.map(([file, text]) => format(biome, file, text)));
  for (const [j, [file]] of batch.entries()) formatted.set(file, texts[j]);
}

/** Modules in `dir` that say they are generated. */
function generatedFilesIn(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".ts"))
    .filter((f) => readFileSync(join(dir, f), "utf8").startsWith(GENERATED_MARK));
}

if (check) {
  const problems = [];
  for (const [file, text] of formatted) {
    const path = join(targetDir, file);
    if (!existsSync(path)) problems.push(`${file}: missing`);
    else if (readFileSync(path, "utf8") !== text)
      problems.push(`${file}: differs from the generator's output`);
  }
  for (const file of generatedFilesIn(targetDir))
    if (!formatted.has(file))
      problems.push(`${file}: says it is generated, but the generator does not produce it`);
  if (problems.length > 0) {
    console.error(
      `gen-schemas: ${targetDir} is not what the generator gives (${problems.length}):\n  ${problems.join("\n  ")}\nTo fix: ${REGENERATE}.`,
    );
    process.exit(1);
  }
  console.log(`gen-schemas: ${formatted.size} modules up to date`);
} else {
  for (const file of generatedFilesIn(targetDir))
    if (!formatted.has(file)) rmSync(join(targetDir, file));
  for (const [file, text] of formatted) writeFileSync(join(targetDir, file), text);
  console.log(`gen-schemas: wrote ${formatted.size} modules to ${targetDir}`);
}
