// `rocky serve` on loopback for the `serverUrl` path: started in a project, ready when
// GET /api/v1/health answers, stopped (and waited for) by `stop()`. A process exit handler
// kills it too, so no server outlives the test process.
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { ROCKY_BIN } from "./engine.js";
import { productionEnv } from "./env.js";

/** A free TCP port on 127.0.0.1 (rocky serve logs the port it was given, not the one bound for 0). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** True when `pid` no longer runs (a zombie counts as gone: PID 1 does not reap here). */
export function isGone(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z");
  } catch {
    return true;
  }
}

/** A running `rocky serve`. */
export interface RockyServer {
  readonly url: string;
  readonly pid: number;
  /** SIGTERM, then SIGKILL after 5 s; resolves once the process has exited. */
  stop(): Promise<void>;
}

/** Starts `rocky serve --host 127.0.0.1 --port <free>` in `cwd` and waits until it answers. */
export async function startServe(cwd: string): Promise<RockyServer> {
  const port = await freePort();
  const child: ChildProcess = spawn(ROCKY_BIN, ["serve", "--host", "127.0.0.1", `--port=${port}`], {
    cwd,
    env: productionEnv(),
    stdio: "ignore",
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error("rocky serve did not start");
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  const stop = async () => {
    process.removeListener("exit", killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    }
  };
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    try {
      const r = await fetch(`${url}/api/v1/health`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`rocky serve did not answer on ${url} (exit ${child.exitCode})`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, pid, stop };
}
