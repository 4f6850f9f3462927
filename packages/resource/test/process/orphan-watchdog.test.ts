// The orphan watchdog script itself, driven in-process: started here with a parent that is
// not its real one (the parent's pid is an argument), so "the parent died" is ours to stage.
import { type ChildProcess, spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { isGone, waitGone } from "../helpers.js";

const SCRIPT = join(
  dirname(fileURLToPath(import.meta.url)),
  "..",
  "..",
  "watchdog",
  "orphan-watchdog.cjs",
);
const started: ChildProcess[] = [];

/** A process in a group of its own (pgid = pid), standing for a rocky group or someone else's. */
function group(): number {
  const child = spawn("sleep", ["300"], { detached: true, stdio: "ignore" });
  started.push(child);
  return child.pid as number;
}

/** A watchdog whose named parent is `parent` (and that parent's group `parentGroup`). */
function watchdog(parent: number, parentGroup: number): ChildProcess {
  const child = spawn(process.execPath, [SCRIPT, String(parent), String(parentGroup)], {
    stdio: ["pipe", "ignore", "ignore"],
    env: {},
  });
  started.push(child);
  return child;
}

/** A pid that named a process which has exited: the parent is gone. */
async function deadParent(): Promise<number> {
  const child = spawn("true", [], { stdio: "ignore" });
  await new Promise((r) => child.once("exit", r));
  return child.pid as number;
}

function exited(child: ChildProcess): Promise<unknown> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((r) => child.once("exit", r));
}

afterEach(async () => {
  for (const c of started.splice(0)) {
    if (c.pid !== undefined && !isGone(c.pid)) c.kill("SIGKILL");
    if (c.pid !== undefined) expect(await waitGone([c.pid])).toBe(true);
  }
});

describe("the watchdog script: at its parent's end it terminates the groups still registered, and only those", () => {
  it("a group added then deleted is never signalled; one still added is terminated", async () => {
    const [live, ended] = [group(), group()];
    const w = watchdog(await deadParent(), -1);
    w.stdin?.end(`add ${live} 50\nadd ${ended} 50\ndel ${ended}\n`);
    await exited(w);
    expect(await waitGone([live])).toBe(true);
    expect(isGone(ended)).toBe(false);
  });

  it("the parent's own group is never registered, whatever the parent sends", async () => {
    const own = group();
    const other = group();
    const w = watchdog(await deadParent(), own);
    w.stdin?.end(`add ${own} 0\nadd ${other} 0\n`);
    await exited(w);
    expect(await waitGone([other])).toBe(true);
    expect(isGone(own)).toBe(false);
  });

  it("lines written before the parent died are read after it died (a pipe keeps them)", async () => {
    const live = group();
    const w = spawn(process.execPath, [SCRIPT, String(await deadParent()), "-1", "300"], {
      stdio: ["pipe", "ignore", "ignore"],
      env: {},
    });
    started.push(w);
    // Written and closed while the watchdog is still held back by its start delay.
    w.stdin?.end(`add ${live} 0\n`);
    await exited(w);
    expect(await waitGone([live])).toBe(true);
  });
});
