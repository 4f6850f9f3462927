import { resolve } from "node:path";
import { PREVIEW_PLATFORMS, type PreviewDetector, type PreviewPlatform } from "@dagster-rocky/core";
import { z } from "zod";
import { RockyConfigError } from "./errors.js";
import type { LoggerLike } from "./logger.js";
import { toIssues } from "./validation.js";
import { hasControlChar, identifier, path } from "./value-rules.js";
import type { Mismatch } from "./verbs/types.js";

/** Copies an env-like object (process.env included) to a plain record without undefined values. */
function plainEnv(value: unknown): unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = v;
  return out;
}

/** How runs are shadowed. */
export type ShadowMode = "off" | "branch_deploy" | "always" | "preview";
export const SHADOW_MODES = ["off", "branch_deploy", "always", "preview"] as const;

/** Every option that can live in a config file (everything but the logger). */
export const RockyResourceConfigSchema = z
  .strictObject({
    $schema: z.string().optional().describe("JSON Schema reference for editors; ignored."),
    binaryPath: path("binaryPath", '"/usr/local/bin/rocky"')
      .default("rocky")
      .describe("The rocky executable (a name on PATH or a path)."),
    configPath: path("configPath", '"rocky.toml"')
      .default("rocky.toml")
      .describe("Sent as --config."),
    statePath: path("statePath", '".rocky-state/state.redb"')
      .optional()
      .describe("Sent as --state-path when set; otherwise rocky picks its default."),
    stateNamespace: identifier("stateNamespace", '"tenant_acme"')
      .optional()
      .describe("Sent as --state-namespace; an identifier."),
    modelsDir: path("modelsDir", '"models"')
      .default("models")
      .describe("Sent as --models to compile, test and run with runModels."),
    contractsDir: path("contractsDir", '"contracts"')
      .optional()
      .describe("Sent as --contracts to compile and test."),
    cwd: path("cwd", '"./project"')
      .optional()
      .describe("Working directory of rocky (plans live in <cwd>/.rocky/plans)."),
    env: z
      // process.env is not a plain object (zod's record refuses its prototype), and its
      // values may be undefined: copy the own enumerable entries, dropping undefined.
      .preprocess(
        plainEnv,
        // The OS refuses a NUL in the environment block: refuse it here, naming the variable.
        z.record(
          z.string(),
          z
            .string({ error: "an env value must be a string (or undefined, which is dropped)" })
            .refine((v) => !v.includes("\u0000"), {
              error: "an env value must not contain a NUL character",
            }),
          { error: "env must be an object of string values, such as process.env" },
        ),
      )
      .optional()
      .describe(
        "The child's complete environment. Default: process.env at call time. Detection reads both this and process.env: a deployment seen in either counts.",
      ),
    timeoutMs: z
      .number()
      .int({ error: "timeoutMs must be a whole number of milliseconds" })
      .positive({ error: "timeoutMs must be > 0" })
      .max(2_147_483_647, { error: "timeoutMs must be at most 2147483647 (about 24.8 days)" })
      .default(3_600_000)
      .describe("Deadline per command, in ms."),
    killGraceMs: z
      .number()
      .int({ error: "killGraceMs must be a whole number of milliseconds" })
      .nonnegative({ error: "killGraceMs must be >= 0" })
      .max(2_147_483_647, { error: "killGraceMs must be at most 2147483647" })
      .default(5_000)
      .describe("Delay between SIGTERM and SIGKILL when a command is timed out or aborted."),
    shadowMode: z
      .enum(SHADOW_MODES, {
        error: `shadowMode must be one of ${SHADOW_MODES.map((m) => `"${m}"`).join(", ")}`,
      })
      .default("branch_deploy")
      .describe(
        '"branch_deploy" (the default: shadow inside a Dagster+ branch deployment seen in process.env or env), "off" (never; logs one warning inside a detected branch deployment), "always", or "preview" (see previewDetectors).',
      ),
    shadowSuffix: identifier("shadowSuffix", '"_rocky_shadow"')
      .optional()
      .describe('Suffix for shadowMode "always" (default "_rocky_shadow").'),
    previewDetectors: z
      .array(
        z.union([
          z.enum(PREVIEW_PLATFORMS, {
            error: `a preview detector must be one of ${PREVIEW_PLATFORMS.join(", ")} or a { name, detect(env) } object`,
          }),
          z.custom<PreviewDetector>(
            (v) =>
              typeof v === "object" &&
              v !== null &&
              typeof (v as PreviewDetector).name === "string" &&
              typeof (v as PreviewDetector).detect === "function",
          ),
        ]),
      )
      .min(1, { error: "previewDetectors must list at least one detector" })
      .optional()
      .describe('Detectors for shadowMode "preview", first match wins. Default ["dagster_plus"].'),
    serverUrl: z
      .string({ error: 'serverUrl must be a string such as "http://127.0.0.1:8080"' })
      .superRefine((v, ctx) => {
        let url: URL;
        try {
          url = new URL(v);
        } catch {
          ctx.addIssue({
            code: "custom",
            message: 'serverUrl must be an absolute http(s) URL such as "http://127.0.0.1:8080"',
          });
          return;
        }
        if (url.protocol !== "http:" && url.protocol !== "https:") {
          ctx.addIssue({ code: "custom", message: "serverUrl must use http: or https:" });
        }
        // Credentials in a URL end up in logs and error messages: the token has its own option.
        if (url.username !== "" || url.password !== "") {
          ctx.addIssue({
            code: "custom",
            message: "serverUrl must not carry credentials; pass the token as serverToken",
          });
        }
        if (url.search !== "" || url.hash !== "") {
          ctx.addIssue({
            code: "custom",
            message:
              "serverUrl must not have a query or fragment (the SDK appends /api/v1/... to it)",
          });
        }
      })
      .optional()
      .describe(
        "Base URL of a `rocky serve` API. When set, compile, lineage and metrics are GET requests to it instead of processes.",
      ),
    serverToken: z
      .string({ error: "serverToken must be a string" })
      .refine((v) => v.length > 0 && !hasControlChar(v), {
        error: "serverToken must be non-empty, without control characters",
      })
      .optional()
      .describe(
        "Bearer token for serverUrl (`rocky serve --token`). Secret: never logged or put in an error.",
      ),
    serverTimeoutMs: z
      .number()
      .int({ error: "serverTimeoutMs must be a whole number of milliseconds" })
      .positive({ error: "serverTimeoutMs must be > 0" })
      .max(2_147_483_647, { error: "serverTimeoutMs must be at most 2147483647" })
      .default(30_000)
      .describe("Deadline per serverUrl request, in ms, when the call gives no timeoutMs."),
  })
  .superRefine((o, ctx) => {
    if (o.statePath !== undefined && o.stateNamespace !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["stateNamespace"],
        message:
          "statePath and stateNamespace are mutually exclusive (rocky ignores the namespace when a path is given); set one",
      });
    }
    if (o.shadowSuffix !== undefined && o.shadowMode !== "always") {
      ctx.addIssue({
        code: "custom",
        path: ["shadowSuffix"],
        message: `shadowSuffix is only used with shadowMode "always" (got "${o.shadowMode}"); remove it or set shadowMode: "always"`,
      });
    }
    if (o.previewDetectors !== undefined && o.shadowMode !== "preview") {
      ctx.addIssue({
        code: "custom",
        path: ["previewDetectors"],
        message: `previewDetectors is only used with shadowMode "preview" (got "${o.shadowMode}")`,
      });
    }
  });

/** Options accepted by `new RockyResource(options)` (all but `logger` can live in a config file). */
export interface RockyResourceOptions {
  /** JSON Schema reference for editors (`@dagster-rocky/resource/options.schema.json`); ignored. */
  $schema?: string | undefined;
  /** The rocky executable: a name on PATH or a path. Default `"rocky"`. */
  binaryPath?: string | undefined;
  /** rocky's config file, sent as `--config`. Default `"rocky.toml"` (relative to `cwd`). */
  configPath?: string | undefined;
  /** Sent as `--state-path` when set; otherwise rocky picks its default. Not with `stateNamespace`. */
  statePath?: string | undefined;
  /** Sent as `--state-namespace` (an identifier). Not with `statePath`. */
  stateNamespace?: string | undefined;
  /** Sent as `--models` to the verbs that read models. Default `"models"`. */
  modelsDir?: string | undefined;
  /** Sent as `--contracts` to compile, test, ci and dag, when set. */
  contractsDir?: string | undefined;
  /** Working directory of rocky (plans live in `<cwd>/.rocky/plans`). Default: `process.cwd()` at call time. */
  cwd?: string | undefined;
  /**
   * The child's complete environment. Default: `process.env` at call time.
   * Detection reads both this and `process.env`: a deployment seen in either
   * counts. Kept private on the resource; never logged.
   */
  env?: Record<string, string | undefined> | undefined;
  /** Deadline per command in ms (a whole number in [1, 2147483647]). Default 3600000; a call's `timeoutMs` overrides it. */
  timeoutMs?: number | undefined;
  /** Delay between SIGTERM and SIGKILL when a command is timed out or aborted, in ms. Default 5000. */
  killGraceMs?: number | undefined;
  /**
   * `"branch_deploy"` (the default: shadow inside a Dagster+ branch
   * deployment seen in `process.env` or `env`), `"off"` (never; logs one
   * warning inside a detected branch deployment), `"always"`, or `"preview"`
   * (see `previewDetectors`).
   */
  shadowMode?: ShadowMode | undefined;
  /** Suffix for `shadowMode: "always"` (an identifier; default `"_rocky_shadow"`). */
  shadowSuffix?: string | undefined;
  /** Detectors for `shadowMode: "preview"`, first match wins. Default `["dagster_plus"]`. */
  previewDetectors?: (PreviewPlatform | PreviewDetector)[] | undefined;
  /**
   * Base URL of a `rocky serve` API (`http(s)://host:port`, no credentials,
   * query or fragment). When set, compile, lineage and metrics are GET
   * requests to it instead of processes.
   */
  serverUrl?: string | undefined;
  /** Bearer token for `serverUrl` (`rocky serve --token`). Secret: never logged or put in an error. */
  serverToken?: string | undefined;
  /** Deadline per `serverUrl` request, in ms, when the call gives no `timeoutMs`. Default 30000. */
  serverTimeoutMs?: number | undefined;
  /** A pino logger (anything with `child()`); the resource logs through a child of it. Default: silent. */
  logger?: LoggerLike | undefined;
}

// The interface above is what the API reference shows; it must be the schema's input exactly
// (but `env`, whose schema input is `unknown`: it copies process.env before checking it).
const _optionsMatchSchema: [
  Mismatch<
    Omit<z.input<typeof RockyResourceConfigSchema>, "env">,
    Omit<RockyResourceOptions, "logger" | "env">
  >,
] extends [never]
  ? true
  : never = true;
void _optionsMatchSchema;
/** Options after defaults are applied: `RockyResourceOptions` with the defaulted fields set. */
export type ResolvedOptions = Omit<
  RockyResourceOptions,
  | "binaryPath"
  | "configPath"
  | "modelsDir"
  | "timeoutMs"
  | "killGraceMs"
  | "shadowMode"
  | "serverTimeoutMs"
  | "env"
> & {
  [K in keyof Pick<
    RockyResourceOptions,
    | "binaryPath"
    | "configPath"
    | "modelsDir"
    | "timeoutMs"
    | "killGraceMs"
    | "shadowMode"
    | "serverTimeoutMs"
  >]-?: NonNullable<RockyResourceOptions[K]>;
} & {
  /** The child's complete environment, when given (a copy without undefined values). */
  env?: Record<string, string> | undefined;
};

const _resolvedMatchesSchema: [
  Mismatch<z.output<typeof RockyResourceConfigSchema>, Omit<ResolvedOptions, "logger">>,
] extends [never]
  ? true
  : never = true;
void _resolvedMatchesSchema;

const isLogger = (v: unknown): v is LoggerLike =>
  typeof v === "object" && v !== null && typeof (v as { child?: unknown }).child === "function";

/**
 * The options a resource class takes: its constructor's first parameter, so a subclass's own
 * options are included (`fromConfig` and `fromConfigFile` type their overrides with it).
 */
export type ResourceOptionsOf<T extends abstract new (...args: never) => unknown> = NonNullable<
  ConstructorParameters<T>[0]
>;

/**
 * Validates resource options, naming every bad field at once, against `schema`: a resource
 * class's `optionsSchema` (`RockyResourceConfigSchema`, or a subclass's extension of it).
 */
export function resolveOptions(
  options: unknown,
  filePath?: string,
  schema: typeof RockyResourceConfigSchema = RockyResourceConfigSchema,
): ResolvedOptions {
  // Errors name the file as the OS found it, not as the caller spelled it.
  const context = filePath === undefined ? {} : { filePath: resolve(filePath) };
  if (
    options !== undefined &&
    (typeof options !== "object" || options === null || Array.isArray(options))
  ) {
    const given = Array.isArray(options) ? "an array" : options === null ? "null" : typeof options;
    throw new RockyConfigError(
      [
        {
          path: "",
          message: `options must be an object such as { shadowMode: "branch_deploy" }; got ${given}`,
        },
      ],
      context,
    );
  }
  const { logger, ...rest } = (options ?? {}) as Record<string, unknown>;
  const parsed = schema.safeParse(rest);
  const issues = parsed.success
    ? []
    : toIssues(parsed.error, {
        input: rest,
        schema,
        secretKeys: ["env", "serverToken"],
      });
  if (logger !== undefined && !isLogger(logger)) {
    issues.push({
      path: "logger",
      message: `logger must be a pino Logger (an object with a child() method), or left out; got ${
        logger === null ? "null" : Array.isArray(logger) ? "an array" : typeof logger
      }`,
    });
  }
  if (!parsed.success || issues.length > 0) throw new RockyConfigError(issues, context);
  return logger === undefined ? parsed.data : { ...parsed.data, logger: logger as LoggerLike };
}
