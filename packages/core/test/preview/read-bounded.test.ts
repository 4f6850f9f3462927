// readBounded: the event file's path comes from the environment, so it may name anything.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readBounded } from "../../src/preview/read-bounded.js";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "dagster-rocky-read-"));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});
const file = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

describe("readBounded: a regular file of at most `limit` bytes, read whole", () => {
  it("exactly limit bytes are read; one more is refused", () => {
    expect(readBounded(file("ten", "0123456789"), 10)).toBe("0123456789");
    expect(readBounded(file("eleven", "0123456789A"), 10)).toBeNull();
    expect(readBounded(file("empty", ""), 10)).toBe("");
  });
  it("a file larger than one 64 KiB chunk is read to its end", () => {
    const big = "x".repeat(200_000);
    expect(readBounded(file("big", big), 300_000)).toBe(big);
    expect(readBounded(file("big2", big), 199_999)).toBeNull();
  });
  it("UTF-8 is decoded once, so a character split across chunks survives", () => {
    const text = `${"a".repeat(65_535)}é${"b".repeat(10)}`;
    expect(readBounded(file("split", text), 100_000)).toBe(text);
  });
});

describe("readBounded: what stat says is not trusted", () => {
  it("a file whose stat size is 0 but holds more than limit is refused while reading", () => {
    // /proc files report size 0; their content is only known by reading.
    expect(readBounded("/proc/self/status", 10)).toBeNull();
    expect(readBounded("/proc/self/status", 1_000_000)).toMatch(/^Name:/);
  });
});

describe("readBounded: anything but a readable regular file is null, never a throw or a hang", () => {
  it("a missing path", () => {
    expect(readBounded(join(dir, "missing"), 10)).toBeNull();
  });
  it("a directory", () => {
    expect(readBounded(dir, 10)).toBeNull();
  });
  it("a FIFO with no writer (opened without blocking, then refused)", () => {
    const fifo = join(dir, "fifo");
    expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
    expect(readBounded(fifo, 10)).toBeNull();
  });
});

describe("readBounded: every descriptor it opens is closed", () => {
  const openFds = () => readdirSync("/proc/self/fd").length;
  it("after reads that succeed, fail on size and fail on type", () => {
    const ok = file("ok", "{}");
    const tooBig = file("toobig", "0123456789A");
    readBounded(ok, 10); // warm up anything opened once
    const before = openFds();
    for (let i = 0; i < 50; i++) {
      expect(readBounded(ok, 10)).toBe("{}");
      expect(readBounded(tooBig, 10)).toBeNull();
      expect(readBounded(dir, 10)).toBeNull();
      expect(readBounded("/proc/self/status", 10)).toBeNull();
    }
    expect(openFds()).toBe(before);
  });
});
