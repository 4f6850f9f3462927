// Reading results the SDK returned (or a PR call printed) in the engine suite.
import type { RunResult } from "@dagster-rocky/resource";
import type { RunReportResult } from "@dagster-rocky/resource/schemas";
import { expect } from "vitest";

/** A run() result narrowed to rocky's run report (fails the test on a load report). */
export function runReport(result: RunResult): RunReportResult {
  expect(result.kind, "run() returned a run report").toBe("run");
  return result as RunReportResult;
}

/** Every materialization's `catalog.schema.table` target. */
export function targetsOf(result: { materializations: readonly unknown[] }): string[] {
  return result.materializations.map((m) =>
    String(
      (m as { metadata: { target_table_full_name?: unknown } }).metadata.target_table_full_name,
    ),
  );
}

/** rocky's `Error:` line among its stderr lines (RUST_BACKTRACE may append frames after it). */
export function rockyErrorLine(stderr: readonly string[]): string {
  return stderr.find((l) => l.startsWith("Error:")) ?? "";
}

/** Collects rocky's stderr through a call's `onLog`. */
export function stderrCollector(): { lines: string[]; onLog: (line: string) => void } {
  const lines: string[] = [];
  return { lines, onLog: (line) => lines.push(line) };
}
