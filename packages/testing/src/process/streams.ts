/** Writing to stdout/stderr with backpressure, and bounded sleeps. */

export const MAX_TIMER_MS = 2_147_483_647;

export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, Math.min(Math.max(0, ms), MAX_TIMER_MS)));

/** Writes `chunk`, resolving once the stream takes more (or is gone). */
export function writeTo(stream: NodeJS.WriteStream, chunk: string | Uint8Array): Promise<void> {
  if (stream.destroyed) return Promise.resolve();
  if (stream.write(chunk)) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      stream.off("drain", done);
      stream.off("error", done);
      stream.off("close", done);
      resolve();
    };
    stream.on("drain", done);
    stream.on("error", done);
    stream.on("close", done);
  });
}

/** Resolves once everything written so far is flushed. */
export function flush(stream: NodeJS.WriteStream): Promise<void> {
  if (stream.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    stream.write("", () => resolve());
  });
}
