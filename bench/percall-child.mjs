// One side of the per-call comparison in a process of its own, so that each side pays exactly
// its own costs: `bare` never loads the SDK (no orphan watchdog, no exit handlers, none of the
// SDK's garbage to collect), `sdk` is a user's default resource (`new RockyResource({ binaryPath })`:
// env = process.env, no cwd, silent logger). Warm-up calls first (the SDK's version gate and
// first-call schema load among them), then `calls` timed sequential calls.
// argv: <bare|sdk> <binaryPath> <calls> <warmup> <json argv of the bare call> <json run options>
// prints: {"meanMs": ..., "p50Ms": ...}
import { spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const [mode, binaryPath, callsArg, warmupArg, argvJson, optionsJson] = process.argv.slice(2);
const calls = Number(callsArg);
const warmup = Number(warmupArg);
const argv = JSON.parse(argvJson);
const options = JSON.parse(optionsJson);

function bare() {
  return new Promise((resolve, reject) => {
    const child = spawn(binaryPath, argv, {
      env: process.env,
      cwd: options.cwd,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const chunks = [];
    child.stdout.on("data", (c) => chunks.push(c));
    child.stderr.on("data", () => {});
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`bare spawn exited ${code}`));
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")));
      } catch (e) {
        reject(e);
      }
    });
  });
}

let call = bare;
if (mode === "sdk") {
  const root = join(fileURLToPath(new URL(".", import.meta.url)), "..");
  const { RockyResource } = await import(join(root, "packages/resource/dist/index.js"));
  const rocky = new RockyResource({
    binaryPath,
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
  });
  call = () => rocky.run(options.run);
}

for (let i = 0; i < warmup; i++) await call();
const times = [];
const t0 = performance.now();
for (let i = 0; i < calls; i++) {
  const t = performance.now();
  await call();
  times.push(performance.now() - t);
}
const meanMs = (performance.now() - t0) / calls;
times.sort((a, b) => a - b);
const p50Ms = times[Math.floor(times.length / 2)];
process.stdout.write(`${JSON.stringify({ meanMs, p50Ms })}\n`);
