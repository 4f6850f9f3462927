import { describe, expect, it } from "vitest";
import { RockyCommandError, RockyResource } from "../src/index.js";
import { captureLogger, sim } from "./helpers.js";

const SECRET_KEY = "idem-S3CR3T-key-9f2";
const SECRET_WS = "ws-SECRET-4411";
const SECRET_ENV = "tok-ENV-SECRET-77";

describe("logging: child loggers, masked argv, never env values", () => {
  it("binds component, invocationId and command; masks secrets; no env values anywhere", async () => {
    const s = await sim({ commands: { run: { stderrLines: 5 } } });
    const { logger, lines, raw } = captureLogger();
    const r = new RockyResource({
      binaryPath: s.binaryPath,
      logger,
      env: {
        DATABRICKS_TOKEN: SECRET_ENV,
        DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "1",
        DAGSTER_CLOUD_PULL_REQUEST_ID: "7",
      },
      shadowMode: "branch_deploy",
    });
    await r.run({
      filter: "tenant=acme",
      idempotencyKey: SECRET_KEY,
      governanceOverride: { grants: [{ principal: SECRET_WS, permissions: ["SELECT"] }] },
    });
    // the values did reach rocky...
    const run = (await s.invocations()).find((i) => i.verb === "run");
    expect(run?.argv).toContain(`--idempotency-key=shadow_dagster_pr_7:${SECRET_KEY}`);
    // ...and never a log line
    const all = raw.join("\n");
    for (const secret of [SECRET_KEY, SECRET_WS, SECRET_ENV]) expect(all).not.toContain(secret);
    const spawnLine = lines.find((l) => l.msg === "spawning rocky" && l.command === "run");
    expect(spawnLine).toMatchObject({ component: "rocky-resource", command: "run" });
    expect(spawnLine?.invocationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(spawnLine?.argv).toContain("--idempotency-key=***");
    expect(spawnLine?.argv).toContain("--governance-override=***");
    expect(lines.some((l) => l.msg === "rocky stderr")).toBe(true);
  });

  it("errors carry no secrets and stay small when serialized", async () => {
    const s = await sim({ commands: { run: { exitCode: 1, output: "none", stderrLines: 50 } } });
    const r = new RockyResource({ binaryPath: s.binaryPath, env: { API_TOKEN: SECRET_ENV } });
    const err = (await r
      .run({ filter: "a=b", idempotencyKey: SECRET_KEY })
      .catch((e: unknown) => e)) as RockyCommandError;
    expect(err).toBeInstanceOf(RockyCommandError);
    const text = `${err.message}\n${JSON.stringify(err)}\n${String(err.stack)}`;
    for (const secret of [SECRET_KEY, SECRET_ENV]) expect(text).not.toContain(secret);
    expect(JSON.stringify(err).length).toBeLessThan(500);
  });

  it("is silent by default (no logger given)", async () => {
    const s = await sim();
    const writes: string[] = [];
    const orig = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((c: string) => {
      writes.push(String(c));
      return true;
    }) as typeof process.stdout.write;
    try {
      await new RockyResource({ binaryPath: s.binaryPath, env: {} }).state();
    } finally {
      process.stdout.write = orig;
    }
    expect(writes.join("")).not.toMatch(/rocky/);
  });
});
