/** Process control: group registry, watchdog, stdout buffer, stderr lines, and the run that ties them. */
export { killGroup, liveProcessGroups, spawnStdio, trackGroup, untrackGroup } from "./groups.js";
export { type ProcessOutcome, type RunProcessRequest, runProcess } from "./run.js";
export { MAX_LINE_CHARS, STDERR_TAIL_LINES, StderrLines } from "./stderr-lines.js";
export { MAX_STDOUT_CHARS, StdoutBuffer } from "./stdout-buffer.js";
export { startWatchdog, type Watchdog, type WatchdogOptions } from "./watchdog.js";
