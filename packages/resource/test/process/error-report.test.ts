// rocky's own failure report (anyhow's `Error:` and `Caused by:`) survives whatever follows it on
// stderr. The fixtures in fixtures/rocky-stderr/ are the real engine's stderr (rocky 1.71.0,
// `rocky --output json run` without a rocky.toml, and with a broken one), with RUST_BACKTRACE=1
// and =0.
import { readFileSync } from "node:fs";
import { chmod, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { commandError } from "../../src/exit-codes.js";
import { RockyCommandError, RockyResource } from "../../src/index.js";
import { ErrorReportReader } from "../../src/process/error-report.js";
import type { ProcessOutcome } from "../../src/process/run.js";
import { STDERR_TAIL_LINES, StderrLines } from "../../src/process/stderr-lines.js";
import { tempDir } from "../helpers.js";

const here = dirname(dirname(fileURLToPath(import.meta.url))); // test/, which holds fixtures/
const fixture = (name: string) =>
  readFileSync(join(here, "fixtures", "rocky-stderr", `${name}.txt`), "utf8");

const NO_CONFIG = {
  message: "failed to load config from rocky.toml",
  causes: ["No rocky.toml found at 'rocky.toml'"],
};
const TOML_CAUSE = (first: string) =>
  [first, "  |", "1 | [pipeline.x", "  |            ^", "unclosed table, expected `]`"].join("\n");
const TOML_ERROR = {
  message: "failed to load config from rocky.toml",
  causes: [
    TOML_CAUSE("failed to parse TOML: TOML parse error at line 1, column 12"),
    TOML_CAUSE("TOML parse error at line 1, column 12"),
  ],
};

/** stderr fed as rocky's pipe might deliver it: in chunks of `size`, with or without a listener. */
function read(text: string, size: number, listening: boolean): StderrLines {
  const s = new StderrLines(listening ? () => {} : null);
  for (let i = 0; i < text.length; i += size) s.push(text.slice(i, i + size));
  s.end();
  return s;
}

describe("the report is read from rocky's real stderr, whatever follows it", () => {
  it.each([
    ["no-config", NO_CONFIG],
    ["no-config.backtrace", NO_CONFIG],
    ["toml-error", TOML_ERROR],
    ["toml-error.backtrace", TOML_ERROR],
  ])("%s, in any chunking, with or without a listener", (name, expected) => {
    const text = fixture(name);
    for (const size of [1, 7, 64, text.length]) {
      for (const listening of [true, false]) {
        expect(read(text, size, listening).report(), `${size} ${listening}`).toEqual(expected);
      }
    }
  });

  it("with RUST_BACKTRACE=1 the bounded tail holds only stack frames: the report is what keeps the message", () => {
    const s = read(fixture("no-config.backtrace"), 4096, false);
    expect(s.tail().split("\n")).toHaveLength(STDERR_TAIL_LINES);
    expect(s.tail()).not.toContain("rocky.toml");
    expect(s.report()).toEqual(NO_CONFIG);
  });
});

describe("the report follows anyhow's Debug form (anyhow src/fmt.rs)", () => {
  const parse = (text: string) => read(text, text.length, false).report();
  it("no cause, one cause (indented 4), numbered causes (5 columns then ': ', continued at 7)", () => {
    expect(parse("Error: boom\n")).toEqual({ message: "boom", causes: [] });
    expect(parse("Error: boom\n\nCaused by:\n    why\n    more\n")).toEqual({
      message: "boom",
      causes: ["why\nmore"],
    });
    const causes = Array.from({ length: 12 }, (_, i) => `${String(i).padStart(5)}: c${i}`);
    expect(parse(`Error: boom\n\nCaused by:\n${causes.join("\n")}\n       next\n`)).toEqual({
      message: "boom",
      causes: Array.from({ length: 12 }, (_, i) => (i === 11 ? "c11\nnext" : `c${i}`)),
    });
  });
  it("a multi-line message; log lines before it are not part of it; the last report wins", () => {
    expect(
      parse(
        '{"level":"WARN"}\nError: first\n\nError: line one\nline two\n\nStack backtrace:\n   0: x\n',
      ),
    ).toEqual({ message: "line one\nline two", causes: [] });
  });
  it("a cause that starts with a number is not mistaken for a numbered list", () => {
    expect(parse("Error: e\n\nCaused by:\n    404: not found\n")).toEqual({
      message: "e",
      causes: ["404: not found"],
    });
  });
  it("a panic: its location and message, up to the note or the backtrace", () => {
    const panic =
      "thread 'main' panicked at engine/src/x.rs:10:5:\nindex out of bounds\nstack backtrace:\n   0: std::panicking\n";
    expect(parse(panic)).toEqual({
      message: "thread 'main' panicked at engine/src/x.rs:10:5:\nindex out of bounds",
      causes: [],
    });
    expect(
      parse("thread 'main' panicked at src/a.rs:1:1:\nboom\nnote: run with `RUST_BACKTRACE=1`\n"),
    ).toEqual({ message: "thread 'main' panicked at src/a.rs:1:1:\nboom", causes: [] });
  });
  it("no report at all", () => {
    expect(parse("warning: something\nerror: unexpected argument '--x' found\n")).toBeNull();
  });
  it("bounded: at most 20 lines of at most 1000 characters", () => {
    const reader = new ErrorReportReader();
    reader.push(`Error: ${"x".repeat(5_000)}`);
    for (let i = 0; i < 1_000; i++) reader.push(`line ${i}`);
    const report = reader.report();
    expect(report?.message.split("\n")).toHaveLength(20);
    expect(report?.message.split("\n")[0]).toBe(`${"x".repeat(1_000)}…`);
  });
});

const outcome = (stderr: string, exitCode = 1): ProcessOutcome => {
  const s = read(stderr, 4096, false);
  return {
    exitCode,
    signal: null,
    stdout: "",
    stderrTail: s.tail(),
    durationMs: 3,
    pid: 42,
    report: s.report(),
  };
};

describe("RockyCommandError keeps rocky's Error: line and cause chain, in its message and in fields", () => {
  it.each(["no-config", "no-config.backtrace"])("%s", (name) => {
    const err = commandError("run", outcome(fixture(name)));
    expect(err.message).toBe(
      "rocky run exited with code 1: failed to load config from rocky.toml\n  caused by: No rocky.toml found at 'rocky.toml'",
    );
    expect(err.rockyMessage).toBe(NO_CONFIG.message);
    expect(err.rockyCauses).toEqual(NO_CONFIG.causes);
    expect(err.stderrTail.split("\n").length).toBeLessThanOrEqual(STDERR_TAIL_LINES);
    // Not enumerable, like the tail: a serialized error stays small.
    expect(Object.keys(err)).not.toContain("rockyMessage");
    expect(JSON.stringify(err)).not.toContain("rocky.toml");
  });
  it("numbered causes, each continued on indented lines", () => {
    const err = commandError("run", outcome(fixture("toml-error.backtrace")));
    expect(err.rockyCauses).toEqual(TOML_ERROR.causes);
    expect(err.message).toMatch(
      /^rocky run exited with code 1: failed to load config from rocky\.toml\n {2}caused by: failed to parse TOML: TOML parse error at line 1, column 12\n {4} {2}\|/,
    );
    expect(err.message).not.toMatch(/<unknown>|Stack backtrace/);
  });
  it("without a report the message carries the stderr tail, as before", () => {
    const err = commandError("run", outcome("some line\nlast line\n"));
    expect(err.message).toBe("rocky run exited with code 1\nsome line\nlast line");
    expect([err.rockyMessage, err.rockyCauses]).toEqual([null, []]);
  });
  it("through the resource: a binary printing rocky's real stderr with a backtrace", async () => {
    const dir = await tempDir();
    const bin = join(dir, "rocky");
    const stderr = join(here, "fixtures", "rocky-stderr", "toml-error.backtrace.txt");
    await writeFile(
      bin,
      `#!/bin/sh\nif [ "$1" = "--version" ]; then echo "rocky 1.71.0"; exit 0; fi\ncat '${stderr}' >&2\nexit 1\n`,
    );
    await chmod(bin, 0o755);
    const err = await new RockyResource({ binaryPath: bin, env: {}, cwd: dir })
      .state()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RockyCommandError);
    expect((err as RockyCommandError).rockyMessage).toBe(TOML_ERROR.message);
    expect((err as RockyCommandError).rockyCauses).toEqual(TOML_ERROR.causes);
    expect((err as RockyCommandError).message).toContain("failed to load config from rocky.toml");
  });
});
