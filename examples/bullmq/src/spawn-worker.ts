/** Starts worker-main.js as its own process and follows the JSON lines it prints. */
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

export interface WorkerEvent {
  readonly worker: string;
  readonly event: string;
  readonly jobId?: string;
  readonly tenant?: string;
  readonly error?: string;
  readonly message?: string;
  readonly pid?: number;
}

export interface WorkerProcess {
  readonly id: string;
  readonly child: ChildProcessWithoutNullStreams;
  readonly events: WorkerEvent[];
  /** Resolves with the first event matching `match` (already seen or to come); rejects if the process ends first. */
  next(match: (e: WorkerEvent) => boolean): Promise<WorkerEvent>;
  /** Resolves with the exit code or signal. */
  exited(): Promise<number | string | null>;
}

export function spawnWorker(
  id: string,
  env: Readonly<Record<string, string>>,
  script: string = fileURLToPath(new URL("./worker-main.js", import.meta.url)),
): WorkerProcess {
  const child = spawn(process.execPath, [script], {
    env: { ...env, WORKER_ID: id },
    stdio: ["pipe", "pipe", "pipe"],
  });
  const events: WorkerEvent[] = [];
  const waiters = new Set<() => void>();
  let stderr = "";
  let carry = "";
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (chunk: string) => {
    const lines = (carry + chunk).split("\n");
    carry = lines.pop() ?? "";
    for (const line of lines) if (line.trim() !== "") events.push(JSON.parse(line) as WorkerEvent);
    for (const w of [...waiters]) w();
  });
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const ended = () => child.exitCode !== null || child.signalCode !== null;
  child.once("exit", () => {
    for (const w of [...waiters]) w();
  });
  return {
    id,
    child,
    events,
    next(match) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = events.find(match);
          if (found !== undefined) {
            waiters.delete(check);
            resolve(found);
          } else if (ended()) {
            waiters.delete(check);
            reject(
              new Error(`worker ${id} exited (${child.exitCode ?? child.signalCode}): ${stderr}`),
            );
          }
        };
        waiters.add(check);
        check();
      });
    },
    exited() {
      if (ended()) return Promise.resolve(child.signalCode ?? child.exitCode);
      return new Promise((resolve) => child.once("exit", (code, sig) => resolve(sig ?? code)));
    },
  };
}
