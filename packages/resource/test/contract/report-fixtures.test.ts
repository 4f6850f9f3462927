// The engine's real outputs of the report verbs, printed by rocky-sim verbatim, come back through
// the resource's methods parsed: every shared fixture of lineage, history, metrics, dag, ci,
// optimize, cost and review_status is read by the method that wraps it.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { computePlanId, type SimVerb, simulatorBinPath } from "@dagster-rocky/testing";
import { describe, expect, it } from "vitest";
import type { RockyResource } from "../../src/index.js";
import { resourceFor, sim, tempDir } from "../helpers.js";
import { CONTRACT_DIR, describeContract, listJsonFiles } from "./contract-dir.js";

/** A persisted plan `review --status` can read, and the run `cost` reports on (as in rocky). */
const PLAN_PAYLOAD = { filter: "tenant=acme", resume_latest: false };
const PLAN = await computePlanId("run", PLAN_PAYLOAD);
function prepare(cwd: string): string {
  execFileSync(process.execPath, [simulatorBinPath(), "run", "--filter=tenant=acme"], {
    cwd,
    stdio: "ignore",
  });
  mkdirSync(join(cwd, ".rocky", "plans"), { recursive: true });
  writeFileSync(
    join(cwd, ".rocky", "plans", `${PLAN}.json`),
    JSON.stringify({ plan_id: PLAN, kind: "run", payload: PLAN_PAYLOAD }),
  );
  return cwd;
}

/** The sim verb that prints the document and the method that reads it, by `command`. */
const READERS: Readonly<Record<string, [SimVerb, (r: RockyResource) => Promise<unknown>]>> = {
  lineage: ["lineage", (r) => r.lineage("customer_orders")],
  history: ["history", (r) => r.history()],
  metrics: ["metrics", (r) => r.metrics("orders")],
  dag: ["dag", (r) => r.dag()],
  ci: ["ci", (r) => r.ci()],
  optimize: ["optimize", (r) => r.optimize()],
  cost: ["cost", (r) => r.cost()],
  review_status: ["review", (r) => r.reviewStatus(PLAN)],
};

describeContract("shared fixtures of the report verbs, read through the methods", () => {
  const dir = join(CONTRACT_DIR, "fixtures");
  const files = listJsonFiles(dir).filter((f) => {
    const doc = JSON.parse(readFileSync(join(dir, f), "utf8")) as { command?: unknown };
    return typeof doc.command === "string" && Object.hasOwn(READERS, doc.command);
  });

  it("covers every report command with a fixture", () => {
    const commands = new Set(
      files.map(
        (f) => (JSON.parse(readFileSync(join(dir, f), "utf8")) as { command: string }).command,
      ),
    );
    expect([...commands].sort()).toEqual(Object.keys(READERS).sort());
  });

  describe.each(files)("%s", (file) => {
    it("parses, keeps every field, and is tagged where the command has several shapes", async () => {
      const text = readFileSync(join(dir, file), "utf8");
      const doc = JSON.parse(text) as Record<string, unknown>;
      const [verb, read] = READERS[doc.command as string] as (typeof READERS)[string];
      const s = await sim({ commands: { [verb]: { output: { raw: text } } } });
      const result = (await read(resourceFor(s, { cwd: prepare(await tempDir()) }))) as Record<
        string,
        unknown
      >;
      expect(result).toMatchObject(doc);
      if (doc.command === "lineage") expect(result.kind).toBe("trace" in doc ? "column" : "model");
      if (doc.command === "history") expect(result.kind).toBe("runs");
    });
  });
});
