// One measurement in a fresh process, so peak RSS is this measurement's own.
// Usage: node --expose-gc bench/child.mjs <mode> '<json config>'; prints one JSON line.
import { readFileSync } from "node:fs";
import { bareSpawn, peakRss, resetPeakRss, resourceDist } from "./lib.mjs";

const [mode, raw] = process.argv.slice(2);
const cfg = JSON.parse(raw);
for (const k of Object.keys(process.env))
  if (k.startsWith("DAGSTER_") || k.startsWith("STANDIN_")) delete process.env[k];
Object.assign(process.env, cfg.env);
const gc = globalThis.gc ?? (() => {});

// The SDK reads process.env at call time (no `env` option), so the stand-in's
// mode can change between the warm-up call and the measured one.
async function measure(call) {
  gc();
  gc();
  const rssBefore = process.memoryUsage().rss;
  const resetOk = resetPeakRss();
  const t0 = performance.now();
  const result = await call();
  const ms = performance.now() - t0;
  const peak = peakRss();
  return { ms, rssBefore, peak, peakIsPhase: resetOk, result };
}

let out;
if (mode === "large-sdk" || mode === "flood-sdk") {
  const { RockyResource } = await import(resourceDist);
  const r = new RockyResource({ binaryPath: cfg.binaryPath });
  process.env.STANDIN_OUT = cfg.small;
  await r.run({ filter: "source=orders" }); // warm: version gate passed, output schema loaded
  if (mode === "large-sdk") process.env.STANDIN_OUT = cfg.big;
  else process.env.STANDIN_STDERR_BYTES = String(cfg.stderrBytes);
  const m = await measure(() => r.run({ filter: "source=orders" }));
  out = { ...m, result: m.result.materializations.length };
} else if (mode === "large-bare" || mode === "flood-bare") {
  const env = { ...process.env, STANDIN_OUT: cfg.small };
  await bareSpawn(cfg.binaryPath, cfg.args, env);
  if (mode === "large-bare") env.STANDIN_OUT = cfg.big;
  else env.STANDIN_STDERR_BYTES = String(cfg.stderrBytes);
  const m = await measure(() => bareSpawn(cfg.binaryPath, cfg.args, env));
  out = { ...m, result: m.result.materializations.length };
  if (mode === "large-bare") {
    // JSON.parse alone, of the same bytes, already decoded.
    const text = readFileSync(cfg.big, "utf8");
    gc();
    const t0 = performance.now();
    JSON.parse(text);
    out.parseOnlyMs = performance.now() - t0;
  }
} else {
  throw new Error(`unknown mode ${mode}`);
}
process.stdout.write(`${JSON.stringify(out)}\n`);
