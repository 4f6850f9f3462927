// A binaryPath that cannot be started says what is wrong with it, as the README's error table
// promises: a missing binary is "not found" (install rocky), a directory "is a directory", a file
// without the execute bit "chmod +x". The same for a bare name found on the child's PATH.
import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RockyBinaryNotFoundError, RockyResource } from "../src/index.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "binary-errors-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function failure(options: { binaryPath: string; env?: Record<string, string> }) {
  const rocky = new RockyResource({ env: {}, cwd: dir, ...options });
  const error = await rocky.version().catch((e: unknown) => e);
  expect(error).toBeInstanceOf(RockyBinaryNotFoundError);
  return error as RockyBinaryNotFoundError;
}

describe("binaryPath is a directory", () => {
  it("an absolute path: 'is a directory', the rocky file to point at, no 'Install rocky'", async () => {
    const folder = join(dir, "rocky-1.71.0");
    await mkdir(folder);
    const e = await failure({ binaryPath: folder });
    expect(e.problem).toBe("is_directory");
    expect(e.resolvedPath).toBe(folder);
    expect(e.message).toBe(
      `rocky binary "${folder}" is a directory, not the rocky executable: set binaryPath to the rocky file (for example "${folder}/rocky").`,
    );
    expect(e.osCode).toBe("EACCES");
  });

  it("a bare name that is a directory on PATH: says which", async () => {
    const bin = join(dir, "bin");
    await mkdir(join(bin, "rocky"), { recursive: true });
    const e = await failure({ binaryPath: "rocky", env: { PATH: bin } });
    expect(e.problem).toBe("is_directory");
    expect(e.message).toMatch(
      new RegExp(`^rocky binary "rocky" \\(${join(bin, "rocky")}\\) is a directory`),
    );
  });
});

describe("binaryPath is a file without the execute permission", () => {
  it("says 'not executable' and the chmod +x to run", async () => {
    const file = join(dir, "rocky");
    await writeFile(file, "#!/bin/sh\necho rocky 1.71.0\n");
    await chmod(file, 0o644);
    const e = await failure({ binaryPath: file });
    expect(e.problem).toBe("not_executable");
    expect(e.message).toBe(
      `rocky binary "${file}" is not executable (EACCES): make it executable with chmod +x ${file}, or set binaryPath to an executable rocky.`,
    );
    expect(e.message).not.toMatch(/Install rocky/);
  });

  it("relative to the resource's cwd, the file named is the resolved one", async () => {
    await writeFile(join(dir, "rocky"), "#!/bin/sh\n");
    const e = await failure({ binaryPath: "./rocky" });
    expect(e.problem).toBe("not_executable");
    expect(e.resolvedPath).toBe(join(dir, "rocky"));
    expect(e.message).toContain(`chmod +x ${join(dir, "rocky")}`);
  });
});

describe("binaryPath does not exist", () => {
  it("'was not found' and how to install rocky", async () => {
    const e = await failure({ binaryPath: join(dir, "nope") });
    expect([e.problem, e.code, e.resolvedPath]).toEqual(["not_found", "ENOENT", null]);
    expect(e.message).toMatch(/was not found\. Install rocky \(https:\/\/github\.com\/rocky-data/);
  });

  it("a bare name nowhere on PATH: the same", async () => {
    const e = await failure({ binaryPath: "rocky", env: { PATH: dir } });
    expect(e.problem).toBe("not_found");
    expect(e.message).toMatch(/^rocky binary "rocky" was not found\. Install rocky/);
  });
});
