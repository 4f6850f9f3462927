"use strict";
// The orphan watchdog: one per Node process that runs rocky (spawned lazily by
// src/process/orphan-watchdog.ts, detached in its own process group). It reads
// "add <pgid> <graceMs>" and "del <pgid>" lines on stdin, a pipe whose only
// writer is its parent. When the parent dies for any reason (SIGKILL and the
// OOM killer included) the kernel closes that pipe: at end of file every group
// still registered gets SIGTERM, then SIGKILL after its grace, and the
// watchdog exits. Plain CommonJS with no imports: it starts in ~30 ms.

const groups = new Map(); // pgid -> grace in ms
const parentPid = process.ppid;
let pending = "";
let reaping = false;

function signalGroup(pgid, signal) {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false; // ESRCH: the group is gone
  }
}

function handle(line) {
  const [verb, pgidText, graceText] = line.split(" ");
  const pgid = Number(pgidText);
  if (!Number.isSafeInteger(pgid) || pgid <= 1) return;
  if (verb === "add") {
    const grace = Number(graceText);
    groups.set(pgid, Number.isFinite(grace) && grace >= 0 ? grace : 0);
  } else if (verb === "del") {
    groups.delete(pgid);
  }
}

function reap() {
  if (reaping) return;
  reaping = true;
  let longest = 0;
  for (const [pgid, grace] of groups) {
    if (!signalGroup(pgid, "SIGTERM")) {
      groups.delete(pgid);
      continue;
    }
    longest = Math.max(longest, grace);
    setTimeout(() => signalGroup(pgid, "SIGKILL"), grace);
  }
  // Zombies keep a group "alive" for kill(-pgid, 0) where nobody reaps them,
  // so nothing is polled: each group gets its SIGKILL on schedule, then exit.
  setTimeout(() => process.exit(0), longest + 20);
}

process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => {
  const text = pending + chunk;
  const last = text.lastIndexOf("\n");
  if (last < 0) {
    pending = text;
    return;
  }
  for (const line of text.slice(0, last).split("\n")) handle(line);
  pending = text.slice(last + 1);
});
process.stdin.on("end", reap);
process.stdin.on("error", reap);
// Fallback should anything else ever hold the pipe's write end: the parent is
// gone when this process has been re-parented.
setInterval(() => {
  if (process.ppid !== parentPid) reap();
}, 500);
// A terminal's Ctrl-C or a hang-up reach the parent's group, not this one; and
// a stray SIGPIPE must not end the watchdog while its parent lives.
process.on("SIGPIPE", () => {});
