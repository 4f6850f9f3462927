/**
 * stderr, line by line, to a listener (onLog, the debug logger); only a
 * bounded tail of non-empty lines is kept, for error messages, and rocky's own
 * failure report (./error-report.ts), wherever it is. Hours of stderr cost
 * bounded memory.
 */
import type { RockyFailureReport } from "../errors.js";
import { ErrorReportReader } from "./error-report.js";

/** Non-empty stderr lines kept for error messages. */
export const STDERR_TAIL_LINES = 20;
/** Longest stderr line kept in the tail, and longest partial line carried between chunks. @internal */
export const MAX_LINE_CHARS = 8192;

const clean = (raw: string): string | null => {
  const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
  return line.trim() === "" ? null : line;
};

/** Splits decoded stderr chunks into lines and keeps the tail. @internal */
export class StderrLines {
  readonly #tail: string[] = [];
  #carry = "";
  readonly #onLine: ((line: string) => void) | null;
  readonly #report = new ErrorReportReader();

  /** `onLine` gets every non-empty line; without it only the tail is computed (faster). */
  constructor(onLine: ((line: string) => void) | null) {
    this.#onLine = onLine;
  }

  /** Feeds a chunk; complete lines are emitted, a partial last line is carried. */
  push(chunk: string): void {
    const text = this.#carry + chunk;
    const last = text.lastIndexOf("\n");
    if (last < 0) {
      this.#carry = text.length > MAX_LINE_CHARS ? text.slice(0, MAX_LINE_CHARS) : text;
      return;
    }
    // Every line is looked at only when someone listens or a report may be in it.
    if (this.#onLine !== null || this.#report.reading || ErrorReportReader.mayStart(text)) {
      let from = 0;
      while (from <= last) {
        const nl = text.indexOf("\n", from);
        this.#emit(text.slice(from, nl));
        from = nl + 1;
      }
    } else {
      this.#keepTailOf(text, last);
    }
    const rest = text.slice(last + 1);
    this.#carry = rest.length > MAX_LINE_CHARS ? rest.slice(0, MAX_LINE_CHARS) : rest;
  }

  /** Emits the carried partial line (the stream ended without a newline). */
  end(): void {
    if (this.#carry !== "") this.#emit(this.#carry);
    this.#carry = "";
  }

  /** The last non-empty lines, joined by newlines. */
  tail(): string {
    return this.#tail.join("\n");
  }

  /** rocky's last `Error:` report (message and cause chain), or null. */
  report(): RockyFailureReport | null {
    return this.#report.report();
  }

  #keep(line: string): void {
    this.#tail.push(line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS)}…` : line);
    if (this.#tail.length > STDERR_TAIL_LINES) this.#tail.shift();
  }

  #emit(raw: string): void {
    const line = clean(raw);
    if (line === null) return;
    this.#keep(line);
    this.#report.push(line);
    this.#onLine?.(line);
  }

  /** Nobody listens line by line: only the last lines of a chunk can end in the tail. */
  #keepTailOf(text: string, end: number): void {
    const found: string[] = [];
    let stop = end;
    while (stop > 0 && found.length < STDERR_TAIL_LINES) {
      const start = text.lastIndexOf("\n", stop - 1) + 1;
      const line = clean(text.slice(start, stop));
      if (line !== null) found.push(line);
      stop = start - 1;
    }
    for (let i = found.length - 1; i >= 0; i--) this.#keep(found[i] as string);
  }
}
