/**
 * `rocky test-adapter`: the adapter conformance suite. A failed conformance
 * test (exit 1 with the report) is a result. `adapterConfig` may hold
 * credentials: its argv value is masked in logs and never quoted in errors.
 */
import { z } from "zod";
import { identifier } from "../validation.js";
import { json, opt } from "./flags.js";
import { callShape } from "./shared.js";
import { defineVerb, schemaOutput } from "./types.js";
import { pathArg } from "./values.js";

const adapterConfig = z
  .custom<Record<string, unknown>>(
    (v) =>
      typeof v === "object" &&
      v !== null &&
      !Array.isArray(v) &&
      Object.getPrototypeOf(v) === Object.prototype,
    { error: "adapterConfig must be a plain JSON object" },
  )
  .refine(
    (v) => {
      try {
        JSON.stringify(v);
        return true;
      } catch {
        return false;
      }
    },
    { error: "adapterConfig must be JSON-serializable" },
  );

export const TestAdapterOptionsSchema = z
  .strictObject({
    ...callShape,
    /** A built-in adapter (e.g. `duckdb`). Exactly one of `adapter` / `command`. */
    adapter: identifier("adapter").optional(),
    /** Path of a process adapter binary. Exactly one of `adapter` / `command`. */
    command: pathArg("command").optional(),
    /** The adapter's config (masked in logs). */
    adapterConfig: adapterConfig.optional(),
  })
  .superRefine((o, ctx) => {
    if ((o.adapter === undefined) === (o.command === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: ["adapter"],
        message:
          'pass exactly one of adapter (a built-in adapter, e.g. "duckdb") or command (a process adapter binary)',
      });
    }
  });

export const testAdapterVerb = defineVerb({
  name: "test-adapter",
  options: TestAdapterOptionsSchema,
  args: (o) => {
    const args = ["test-adapter"];
    opt(args, "adapter", o.adapter);
    opt(args, "command", o.command);
    json(args, "adapter-config", o.adapterConfig);
    return args;
  },
  output: schemaOutput(() =>
    import("../schemas/test-adapter.js").then((m) => m.TestAdapterOutputSchema),
  ),
  shadow: "none",
  resultExitCodes: [1],
});
