// The `serverUrl` path: compile(), lineage() and metrics() as GET requests to a real
// `rocky serve` on loopback, answered with the documents the CLI prints (same schemas). The
// resource's binaryPath points nowhere, so a result can only have come from the server.
// The server is stopped in cleanup and its process is gone afterwards.
import { RockyResource } from "@dagster-rocky/resource";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import "./support/engine.js";
import { production } from "./support/pr.js";
import { type Project, playground, tempRoot } from "./support/projects.js";
import { isGone, type RockyServer, startServe } from "./support/serve.js";

const tmp = tempRoot("serve");
let project: Project;
let server: RockyServer;
let cli: RockyResource;
let http: RockyResource;

beforeAll(async () => {
  project = await playground(tmp.root, "quickstart");
  await production(project).run({ filter: project.filter });
  server = await startServe(project.dir);
  cli = production(project);
  http = new RockyResource({
    binaryPath: "/nonexistent/rocky-is-not-spawned",
    serverUrl: server.url,
    env: {},
  });
});
afterAll(async () => {
  await server?.stop();
  tmp.remove();
});

describe("serverUrl: compile, lineage and metrics over rocky serve's HTTP API", () => {
  it("compile(): the server's compile of the project, the same models the CLI compiles", async () => {
    const [viaHttp, viaCli] = [await http.compile(), await cli.compile()];
    expect(viaHttp.models).toBe(viaCli.models);
    expect(viaHttp.models).toBe(3);
  });
  it("lineage(model) and lineage(model.column): typed kind model and kind column", async () => {
    const model = await http.lineage("customer_orders");
    expect(model.kind).toBe("model");
    if (model.kind === "model") expect(model.downstream).toEqual(["revenue_summary"]);
    const column = await http.lineage("customer_orders.customer_id");
    expect(column.kind).toBe("column");
  });
  it("metrics(model): typed", async () => {
    const out = await http.metrics("customer_orders");
    expect(out.model).toBe("customer_orders");
  });
  it("a verb the API does not serve still goes to the binary (which does not exist here)", async () => {
    const error = await http.state().catch((e: unknown) => e);
    expect((error as Error).name).toBe("RockyBinaryNotFoundError");
  });
});

describe("the server is stopped in cleanup", () => {
  it("stop() ends the rocky serve process", async () => {
    await server.stop();
    expect(isGone(server.pid)).toBe(true);
    await expect(fetch(`${server.url}/api/v1/health`)).rejects.toThrow();
  });
});
