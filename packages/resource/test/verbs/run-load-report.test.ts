// `rocky run` of a `type = "load"` pipeline prints the load report (load.rs `run_load`,
// output.rs `LoadOutput`), not a RunOutput: run() and resumeRun() return it typed, tagged
// `kind: "load"`, and a run report is tagged `kind: "run"`. The engine suite runs the same
// against the real engine (engine-tests/test/pipelines.test.ts).
import { describe, expect, it } from "vitest";
import {
  RockyOutputParseError,
  RockyPartialFailureError,
  type RunResult,
} from "../../src/index.js";
import { RunResultSchema } from "../../src/schemas/index.js";
import { resourceFor, sim } from "../helpers.js";

/** What rocky 1.71.0 printed for `rocky run` of the engine suite's load project. */
function loadReport(failed = false) {
  const files = [
    {
      file: "data/customers.csv",
      target: "main.customers",
      rows_loaded: 30,
      bytes_read: 449,
      duration_ms: 15,
    },
    failed
      ? {
          file: "data/events.jsonl",
          target: "main.events",
          rows_loaded: 0,
          bytes_read: 0,
          duration_ms: 2,
          error: "Invalid Input Error: Malformed JSON",
        }
      : {
          file: "data/events.jsonl",
          target: "main.events",
          rows_loaded: 12,
          bytes_read: 357,
          duration_ms: 2,
        },
  ];
  return {
    version: "1.71.0",
    command: "load",
    source_dir: "data/",
    format: "auto",
    files_loaded: failed ? 1 : 2,
    files_failed: failed ? 1 : 0,
    total_rows: failed ? 30 : 42,
    total_bytes: failed ? 449 : 806,
    files,
    duration_ms: 91,
  };
}

const raw = (doc: unknown) => ({ raw: `${JSON.stringify(doc, null, 2)}\n` });

describe("run() of a load pipeline returns the load report, typed as kind: load", () => {
  it("exit 0 with the load report: files, rows and targets typed", async () => {
    const s = await sim({ commands: { run: { output: raw(loadReport()) } } });
    const result: RunResult = await resourceFor(s).run({ filter: "x=y" });
    expect(result.kind).toBe("load");
    if (result.kind !== "load") return;
    expect(result.command).toBe("load");
    expect(result.files_loaded).toBe(2);
    expect(result.total_rows).toBe(42);
    expect(result.files.map((f) => f.target)).toEqual(["main.customers", "main.events"]);
    expect(result.files.every((f) => f.error === undefined)).toBe(true);
  });

  it("a run report is tagged kind: run and keeps every field", async () => {
    const s = await sim();
    const result = await resourceFor(s).run({ filter: "tenant=acme" });
    expect(result.kind).toBe("run");
    if (result.kind !== "run") return;
    expect(result.command).toBe("run");
    expect(result.materializations.length).toBeGreaterThan(0);
  });

  it("a file that failed to load: exit 1 with the report is a result (allowPartial default)", async () => {
    const s = await sim({ commands: { run: { output: raw(loadReport(true)), exitCode: 1 } } });
    const result = await resourceFor(s).run({ filter: "x=y" });
    expect(result.kind).toBe("load");
    if (result.kind !== "load") return;
    expect(result.files_failed).toBe(1);
    expect(result.files[1]?.error).toContain("Malformed JSON");
  });

  it("...and a RockyPartialFailureError carrying the load report with allowPartial: false", async () => {
    const s = await sim({ commands: { run: { output: raw(loadReport(true)), exitCode: 1 } } });
    const error = await resourceFor(s)
      .run({ filter: "x=y", allowPartial: false })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RockyPartialFailureError);
    expect((error as RockyPartialFailureError).exitCode).toBe(1);
    expect(((error as RockyPartialFailureError).result as { kind: string }).kind).toBe("load");
  });

  it("resumeRun() of a load pipeline returns the load report too (run.rs dispatches it the same way)", async () => {
    const s = await sim({ commands: { run: { output: raw(loadReport()) } } });
    const result = await resourceFor(s).resumeRun({ filter: "x=y" });
    expect(result.kind).toBe("load");
  });

  it("a load report that breaks the load contract is RockyOutputParseError naming the load field", async () => {
    const { files: _files, ...noFiles } = loadReport();
    const s = await sim({ commands: { run: { output: raw(noFiles) } } });
    const error = await resourceFor(s)
      .run({ filter: "x=y" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RockyOutputParseError);
    expect((error as RockyOutputParseError).issues.map((i) => i.path)).toContain("files");
  });
});

describe("RunResultSchema picks the shape from the document's command field", () => {
  it("command load → kind load; command run (or anything else) → kind run, validated as a run report", () => {
    expect(RunResultSchema.parse(loadReport()).kind).toBe("load");
    const notARun = RunResultSchema.safeParse({ command: "run" });
    expect(notARun.success).toBe(false);
    expect(RunResultSchema.safeParse([]).success).toBe(false);
  });
});
