/**
 * Parent side of the orphan watchdog (see watchdog/orphan-watchdog.cjs): rocky
 * runs in its own process group, so nothing kills it when this process dies
 * without running its exit handlers (SIGKILL, the OOM killer). One small
 * watchdog process per Node process holds a pipe from us and, at end of file,
 * terminates every group still registered.
 *
 * This module only speaks the protocol and keeps the watchdog process alive;
 * which groups are live is ./groups.ts's registry (the one registry), which
 * calls in here. Spawned lazily before the first rocky spawn; never keeps the
 * event loop alive; respawned (at most once a second) if it dies, with the
 * live groups re-sent. A registration costs one short pipe write.
 *
 * Registration happens after the spawn, so a parent killed in between would
 * leave that one child unknown. To close the gap every child also inherits,
 * as fd 3, a deleted temp file unique to this process (the "tag"): at end of
 * file the watchdog also terminates whatever still holds it.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, openSync, readFileSync, realpathSync, unlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { LoggerLike } from "../logger.js";

/** Same relative location from src/process/ and dist/process/. */
const SCRIPT = fileURLToPath(new URL("../../watchdog/orphan-watchdog.cjs", import.meta.url));
const RESPAWN_MIN_INTERVAL_MS = 1_000;
/**
 * Test hook: the watchdog waits this long before reading anything, so a test
 * can SIGKILL the parent first (the race a parent pid read at start lost).
 */
const START_DELAY_VARIABLE = "ROCKY_SDK_TEST_WATCHDOG_START_DELAY_MS";

/** The live groups and their grace, re-sent to a (re)started watchdog. @internal */
export type LiveGroups = Iterable<readonly [pgid: number, killGraceMs: number]>;

let child: ChildProcess | null = null;
let lastSpawnAt = Number.NEGATIVE_INFINITY;
let warned = false;
let tag: { readonly fd: number; readonly path: string } | null | undefined;
let sentGrace = -1;
let ownGroup: number | undefined;

function warnOnce(logger: LoggerLike | undefined, err: unknown, why: string): void {
  if (warned) return;
  warned = true;
  logger?.warn(
    { err },
    `orphan watchdog unavailable (${why}): rocky runs are still stopped by this process's own exit handlers, but not if it is SIGKILLed`,
  );
}

function send(line: string): void {
  const stdin = child?.stdin;
  if (!stdin || stdin.destroyed) return;
  stdin.write(line);
}

/** This process's group id (field 5 of /proc/self/stat), or -1 where there is no /proc. */
function processGroup(): number {
  try {
    const text = readFileSync("/proc/self/stat", "utf8");
    const pgid = Number(text.slice(text.lastIndexOf(")") + 2).split(" ")[2]);
    return Number.isSafeInteger(pgid) && pgid > 0 ? pgid : -1;
  } catch {
    return -1;
  }
}

/** argv after the script: our pid and group, named by us (see the script's header). */
function scriptArgs(): string[] {
  ownGroup ??= processGroup();
  const args = [SCRIPT, String(process.pid), String(ownGroup)];
  const delay = Number(process.env[START_DELAY_VARIABLE]);
  if (Number.isSafeInteger(delay) && delay > 0) args.push(String(delay));
  return args;
}

function start(logger: LoggerLike | undefined, live: LiveGroups): void {
  const now = performance.now();
  if (now - lastSpawnAt < RESPAWN_MIN_INTERVAL_MS) return;
  lastSpawnAt = now;
  if (!existsSync(SCRIPT)) {
    warnOnce(logger, undefined, `${SCRIPT} is missing`);
    return;
  }
  let spawned: ChildProcess;
  try {
    spawned = spawn(process.execPath, scriptArgs(), {
      // Own group: a kill of this process's group (Ctrl-C, `kill -- -pgid`) must not take the watchdog with it.
      detached: true,
      // Only stdin: holding our stdout/stderr would keep a `| tee` reader waiting after we die.
      stdio: ["pipe", "ignore", "ignore"],
      // Nothing inherited: NODE_OPTIONS (--inspect, --require hooks) must not reach it.
      env: {},
      cwd: "/",
      windowsHide: true,
    });
  } catch (err) {
    warnOnce(logger, err, "spawn failed");
    return;
  }
  const forget = () => {
    if (child === spawned) child = null;
  };
  spawned.on("error", (err) => {
    warnOnce(logger, err, "spawn failed");
    forget();
  });
  spawned.on("exit", forget);
  // EPIPE once it died: the exit event follows; the next registration respawns it.
  spawned.stdin?.on("error", forget);
  spawned.unref();
  (spawned.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  child = spawned;
  if (tag) send(`tag ${tag.path}\n`);
  if (sentGrace >= 0) send(`grace ${sentGrace}\n`);
  for (const [pgid, grace] of live) send(`add ${pgid} ${grace}\n`);
}

/** Opened once per process; CLOEXEC (Node's default), so only children given it as fd 3 hold it. */
function openTag(logger: LoggerLike | undefined): typeof tag {
  let path = "";
  try {
    // Resolved: /proc/<pid>/fd shows the real path (plus " (deleted)").
    path = join(
      realpathSync(tmpdir()),
      `rocky-watchdog-${process.pid}-${randomBytes(6).toString("hex")}`,
    );
    if (path.includes("\n")) throw new Error("the temp directory's path contains a newline");
    const fd = openSync(path, "wx", 0o600);
    unlinkSync(path);
    return { fd, path };
  } catch (err) {
    warnOnce(logger, err, `cannot create ${path}`);
    return null;
  }
}

/**
 * Extra stdio entries for a rocky spawn: the tag as fd 3 (or nothing when it
 * could not be created). Starts the watchdog if needed and tells it the grace
 * for children it finds only by the tag. Call right before spawning. @internal
 */
export function orphanWatchdogStdio(
  killGraceMs: number,
  logger: LoggerLike | undefined,
  live: LiveGroups,
): number[] {
  if (tag === undefined) tag = openTag(logger);
  if (child === null) start(logger, live);
  if (killGraceMs > sentGrace) {
    sentGrace = killGraceMs;
    send(`grace ${killGraceMs}\n`);
  }
  return tag ? [tag.fd] : [];
}

/** Tells the watchdog about a live group (starting it if needed, with every live group). @internal */
export function announceGroup(
  pgid: number,
  killGraceMs: number,
  logger: LoggerLike | undefined,
  live: LiveGroups,
): void {
  if (child === null) start(logger, live);
  else send(`add ${pgid} ${killGraceMs}\n`);
}

/** Tells the watchdog a group ended: it forgets it. @internal */
export function retractGroup(pgid: number): void {
  send(`del ${pgid}\n`);
}

/** The watchdog's pid, or null when none runs (for tests and diagnostics). @internal */
export function orphanWatchdogPid(): number | null {
  return child?.pid ?? null;
}
