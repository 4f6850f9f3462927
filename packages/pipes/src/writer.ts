import { randomUUID } from "node:crypto";
import { appendFileSync } from "node:fs";
import { DagsterPipesError } from "./errors.js";
import type { PipesMessage } from "./protocol.js";

/** Where messages go, resolved from the DAGSTER_PIPES_MESSAGES params. */
export type PipesMessageDestination =
  | { readonly kind: "file"; readonly path: string }
  | { readonly kind: "stdio"; readonly stream: "stdout" | "stderr"; readonly buffered: boolean };

export interface PipesMessageChannel {
  readonly destination: PipesMessageDestination;
  write(message: PipesMessage): void;
  /** Flush buffered messages (only `buffered_stdio` buffers). */
  flush(): void;
}

/** Minimal writable used for stdio destinations (process.stdout / process.stderr by default). */
export interface PipesTextSink {
  /** Writes one chunk (a message line). */
  write(chunk: string): unknown;
}

/**
 * Resolve the message-writer params as `PipesDefaultMessageWriter` does: `path` (append one JSON
 * line per message to that file), `stdio` ("stderr" | "stdout": one line per message on that
 * stream) or `buffered_stdio` (same, written all at once at close).
 */
export function resolveDestination(params: Record<string, unknown>): PipesMessageDestination {
  if ("path" in params) {
    const path = params.path;
    if (typeof path !== "string" || path === "") {
      throw new DagsterPipesError(
        "INVALID_BOOTSTRAP",
        `DAGSTER_PIPES_MESSAGES: "path" must be a non-empty string, got ${JSON.stringify(path)}.`,
      );
    }
    return { kind: "file", path };
  }
  for (const key of ["stdio", "buffered_stdio"] as const) {
    if (key in params) {
      const stream = params[key];
      if (stream !== "stderr" && stream !== "stdout") {
        throw new DagsterPipesError(
          "INVALID_BOOTSTRAP",
          `DAGSTER_PIPES_MESSAGES: "${key}" must be "stderr" or "stdout", got ${JSON.stringify(stream)}.`,
        );
      }
      return { kind: "stdio", stream, buffered: key === "buffered_stdio" };
    }
  }
  throw new DagsterPipesError(
    "INVALID_BOOTSTRAP",
    `DAGSTER_PIPES_MESSAGES: expected a "path", "stdio" or "buffered_stdio" key, got keys [${Object.keys(params).join(", ")}].`,
  );
}

export function openChannel(
  destination: PipesMessageDestination,
  sinks: {
    readonly stdout?: PipesTextSink | undefined;
    readonly stderr?: PipesTextSink | undefined;
  },
): PipesMessageChannel {
  if (destination.kind === "file") {
    return {
      destination,
      write(message) {
        try {
          appendFileSync(destination.path, serializeMessage(message), "utf8");
        } catch (cause) {
          throw new DagsterPipesError(
            "WRITE_FAILED",
            `Cannot append a Pipes message to ${destination.path}: ${(cause as Error).message}`,
            { cause },
          );
        }
      },
      flush() {},
    };
  }
  const sink =
    destination.stream === "stdout"
      ? (sinks.stdout ?? process.stdout)
      : (sinks.stderr ?? process.stderr);
  const buffer: string[] = [];
  return {
    destination,
    write(message) {
      const line = serializeMessage(message);
      if (destination.buffered) buffer.push(line);
      else sink.write(line);
    },
    flush() {
      if (buffer.length > 0) sink.write(buffer.splice(0).join(""));
    },
  };
}

// Dagster's orchestrator rebuilds `float` metadata with FloatMetadataValue, which rejects a Python
// int; JSON.stringify writes the float 0 as `0`, which Python reads as an int and the whole message
// stream is then dropped (seen with real Dagster 1.13). Integral floats are therefore written `0.0`.
const FLOAT_MARK = `__dagster_pipes_float_${randomUUID()}__`;
const FLOAT_MARK_PATTERN = new RegExp(`"${FLOAT_MARK}(-?\\d+)"`, "g");

/** One message as a JSON line; integral `float` metadata raw values keep a decimal point. */
export function serializeMessage(message: PipesMessage): string {
  let marked = false;
  const json = JSON.stringify(message, function (this: unknown, key: string, value: unknown) {
    if (
      key === "raw_value" &&
      typeof value === "number" &&
      Number.isInteger(value) &&
      (this as { type?: unknown }).type === "float" &&
      /^-?\d+$/.test(String(value))
    ) {
      marked = true;
      return `${FLOAT_MARK}${value}`;
    }
    return value;
  });
  return `${marked ? json.replace(FLOAT_MARK_PATTERN, "$1.0") : json}\n`;
}
