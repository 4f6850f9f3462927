// `echoLogs`: pipes.log lines are dropped by the no-op context outside Dagster unless echoed.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  type DagsterPipesError,
  encodePipesParam,
  openDagsterPipes,
  type PipesLogEcho,
} from "../src/index.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const quiet = { logger: { warn() {} } };

function logAll(echo: PipesLogEcho, extra: Record<string, unknown> = {}) {
  const pipes = openDagsterPipes({ ...quiet, env: {}, echoLogs: echo, ...extra });
  pipes.log.debug("d");
  pipes.log.info("i");
  pipes.log.warning("w");
  pipes.log.error("e");
  pipes.log.critical("c");
  return pipes;
}

describe("outside Dagster, echoLogs shows every pipes.log line", () => {
  it('"stderr": one [LEVEL] line each, on the stderr sink', () => {
    const out: string[] = [];
    logAll("stderr", { stderr: { write: (s: string) => out.push(s) } });
    expect(out.join("")).toBe("[DEBUG] d\n[INFO] i\n[WARNING] w\n[ERROR] e\n[CRITICAL] c\n");
  });

  it("a function gets (level, message)", () => {
    const got: string[] = [];
    logAll((level, message) => got.push(`${level}:${message}`));
    expect(got).toEqual(["DEBUG:d", "INFO:i", "WARNING:w", "ERROR:e", "CRITICAL:c"]);
  });

  it("a logger (pino-like): warn for WARNING, fatal for CRITICAL, error when it has no fatal", () => {
    const got: string[] = [];
    const logger = {
      debug: (m: string) => got.push(`debug:${m}`),
      info: (m: string) => got.push(`info:${m}`),
      warn: (m: string) => got.push(`warn:${m}`),
      error: (m: string) => got.push(`error:${m}`),
    };
    logAll({ ...logger, fatal: (m: string) => got.push(`fatal:${m}`) });
    expect(got).toEqual(["debug:d", "info:i", "warn:w", "error:e", "fatal:c"]);
    got.length = 0;
    logAll(logger);
    expect(got.at(-1)).toBe("error:c");
  });

  it("without the option nothing is echoed (the no-op context drops them)", () => {
    const out: string[] = [];
    const pipes = openDagsterPipes({
      ...quiet,
      env: {},
      stderr: { write: (s: string) => out.push(s) },
    });
    pipes.log.info("dropped");
    expect(out).toEqual([]);
  });
});

describe("inside Dagster the lines go to Dagster; echoed only with echoLogsWhen: always", () => {
  const inDagster = () => {
    const dir = mkdtempSync(join(tmpdir(), "pipes-echo-"));
    dirs.push(dir);
    const messages = join(dir, "m");
    return {
      messages,
      env: {
        DAGSTER_PIPES_CONTEXT: encodePipesParam({ data: { run_id: "r" } }),
        DAGSTER_PIPES_MESSAGES: encodePipesParam({ path: messages }),
      },
    };
  };
  it.each([
    [undefined, []],
    ["always", ["INFO:to both"]],
  ] as const)("echoLogsWhen %s", (when, echoed) => {
    const { env, messages } = inDagster();
    const got: string[] = [];
    const pipes = openDagsterPipes({
      env,
      handleProcessExit: false,
      echoLogs: (level, m) => got.push(`${level}:${m}`),
      ...(when ? { echoLogsWhen: when } : {}),
    });
    pipes.log.info("to both");
    pipes.close();
    expect(got).toEqual(echoed);
    expect(readFileSync(messages, "utf8")).toContain('"message":"to both"');
  });
});

describe("a bad echo option is refused before anything is opened", () => {
  it.each([
    [{ echoLogs: "stdout" }, /`echoLogs`/],
    [{ echoLogs: { info() {} } }, /`echoLogs`.*debug\/info\/warn\/error/],
    [{ echoLogs: "stderr", echoLogsWhen: "never" }, /`echoLogsWhen`/],
  ])("%j", (options, message) => {
    expect(() => openDagsterPipes({ ...quiet, env: {}, ...(options as object) })).toThrow(message);
    try {
      openDagsterPipes({ ...quiet, env: {}, ...(options as object) });
    } catch (e) {
      expect((e as DagsterPipesError).code).toBe("INVALID_PARAM");
    }
  });
});
