// The fleet bench's floor: a BullMQ worker whose processor is a bare spawn of
// the stand-in (no SDK). Env: REDIS_PORT, BULLMQ (module path), BINARY, ARGV
// (JSON), QUEUE; the stand-in's own variables pass through. Prints "ready".
import { pathToFileURL } from "node:url";
import { bareSpawn } from "./lib.mjs";

const { Worker } = await import(pathToFileURL(process.env.BULLMQ).href);
const argv = JSON.parse(process.env.ARGV);
const env = { ...process.env };
const worker = new Worker(
  process.env.QUEUE,
  async () => {
    const t0 = performance.now();
    await bareSpawn(process.env.BINARY, argv, env);
    return { runMs: performance.now() - t0 };
  },
  {
    connection: {
      host: "127.0.0.1",
      port: Number(process.env.REDIS_PORT),
      maxRetriesPerRequest: null,
    },
    concurrency: 1,
  },
);
worker.on("error", () => {});
await worker.waitUntilReady();
process.on("SIGTERM", () => worker.close().then(() => process.exit(0)));
process.stdout.write("ready\n");
