// The pieces of process control and exit-code interpretation, without spawning anything.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { interpretExit, isResultExit } from "../../src/exit-codes.js";
import {
  RockyCommandError,
  RockyOutputParseError,
  RockyPartialFailureError,
} from "../../src/index.js";
import { killGroup } from "../../src/process/groups.js";
import type { ProcessOutcome } from "../../src/process/run.js";
import { MAX_LINE_CHARS, STDERR_TAIL_LINES, StderrLines } from "../../src/process/stderr-lines.js";
import { StdoutBuffer } from "../../src/process/stdout-buffer.js";
import { schemaOutput } from "../../src/verbs/types.js";

describe("StdoutBuffer keeps stdout up to its cap and joins it once", () => {
  it("joins chunks in order", () => {
    const b = new StdoutBuffer(100);
    expect(b.push("ab")).toBe(false);
    expect(b.push("cd")).toBe(false);
    expect(b.take()).toBe("abcd");
    expect(b.take()).toBe("");
  });

  it("reports the chunk that crosses the cap once, keeps exactly the cap, drops the rest", () => {
    const b = new StdoutBuffer(5);
    expect(b.push("abc")).toBe(false);
    expect(b.push("defg")).toBe(true);
    expect(b.tooLarge).toBe(true);
    expect(b.push("h")).toBe(false);
    expect(b.take()).toBe("abcde");
  });
});

describe("StderrLines splits chunks into lines and keeps a bounded tail", () => {
  it("emits complete lines across chunk boundaries, CRLF and blanks handled", () => {
    const lines: string[] = [];
    const s = new StderrLines((l) => lines.push(l));
    s.push("one\r\ntw");
    s.push("o\n\n   \nthree");
    expect(lines).toEqual(["one", "two"]);
    s.end();
    expect(lines).toEqual(["one", "two", "three"]);
    expect(s.tail()).toBe("one\ntwo\nthree");
  });

  it(`keeps only the last ${STDERR_TAIL_LINES} non-empty lines, with or without a listener`, () => {
    const text = `${Array.from({ length: 50 }, (_, i) => `line ${i}`).join("\n")}\n`;
    const withListener = new StderrLines(() => {});
    const tailOnly = new StderrLines(null);
    for (let i = 0; i < text.length; i += 7) {
      withListener.push(text.slice(i, i + 7));
      tailOnly.push(text.slice(i, i + 7));
    }
    const expected = Array.from({ length: STDERR_TAIL_LINES }, (_, i) => `line ${30 + i}`).join(
      "\n",
    );
    expect(withListener.tail()).toBe(expected);
    expect(tailOnly.tail()).toBe(expected);
  });

  it("bounds a line without newline and truncates long lines in the tail", () => {
    const s = new StderrLines(null);
    s.push("x".repeat(MAX_LINE_CHARS * 3));
    s.end();
    expect(s.tail()).toBe("x".repeat(MAX_LINE_CHARS));
    const t = new StderrLines(null);
    t.push(`${"y".repeat(MAX_LINE_CHARS + 10)}\n`);
    expect(t.tail()).toBe(`${"y".repeat(MAX_LINE_CHARS)}…`);
  });
});

const outcome = (o: Partial<ProcessOutcome>): ProcessOutcome => ({
  exitCode: 0,
  signal: null,
  stdout: "",
  stderrTail: "boom",
  durationMs: 1,
  pid: 1,
  ...o,
});
const Schema = z.looseObject({ command: z.literal("run"), n: z.number() });
const rules = (allowPartial?: boolean) => ({
  command: "run",
  resultExitCodes: [2],
  allowPartial,
  output: schemaOutput(Schema),
});

describe("exit codes: 0 parses, a declared result exit with JSON is a result, anything else an error", () => {
  it("exit 0 parses and validates", () => {
    expect(interpretExit(outcome({ stdout: '{"command":"run","n":1}' }), rules())).toEqual({
      command: "run",
      n: 1,
    });
  });

  it("exit 0 with invalid output is a RockyOutputParseError", () => {
    expect(() => interpretExit(outcome({ stdout: "{}" }), rules())).toThrow(RockyOutputParseError);
  });

  it("a declared exit with a JSON report is a result", () => {
    const got = interpretExit(outcome({ exitCode: 2, stdout: '{"command":"run","n":2}' }), rules());
    expect(got).toEqual({ command: "run", n: 2 });
  });

  it("...or a RockyPartialFailureError carrying it when allowPartial is false", () => {
    const o = outcome({ exitCode: 2, stdout: '{"command":"run","n":2}' });
    const err = (() => {
      try {
        interpretExit(o, rules(false));
      } catch (e) {
        return e;
      }
      return undefined;
    })() as RockyPartialFailureError;
    expect(err).toBeInstanceOf(RockyPartialFailureError);
    expect(err.code).toBe("PARTIAL_FAILURE");
    expect(err.result).toEqual({ command: "run", n: 2 });
  });

  it("an undeclared non-zero exit is a RockyCommandError even with JSON", () => {
    const o = outcome({ exitCode: 3, stdout: '{"command":"run","n":3}' });
    expect(() => interpretExit(o, rules())).toThrow(RockyCommandError);
  });

  it("a declared exit whose report does not parse is a RockyCommandError", () => {
    for (const stdout of ["", "not json", '{"command":"run"', '{"command":"run"}']) {
      const err = (() => {
        try {
          interpretExit(outcome({ exitCode: 2, stdout }), rules());
        } catch (e) {
          return e;
        }
        return undefined;
      })() as RockyCommandError;
      expect(err.name).toBe("RockyCommandError");
      expect(err.exitCode).toBe(2);
    }
  });

  it("a signal is never a result", () => {
    const o = outcome({ exitCode: null, signal: "SIGKILL", stdout: '{"command":"run","n":1}' });
    expect(isResultExit(o, [2])).toBe(false);
    expect(() => interpretExit(o, rules())).toThrow(/killed by SIGKILL/);
  });

  it("a text verb parses stdout on 0, and a declared result exit's JSON-looking stdout as its result", () => {
    const text = {
      command: "v",
      resultExitCodes: [1],
      allowPartial: undefined as boolean | undefined,
      output: { kind: "text" as const, parse: (s: string) => s.trim() },
    };
    expect(interpretExit(outcome({ stdout: " hi \n" }), text)).toBe("hi");
    expect(interpretExit(outcome({ exitCode: 1, stdout: "{}" }), text)).toBe("{}");
    // Not declared, or not JSON-looking: a command error; allowPartial false: a partial failure.
    expect(() => interpretExit(outcome({ exitCode: 2, stdout: "{}" }), text)).toThrow(
      RockyCommandError,
    );
    expect(() => interpretExit(outcome({ exitCode: 1, stdout: "hi" }), text)).toThrow(
      RockyCommandError,
    );
    expect(() =>
      interpretExit(outcome({ exitCode: 1, stdout: "{}" }), { ...text, allowPartial: false }),
    ).toThrow(RockyPartialFailureError);
  });
});

describe("killGroup signals only a real process group", () => {
  // kill(-0) is this process's own group and kill(-1) every process we may signal:
  // a missing pid (a spawn that failed) must never reach process.kill.
  it.each([0, 1, -5, Number.NaN, 1.5, null, undefined])("%s is ignored", (pid) => {
    // Never calls through: with the guard broken (a mutant) this would signal every process.
    const kill = vi.spyOn(process, "kill").mockImplementation(() => true);
    try {
      killGroup(pid as number, "SIGKILL");
      expect(kill).not.toHaveBeenCalled();
    } finally {
      kill.mockRestore();
    }
  });
  it("a pid is signalled as its group (-pid); a group already gone is no error", () => {
    const kill = vi.spyOn(process, "kill").mockImplementation(() => {
      throw Object.assign(new Error("kill ESRCH"), { code: "ESRCH" });
    });
    try {
      expect(() => killGroup(4242, "SIGTERM")).not.toThrow();
      expect(kill).toHaveBeenCalledWith(-4242, "SIGTERM");
    } finally {
      kill.mockRestore();
    }
  });
});

describe("one registry of process groups: every spawn and the orphan watchdog go through process/groups.ts", () => {
  const src = fileURLToPath(new URL("../../src/", import.meta.url));
  const files = (readdirSync(src, { recursive: true }) as string[])
    .filter((f) => f.endsWith(".ts"))
    .map((f) => ({ file: relative(src, join(src, f)), text: readFileSync(join(src, f), "utf8") }));
  const importers = (module: RegExp) =>
    files.filter((f) => module.test(f.text)).map((f) => f.file.replaceAll("\\", "/"));

  it("only process/groups.ts imports the orphan watchdog, which keeps no list of its own", () => {
    expect(
      importers(/from "\.\/orphan-watchdog\.js"|from "\.\.\/process\/orphan-watchdog\.js"/),
    ).toEqual(["process/groups.ts"]);
  });

  it("only process/run.ts spawns rocky (node:child_process), and it registers through groups.ts", () => {
    expect(importers(/from "node:child_process"/).sort()).toEqual([
      "process/orphan-watchdog.ts",
      "process/run.ts",
    ]);
    const run = files.find((f) => f.file === join("process", "run.ts"))?.text ?? "";
    expect(run).toMatch(
      /import \{[^}]*spawnStdio[^}]*trackGroup[^}]*untrackGroup[^}]*\} from "\.\/groups\.js"/,
    );
  });
});
