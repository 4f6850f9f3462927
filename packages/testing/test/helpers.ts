import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll } from "vitest";
import { simulatorModulePath } from "../src/index.js";

if (!existsSync(simulatorModulePath())) {
  throw new Error(
    `rocky-sim is not built (${simulatorModulePath()} is missing): run \`pnpm exec tsc -b packages/testing\` first`,
  );
}

export interface SimResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stdoutBuffer: Buffer;
  stderr: string;
  pid: number;
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  onSpawn?: (child: ChildProcess) => void;
  detached?: boolean;
}

/** Spawn a real process and collect everything it writes until its pipes close. */
export function runProcess(
  command: string,
  args: readonly string[],
  options: RunOptions = {},
): Promise<SimResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd ?? scratch,
      env: options.env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"],
      detached: options.detached ?? false,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on("data", (c: Buffer) => out.push(c));
    child.stderr?.on("data", (c: Buffer) => err.push(c));
    child.on("error", reject);
    options.onSpawn?.(child);
    child.on("close", (code, signal) => {
      const stdoutBuffer = Buffer.concat(out);
      resolvePromise({
        code,
        signal,
        stdout: stdoutBuffer.toString("utf8"),
        stdoutBuffer,
        stderr: Buffer.concat(err).toString("utf8"),
        pid: child.pid ?? -1,
      });
    });
  });
}

/**
 * A scratch folder for invocations that name no cwd: rocky-sim writes its simulated warehouse
 * and state (`.rocky-sim/`) and plans (`.rocky/`) into the cwd, never into the repository.
 */
const scratch = mkdtempSync(join(tmpdir(), "rocky-sim-test-"));
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const repoHadSimState = existsSync(join(repoRoot, ".rocky-sim"));
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
  if (!repoHadSimState && existsSync(join(repoRoot, ".rocky-sim"))) {
    throw new Error(`a test ran rocky-sim in ${repoRoot}: give it a temp cwd`);
  }
});

/** Run `rocky` (the generated wrapper) with args, in a scratch folder unless `cwd` is given. */
export function rocky(binaryPath: string, args: readonly string[], options: RunOptions = {}) {
  return runProcess(binaryPath, args, options);
}

export { isProcessGone as isDead } from "../src/processes.js";

export async function waitFor<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 5000,
  what = "condition",
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

// ---------------------------------------------------------------------------------------------
// Contract (JSON Schemas) from /work/shared/rocky-contract, read in place, never copied.

const here = dirname(fileURLToPath(import.meta.url));
export const CONTRACT_DIR =
  process.env.ROCKY_CONTRACT_DIR ??
  resolve(here, "..", "..", "..", "..", "shared", "rocky-contract");
export const CONTRACT_AVAILABLE = existsSync(join(CONTRACT_DIR, "schemas", "run.schema.json"));
export const CONTRACT_SKIP_MESSAGE = `rocky contract folder not found at ${CONTRACT_DIR}: JSON Schema checks skipped (set ROCKY_CONTRACT_DIR; they are mandatory when CI is set)`;

type Schema = Record<string, unknown>;

export function loadSchema(name: string): Schema {
  return JSON.parse(
    readFileSync(join(CONTRACT_DIR, "schemas", `${name}.schema.json`), "utf8"),
  ) as Schema;
}

function typeOk(type: string, v: unknown): boolean {
  switch (type) {
    case "null":
      return v === null;
    case "boolean":
      return typeof v === "boolean";
    case "integer":
      return typeof v === "number" && Number.isInteger(v);
    case "number":
      return typeof v === "number";
    case "string":
      return typeof v === "string";
    case "array":
      return Array.isArray(v);
    case "object":
      return v !== null && typeof v === "object" && !Array.isArray(v);
    default:
      return true;
  }
}

/**
 * Structural JSON Schema (draft-07 subset) check: type, enum, required, properties, items,
 * $ref, allOf/anyOf/oneOf, minimum. Returns the list of violations (empty = conforms).
 */
export function validate(
  schema: Schema,
  value: unknown,
  root: Schema = schema,
  path = "$",
): string[] {
  const errors: string[] = [];
  if (typeof schema.$ref === "string") {
    const name = schema.$ref.replace(/^#\/(definitions|\$defs)\//, "");
    const defs = (root.definitions ?? root.$defs) as Record<string, Schema> | undefined;
    const target = defs?.[name];
    if (target === undefined) return [`${path}: unresolved $ref ${schema.$ref}`];
    errors.push(...validate(target, value, root, path));
  }
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
    if (!types.some((t) => typeOk(t, value))) {
      return [...errors, `${path}: expected ${types.join("|")}, got ${JSON.stringify(value)}`];
    }
  }
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) {
    errors.push(`${path}: ${JSON.stringify(value)} not in enum`);
  }
  if (typeof schema.minimum === "number" && typeof value === "number" && value < schema.minimum) {
    errors.push(`${path}: below minimum`);
  }
  if (Array.isArray(schema.allOf)) {
    for (const s of schema.allOf as Schema[]) errors.push(...validate(s, value, root, path));
  }
  for (const key of ["anyOf", "oneOf"] as const) {
    const alts = schema[key];
    if (
      Array.isArray(alts) &&
      !(alts as Schema[]).some((s) => validate(s, value, root, path).length === 0)
    ) {
      errors.push(`${path}: matches none of ${key}`);
    }
  }
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    for (const req of (schema.required as string[] | undefined) ?? []) {
      if (!(req in obj)) errors.push(`${path}: missing required '${req}'`);
    }
    const props = (schema.properties ?? {}) as Record<string, Schema>;
    for (const [k, sub] of Object.entries(props)) {
      if (k in obj) errors.push(...validate(sub, obj[k], root, `${path}.${k}`));
    }
  }
  if (Array.isArray(value) && schema.items !== undefined) {
    if (Array.isArray(schema.items)) {
      (schema.items as Schema[]).forEach((s, i) => {
        errors.push(...validate(s, value[i], root, `${path}[${i}]`));
      });
    } else {
      value.forEach((v, i) => {
        errors.push(...validate(schema.items as Schema, v, root, `${path}[${i}]`));
      });
    }
  }
  return errors;
}
