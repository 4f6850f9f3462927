import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  isProcessGone,
  livenessAt,
  ProcUnavailableError,
  runningProcessesMatching,
  waitForProcessesGone,
} from "../src/index.js";

describe("process liveness helpers: gone means no /proc entry or a zombie", () => {
  it("a running process is found by its command line, then gone once killed", async () => {
    const marker = `marker-${randomUUID()}`;
    const child = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)", marker], {
      stdio: "ignore",
    });
    const pid = child.pid as number;
    try {
      expect(isProcessGone(pid)).toBe(false);
      expect(runningProcessesMatching(marker)).toEqual([pid]);
    } finally {
      child.kill("SIGKILL");
    }
    expect(await waitForProcessesGone([pid], 5_000)).toBe(true);
    expect(runningProcessesMatching(marker)).toEqual([]);
  });
  it("a pid that never existed is gone; waiting on a live one times out false", async () => {
    expect(isProcessGone(2 ** 22 + 12345)).toBe(true);
    expect(await waitForProcessesGone([process.pid], 50)).toBe(false);
  });
});

describe("process liveness helpers refuse to answer without /proc", () => {
  const procRoot = "/nonexistent-proc-for-test";
  it("isProcessGone, waitForProcessesGone and runningProcessesMatching throw ProcUnavailableError", async () => {
    const none = livenessAt(procRoot);
    expect(() => none.isProcessGone(process.pid)).toThrow(ProcUnavailableError);
    expect(() => none.isProcessGone(2 ** 22 + 12345)).toThrow(ProcUnavailableError);
    expect(() => none.runningProcessesMatching("node")).toThrow(ProcUnavailableError);
    await expect(none.waitForProcessesGone([process.pid], 50)).rejects.toMatchObject({
      name: "ProcUnavailableError",
      code: "PROC_UNAVAILABLE",
      procRoot,
    });
  });
  it("the default /proc is there on this Linux machine, and this process is not gone", () => {
    expect(isProcessGone(process.pid)).toBe(false);
  });
});
