// serverUrl: compile (through the resource), lineage and metrics (through the HTTP module) as
// GET requests to a real `rocky-sim serve` process on a loopback port the OS chose.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { serverGet, serverPath } from "../../src/http/index.js";
import {
  RockyAbortError,
  RockyConfigError,
  RockyOutputParseError,
  RockyResource,
  RockyServerError,
  RockyTimeoutError,
} from "../../src/index.js";
import {
  ColumnLineageOutputSchema,
  CompileOutputSchema,
  LineageOutputSchema,
  MetricsOutputSchema,
} from "../../src/schemas/index.js";
import { loadAllVerbs } from "../../src/verbs/index.js";
import { rejection, sim, tempDir } from "../helpers.js";

const VERBS = await loadAllVerbs();

const TOKEN = "s3cr3t-token-value";

interface Server {
  readonly url: string;
  /**
   * The request lines the server logged, once at least `min` arrived (stderr may trail the
   * HTTP answer; waits at most 5 s).
   */
  requests(min?: number): Promise<{ method: string; path: string; authorization: string }[]>;
  /**
   * True when the server logged no request: a health probe sent now is logged after any
   * earlier request, so once its line arrives nothing earlier can still be on the way.
   */
  sentNothing(): Promise<boolean>;
  /** Everything the server wrote on stderr. */
  stderr(): string;
}

/** Starts `rocky-sim serve --port 0` (optionally with a token), runs `body`, then stops it. */
async function withServer(
  scenario: Parameters<typeof sim>[0],
  token: string | null,
  body: (server: Server) => Promise<void>,
): Promise<void> {
  const s = await sim(scenario);
  const cwd = await tempDir();
  const args = [
    "--output",
    "json",
    "serve",
    "--port",
    "0",
    ...(token === null ? [] : ["--token", token]),
  ];
  const child: ChildProcess = spawn(s.binaryPath, args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stderr?.on("data", (c: Buffer) => {
    err += c.toString("utf8");
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout?.on("data", (c: Buffer) => {
        out += c.toString("utf8");
        const line = out.split("\n")[0];
        if (out.includes("\n") && line !== undefined) resolve(JSON.parse(line).url as string);
      });
      child.once("exit", (code) => reject(new Error(`serve exited (${code}): ${err}`)));
    });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await body({
      url,
      requests: async (min = 0) => {
        const parse = () =>
          err
            .split("\n")
            .filter((l) => l.includes('"message":"request"'))
            .map((l) => JSON.parse(l));
        const until = Date.now() + 5_000;
        while (parse().length < min && Date.now() < until) {
          await new Promise((r) => setTimeout(r, 20));
        }
        return parse();
      },
      sentNothing: async () => {
        await fetch(`${url}/api/v1/health`);
        const until = Date.now() + 5_000;
        while (!err.includes('"path":"/api/v1/health"') && Date.now() < until) {
          await new Promise((r) => setTimeout(r, 20));
        }
        const lines = err.split("\n").filter((l) => l.includes('"message":"request"'));
        return lines.length === 1 && lines[0]?.includes('"path":"/api/v1/health"') === true;
      },
      stderr: () => err,
    });
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      await exited;
    }
  }
}

/** A resource that cannot spawn anything: any process would be a RockyBinaryNotFoundError. */
const httpResource = (url: string, extra: object = {}) =>
  new RockyResource({ binaryPath: "/nonexistent/rocky", env: {}, serverUrl: url, ...extra });

describe("compile() with serverUrl is GET /api/v1/compile, validated by the CLI's schema", () => {
  it("returns the CompileOutput document and spawns nothing", async () => {
    await withServer({}, null, async (server) => {
      const out = await httpResource(server.url).compile();
      expect(CompileOutputSchema.parse(out)).toBeTruthy();
      expect(out.command).toBe("compile");
      expect((await server.requests(1)).map((r) => [r.method, r.path])).toEqual([
        ["GET", "/api/v1/compile"],
      ]);
    });
  });

  it("the path is rocky-sdk's: /api/v1/compile", () => {
    expect(serverPath("compile", VERBS.compile.http as never, {})).toBe("/api/v1/compile");
  });

  it("compile({ model }) is refused before any request (the route compiles the whole project)", async () => {
    await withServer({}, null, async (server) => {
      const err = await rejection(
        httpResource(server.url).compile({ model: "orders" }),
        RockyConfigError,
      );
      expect(err.issues.map((i) => i.path)).toEqual(["model"]);
      expect(err.issues[0]?.message).toMatch(/not supported when serverUrl is set/);
      expect(await server.sentNothing()).toBe(true);
    });
  });

  it("a misspelt option is named by the verb's own schema", async () => {
    const err = await rejection(
      httpResource("http://127.0.0.1:9").compile({ modle: "x" } as never),
      RockyConfigError,
    );
    expect(err.issues[0]?.path).toBe("modle");
  });
});

describe("lineage over HTTP: model and column routes, segments validated and percent-encoded", () => {
  it("model lineage is GET /api/v1/models/{name}/lineage", async () => {
    await withServer({}, null, async (server) => {
      const out = await serverGet<{ kind: string }>(
        "lineage",
        VERBS.lineage,
        { target: "revenue_summary" },
        { serverUrl: server.url },
      );
      expect(out.kind).toBe("model");
      expect(LineageOutputSchema.parse(out)).toBeTruthy();
      expect((await server.requests(1)).map((r) => r.path)).toEqual([
        "/api/v1/models/revenue_summary/lineage",
      ]);
    });
  });

  it("a column (or a model.column target) is GET /api/v1/models/{name}/lineage/{column}", async () => {
    await withServer({}, null, async (server) => {
      const a = await serverGet<{ kind: string }>(
        "lineage",
        VERBS.lineage,
        { target: "revenue_summary", column: "customer_id", upstream: true },
        { serverUrl: server.url },
      );
      const b = await serverGet<{ kind: string }>(
        "lineage",
        VERBS.lineage,
        { target: "revenue_summary.customer_id" },
        { serverUrl: `${server.url}/` },
      );
      expect(a.kind).toBe("column");
      expect(ColumnLineageOutputSchema.parse(a)).toBeTruthy();
      expect(b).toEqual(a);
      expect((await server.requests(2)).map((r) => r.path)).toEqual([
        "/api/v1/models/revenue_summary/lineage/customer_id",
        "/api/v1/models/revenue_summary/lineage/customer_id",
      ]);
    });
  });

  const bad: [string, Record<string, unknown>, string][] = [
    ["a slash in the model", { target: "a/b" }, "target"],
    ["a dot-dot target", { target: "../etc" }, "target"],
    ["an encoded slash", { target: "a%2Fb" }, "target"],
    ["a space", { target: "a b" }, "target"],
    ["a query character", { target: "a?x=1" }, "target"],
    ["a non-ASCII name", { target: "ördrs" }, "target"],
    ["a bad column", { target: "orders", column: "c/d" }, "column"],
    ["a bad dotted column", { target: "orders.c-d" }, "target"],
    ["two dots", { target: "a.b.c" }, "target"],
    ["column with a dotted target", { target: "a.b", column: "c" }, "target"],
    ["an empty target", { target: "" }, "target"],
    ["no target", {}, "target"],
    [
      "downstream (the column route is upstream-only)",
      { target: "orders", downstream: true },
      "downstream",
    ],
    ["format", { target: "orders", format: "dot" }, "format"],
  ];
  it.each(bad)("%s is refused before any request", async (_label, options, field) => {
    await withServer({}, null, async (server) => {
      const err = await rejection(
        serverGet("lineage", VERBS.lineage, options, { serverUrl: server.url }),
        RockyConfigError,
      );
      expect(err.issues.map((i) => i.path)).toContain(field);
      expect(await server.sentNothing()).toBe(true);
    });
  });

  it("an unknown model is a RockyServerError from the 404 envelope", async () => {
    await withServer({}, null, async (server) => {
      const err = await rejection(
        serverGet("lineage", VERBS.lineage, { target: "nope" }, { serverUrl: server.url }),
        RockyServerError,
      );
      expect(err.status).toBe(404);
      expect(err.code).toBe("MODEL_NOT_FOUND");
      expect(err.serverCode).toBe("model_not_found");
      expect(err.remediationHint).toMatch(/GET \/api\/v1\/models/);
      expect(err.message).toMatch(/model 'nope' not found/);
      expect(err.path).toBe("/api/v1/models/nope/lineage");
    });
  });
});

describe("metrics over HTTP: GET /api/v1/models/{name}/metrics", () => {
  it("returns the MetricsOutput document", async () => {
    await withServer({}, null, async (server) => {
      const out = await serverGet<{ model: string; count: number }>(
        "metrics",
        VERBS.metrics,
        { model: "revenue_summary", trend: false },
        { serverUrl: server.url },
      );
      expect(MetricsOutputSchema.parse(out)).toBeTruthy();
      expect(out.model).toBe("revenue_summary");
      expect((await server.requests(1)).map((r) => r.path)).toEqual([
        "/api/v1/models/revenue_summary/metrics",
      ]);
    });
  });

  it.each([
    ["trend", { trend: true }],
    ["column", { column: "id" }],
    ["alerts", { alerts: true }],
  ])("%s is refused (the route cannot honour it)", async (field, extra) => {
    const err = await rejection(
      serverGet(
        "metrics",
        VERBS.metrics,
        { model: "orders", ...extra },
        { serverUrl: "http://127.0.0.1:9" },
      ),
      RockyConfigError,
    );
    expect(err.issues.map((i) => i.path)).toEqual([field]);
  });

  it("a model that is not an identifier is refused", async () => {
    const err = await rejection(
      serverGet("metrics", VERBS.metrics, { model: "x/../y" }, { serverUrl: "http://127.0.0.1:9" }),
      RockyConfigError,
    );
    expect(err.issues[0]?.path).toBe("model");
  });
});

describe("a server started with a token: the bearer token is sent, never shown", () => {
  it("without the token the call fails with 401 UNAUTHORIZED", async () => {
    await withServer({}, TOKEN, async (server) => {
      const err = await rejection(httpResource(server.url).compile(), RockyServerError);
      expect(err.status).toBe(401);
      expect(err.code).toBe("UNAUTHORIZED");
      expect((await server.requests(1))[0]?.authorization).toBe("absent");
    });
  });

  it("with serverToken it succeeds; the token is in no log line, error or inspection of the resource", async () => {
    await withServer({}, TOKEN, async (server) => {
      const lines: string[] = [];
      const logger = {
        level: "debug",
        isLevelEnabled: () => true,
        child() {
          return logger;
        },
        debug: (...a: unknown[]) => lines.push(JSON.stringify(a)),
        info: (...a: unknown[]) => lines.push(JSON.stringify(a)),
        warn: (...a: unknown[]) => lines.push(JSON.stringify(a)),
        error: (...a: unknown[]) => lines.push(JSON.stringify(a)),
        trace: (...a: unknown[]) => lines.push(JSON.stringify(a)),
        fatal: (...a: unknown[]) => lines.push(JSON.stringify(a)),
      };
      const r = httpResource(server.url, { serverToken: TOKEN, logger });
      await expect(r.compile()).resolves.toMatchObject({ command: "compile" });
      expect((await server.requests(1))[0]?.authorization).toBe("present");
      expect(lines.length).toBeGreaterThan(0);
      expect(lines.join("\n")).not.toContain(TOKEN);
      const { inspect } = await import("node:util");
      expect(inspect(r, { depth: 10 })).not.toContain(TOKEN);
      expect(JSON.stringify(r)).not.toContain(TOKEN);
      const wrong = httpResource(server.url, { serverToken: "wrong-token" });
      const err = await rejection(wrong.compile(), RockyServerError);
      expect(err.status).toBe(401);
      expect(`${err.message} ${inspect(err)}`).not.toContain("wrong-token");
    });
  });

  it("a bad serverToken is refused without quoting it", () => {
    let caught: unknown;
    try {
      new RockyResource({ serverUrl: "http://127.0.0.1:1", serverToken: "abc\ndef-secret" });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(RockyConfigError);
    expect((caught as RockyConfigError).issues[0]?.path).toBe("serverToken");
    expect((caught as Error).message).not.toContain("def-secret");
  });
});

describe("deadline and AbortSignal: a server that never answers", () => {
  it("timeoutMs ends the request with a RockyTimeoutError", async () => {
    await withServer({ commands: { serve: { hang: true } } }, null, async (server) => {
      const err = await rejection(
        httpResource(server.url).compile({ timeoutMs: 300 }),
        RockyTimeoutError,
      );
      expect(err.timeoutMs).toBe(300);
      expect(err.command).toBe("compile");
      expect(await server.requests(1)).toHaveLength(1);
    });
  });

  it("the resource's serverTimeoutMs applies when the call gives none", async () => {
    await withServer({ commands: { serve: { hang: true } } }, null, async (server) => {
      const err = await rejection(
        httpResource(server.url, { serverTimeoutMs: 250 }).compile(),
        RockyTimeoutError,
      );
      expect(err.timeoutMs).toBe(250);
    });
  });

  it("the call's AbortSignal ends the request with a RockyAbortError carrying its reason", async () => {
    await withServer({ commands: { serve: { hang: true } } }, null, async (server) => {
      const controller = new AbortController();
      const p = serverGet(
        "metrics",
        VERBS.metrics,
        { model: "orders", signal: controller.signal },
        { serverUrl: server.url },
      );
      await server.requests(1);
      controller.abort(new Error("shutting down"));
      const err = await rejection(p, RockyAbortError);
      expect((err.reason as Error).message).toBe("shutting down");
      expect(err.spawned).toBe(false);
    });
  });

  it("an already aborted signal sends no request", async () => {
    await withServer({}, null, async (server) => {
      await rejection(
        httpResource(server.url).compile({ signal: AbortSignal.abort("stop") }),
        RockyAbortError,
      );
      expect(await server.sentNothing()).toBe(true);
    });
  });
});

describe("other failures are typed", () => {
  it("a 503 envelope carries its code and running job id", async () => {
    await withServer(
      { commands: { serve: { serveError: "engine_busy" } } },
      null,
      async (server) => {
        const err = await rejection(httpResource(server.url).compile(), RockyServerError);
        expect(err.status).toBe(503);
        expect(err.code).toBe("ENGINE_BUSY");
        expect(err.runningJobId).toBe("job-sim-1");
      },
    );
  });

  it("a 200 body that is not JSON is a RockyOutputParseError (OUTPUT_NOT_JSON)", async () => {
    await withServer({ commands: { serve: { output: "not-json" } } }, null, async (server) => {
      const err = await rejection(httpResource(server.url).compile(), RockyOutputParseError);
      expect(err.code).toBe("OUTPUT_NOT_JSON");
    });
  });

  it("a 200 body that breaks the schema is a RockyOutputParseError (OUTPUT_INVALID)", async () => {
    await withServer(
      { commands: { serve: { output: "invalid-schema" } } },
      null,
      async (server) => {
        const err = await rejection(
          serverGet("metrics", VERBS.metrics, { model: "orders" }, { serverUrl: server.url }),
          RockyOutputParseError,
        );
        expect(err.code).toBe("OUTPUT_INVALID");
      },
    );
  });

  it("an unknown route is a RockyServerError ROUTE_NOT_FOUND", async () => {
    await withServer({}, null, async (server) => {
      const err = await rejection(httpResource(`${server.url}/prefix`).compile(), RockyServerError);
      expect(err.status).toBe(404);
      expect(err.code).toBe("ROUTE_NOT_FOUND");
    });
  });

  it("nobody listening is a RockyServerError SERVER_UNREACHABLE with status null", async () => {
    const port = await new Promise<number>((resolve) => {
      const srv = createServer();
      srv.listen(0, "127.0.0.1", () => {
        const p = (srv.address() as { port: number }).port;
        srv.close(() => resolve(p));
      });
    });
    const err = await rejection(
      httpResource(`http://127.0.0.1:${port}`).compile(),
      RockyServerError,
    );
    expect(err.status).toBeNull();
    expect(err.code).toBe("SERVER_UNREACHABLE");
    expect(err.cause).toBeInstanceOf(Error);
  });
});

describe("the serverUrl option is validated", () => {
  it.each([
    ["not a URL", "127.0.0.1:8080", /absolute http\(s\) URL/],
    ["another scheme", "ftp://127.0.0.1", /http: or https:/],
    ["credentials", "http://user:pw@127.0.0.1:8080", /must not carry credentials/],
    ["a query", "http://127.0.0.1:8080?x=1", /query or fragment/],
  ])("%s is refused", (_label, serverUrl, message) => {
    let caught: unknown;
    try {
      new RockyResource({ serverUrl });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(RockyConfigError);
    const issue = (caught as RockyConfigError).issues.find((i) => i.path === "serverUrl");
    expect(issue?.message).toMatch(message);
  });

  it("without serverUrl, compile runs the CLI as before", async () => {
    const s = await sim();
    const r = new RockyResource({ binaryPath: s.binaryPath, env: {} });
    await r.compile();
    expect((await s.invocations()).some((i) => i.verb === "compile")).toBe(true);
  });
});
