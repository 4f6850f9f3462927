/**
 * `rocky package list|add|update|remove` (engine 1.77, shapes from rocky-sdk 0.29.0's models).
 * rocky-sim runs no dbt: `add` vendors one staging model per package under
 * `models/packages/<name>/` and records the package, its options and each file's digest in
 * `rocky-packages.lock` (TOML), which `list`, `update` and `remove` read. Refusals follow what
 * rocky-sdk documents: a spec that is not `<namespace>/<name>[@<version>]`, a package already
 * vendored, a credential-like var without `--allow-secret-var`, an unknown package, and removing
 * a package whose files were edited without `--force`.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parse, stringify } from "smol-toml";
import { bool, type Ctx, RuntimeFailure, str, type VerbResult } from "../context.js";
import type { JsonObject } from "../json.js";

interface LockedPackage {
  name: string;
  hub: string;
  version: string;
  version_spec: string;
  target_schema: string;
  mode: string;
  vars_hash: string;
  compiled_at: string;
  /** Vendored file (project-relative) -> sha256 of what rocky wrote. */
  files: Record<string, string>;
}

const LOCKFILE = "rocky-packages.lock";
const SPEC = /^([A-Za-z0-9_-]+)\/([A-Za-z0-9_]+)(?:@(.+))?$/;
const SECRET = /secret|password|passwd|token|api_?key|credential/i;

const sha = (text: string) => createHash("sha256").update(text).digest("hex");
const rootOf = (ctx: Ctx) => dirname(ctx.configPath);

function readLock(ctx: Ctx): LockedPackage[] {
  const path = join(rootOf(ctx), LOCKFILE);
  if (!existsSync(path)) return [];
  const doc = parse(readFileSync(path, "utf8")) as { package?: LockedPackage[] };
  return doc.package ?? [];
}

function writeLock(ctx: Ctx, packages: readonly LockedPackage[]): void {
  const body = stringify({ version: 1, package: packages.map((p) => ({ ...p })) });
  writeFileSync(join(rootOf(ctx), LOCKFILE), `# Written by rocky package; do not edit.\n${body}\n`);
}

function fileState(ctx: Ctx, p: LockedPackage) {
  const modified: string[] = [];
  const missing: string[] = [];
  const incoming: string[] = [];
  for (const [file, digest] of Object.entries(p.files)) {
    const abs = join(rootOf(ctx), file);
    if (!existsSync(abs)) missing.push(file);
    else if (sha(readFileSync(abs, "utf8")) !== digest) modified.push(file);
    if (existsSync(`${abs}.incoming`)) incoming.push(file);
  }
  return { modified, missing, incoming };
}

function modelOf(p: LockedPackage): string {
  return `stg_${p.name}`;
}

function sourcesOf(p: LockedPackage): JsonObject[] {
  return [
    { name: `${p.name}.${p.name}`, catalog: "warehouse", schema: p.target_schema, table: p.name },
  ];
}

/** The files `add` (and a rebuild) writes for `p`: the staging model and its sidecar. */
function vendoredFiles(p: LockedPackage): Record<string, string> {
  const dir = join("models", "packages", p.name);
  return {
    [join(dir, `${modelOf(p)}.sql`)]:
      `-- vendored from ${p.hub} ${p.name} ${p.version}\nSELECT * FROM ${p.target_schema}.${p.name}\n`,
    [join(dir, `${modelOf(p)}.toml`)]:
      `name = "${modelOf(p)}"\n\n[target]\ncatalog = "warehouse"\nschema = "${p.target_schema}"\ntable = "${modelOf(p)}"\n`,
  };
}

function modeOf(ctx: Ctx, fallback: string): string {
  if (str(ctx.parsed.flags, "compiled") !== null) return "compiled";
  const be = ctx.parsed.flags.get("build-empty");
  if (be === undefined) return fallback;
  return be === "false" ? "compile-only" : "build-empty";
}

function varsHash(ctx: Ctx): string {
  const raw = ctx.parsed.flags.get("vars");
  const vars = Array.isArray(raw) ? raw : [];
  for (const v of vars) {
    const eq = v.indexOf("=");
    if (eq <= 0) throw new RuntimeFailure(`invalid --vars '${v}': expected KEY=VALUE`);
    const key = v.slice(0, eq);
    if (SECRET.test(key) && !bool(ctx.parsed.flags, "allow-secret-var")) {
      throw new RuntimeFailure(
        `[E055] var '${key}' looks like a credential: vars are stored in clear text in ${LOCKFILE}; pass --allow-secret-var to accept it`,
      );
    }
  }
  return sha([...vars].sort().join("\n")).slice(0, 16);
}

function report(
  p: LockedPackage,
  written: string[],
  kept: string[],
  unchanged: number,
): JsonObject {
  return {
    name: p.name,
    hub: p.hub,
    version: p.version,
    version_spec: p.version_spec,
    adapter: "duckdb",
    dbt_version: "1.8.0",
    mode: p.mode,
    target_schema: p.target_schema,
    vars_hash: p.vars_hash,
    includes: [],
    models: [modelOf(p)],
    models_added: written.length > 0 && unchanged === 0 ? [modelOf(p)] : [],
    models_removed: [],
    sources: sourcesOf(p),
    failed_models: [],
    incremental_fallbacks: [],
    tests_mapped: 0,
    tests_dropped: [],
    files_written: written,
    files_unchanged: unchanged,
    files_kept_edited: kept,
    files_incoming: [],
    files_deleted: [],
  };
}

/** Writes `p`'s files, keeping those edited since rocky wrote them. */
function vendor(ctx: Ctx, p: LockedPackage): JsonObject {
  const written: string[] = [];
  const kept: string[] = [];
  let unchanged = 0;
  for (const [file, text] of Object.entries(vendoredFiles(p))) {
    const abs = join(rootOf(ctx), file);
    const had = p.files[file];
    const now = existsSync(abs) ? sha(readFileSync(abs, "utf8")) : null;
    if (had !== undefined && now !== null && now !== had) {
      kept.push(file);
      continue;
    }
    if (now === sha(text)) unchanged++;
    else {
      mkdirSync(dirname(abs), { recursive: true });
      writeFileSync(abs, text);
      written.push(file);
    }
    p.files[file] = sha(text);
  }
  return report(p, written, kept, unchanged);
}

function add(ctx: Ctx, packages: LockedPackage[]): JsonObject {
  const spec = ctx.parsed.positionals[0] as string;
  const m = SPEC.exec(spec);
  if (m === null) {
    throw new RuntimeFailure(
      `[E055] invalid package spec '${spec}': expected <namespace>/<name>[@<version>]`,
    );
  }
  const name = m[2] as string;
  if (packages.some((p) => p.name === name)) {
    throw new RuntimeFailure(
      `[E055] package '${name}' is already vendored: use \`rocky package update ${name}\``,
    );
  }
  const versionSpec = m[3] ?? "*";
  const p: LockedPackage = {
    name,
    hub: `${m[1]}/${name}`,
    version: /(\d+\.\d+\.\d+)/.exec(versionSpec)?.[1] ?? "1.0.0",
    version_spec: versionSpec,
    target_schema: str(ctx.parsed.flags, "target-schema") ?? name,
    mode: modeOf(ctx, "compile-only"),
    vars_hash: varsHash(ctx),
    compiled_at: new Date().toISOString(),
    files: {},
  };
  const vendored = vendor(ctx, p);
  writeLock(ctx, [...packages, p]);
  return { package: vendored, diagnostics: [] };
}

function update(ctx: Ctx, packages: LockedPackage[]): JsonObject {
  const name = ctx.parsed.positionals[0];
  if (name !== undefined && !packages.some((p) => p.name === name)) {
    throw new RuntimeFailure(`package '${name}' is not vendored (${LOCKFILE} has no entry for it)`);
  }
  const hash = varsHash(ctx);
  const reports = packages
    .filter((p) => name === undefined || p.name === name)
    .map((p) => {
      p.mode = modeOf(ctx, p.mode);
      if (ctx.parsed.flags.has("vars")) p.vars_hash = hash;
      p.compiled_at = new Date().toISOString();
      return vendor(ctx, p);
    });
  writeLock(ctx, packages);
  return { packages: reports, diagnostics: [] };
}

function remove(ctx: Ctx, packages: LockedPackage[]): JsonObject {
  const name = ctx.parsed.positionals[0] as string;
  const p = packages.find((x) => x.name === name);
  if (p === undefined) {
    throw new RuntimeFailure(`package '${name}' is not vendored (${LOCKFILE} has no entry for it)`);
  }
  const { modified } = fileState(ctx, p);
  if (modified.length > 0 && !bool(ctx.parsed.flags, "force")) {
    throw new RuntimeFailure(
      `[E055] refusing to remove '${name}': you edited ${modified.join(", ")}; pass --force to delete them anyway`,
    );
  }
  const deleted: string[] = [];
  for (const file of Object.keys(p.files)) {
    const abs = join(rootOf(ctx), file);
    if (existsSync(abs)) {
      rmSync(abs);
      deleted.push(file);
    }
    rmSync(`${abs}.incoming`, { force: true });
  }
  writeLock(
    ctx,
    packages.filter((x) => x !== p),
  );
  return { name, files_deleted: deleted };
}

function list(ctx: Ctx, packages: LockedPackage[]): JsonObject {
  const rows = packages.map((p) => {
    const s = fileState(ctx, p);
    return {
      name: p.name,
      hub: p.hub,
      version: p.version,
      version_spec: p.version_spec,
      adapter: "duckdb",
      dbt_version: "1.8.0",
      mode: p.mode,
      target_schema: p.target_schema,
      compiled_at: p.compiled_at,
      includes: [],
      models: [modelOf(p)],
      sources: sourcesOf(p),
      files_modified: s.modified,
      files_missing: s.missing,
      files_incoming: s.incoming,
    };
  });
  return { count: rows.length, packages: rows };
}

/** main.rs Package arm: one sub-verb each; `list` never writes. */
export async function handlePackage(ctx: Ctx): Promise<VerbResult> {
  const sub = ctx.parsed.subcommand as "list" | "add" | "update" | "remove";
  const packages = readLock(ctx);
  const body = { list, add, update, remove }[sub](ctx, packages);
  return {
    json: {
      version: ctx.version,
      command: `package ${sub}`,
      lockfile: join(rootOf(ctx), LOCKFILE),
      ...body,
    },
    exitCode: 0,
    progress: [],
  };
}
