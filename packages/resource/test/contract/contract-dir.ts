// Locates the rocky engine's reference contract (JSON Schemas + real outputs). It lives outside
// the repository, at `../shared/rocky-contract` from the repository root, and is never copied in.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, it } from "vitest";
import { isCI } from "../../../../test-support/ci.js";

const here = dirname(fileURLToPath(import.meta.url));

/** The repository root (this file is packages/resource/test/contract/contract-dir.ts). */
export const REPO_ROOT = resolve(here, "../../../..");

/** Where the shared contract is looked for; `ROCKY_CONTRACT_DIR` overrides the default. */
export const CONTRACT_DIR = resolve(
  process.env.ROCKY_CONTRACT_DIR ?? join(REPO_ROOT, "..", "shared", "rocky-contract"),
);

export const CONTRACT_AVAILABLE =
  existsSync(join(CONTRACT_DIR, "schemas")) && existsSync(join(CONTRACT_DIR, "fixtures"));

/** `CI` set to anything but an empty string, "0" or "false" (the one shared reading). */
export const IN_CI = isCI();

/**
 * rocky-sdk 0.29.0's output models of the verbs engines newer than 1.71 added, as JSON Schemas
 * (checked into the repository; interop/test/sdk-schemas.test.ts keeps them equal to the venv's).
 */
export const SDK_CONTRACT_DIR = join(REPO_ROOT, "contract", "rocky-sdk-0.29.0");

/** The project's own hand-written outputs (always present). */
export const OWN_FIXTURES_DIR = join(here, "fixtures");

/**
 * `describe` for tests that need the shared contract. When the folder is absent the suite says
 * so and skips, except under CI, where the absence is a failure.
 */
export function describeContract(name: string, body: () => void): void {
  if (CONTRACT_AVAILABLE) {
    describe(name, body);
    return;
  }
  const why = `the shared rocky contract is absent (looked for ${CONTRACT_DIR}, i.e. ../shared/rocky-contract next to the repository root)`;
  describe(`${name} [shared rocky contract absent]`, () => {
    if (IN_CI) {
      it(`fails under CI: ${why}`, () => {
        throw new Error(`CI is set but ${why}. The contract tests must run in CI.`);
      });
    } else {
      console.warn(`[contract] ${name}: skipped because ${why}.`);
      it.skip(`skipped: ${why}`, () => {});
    }
  });
}

/** Every `*.json` file under `dir`, as sorted paths relative to `dir` with `/` separators. */
export function listJsonFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".json"))
    .map((f) => f.split(sep).join("/"))
    .sort();
}

export function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, "utf8"));
}

/** A command's JSON Schema from the shared contract. */
export function readEngineSchema(name: string): JsonSchema {
  return readJson(join(CONTRACT_DIR, "schemas", `${name}.schema.json`)) as JsonSchema;
}

/** A newer verb's output model from {@link SDK_CONTRACT_DIR} (pydantic's JSON Schema). */
export function readSdkSchema(name: string): JsonSchema {
  return readJson(join(SDK_CONTRACT_DIR, `${name}.schema.json`)) as JsonSchema;
}

/** The definition a `$ref` names (`#/definitions/X` from schemars, `#/$defs/X` from pydantic). */
export function resolveRef(root: JsonSchema, ref: string): JsonSchema | undefined {
  const name = ref.replace(/^#\/(definitions|\$defs)\//, "");
  return root.definitions?.[name] ?? root.$defs?.[name];
}

/**
 * The subset of JSON Schema the engine (draft-07, exported by schemars) and rocky-sdk (draft
 * 2020-12, pydantic's `model_json_schema()`) use.
 */
export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  default?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema | JsonSchema[];
  allOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  definitions?: Record<string, JsonSchema>;
  $defs?: Record<string, JsonSchema>;
  description?: string;
  title?: string;
}
