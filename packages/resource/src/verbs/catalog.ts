/** `rocky catalog`: the project's asset and column-edge catalog (also written under `out`). */
import { z } from "zod";
import { identifier } from "../validation.js";
import { opt } from "./flags.js";
import { callShape } from "./shared.js";
import { defineVerb, schemaOutput } from "./types.js";
import { pathArg } from "./values.js";

export const CatalogOptionsSchema = z.strictObject({
  ...callShape,
  /** Directory for the artefacts (rocky's default `./.rocky/catalog/`). */
  out: pathArg("out").optional(),
  /** Which artefacts rocky writes: `json`, `parquet` or `both` (rocky's default). */
  format: z
    .enum(["json", "parquet", "both"], { error: 'format must be "json", "parquet" or "both"' })
    .optional(),
  /** Scope the snapshot to one warehouse catalog. */
  catalog: identifier("catalog").optional(),
});

export const catalogVerb = defineVerb({
  name: "catalog",
  options: CatalogOptionsSchema,
  args: (o, ctx) => {
    const args = ["catalog", `--models=${ctx.modelsDir}`];
    opt(args, "out", o.out);
    opt(args, "format", o.format);
    opt(args, "catalog", o.catalog);
    return args;
  },
  output: schemaOutput(() => import("../schemas/catalog.js").then((m) => m.CatalogOutputSchema)),
  shadow: "none",
  resultExitCodes: [],
});
