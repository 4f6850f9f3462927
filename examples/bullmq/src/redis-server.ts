/**
 * A throwaway redis-server for the demo and the tests: loopback only, a free
 * port, no persistence, stopped (and its directory removed) by stop().
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** redis-server is not installed (or could not start). */
export class RedisServerError extends Error {
  override readonly name = "RedisServerError";
  constructor(
    readonly code: "redis_missing" | "redis_start_failed",
    message: string,
    readonly output: string,
  ) {
    super(message);
  }
}

export interface RedisServer {
  readonly host: "127.0.0.1";
  readonly port: number;
  readonly pid: number;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address !== null
          ? resolve(address.port)
          : reject(new Error("no port")),
      );
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

async function startOnce(binary: string, dir: string): Promise<RedisServer | "port_taken"> {
  const port = await freePort();
  const child = spawn(
    binary,
    // biome-ignore format: one flag per line reads better
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
     "--daemonize", "no", "--dir", dir, "--loglevel", "notice"],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  const ready = await new Promise<boolean | "port_taken">((resolve) => {
    const timer = setTimeout(() => resolve(false), 10_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Ready to accept connections")) {
        clearTimeout(timer);
        resolve(true);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("error", (err) => {
      output += String(err);
      clearTimeout(timer);
      resolve(false);
    });
    child.once("exit", () => {
      clearTimeout(timer);
      resolve(output.includes("Address already in use") ? "port_taken" : false);
    });
  });
  if (ready !== true || child.pid === undefined) {
    child.kill("SIGKILL");
    await exited(child);
    if (ready === "port_taken") return "port_taken";
    const missing = output.includes("ENOENT");
    throw new RedisServerError(
      missing ? "redis_missing" : "redis_start_failed",
      missing
        ? `redis-server is not installed (${binary}); install it: apt-get install -y redis-server`
        : `redis-server did not start on 127.0.0.1:${port}: ${output.slice(-500)}`,
      output,
    );
  }
  child.stdout?.resume();
  child.stderr?.resume();
  return {
    host: "127.0.0.1",
    port,
    pid: child.pid,
    async stop() {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 3_000);
      await exited(child);
      clearTimeout(timer);
    },
  };
}

/** Starts redis-server (`binary`, default from PATH) on a free loopback port. */
export async function startRedisServer(binary = "redis-server"): Promise<RedisServer> {
  const dir = await mkdtemp(join(tmpdir(), "rocky-redis-"));
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      const server = await startOnce(binary, dir);
      if (server === "port_taken") continue; // someone took the free port first
      return {
        ...server,
        async stop() {
          await server.stop();
          await rm(dir, { recursive: true, force: true });
        },
      };
    }
    throw new RedisServerError("redis_start_failed", "no free port found for redis-server", "");
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
