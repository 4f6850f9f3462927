import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { RockyConfigError, RockyResource } from "@dagster-rocky/resource";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import YAML from "yaml";
import { z } from "zod";

const examplesDir = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
// Through the package's exports map, as a user would: "@dagster-rocky/resource/options.schema.json".
const schemaPath = createRequire(import.meta.url).resolve(
  "@dagster-rocky/resource/options.schema.json",
);

/** Config files: rocky-resource*.{json,yaml,yml} anywhere under examples/, and anything in examples/<x>/config/. */
function configFiles(dir: string, inConfigDir = false): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    if (entry === "node_modules" || entry === "dist" || entry.startsWith(".")) continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) {
      out.push(
        ...configFiles(path, inConfigDir || (entry === "config" && dirname(dir) === examplesDir)),
      );
    } else if (
      /\.(json|ya?ml)$/.test(entry) &&
      (inConfigDir || /^rocky-resource.*\.(json|ya?ml)$/.test(entry))
    ) {
      out.push(path);
    }
  }
  return out.sort();
}

const parseFile = (path: string): unknown => YAML.parse(readFileSync(path, "utf8")); // YAML parses JSON too
const files = configFiles(examplesDir);

describe("the generated JSON Schema", () => {
  it("exists (generated at build) and is the exports-map target", () => {
    expect(basename(schemaPath)).toBe("rocky-resource-options.schema.json");
    expect(existsSync(schemaPath)).toBe(true);
  });

  it("rejects what the resource rejects and accepts detector names", () => {
    const schema = z.fromJSONSchema(JSON.parse(readFileSync(schemaPath, "utf8")));
    expect(schema.safeParse({ shadowMode: "branch_deploy", timeoutMs: 60_000 }).success).toBe(true);
    expect(
      schema.safeParse({ shadowMode: "preview", previewDetectors: ["dagster_plus", "gitlab"] })
        .success,
    ).toBe(true);
    const bad = [
      { timeoutMs: -5 },
      { timeoutMs: 1.5 },
      { timeoutMS: 5 },
      { shadowMode: "sometimes" },
      { stateNamespace: "has-dash" },
      { shadowMode: "preview", previewDetectors: ["jenkins"] },
      { shadowMode: "preview", previewDetectors: [] },
    ];
    for (const value of bad)
      expect(schema.safeParse(value).success, JSON.stringify(value)).toBe(false);
  });
});

describe("every example config file", () => {
  it("is found: at least the declarative and branch-deploy files", () => {
    const names = files.map((f) => relative(examplesDir, f));
    expect(names).toEqual(
      expect.arrayContaining([
        "branch-deploy/rocky-resource.yaml",
        "declarative/config/preview.yaml",
        "declarative/rocky-resource.json",
        "declarative/rocky-resource.yaml",
      ]),
    );
  });

  it.each(files.map((f) => [relative(examplesDir, f), f]))(
    "%s loads with fromConfigFile",
    async (_name, file) => {
      const rocky = await RockyResource.fromConfigFile(file, { env: {} });
      expect(rocky).toBeInstanceOf(RockyResource);
    },
  );

  it.each(files.map((f) => [relative(examplesDir, f), f]))(
    "%s matches the generated JSON Schema",
    (_name, file) => {
      const schema = z.fromJSONSchema(JSON.parse(readFileSync(schemaPath, "utf8")));
      const result = schema.safeParse(parseFile(file));
      expect(result.success, result.error?.message).toBe(true);
    },
  );

  it.each(files.filter((f) => f.endsWith(".json")).map((f) => [relative(examplesDir, f), f]))(
    '%s has a "$schema" that points at the generated schema',
    (_name, file) => {
      const ref = (parseFile(file) as { $schema?: string }).$schema;
      expect(ref).toBeTypeOf("string");
      expect(resolve(dirname(file), ref as string)).toBe(
        resolve(examplesDir, "../packages/resource/schema/rocky-resource-options.schema.json"),
      );
    },
  );
});

describe("a bad config file", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "declarative-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function loadError(
    name: string,
    text: string,
  ): Promise<RockyConfigError & { file: string }> {
    const file = join(dir, name);
    await writeFile(file, text);
    const error = await RockyResource.fromConfigFile(file).catch((e) => e);
    expect(error).toBeInstanceOf(RockyConfigError);
    return Object.assign(error, { file });
  }

  it("YAML timeoutMs: -5 gives RockyConfigError with the file path and the field path", async () => {
    const error = await loadError(
      "rocky-resource.yaml",
      "shadowMode: branch_deploy\ntimeoutMs: -5\n",
    );
    expect(error.filePath).toBe(error.file);
    expect(error.issues[0]?.path).toBe("timeoutMs");
    expect(error.message).toContain(error.file);
    expect(error.message).toContain("timeoutMs");
  });

  it("JSON with a misspelt key names the key", async () => {
    const error = await loadError(
      "rocky-resource.json",
      JSON.stringify({ shadowMode: "off", timeoutMS: 5 }),
    );
    expect(error.filePath).toBe(error.file);
    expect(error.message).toContain("timeoutMS");
  });

  it("a cross-field rule the JSON Schema cannot express is still caught by the resource", async () => {
    const error = await loadError(
      "rocky-resource.yml",
      "shadowMode: branch_deploy\nshadowSuffix: _x\n",
    );
    expect(error.issues[0]?.path).toBe("shadowSuffix");
  });

  it("an unknown preview detector is named with its index", async () => {
    const error = await loadError(
      "preview.yaml",
      "shadowMode: preview\npreviewDetectors: [dagster_plus, jenkins]\n",
    );
    expect(error.issues[0]?.path).toBe("previewDetectors[1]");
  });
});
