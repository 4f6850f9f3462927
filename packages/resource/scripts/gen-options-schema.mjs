#!/usr/bin/env node
// Writes schema/rocky-resource-options.schema.json from the zod schema of the
// resource options (the compiled dist, so run it after `tsc -b`). Generated at
// build, ignored by git, shipped in the package as "./options.schema.json".
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { z } from "zod";

const pkgDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const { RockyResourceConfigSchema } = await import(
  pathToFileURL(join(pkgDir, "dist/options.js")).href
);
const { PREVIEW_PLATFORMS } = await import("@dagster-rocky/core");

const schema = z.toJSONSchema(RockyResourceConfigSchema, {
  // What a user writes (defaults optional), not what the resource resolves to.
  io: "input",
  // A { name, detect } detector is code and cannot live in a file: it is
  // replaced below, so the file form accepts detector names only.
  unrepresentable: "any",
});

const detectors = schema.properties?.previewDetectors;
if (detectors === undefined)
  throw new Error("gen-options-schema: previewDetectors is missing from the schema");
detectors.items = {
  type: "string",
  enum: [...PREVIEW_PLATFORMS],
  description:
    "A built-in preview detector. Custom { name, detect } detectors can only be given in code.",
};

const out = {
  $schema: schema.$schema,
  $id: "https://github.com/dagster-rocky/dagster-rocky-node/packages/resource/schema/rocky-resource-options.schema.json",
  title: "RockyResource options",
  description:
    'Options of RockyResource.fromConfigFile (JSON or YAML). Generated from RockyResourceConfigSchema; cross-field rules (e.g. shadowSuffix only with shadowMode "always") are checked by the resource itself.',
  ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== "$schema")),
};

const target = join(pkgDir, "schema", "rocky-resource-options.schema.json");
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, `${JSON.stringify(out, null, 2)}\n`);
