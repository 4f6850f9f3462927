/** `rocky catalog`: the project's asset and column-edge catalog (also written under `out`). */
import { z } from "zod";
import type { CatalogOutput } from "../schemas/catalog.js";
import { identifier, path } from "../value-rules.js";
import { opt } from "./flags.js";
import { type CallOptions, callShape } from "./shared.js";
import { defineVerb, optionsSchema, schemaOutput } from "./types.js";

/** Options of `catalog()`. */
export interface CatalogOptions extends CallOptions {
  /** Directory for the artefacts (`--out`; rocky's default `./.rocky/catalog/`). */
  out?: string | undefined;
  /** Which artefacts rocky writes (`--format`): `json`, `parquet` or `both` (rocky's default). */
  format?: "json" | "parquet" | "both" | undefined;
  /** Scope the snapshot to one warehouse catalog (`--catalog`, an identifier). */
  catalog?: string | undefined;
}

/** What `catalog()` resolves to. */
export type CatalogResult = CatalogOutput;

/** @internal */
export const CatalogOptionsSchema = optionsSchema<CatalogOptions>()(
  z.strictObject({
    ...callShape,
    out: path("out", '"./.rocky/catalog"').optional(),
    format: z
      .enum(["json", "parquet", "both"], { error: 'format must be "json", "parquet" or "both"' })
      .optional(),
    catalog: identifier("catalog", '"analytics"').optional(),
  }),
);

/** @internal */
export const catalogVerb = defineVerb({
  name: "catalog",
  command: ["catalog"],
  options: CatalogOptionsSchema,
  args: (o, ctx) => {
    const args = ["catalog", `--models=${ctx.modelsDir}`];
    opt(args, "out", o.out);
    opt(args, "format", o.format);
    opt(args, "catalog", o.catalog);
    return args;
  },
  output: schemaOutput<CatalogResult>(() =>
    import("../schemas/catalog.js").then((m) => m.CatalogOutputSchema),
  ),
  shadow: "none",
  resultExitCodes: [],
});
