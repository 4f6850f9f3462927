// RockyTimeoutError says how to raise the limit it hit: the call's timeoutMs, the resource's
// option (timeoutMs for a process, serverTimeoutMs for a rocky serve request), resolveTimeoutMs.
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RockyResource, RockyTimeoutError } from "../src/index.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "timeout-message-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** A rocky that answers --version and hangs on anything else. */
async function hangingRocky(): Promise<string> {
  const path = join(dir, "rocky");
  await writeFile(
    path,
    '#!/bin/sh\nif [ "$1" = "--version" ]; then echo "rocky 1.71.0"; exit 0; fi\nexec sleep 30\n',
  );
  await chmod(path, 0o755);
  return path;
}

describe("a process past its deadline: the message names every way to allow longer", () => {
  it("discover({ timeoutMs: 200 })", async () => {
    const rocky = new RockyResource({
      binaryPath: await hangingRocky(),
      env: {},
      cwd: dir,
      killGraceMs: 0,
    });
    const error = await rocky.discover({ timeoutMs: 200 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RockyTimeoutError);
    expect((error as RockyTimeoutError).message).toBe(
      "rocky discover timed out after 200 ms and was terminated. To allow longer, pass timeoutMs to the call (rocky.discover({ ..., timeoutMs })), set the resource's timeoutMs option (default 3600000, 1 h), or return it from a resolveTimeoutMs override.",
    );
    expect((error as RockyTimeoutError).timeoutMs).toBe(200);
  });
});

describe("a rocky serve request past its deadline: serverTimeoutMs, not timeoutMs", () => {
  let server: Server;
  afterEach(() => new Promise<void>((done) => server.close(() => done())));

  it("compile() with serverUrl and a server that never answers", async () => {
    server = createServer(() => {}); // accepts, never responds
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    const { port } = server.address() as AddressInfo;
    const rocky = new RockyResource({
      serverUrl: `http://127.0.0.1:${port}`,
      serverTimeoutMs: 150,
      env: {},
    });
    const error = await rocky.compile().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RockyTimeoutError);
    expect((error as RockyTimeoutError).message).toBe(
      "rocky serve did not answer compile within 150 ms. To allow longer, pass timeoutMs to the call (rocky.compile({ ..., timeoutMs })), set the resource's serverTimeoutMs option (default 30000).",
    );
    server.closeAllConnections();
  });
});
