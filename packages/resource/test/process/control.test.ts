// The watchdog and the group registry, with process.kill intercepted, fake timers and the
// orphan watchdog's protocol recorded: no process is spawned.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { silentLogger } from "../../src/logger.js";
import {
  killGroup,
  liveProcessGroups,
  spawnStdio,
  trackGroup,
  untrackGroup,
} from "../../src/process/groups.js";
import {
  announceGroup,
  orphanWatchdogStdio,
  retractGroup,
} from "../../src/process/orphan-watchdog.js";
import { startWatchdog } from "../../src/process/watchdog.js";

vi.mock("../../src/process/orphan-watchdog.js", () => ({
  announceGroup: vi.fn(),
  retractGroup: vi.fn(),
  orphanWatchdogStdio: vi.fn(() => [3]),
}));

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

  it("is the orphan watchdog's registry too: a group is announced with its grace, and retracted once it ended", () => {
    vi.mocked(announceGroup).mockClear();
    vi.mocked(retractGroup).mockClear();
    trackGroup(FAKE_PID, 250, silentLogger);
    expect(vi.mocked(announceGroup).mock.calls).toEqual([
      [FAKE_PID, 250, silentLogger, expect.any(Map)],
    ]);
    // The live groups handed over (re-sent to a respawned watchdog) are the registry itself.
    expect([...(vi.mocked(announceGroup).mock.calls[0]?.[3] ?? [])]).toEqual([[FAKE_PID, 250]]);
    untrackGroup(FAKE_PID);
    expect(vi.mocked(retractGroup).mock.calls).toEqual([[FAKE_PID]]);
    untrackGroup(FAKE_PID); // already forgotten: nothing more is sent
    expect(vi.mocked(retractGroup).mock.calls).toEqual([[FAKE_PID]]);
  });

  it("spawnStdio starts the watchdog with the live groups and returns its fd", () => {
    trackGroup(FAKE_PID, 10);
    expect(spawnStdio(300)).toEqual([3]);
    const call = vi.mocked(orphanWatchdogStdio).mock.calls.at(-1);
    expect(call?.[0]).toBe(300);
    expect([...(call?.[2] ?? [])]).toEqual([[FAKE_PID, 10]]);
    untrackGroup(FAKE_PID);
  });

  it("never registers what is not a real group leader's pid", () => {
    vi.mocked(announceGroup).mockClear();
    for (const pid of [0, 1, -5, Number.NaN, 1.5]) trackGroup(pid);
    expect(liveProcessGroups()).toEqual([]);
    expect(announceGroup).not.toHaveBeenCalled();
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
