/**
 * One GET on the `rocky serve` API: the route's path from the options, the
 * platform `fetch` under the call's AbortSignal and a deadline, the body
 * read with a size cap and validated by the CLI verb's output schema.
 * Every failure is typed: RockyConfigError (refused before any request),
 * RockyServerError (an error status or no answer), RockyTimeoutError,
 * RockyAbortError, RockyOutputParseError (a body that is not the document).
 */
import type { z } from "zod";
import {
  type ConfigIssue,
  RockyAbortError,
  RockyConfigError,
  RockyOutputParseError,
  RockyServerError,
  RockyTimeoutError,
} from "../errors.js";
import { parseOutput } from "../output.js";
import { MAX_STDOUT_CHARS } from "../process/stdout-buffer.js";
import { ErrorEnvelopeSchema } from "../schemas/error-envelope.js";
import { type HttpRoute, loadOutput, type VerbSpec } from "../verbs/types.js";

/** Options every call accepts and the HTTP path honours too. */
const HTTP_CALL_KEYS: readonly string[] = ["signal", "timeoutMs", "onLog"];

/** Default deadline of one request (rocky-sdk's `DEFAULT_HTTP_TIMEOUT_SECONDS`). */
export const DEFAULT_SERVER_TIMEOUT_MS = 30_000;
/** An error body larger than this is not read further (its envelope is small). */
const MAX_ERROR_BODY_BYTES = 64 * 1024;

/** Where and how to reach the server. @internal */
export interface ServerConfig {
  /** `http(s)://host:port[/prefix]`, without a trailing slash needed. */
  readonly serverUrl: string;
  /** Sent as `Authorization: Bearer <token>`; never logged, never in an error. */
  readonly token?: string | undefined;
  /** Deadline when the call gives no `timeoutMs`. */
  readonly timeoutMs?: number | undefined;
  /** Receives one debug line per request (method and path; never headers). */
  readonly debug?: ((fields: Record<string, unknown>, message: string) => void) | undefined;
}

/**
 * The request path for a call of `verb` by its declared route, or a
 * RockyConfigError naming every refused option. @internal
 */
export function serverPath(
  verb: string,
  route: HttpRoute,
  options: Readonly<Record<string, unknown>>,
): string {
  const issues: ConfigIssue[] = [];
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined || HTTP_CALL_KEYS.includes(key) || route.reads.includes(key)) continue;
    const why = route.unsupported[key];
    if (why === undefined) {
      issues.push({
        path: key,
        message: `${key} is not supported when serverUrl is set; remove it, or call without serverUrl to run the CLI`,
      });
    } else if (value !== false) {
      issues.push({
        path: key,
        message: `${key} is not supported when serverUrl is set: ${why}; remove it, or call without serverUrl to run the CLI`,
      });
    }
  }
  const path = issues.length === 0 ? route.path(options) : issues;
  if (typeof path !== "string") {
    throw new RockyConfigError(path, {
      command: verb,
      context: `options for rocky ${verb} over serverUrl`,
    });
  }
  return path;
}

/** Reads at most `limit` bytes of a body; `truncated` when there was more. */
async function readCapped(
  body: ReadableStream<Uint8Array> | null,
  limit: number,
): Promise<{ text: string; bytes: number; truncated: boolean }> {
  if (body === null) return { text: "", bytes: 0, truncated: false };
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      if (bytes > limit) {
        await reader.cancel().catch(() => {});
        return { text: Buffer.concat(chunks).toString("utf8"), bytes, truncated: true };
      }
      chunks.push(value);
    }
  } finally {
    reader.releaseLock();
  }
  return { text: Buffer.concat(chunks).toString("utf8"), bytes, truncated: false };
}

/**
 * GET the document a verb stands for from `rocky serve`, by the route its
 * module declares (`spec.http`); the body is validated by the verb's own
 * output. `options` are the call's options (already validated by the verb's
 * schema when called from the resource). `verb` names the method in errors.
 * @internal
 */
export async function serverGet<T = unknown>(
  verb: string,
  spec: VerbSpec<z.ZodType, T>,
  options: Readonly<Record<string, unknown>>,
  config: ServerConfig,
): Promise<T> {
  const route = spec.http;
  if (route === undefined) throw new Error(`dagster-rocky: ${verb} has no rocky serve route`);
  const path = serverPath(verb, route, options);
  const output = await loadOutput(spec.output);
  if (output.kind !== "schema") {
    throw new Error(`dagster-rocky: ${verb}'s route needs a schema output`);
  }
  const callSignal = options.signal as AbortSignal | undefined;
  if (callSignal?.aborted) {
    throw new RockyAbortError({ command: verb, reason: callSignal.reason, spawned: false });
  }
  const timeoutMs =
    (options.timeoutMs as number | undefined) ?? config.timeoutMs ?? DEFAULT_SERVER_TIMEOUT_MS;
  const deadline = AbortSignal.timeout(timeoutMs);
  const signal = callSignal === undefined ? deadline : AbortSignal.any([callSignal, deadline]);
  const url = `${config.serverUrl.replace(/\/+$/, "")}${path}`;
  const headers: Record<string, string> = { accept: "application/json" };
  if (config.token !== undefined) headers.authorization = `Bearer ${config.token}`;
  const started = performance.now();
  config.debug?.({ method: "GET", path }, "calling rocky serve");

  const failed = (error: unknown): never => {
    if (callSignal?.aborted) {
      throw new RockyAbortError({ command: verb, reason: callSignal.reason, spawned: false });
    }
    if (deadline.aborted) {
      throw new RockyTimeoutError({
        command: verb,
        timeoutMs,
        durationMs: Math.round(performance.now() - started),
        pid: null,
        stderrTail: "",
        resourceOption: "serverTimeoutMs",
      });
    }
    throw new RockyServerError({ command: verb, path, status: null, cause: reduced(error) });
  };

  let response: Response;
  try {
    // Redirects are not followed: the bearer token must not travel to another place.
    response = await fetch(url, { method: "GET", headers, signal, redirect: "manual" });
  } catch (error) {
    return failed(error);
  }
  let body: { text: string; bytes: number; truncated: boolean };
  try {
    body = await readCapped(response.body, response.ok ? MAX_STDOUT_CHARS : MAX_ERROR_BODY_BYTES);
  } catch (error) {
    return failed(error);
  }
  config.debug?.(
    { path, status: response.status, durationMs: Math.round(performance.now() - started) },
    "rocky serve answered",
  );
  if (!response.ok) throw errorFrom(verb, path, response.status, body.text);
  if (body.truncated) {
    throw new RockyOutputParseError({
      command: verb,
      kind: "too_large",
      detail: `the response body exceeded ${MAX_STDOUT_CHARS} bytes`,
      stdout: body.text,
      stdoutBytes: body.bytes,
    });
  }
  return parseOutput(verb, { stdout: body.text }, output.schema) as T;
}

/** The error for a non-2xx answer: the envelope's fields when the body is one. */
function errorFrom(verb: string, path: string, status: number, text: string): RockyServerError {
  let envelope: ReturnType<typeof ErrorEnvelopeSchema.safeParse> | undefined;
  try {
    envelope = ErrorEnvelopeSchema.safeParse(JSON.parse(text));
  } catch {
    envelope = undefined;
  }
  if (envelope?.success) {
    const e = envelope.data;
    return new RockyServerError({
      command: verb,
      path,
      status,
      serverCode: e.code,
      message: e.message,
      remediationHint: e.remediation_hint ?? null,
      runningJobId: e.running_job_id ?? null,
    });
  }
  return new RockyServerError({ command: verb, path, status });
}

/** The network error reduced to its message and code: undici's may carry the request. */
function reduced(error: unknown): Error {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  const code = typeof cause?.code === "string" ? cause.code : undefined;
  const message =
    typeof cause?.message === "string" ? cause.message : String((error as Error)?.message ?? error);
  const out = new Error(code === undefined ? message : `${code}: ${message}`);
  if (code !== undefined) Object.defineProperty(out, "code", { value: code, enumerable: true });
  return out;
}
