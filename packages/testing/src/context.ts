/**
 * What every verb handler shares: the invocation's context (`Ctx`), the result a handler returns
 * (`VerbResult`), the runtime failure it throws (`RuntimeFailure`) and the readers of parsed flags.
 * Handlers import this module; it imports no handler.
 */
import type { FlagValue, ParsedArgs } from "./grammar/parser.js";
import type { JsonObject } from "./json.js";
import type { ProjectFs } from "./project/files.js";
import type { CommandBehavior, SimScenario } from "./types.js";

/**
 * A runtime failure: an `Err` returned from rocky's `main`, which Rust prints as anyhow's Debug form
 * (`Error: <msg>`, then a `Caused by:` section for the context chain) on stderr, exit 1. Nothing is
 * written on stdout: rocky has no JSON error envelope.
 */
export class RuntimeFailure extends Error {
  constructor(
    message: string,
    readonly causes: readonly string[] = [],
  ) {
    super(message);
  }
  render(): string {
    if (this.causes.length === 0) return `Error: ${this.message}\n`;
    const lines =
      this.causes.length === 1
        ? [`    ${this.causes[0]}`]
        : this.causes.map((c, i) => `    ${i}: ${c}`);
    return `Error: ${this.message}\n\nCaused by:\n${lines.join("\n")}\n`;
  }
}

export type OutputFormat = "json" | "table" | "md";

export interface VerbResult {
  json?: JsonObject;
  text?: string;
  exitCode: number;
  /** Written to stderr after the output. */
  error?: string;
  progress: string[];
  /** Streams a padded run output (stdoutBytes); used instead of `json` in "normal" mode. */
  stream?: (write: (chunk: string) => Promise<void>) => Promise<void>;
}

export interface Ctx {
  parsed: ParsedArgs;
  behavior: CommandBehavior;
  scenario: SimScenario;
  version: string;
  format: OutputFormat;
  env: NodeJS.ProcessEnv;
  configPath: string;
  statePath: string;
  /** The project's files: the disk, or the fake project laid under it (`assumeConfig`). */
  fs: ProjectFs;
  /** The folder of rocky-sim's simulated warehouse and state store (project/memory.ts). */
  memoryDir: string;
  /** Set by run/apply so a signal can print the interrupted RunOutput (run.rs). */
  onInterrupt?: () => JsonObject;
  runId?: string;
}

/** A verb handler. */
export type Handler = (ctx: Ctx) => Promise<VerbResult>;

export function str(flags: Map<string, FlagValue>, name: string): string | null {
  const v = flags.get(name);
  return typeof v === "string" ? v : null;
}

export function bool(flags: Map<string, FlagValue>, name: string): boolean {
  return flags.get(name) === true;
}

export function num(flags: Map<string, FlagValue>, name: string): number | null {
  const v = str(flags, name);
  return v === null ? null : Number(v);
}

/** One progress line on stderr, in rocky's JSON or text tracing form. */
export function logLine(
  format: OutputFormat,
  level: string,
  message: string,
  fields: JsonObject,
): string {
  const timestamp = new Date().toISOString();
  if (format === "json") {
    return `${JSON.stringify({ timestamp, level, target: "rocky", fields: { message, ...fields } })}\n`;
  }
  const kv = Object.entries(fields)
    .map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`)
    .join(" ");
  return `${timestamp} ${level.padStart(5)} rocky: ${message}${kv === "" ? "" : ` ${kv}`}\n`;
}

/** The result of a verb that printed `json` and exits 0, with one progress line. */
export function printed(ctx: Ctx, json: JsonObject, message: string): VerbResult {
  return { json, exitCode: 0, progress: [logLine(ctx.format, "INFO", message, {})] };
}
