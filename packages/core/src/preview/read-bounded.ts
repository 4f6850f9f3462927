// A bounded, never-blocking read of a small file named by the environment
// (GitHub's event payload): the path is not ours, so it may be a FIFO, a
// directory, a huge file or one that grows while it is read.
import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";

/**
 * Reads at most `limit` bytes of a regular file as UTF-8; `null` on any failure
 * or when larger. @internal
 */
export function readBounded(path: string, limit: number): string | null {
  let fd: number | undefined;
  try {
    // O_NONBLOCK keeps a FIFO at `path` from blocking the open; it is then rejected below.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    const stat = fstatSync(fd);
    if (!stat.isFile() || stat.size > limit) return null;
    const chunks: Buffer[] = [];
    let total = 0;
    // Read to EOF (the file may have changed since fstat), never keeping more than limit + 1 bytes.
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(64 * 1024, limit + 1 - total));
      const read = readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) break;
      chunks.push(chunk.subarray(0, read));
      total += read;
      if (total > limit) return null;
    }
    return Buffer.concat(chunks, total).toString("utf8");
  } catch {
    return null;
  } finally {
    if (fd !== undefined) {
      try {
        closeSync(fd);
      } catch {
        // already closed or invalid: nothing to release
      }
    }
  }
}
