/**
 * `rocky serve` (main.rs `Serve`, api.rs) as rocky-sim emulates it: a real
 * HTTP server on 127.0.0.1 (port 0 = chosen by the OS) that prints
 * `{"url":"http://127.0.0.1:<port>"}` on stdout once listening and serves
 * the `/api/v1` routes rocky-sdk calls (compile, model and column lineage,
 * metrics) plus health and meta, with the same documents as the CLI verbs
 * and api.rs's error envelope (`{code, message, remediation_hint}`).
 * Every request is logged on stderr as one line (method, raw path and
 * whether an Authorization header came; never its value).
 * Scenario (`commands.serve`): `hang` (routes never answer), `serveError`,
 * `output` "not-json" / "invalid-schema", `failure` (compile diagnostics).
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { type Ctx, RuntimeFailure, str, type VerbResult } from "../context.js";
import type { JsonObject } from "../json.js";
import { invalidSchemaDoc } from "../process/output.js";
import { Lineage } from "../project/lineage.js";
import { columnLineage, modelLineage } from "../verbs/lineage.js";
import { compileDocument, modelsFor } from "../verbs/models.js";

/** The serve process ends by itself after this long (a safety net for leaked test servers). */
const MAX_LIFETIME_MS = 30 * 60 * 1000;

interface Envelope {
  readonly status: number;
  readonly code: string;
  readonly message: string;
  readonly hint: string | null;
  readonly runningJobId?: string;
}

const envelope = (
  status: number,
  code: string,
  message: string,
  hint: string | null = null,
): Envelope => ({ status, code, message, hint });

const SERVE_ERRORS: Readonly<Record<string, Envelope>> = {
  engine_not_ready: envelope(
    503,
    "engine_not_ready",
    "the engine has no compile result available yet",
    "retry after the initial compile completes, or POST /api/v1/compile",
  ),
  engine_busy: {
    ...envelope(
      503,
      "engine_busy",
      "the state store is locked by a running job",
      "state locked by a running job; retry",
    ),
    runningJobId: "job-sim-1",
  },
  internal_error: envelope(500, "internal_error", "simulated internal error"),
};

function send(
  res: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(body);
}

function sendEnvelope(
  res: ServerResponse,
  e: Envelope,
  headers: Record<string, string> = {},
): void {
  const body: JsonObject = { code: e.code, message: e.message, remediation_hint: e.hint };
  if (e.runningJobId !== undefined) body.running_job_id = e.runningJobId;
  send(res, e.status, `${JSON.stringify(body, null, 2)}\n`, headers);
}

/** One path segment, percent-decoded as axum's `Path` does; null when malformed. */
function decode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/** What the router needs from the `serve` invocation. */
interface ServeSettings {
  readonly token: string | null;
  readonly version: string;
  readonly behavior: Ctx["behavior"];
  /** The project's models (serve.rs compiles `--models` once at start). */
  readonly lineage: Lineage;
}

/** A 200 document, spoiled as the scenario's `output` asks. */
function documentText(s: ServeSettings, verb: string, json: JsonObject): string {
  const mode = s.behavior.output ?? "normal";
  if (mode === "not-json") return `rocky serve: ${verb} (this is not JSON)\n`;
  const doc = mode === "invalid-schema" ? invalidSchemaDoc(verb, s.version) : json;
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** Whether api.rs routes `path` (its routes the SDK calls, plus health and meta). */
function knownRoute(path: string, parts: readonly string[]): boolean {
  return (
    path === "/api/v1/compile" ||
    path === "/api/v1/meta" ||
    (parts.length >= 5 &&
      parts[0] === "api" &&
      parts[1] === "v1" &&
      parts[2] === "models" &&
      ((parts.length === 5 && (parts[4] === "lineage" || parts[4] === "metrics")) ||
        (parts.length === 6 && parts[4] === "lineage")))
  );
}

/** api.rs: one request. */
function route(s: ServeSettings, req: IncomingMessage, res: ServerResponse): void {
  const { token, version, behavior } = s;
  const document = (verb: string, json: JsonObject): string => documentText(s, verb, json);
  const raw = req.url ?? "/";
  const path = raw.split("?")[0] as string;
  const authorization = req.headers.authorization;
  process.stderr.write(
    `${JSON.stringify({ level: "INFO", message: "request", method: req.method, path: raw, authorization: authorization === undefined ? "absent" : "present" })}\n`,
  );
  if (path === "/api/v1/health") {
    send(res, 200, `${JSON.stringify({ status: "ok" })}\n`);
    return;
  }
  // rocky_server::auth::require_bearer_token: every other route, unknown ones included.
  if (token !== null && authorization !== `Bearer ${token}`) {
    sendEnvelope(
      res,
      envelope(
        401,
        "unauthorized",
        "missing or invalid bearer token",
        "supply `Authorization: Bearer <token>`",
      ),
      { "www-authenticate": "Bearer" },
    );
    return;
  }
  const parts = path.split("/").slice(1);
  if (!knownRoute(path, parts)) {
    sendEnvelope(
      res,
      envelope(
        404,
        "route_not_found",
        `no route matches '${path}'`,
        "list the routes this build serves via GET /api/v1/meta",
      ),
    );
    return;
  }
  if (req.method !== "GET") {
    sendEnvelope(
      res,
      envelope(405, "method_not_allowed", `method ${req.method} is not supported for '${path}'`),
    );
    return;
  }
  if (path === "/api/v1/meta") {
    send(
      res,
      200,
      `${JSON.stringify({ engine_version: version, state_schema_version: 1, schemas_hash: "sim", config_hash: null, capabilities: [], routes: ["/api/v1/compile", "/api/v1/models/{name}/lineage", "/api/v1/models/{name}/lineage/{column}", "/api/v1/models/{name}/metrics"] }, null, 2)}\n`,
    );
    return;
  }
  if (behavior.hang === true) return; // never answered: the client's deadline or abort ends it
  if (behavior.serveError !== undefined) {
    sendEnvelope(res, SERVE_ERRORS[behavior.serveError] as Envelope);
    return;
  }
  if (path === "/api/v1/compile") {
    send(
      res,
      200,
      document("compile", compileDocument(version, s.lineage.models, behavior.failure === true)),
    );
    return;
  }
  const name = decode(parts[3] as string);
  const column = parts.length === 6 ? decode(parts[5] as string) : undefined;
  if (name === null || column === null) {
    sendEnvelope(res, envelope(400, "bad_request", "malformed path parameter"));
    return;
  }
  if (parts[4] === "metrics") {
    // metrics.rs: rocky 1.71 records no quality snapshots.
    const metrics = {
      version,
      command: "metrics",
      model: name,
      snapshots: [],
      count: 0,
      message: "no quality metrics available",
    };
    send(res, 200, document("metrics", metrics));
    return;
  }
  const lineage =
    column === undefined
      ? modelLineage(version, s.lineage, name)
      : columnLineage(version, s.lineage, name, column, "upstream");
  if (lineage === null) {
    sendEnvelope(
      res,
      envelope(
        404,
        "model_not_found",
        `model '${name}' not found`,
        "check the model name against GET /api/v1/models",
      ),
    );
    return;
  }
  send(res, 200, document("lineage", lineage));
}

/** main.rs Serve arm: binds, prints the URL, then serves until killed. */
export async function handleServe(ctx: Ctx): Promise<VerbResult> {
  const flags = ctx.parsed.flags;
  const host = str(flags, "host") ?? "127.0.0.1";
  const port = Number(str(flags, "port") ?? "8080");
  const token = str(flags, "token") ?? ctx.env.ROCKY_SERVE_TOKEN ?? null;
  if (port > 65535) throw new RuntimeFailure(`invalid port ${port}`);
  // main.rs: a non-loopback bind requires a token.
  if (token === null && host !== "127.0.0.1" && host !== "localhost" && host !== "::1") {
    throw new RuntimeFailure(
      `refusing to bind non-loopback host '${host}' without an auth token — set --token or ROCKY_SERVE_TOKEN`,
    );
  }
  const behavior = ctx.behavior;
  const settings: ServeSettings = {
    token,
    version: ctx.version,
    behavior,
    lineage: new Lineage(await modelsFor(ctx)),
  };
  const server = createServer((req, res) => route(settings, req, res));
  await new Promise<void>((resolve, reject) => {
    server.once("error", (err) =>
      reject(new RuntimeFailure(`failed to bind ${host}:${port}`, [err.message])),
    );
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  const bound = typeof address === "object" && address !== null ? address.port : port;
  const shownHost = host.includes(":") ? `[${host}]` : host;
  process.stdout.write(`${JSON.stringify({ url: `http://${shownHost}:${bound}` })}\n`);
  setTimeout(
    () => process.exit(0),
    Math.min(behavior.hangMaxMs ?? MAX_LIFETIME_MS, MAX_LIFETIME_MS),
  );
  // Serves until a signal ends the process (main's handler exits).
  return new Promise<VerbResult>(() => {});
}
