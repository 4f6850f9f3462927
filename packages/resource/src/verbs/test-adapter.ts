/**
 * `rocky test-adapter`: the adapter conformance suite. A failed conformance
 * test (exit 1 with the report) is a result. `adapterConfig` may hold
 * credentials: it is marked secret (its argv value masked in logs, never
 * quoted in errors).
 */
import { z } from "zod";
import type { TestAdapterOutput } from "../schemas/test-adapter.js";
import { identifier, path, secret } from "../value-rules.js";
import { json, opt } from "./flags.js";
import { type CallOptions, callShape } from "./shared.js";
import { defineVerb, optionsSchema, schemaOutput } from "./types.js";

/** Options of `testAdapter()`: exactly one of `adapter` and `command`. */
export interface TestAdapterOptions extends CallOptions {
  /** A built-in adapter (`--adapter`, e.g. `duckdb`). */
  adapter?: string | undefined;
  /** Path of a process adapter binary (`--command`). */
  command?: string | undefined;
  /** The adapter's config (`--adapter-config`, JSON). May hold credentials: masked in logs. */
  adapterConfig?: Record<string, unknown> | undefined;
}

/** What `testAdapter()` resolves to. */
export type TestAdapterResult = TestAdapterOutput;

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

/** @internal */
export const TestAdapterOptionsSchema = optionsSchema<TestAdapterOptions>()(
  z
    .strictObject({
      ...callShape,
      adapter: identifier("adapter", '"duckdb"').optional(),
      command: path("command", '"./bin/my-adapter"').optional(),
      adapterConfig: secret(adapterConfig, "--adapter-config").optional(),
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
    }),
);

/** @internal */
export const testAdapterVerb = defineVerb({
  name: "testAdapter",
  command: ["test-adapter"],
  options: TestAdapterOptionsSchema,
  args: (o) => {
    const args = ["test-adapter"];
    opt(args, "adapter", o.adapter);
    opt(args, "command", o.command);
    json(args, "adapter-config", o.adapterConfig);
    return args;
  },
  output: schemaOutput<TestAdapterResult>(() =>
    import("../schemas/test-adapter.js").then((m) => m.TestAdapterOutputSchema),
  ),
  shadow: "none",
  resultExitCodes: [1],
});
