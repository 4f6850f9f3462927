#!/usr/bin/env node
// examples/bullmq's tests run against a real redis-server (Debian's package). `pnpm test`
// starts with this, so the Quickstart's test command works on a fresh machine: when
// redis-server is missing and this is root on a Debian-like system, it is installed with
// apt-get; otherwise the message says how, and the bullmq tests fail (they never skip).
import { spawnSync } from "node:child_process";

const has = (cmd, args) => spawnSync(cmd, args, { stdio: "ignore" }).status === 0;

if (has("redis-server", ["--version"])) process.exit(0);
const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
if (!isRoot || !has("apt-get", ["--version"])) {
  console.error(
    "ensure-redis: redis-server is not installed; the examples/bullmq tests need it. " +
      "Install it (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis) and re-run.",
  );
  process.exit(process.env.CI === "true" ? 1 : 0);
}
console.log("ensure-redis: installing redis-server with apt-get (examples/bullmq's tests need it)");
const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
for (const args of [["update"], ["install", "-y", "--no-install-recommends", "redis-server"]]) {
  const r = spawnSync("apt-get", args, { stdio: "inherit", env });
  if (r.status !== 0) {
    console.error(`ensure-redis: apt-get ${args[0]} failed (exit ${r.status ?? r.signal})`);
    process.exit(1);
  }
}
// Debian's package starts a system service on 6379; the tests start their own servers on free
// ports and need none of it.
spawnSync("service", ["redis-server", "stop"], { stdio: "ignore" });
