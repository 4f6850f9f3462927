/**
 * rocky's own failure report, picked out of its stderr line by line, so that
 * an error keeps it whatever follows (with RUST_BACKTRACE=1, dozens of stack
 * frames push it out of any bounded tail).
 *
 * rocky's `main` returns anyhow's `Result` (engine/rocky/src/main.rs); Rust
 * prints an `Err` as `Error: {:?}`, and anyhow's Debug form is (anyhow
 * src/fmt.rs, `DefaultHandler::report` and `Indented`):
 *
 *     Error: <message, possibly several lines>
 *
 *     Caused by:
 *         <the only cause>                  or, for several:    0: <cause>
 *         <its next line>                                          <its next line>
 *                                                               1: <cause>
 *     Stack backtrace:                      (only when a backtrace was captured)
 *        0: <frame>
 *
 * (numbers right-aligned in five columns, then ": "; continuation lines
 * indented four columns for one cause, seven for numbered ones). A panic
 * prints `thread '<name>' panicked at <file>:<line>:<col>:`, its message, then
 * `note: run with ...` or `stack backtrace:`.
 */

import type { RockyFailureReport } from "../errors.js";

/** Most lines kept of one report, and the longest line kept (bounded memory whatever rocky prints). */
const MAX_REPORT_LINES = 20;
const MAX_REPORT_LINE_CHARS = 1_000;
const PANIC_START = /^thread '[^']*' panicked at /;
const BACKTRACE = /^[Ss]tack backtrace:$/;
/** anyhow's numbered cause: `{: >5}: `, so the number ends at column 5 and ": " follows. */
const NUMBERED_CAUSE = /^ {0,4}\d{1,5}: /;

type Phase = "idle" | "message" | "causes" | "panic" | "done";

const cut = (line: string): string =>
  line.length > MAX_REPORT_LINE_CHARS ? `${line.slice(0, MAX_REPORT_LINE_CHARS)}…` : line;

/** Feeds on stderr lines (non-empty, without line ends); the last report wins. @internal */
export class ErrorReportReader {
  #phase: Phase = "idle";
  #message: string[] = [];
  #causes: string[] = [];
  #numbered: boolean | null = null;
  #lines = 0;

  /** True while a report is being read (its later lines must be fed too). */
  get reading(): boolean {
    return this.#phase === "message" || this.#phase === "causes" || this.#phase === "panic";
  }

  /** Whether `text` could start a report (a cheap test before feeding lines one by one). */
  static mayStart(text: string): boolean {
    return text.includes("Error: ") || text.includes("panicked at ");
  }

  push(line: string): void {
    if (line.startsWith("Error: ")) this.#start("message", line.slice(7));
    else if (PANIC_START.test(line)) this.#start("panic", line);
    else if (!this.reading) return;
    else if (this.#phase === "message") this.#inMessage(line);
    else if (this.#phase === "causes") this.#inCauses(line);
    else if (line.startsWith("note: run with") || BACKTRACE.test(line)) this.#phase = "done";
    else this.#add(this.#message, line);
  }

  /** The last report read, or null when rocky printed none. */
  report(): RockyFailureReport | null {
    if (this.#phase === "idle") return null;
    return { message: this.#message.join("\n"), causes: [...this.#causes] };
  }

  #start(phase: Phase, first: string): void {
    this.#phase = phase;
    this.#message = [];
    this.#causes = [];
    this.#numbered = null;
    this.#lines = 0;
    this.#add(this.#message, first);
  }

  #inMessage(line: string): void {
    if (line === "Caused by:") this.#phase = "causes";
    else if (BACKTRACE.test(line)) this.#phase = "done";
    else this.#add(this.#message, line);
  }

  #inCauses(line: string): void {
    if (!line.startsWith(" ")) {
      this.#phase = "done"; // "Stack backtrace:", or anything else: the chain is over
      return;
    }
    this.#numbered ??= NUMBERED_CAUSE.test(line) && line.slice(0, 7).trim() === "0:";
    if (this.#numbered && NUMBERED_CAUSE.test(line) && line[5] === ":") {
      this.#add(this.#causes, line.slice(7));
    } else if (this.#causes.length === 0) {
      this.#add(this.#causes, line.slice(this.#numbered ? 7 : 4));
    } else if (this.#lines < MAX_REPORT_LINES) {
      // A cause's next line, indented under it.
      this.#lines++;
      const last = this.#causes.length - 1;
      this.#causes[last] = `${this.#causes[last]}\n${cut(line.slice(this.#numbered ? 7 : 4))}`;
    }
  }

  #add(to: string[], line: string): void {
    if (this.#lines >= MAX_REPORT_LINES) return;
    this.#lines++;
    to.push(cut(line));
  }
}
