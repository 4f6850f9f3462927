/**
 * stdout, decoded per chunk by the stream (StringDecoder keeps split
 * characters whole), capped, joined once. Chunk Buffers die young instead
 * of piling up for a concat.
 */

/**
 * Largest stdout buffered. Deliberately far above execa's 100 MB default: a
 * run over ~100k tables prints ~50 MB of JSON. V8 strings top out near
 * 512 Mi characters, so 256 Mi leaves room for JSON.parse.
 */
export const MAX_STDOUT_CHARS = 256 * 1024 * 1024;

/** Collects decoded stdout chunks up to a cap. @internal */
export class StdoutBuffer {
  #chunks: string[] = [];
  #chars = 0;
  #tooLarge = false;
  readonly #cap: number;

  constructor(cap: number = MAX_STDOUT_CHARS) {
    this.#cap = cap;
  }

  /** True once the cap was reached; later chunks are dropped. */
  get tooLarge(): boolean {
    return this.#tooLarge;
  }

  /** Adds a chunk; returns true when this chunk crossed the cap (stop the process). */
  push(chunk: string): boolean {
    if (this.#tooLarge) return false;
    if (this.#chars + chunk.length > this.#cap) {
      this.#tooLarge = true;
      this.#chunks.push(chunk.slice(0, this.#cap - this.#chars));
      this.#chars = this.#cap;
      return true;
    }
    this.#chunks.push(chunk);
    this.#chars += chunk.length;
    return false;
  }

  /** The whole text, once; the buffer is emptied. */
  take(): string {
    const chunks = this.#chunks;
    this.#chunks = [];
    return chunks.length === 1 ? (chunks[0] as string) : chunks.join("");
  }
}
