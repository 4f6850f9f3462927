"use strict";
// The orphan watchdog: one per Node process that runs rocky (spawned lazily by
// src/process/orphan-watchdog.ts, detached in its own process group).
//   node orphan-watchdog.cjs <parent pid> <parent pgid> [start delay ms]
// The parent names itself: by the time this script runs, a parent SIGKILLed a
// moment after the spawn has already re-parented it, so process.ppid would name
// the reaper instead. The start delay exists for tests only (it lets a test kill
// the parent before this script reads anything).
// It reads lines on stdin, a pipe whose only writer is its parent:
//   tag <path>           every rocky child holds this (deleted) file open as fd 3
//   grace <ms>           SIGTERM-to-SIGKILL delay for children found by the tag
//   add <pgid> <ms>      a rocky process group and its grace
//   del <pgid>           that group ended: forgotten, so a recycled id is never signalled
// When the parent dies for any reason (SIGKILL and the OOM killer included) the
// kernel closes the pipe: at end of file every registered group, and every
// process still holding the tag (one spawned a moment before the parent died,
// before it could send "add"), gets SIGTERM, then SIGKILL after its grace,
// and the watchdog exits. Lines the parent wrote before dying are still read
// first (a pipe keeps its buffered data after the writer closes). Plain
// CommonJS, Node built-ins only.

const { readdirSync, readFileSync, readlinkSync } = require("node:fs");

const argInt = (i) => {
  const n = Number(process.argv[i]);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
};

const startDelay = argInt(4);
if (startDelay !== null) {
  // Synchronous on purpose: nothing of this process runs before the delay is over.
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Math.min(startDelay, 60_000));
}

const groups = new Map(); // pgid -> grace in ms
const parentPid = argInt(2) ?? process.ppid;
let tagPath = null;
let tagGrace = 0;
let pending = "";
let reaping = false;

function stat(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    return { state: fields[0], ppid: Number(fields[1]), pgid: Number(fields[2]) };
  } catch {
    return null;
  }
}
// The parent's own group is never signalled (the app itself, its other children).
const parentGroup = argInt(3) ?? stat(parentPid)?.pgid ?? -1;

function signal(target, sig) {
  try {
    process.kill(target, sig);
    return true;
  } catch {
    return false; // ESRCH: already gone
  }
}

/** Processes holding the tag open, outside the parent's own group (never the app itself). */
function tagHolders() {
  if (tagPath === null) return [];
  const found = [];
  let pids;
  try {
    pids = readdirSync("/proc");
  } catch {
    return found;
  }
  for (const entry of pids) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    let fds;
    try {
      fds = readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue; // gone, or not ours
    }
    for (const fd of fds) {
      let target;
      try {
        target = readlinkSync(`/proc/${entry}/fd/${fd}`);
      } catch {
        continue;
      }
      if (target === tagPath || target.startsWith(`${tagPath} `)) {
        const s = stat(entry);
        if (s !== null && s.pgid !== parentGroup) found.push({ pid: Number(entry), pgid: s.pgid });
        break;
      }
    }
  }
  return found;
}

function killTagHolders(sig) {
  for (const { pid, pgid } of tagHolders()) {
    if (pgid > 1 && pgid !== parentGroup) signal(-pgid, sig);
    signal(pid, sig);
  }
}

function handle(line) {
  if (line.startsWith("tag ")) {
    tagPath = line.slice(4);
    return;
  }
  const [verb, a, b] = line.split(" ");
  const n = Number(a);
  if (verb === "grace") {
    if (Number.isFinite(n) && n >= 0) tagGrace = Math.max(tagGrace, n);
    return;
  }
  if (!Number.isSafeInteger(n) || n <= 1 || n === parentGroup) return;
  if (verb === "add") {
    const grace = Number(b);
    groups.set(n, Number.isFinite(grace) && grace >= 0 ? grace : 0);
  } else if (verb === "del") {
    groups.delete(n);
  }
}

function parentGone() {
  if (process.ppid !== parentPid) return true;
  const s = stat(parentPid);
  return s === null || s.state === "Z" || s.state === "X";
}

function reap() {
  if (reaping) return;
  reaping = true;
  let longest = tagGrace;
  for (const [pgid, grace] of groups) {
    if (!signal(-pgid, "SIGTERM")) continue;
    longest = Math.max(longest, grace);
    setTimeout(() => signal(-pgid, "SIGKILL"), grace);
  }
  killTagHolders("SIGTERM");
  // Zombies keep a group "alive" for kill(-pgid, 0) where nobody reaps them,
  // so nothing is polled: each group gets its SIGKILL on schedule, then exit.
  // The tag is scanned again then: a child forked at the last moment is caught too.
  setTimeout(() => {
    killTagHolders("SIGKILL");
    process.exit(0);
  }, longest + 20);
}

/**
 * End of file: the parent is dying (its fds close before it is a zombie).
 * Should it still be alive after all (it closed the pipe itself), its own
 * handlers are in charge: leave quietly.
 */
function onEnd() {
  let waited = 0;
  const check = () => {
    if (parentGone()) return reap();
    if (waited >= 200) return process.exit(0);
    waited += 5;
    setTimeout(check, 5);
  };
  check();
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
process.stdin.on("end", onEnd);
process.stdin.on("error", onEnd);
// Fallback should anything else ever hold the pipe's write end: the parent is
// gone when this process has been re-parented.
setInterval(() => {
  if (process.ppid !== parentPid) reap();
}, 500);
// A stray SIGPIPE must not end the watchdog while its parent lives.
process.on("SIGPIPE", () => {});
