// Emulates the orchestration side of Dagster Pipes the way PipesSubprocessClient does by default:
// a temp dir, a context file (PipesTempFileContextInjector), a messages file
// (PipesTempFileMessageReader), both locations passed as base64(zlib(json)) in
// DAGSTER_PIPES_CONTEXT / DAGSTER_PIPES_MESSAGES. Variants cover inline `data`, plain base64 and
// stdio destinations.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { deflateSync } from "node:zlib";

const here = dirname(fileURLToPath(import.meta.url));
export const CHILD = join(here, "fixtures", "pipes-child.mjs");
export const RUN_FIXTURE = join(here, "fixtures", "rocky-run-shadow.json");
export const DIST = join(here, "..", "dist", "index.js");

export function assertBuilt(): void {
  if (!existsSync(DIST)) {
    throw new Error(
      `packages/pipes/dist/index.js is missing: build first (pnpm exec tsc -b packages/pipes).`,
    );
  }
}

/** What Dagster writes: base64(zlib(json)), as dagster_pipes.encode_env_var. */
export const zlibParam = (value: unknown): string =>
  deflateSync(Buffer.from(JSON.stringify(value))).toString("base64");
export const plainParam = (value: unknown): string =>
  Buffer.from(JSON.stringify(value)).toString("base64");

/** Decoded JSON under test: assertions narrow it with expect(). */
// biome-ignore lint/suspicious/noExplicitAny: decoded JSON, checked by the assertions
export type Json = any;

export interface Message {
  __dagster_pipes_version: string;
  method: string;
  params: Record<string, Json> | null;
}

export interface LaunchOptions {
  scenario: string;
  args?: string[];
  context?: Record<string, unknown>;
  contextVia?: "path" | "data";
  messagesVia?: "path" | "stderr" | "stdout" | "buffered_stderr";
  encoding?: "zlib" | "plain";
  /** Launch without any DAGSTER_PIPES_* variable. */
  outsideDagster?: boolean;
}

export interface Launched {
  status: number | null;
  messages: Message[];
  /** The child's last `RESULT <json>` stdout line, decoded. */
  result: Json;
  stdout: string;
  stderr: string;
  /** Raw lines of the messages file (path destination). */
  rawLines: string[];
}

export const DEFAULT_CONTEXT = {
  asset_keys: ["warehouse/shop/customers", "/marts/daily_revenue"],
  code_version_by_asset_key: { "warehouse/shop/customers": "v3", "/marts/daily_revenue": null },
  provenance_by_asset_key: { "warehouse/shop/customers": null, "/marts/daily_revenue": null },
  partition_key: "2026-05-01",
  partition_key_range: { start: "2026-05-01", end: "2026-05-01" },
  partition_time_window: { start: "2026-05-01T00:00:00+00:00", end: "2026-05-02T00:00:00+00:00" },
  run_id: "0c5e9bb1-7a55-4c3e-9f0e-3b1d2a6c8e11",
  job_name: "rocky_shop_job",
  retry_number: 0,
  extras: { rocky_filter: "source=shop" },
};

function isMessage(value: unknown): value is Message {
  return typeof value === "object" && value !== null && "__dagster_pipes_version" in value;
}

function parseLines(text: string): { messages: Message[]; other: string[] } {
  const messages: Message[] = [];
  const other: string[] = [];
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    try {
      const parsed: unknown = JSON.parse(line);
      if (isMessage(parsed)) {
        messages.push(parsed);
        continue;
      }
    } catch {
      // not JSON
    }
    other.push(line);
  }
  return { messages, other };
}

export function launch(options: LaunchOptions): Launched {
  const dir = mkdtempSync(join(tmpdir(), "dagster-pipes-"));
  try {
    const env: Record<string, string> = { ...process.env } as Record<string, string>;
    delete env.DAGSTER_PIPES_CONTEXT;
    delete env.DAGSTER_PIPES_MESSAGES;
    const encode = options.encoding === "plain" ? plainParam : zlibParam;
    const messagesFile = join(dir, "messages");
    if (!options.outsideDagster) {
      const context = options.context ?? DEFAULT_CONTEXT;
      let contextParams: Record<string, unknown>;
      if (options.contextVia === "data") {
        contextParams = { data: context };
      } else {
        const contextFile = join(dir, "context");
        writeFileSync(contextFile, JSON.stringify(context));
        contextParams = { path: contextFile };
      }
      const via = options.messagesVia ?? "path";
      const messagesParams =
        via === "path"
          ? { path: messagesFile }
          : via === "buffered_stderr"
            ? { buffered_stdio: "stderr" }
            : { stdio: via };
      env.DAGSTER_PIPES_CONTEXT = encode(contextParams);
      env.DAGSTER_PIPES_MESSAGES = encode(messagesParams);
    }
    const child = spawnSync(process.execPath, [CHILD, options.scenario, ...(options.args ?? [])], {
      env,
      encoding: "utf8",
      timeout: 20_000,
    });
    const stdout = child.stdout ?? "";
    const stderr = child.stderr ?? "";
    let rawLines: string[] = [];
    let messages: Message[] = [];
    const via = options.messagesVia ?? "path";
    if (options.outsideDagster) {
      // no channel
    } else if (via === "path") {
      const text = existsSync(messagesFile) ? readFileSync(messagesFile, "utf8") : "";
      rawLines = text.split("\n").filter((l) => l !== "");
      messages = rawLines.map((l) => JSON.parse(l) as Message);
    } else {
      messages = parseLines(via === "stdout" ? stdout : stderr).messages;
    }
    const resultLine = stdout
      .split("\n")
      .reverse()
      .find((l) => l.startsWith("RESULT "));
    return {
      status: child.status,
      messages,
      result: resultLine ? JSON.parse(resultLine.slice("RESULT ".length)) : undefined,
      stdout,
      stderr,
      rawLines,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
