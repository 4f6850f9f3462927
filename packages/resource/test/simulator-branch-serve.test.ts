// rocky-sim's branch verbs and serve mode never drift from the contract: every document and
// error body they print parses with the schema the SDK uses (real processes, a real server).
import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import {
  BranchListOutputSchema,
  BranchOutputSchema,
  CompareOutputSchema,
  CompileOutputSchema,
  ErrorEnvelopeSchema,
  LineageResultSchema,
  MetricsOutputSchema,
} from "../src/schemas/index.js";
import { sim, tempDir } from "./helpers.js";

describe("branch list / show / compare print documents the SDK's schemas accept", () => {
  const cases: [string, string[], object, z.ZodType, number][] = [
    ["list, none registered", ["branch", "list"], { branches: [] }, BranchListOutputSchema, 0],
    ["list, two", ["branch", "list"], {}, BranchListOutputSchema, 0],
    ["show", ["branch", "show", "--", "fix-price"], {}, BranchOutputSchema, 0],
    [
      "compare pass",
      ["branch", "compare", "--filter=tenant=acme", "--", "fix-price"],
      {},
      CompareOutputSchema,
      0,
    ],
    [
      "compare warn",
      ["branch", "compare", "--filter=tenant=acme", "--", "fix-price"],
      { commands: { "branch compare": { compare: "warn" } } },
      CompareOutputSchema,
      0,
    ],
    [
      "compare fail",
      ["branch", "compare", "--", "fix-price"],
      { commands: { "branch compare": { compare: "fail" } } },
      CompareOutputSchema,
      1,
    ],
  ];
  it.each(cases)("%s", async (_label, args, scenario, schema, exit) => {
    const s = await sim({ branches: ["fix-price", "v1.2"], ...scenario });
    const cwd = await tempDir();
    if (args[1] === "compare") {
      // rocky compares tables that exist: production's, then the branch's (`run --branch`; one
      // tenant, since a branch schema holds each table name once).
      for (const extra of [[], ["--branch=fix-price"]]) {
        spawnSync(s.binaryPath, ["run", "--filter=tenant=acme", ...extra], {
          cwd,
          stdio: "ignore",
        });
      }
    }
    const r = spawnSync(s.binaryPath, ["--output", "json", ...args], { cwd, encoding: "utf8" });
    expect(r.status).toBe(exit);
    expect(schema.safeParse(JSON.parse(r.stdout)).success).toBe(true);
  });

  it.each([
    ["a flag-like name before --", ["branch", "show", "-x"], 2],
    ["no name", ["branch", "show"], 2],
    ["an unknown branch", ["branch", "show", "--", "nope"], 1],
    ["an unknown flag", ["branch", "compare", "--model=x", "--", "fix-price"], 2],
  ])("%s: no stdout, exit %#", async (_label, args, exit) => {
    const s = await sim({ branches: ["fix-price"] });
    const r = spawnSync(s.binaryPath, ["--output", "json", ...(args as string[])], {
      cwd: await tempDir(),
      encoding: "utf8",
    });
    expect(r.status).toBe(exit);
    expect(r.stdout).toBe("");
  });

  it("a flag-like name after `--` is a name, as clap reads it", async () => {
    const s = await sim({ branches: ["-x"] });
    const r = spawnSync(s.binaryPath, ["--output", "json", "branch", "show", "--", "-x"], {
      cwd: await tempDir(),
      encoding: "utf8",
    });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).branch.name).toBe("-x");
  });
});

describe("serve mode: documents and error envelopes parse with the SDK's schemas", () => {
  async function serve(scenario: object, args: string[] = []) {
    const s = await sim(scenario);
    const child = spawn(s.binaryPath, ["serve", "--port", "0", ...args], {
      cwd: await tempDir(),
      stdio: ["ignore", "pipe", "ignore"],
    });
    const [chunk] = (await once(child.stdout, "data")) as [Buffer];
    const url = JSON.parse(chunk.toString("utf8").split("\n")[0] as string).url as string;
    const stop = async () => {
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      await exited;
    };
    return { url, stop };
  }

  it("prints its 127.0.0.1 URL with an OS-chosen port and serves the four routes", async () => {
    const { url, stop } = await serve({});
    try {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:(\d+)$/);
      expect(Number(url.split(":")[2])).not.toBe(8080);
      const get = async (path: string) => (await fetch(`${url}${path}`)).json();
      expect(CompileOutputSchema.safeParse(await get("/api/v1/compile")).success).toBe(true);
      expect(
        LineageResultSchema.parse(await get("/api/v1/models/customer_orders/lineage")),
      ).toMatchObject({
        kind: "model",
        upstream: ["raw_orders"],
        downstream: ["revenue_summary"],
      });
      expect(
        LineageResultSchema.parse(await get("/api/v1/models/revenue_summary/lineage/order_count")),
      ).toMatchObject({
        kind: "column",
        direction: "upstream",
      });
      // rocky 1.71 records no quality snapshots: every model's metrics are empty, with a message.
      for (const model of ["revenue_summary", "unknown_model"]) {
        expect(
          MetricsOutputSchema.parse(await get(`/api/v1/models/${model}/metrics`)),
        ).toMatchObject({ count: 0, snapshots: [], message: "no quality metrics available" });
      }
    } finally {
      await stop();
    }
  });

  it.each([
    ["unknown model", {}, [], "/api/v1/models/nope/lineage", 404, "model_not_found"],
    ["unknown column", {}, [], "/api/v1/models/raw_orders/lineage/nope", 404, "model_not_found"],
    ["unknown route", {}, [], "/api/v1/nope", 404, "route_not_found"],
    ["malformed segment", {}, [], "/api/v1/models/%E0%A4%A/lineage", 400, "bad_request"],
    ["missing token", {}, ["--token", "t0k"], "/api/v1/compile", 401, "unauthorized"],
    [
      "engine not ready",
      { commands: { serve: { serveError: "engine_not_ready" } } },
      [],
      "/api/v1/compile",
      503,
      "engine_not_ready",
    ],
    [
      "engine busy",
      { commands: { serve: { serveError: "engine_busy" } } },
      [],
      "/api/v1/compile",
      503,
      "engine_busy",
    ],
    [
      "internal error",
      { commands: { serve: { serveError: "internal_error" } } },
      [],
      "/api/v1/compile",
      500,
      "internal_error",
    ],
  ])("%s → %s %s", async (_label, scenario, args, path, status, code) => {
    const { url, stop } = await serve(scenario, args as string[]);
    try {
      const res = await fetch(`${url}${path}`);
      expect(res.status).toBe(status);
      expect(ErrorEnvelopeSchema.parse(await res.json()).code).toBe(code);
    } finally {
      await stop();
    }
  });

  it("health needs no token; the token opens the other routes", async () => {
    const { url, stop } = await serve({}, ["--token", "t0k"]);
    try {
      expect((await fetch(`${url}/api/v1/health`)).status).toBe(200);
      const res = await fetch(`${url}/api/v1/compile`, {
        headers: { authorization: "Bearer t0k" },
      });
      expect(res.status).toBe(200);
      expect(CompileOutputSchema.safeParse(await res.json()).success).toBe(true);
    } finally {
      await stop();
    }
  });
});
