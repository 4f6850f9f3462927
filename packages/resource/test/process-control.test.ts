// The watchdog and the group registry, with process.kill intercepted and fake timers: no process is spawned.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { silentLogger } from "../src/logger.js";
import { killGroup, liveProcessGroups, trackGroup, untrackGroup } from "../src/process/groups.js";
import { startWatchdog } from "../src/process/watchdog.js";

const FAKE_PID = 2_000_000_000; // far above pid_max: a real signal could reach nothing
let sent: [number, string][] = [];

beforeEach(() => {
  sent = [];
  vi.useFakeTimers();
  vi.spyOn(process, "kill").mockImplementation((pid: number, signal?: string | number) => {
    sent.push([pid, String(signal)]);
    return true;
  });
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

const watch = (o: { signal?: AbortSignal; pid?: number | null } = {}) =>
  startWatchdog({
    pid: o.pid === undefined ? FAKE_PID : o.pid,
    timeoutMs: 1_000,
    killGraceMs: 200,
    signal: o.signal,
    logger: silentLogger,
  });

describe("the watchdog terminates the whole group: SIGTERM, then SIGKILL after the grace", () => {
  it("on timeout", () => {
    const w = watch();
    vi.advanceTimersByTime(999);
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(w.firedBy).toBe("timeout");
    expect(sent).toEqual([[-FAKE_PID, "SIGTERM"]]);
    vi.advanceTimersByTime(200);
    expect(sent).toEqual([
      [-FAKE_PID, "SIGTERM"],
      [-FAKE_PID, "SIGKILL"],
    ]);
    w.dispose();
  });

  it("on abort, once, however often the signal is used", () => {
    const c = new AbortController();
    const w = watch({ signal: c.signal });
    c.abort();
    expect(w.firedBy).toBe("abort");
    vi.advanceTimersByTime(5_000);
    expect(sent).toEqual([
      [-FAKE_PID, "SIGTERM"],
      [-FAKE_PID, "SIGKILL"],
    ]);
    w.dispose();
  });

  it("dispose clears the timers and the abort listener", () => {
    const c = new AbortController();
    const w = watch({ signal: c.signal });
    w.dispose();
    c.abort();
    vi.advanceTimersByTime(5_000);
    expect(sent).toEqual([]);
    expect(w.firedBy).toBeNull();
  });

  it("a process that never started (no pid) is never signalled", () => {
    const w = watch({ pid: null });
    vi.advanceTimersByTime(5_000);
    expect(sent).toEqual([]);
    w.dispose();
  });
});

describe("the group registry tracks live groups until they end", () => {
  it("tracks and forgets", () => {
    trackGroup(FAKE_PID);
    expect(liveProcessGroups()).toContain(FAKE_PID);
    untrackGroup(FAKE_PID);
    expect(liveProcessGroups()).not.toContain(FAKE_PID);
  });

  it("killGroup signals the group (negative pid) and ignores a group already gone", () => {
    killGroup(FAKE_PID, "SIGTERM");
    expect(sent).toEqual([[-FAKE_PID, "SIGTERM"]]);
    vi.mocked(process.kill).mockImplementation(() => {
      throw Object.assign(new Error("kill ESRCH"), { code: "ESRCH" });
    });
    expect(() => killGroup(FAKE_PID, "SIGKILL")).not.toThrow();
  });
});
