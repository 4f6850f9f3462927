// (a) Every rocky output we wrap parses with the schema of its `command` field, and the values
// survive the parse: the engine's real outputs (shared contract) and the project's own fixtures.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  ApplyEnvelopeSchema,
  ApplyRunEnvelopeSchema,
  HistoryResultSchema,
  isOutputCommand,
  LineageResultSchema,
  OUTPUT_SCHEMAS,
  VERB_OUTPUT_SCHEMAS,
} from "../../src/schemas/index.js";
import {
  CONTRACT_DIR,
  describeContract,
  listJsonFiles,
  OWN_FIXTURES_DIR,
  readJson,
} from "./contract-dir.js";

/**
 * Shared fixtures whose `command` has no typed schema in this package, with the reason. A
 * fixture that is neither wrapped nor listed here fails, so a new engine output gets a decision.
 * Empty since the report verbs (lineage, history, metrics, dag, ci, optimize, cost, review
 * status) are wrapped.
 */
const SKIPPED_FIXTURES: Readonly<Record<string, string>> = {};

/**
 * The schema of each verb output beyond {@link OUTPUT_SCHEMAS}, by the fixture's `command`. The
 * `lineage` and `history` commands print several shapes, parsed by the dispatching schemas.
 */
const VERB_SCHEMAS_BY_COMMAND: Readonly<Record<string, z.ZodType>> = {
  lineage: LineageResultSchema,
  history: HistoryResultSchema,
  metrics: VERB_OUTPUT_SCHEMAS.metrics,
  dag: VERB_OUTPUT_SCHEMAS.dag,
  ci: VERB_OUTPUT_SCHEMAS.ci,
  optimize: VERB_OUTPUT_SCHEMAS.optimize,
  cost: VERB_OUTPUT_SCHEMAS.cost,
  review_status: VERB_OUTPUT_SCHEMAS.review_status,
};

const isWrapped = (command: string | undefined): command is string =>
  isOutputCommand(command) ||
  (command !== undefined && Object.hasOwn(VERB_SCHEMAS_BY_COMMAND, command));

function commandOf(doc: unknown): string | undefined {
  if (typeof doc === "object" && doc !== null && "command" in doc) {
    const { command } = doc as { command: unknown };
    return typeof command === "string" ? command : undefined;
  }
  return undefined;
}

/** Parses strictly (a failure shows zod's readable report) and returns the parsed value. */
function parseOrReport(schema: z.ZodType, doc: unknown, label: string): unknown {
  const result = schema.safeParse(doc);
  if (!result.success) {
    expect.fail(`${label} does not parse:\n${z.prettifyError(result.error)}`);
  }
  return result.data;
}

/** Command-specific values that must come through the parse unchanged. */
function expectKeyValues(command: string, doc: Record<string, unknown>, parsed: unknown) {
  const out = parsed as Record<string, unknown>;
  switch (command) {
    case "run":
      expect(out.status).toBe(doc.status);
      expect(out.tables_copied).toBe(doc.tables_copied);
      expect(out.materializations).toHaveLength((doc.materializations as unknown[]).length);
      break;
    case "plan":
      expect(out.statements).toHaveLength((doc.statements as unknown[]).length);
      break;
    case "doctor":
      expect(out.overall).toBe(doc.overall);
      break;
    case "compile":
      expect(out.models).toBe(doc.models);
      break;
    case "test":
      expect([out.total, out.passed, out.failed]).toEqual([doc.total, doc.passed, doc.failed]);
      break;
    case "compare":
      expect(out.overall_verdict).toBe(doc.overall_verdict);
      break;
    case "discover":
      expect(out.sources).toHaveLength((doc.sources as unknown[]).length);
      break;
    case "state":
      expect(out.watermarks).toEqual(doc.watermarks);
      break;
    case "lineage":
      // The shape is tagged: column lineage carries `trace`, model lineage `edges`.
      if ("trace" in doc) {
        expect(out.kind).toBe("column");
        expect(out.trace).toHaveLength((doc.trace as unknown[]).length);
      } else {
        expect(out.kind).toBe("model");
        expect(out.edges).toHaveLength((doc.edges as unknown[]).length);
      }
      break;
    case "history":
      expect(out.kind).toBe("runs");
      expect(out.count).toBe(doc.count);
      break;
    case "metrics":
      expect(out.snapshots).toHaveLength((doc.snapshots as unknown[]).length);
      break;
    case "dag":
      expect(out.nodes).toHaveLength((doc.nodes as unknown[]).length);
      break;
    case "ci":
      expect([out.exit_code, out.compile_ok, out.tests_ok]).toEqual([
        doc.exit_code,
        doc.compile_ok,
        doc.tests_ok,
      ]);
      break;
    case "optimize":
      expect(out.recommendations).toHaveLength((doc.recommendations as unknown[]).length);
      break;
    case "cost":
      expect(out.total_cost_usd).toBe(doc.total_cost_usd);
      break;
    case "review_status":
      expect([out.kind, out.reviewed]).toEqual([doc.kind, doc.reviewed]);
      break;
  }
}

/** Parses one output and checks that nothing in the input was lost or changed. */
function checkOutput(doc: unknown, label: string): void {
  const command = commandOf(doc);
  if (!isWrapped(command)) throw new Error(`${label}: command ${command} is not wrapped`);
  const schema = isOutputCommand(command)
    ? OUTPUT_SCHEMAS[command]
    : (VERB_SCHEMAS_BY_COMMAND[command] as z.ZodType);
  const parsed = parseOrReport(schema, doc, label);
  // Loose objects keep every field; the only additions are engine defaults for absent fields.
  expect(parsed).toMatchObject(doc as Record<string, unknown>);
  expect((parsed as { command: string }).command).toBe(command);
  expectKeyValues(command, doc as Record<string, unknown>, parsed);
}

describeContract("engine fixtures (../shared/rocky-contract/fixtures)", () => {
  const dir = join(CONTRACT_DIR, "fixtures");
  const files = listJsonFiles(dir);

  it("holds fixtures for the wrapped commands", () => {
    const commands = new Set(files.map((f) => commandOf(readJson(join(dir, f)))));
    for (const c of ["run", "plan", "discover", "state", "doctor", "compile", "test"]) {
      expect(commands, `no fixture with command "${c}"`).toContain(c);
    }
  });

  for (const file of files) {
    const reason = SKIPPED_FIXTURES[file];
    if (reason !== undefined) {
      // Not skipped: asserted to be an output this SDK deliberately does not wrap.
      it(`${file} is not ours to parse (${reason})`, () => {
        expect(isWrapped(commandOf(readJson(join(dir, file))))).toBe(false);
      });
      continue;
    }
    it(`${file} parses with the schema of its command`, () => {
      const doc = readJson(join(dir, file));
      const command = commandOf(doc);
      if (!isWrapped(command)) {
        expect.fail(
          `${file} has command ${JSON.stringify(command)}, which has no schema: wrap it or add it to SKIPPED_FIXTURES with a reason`,
        );
      }
      checkOutput(doc, file);
    });
  }

  it("the apply fixture (a run plan's result) also parses inside an apply envelope", () => {
    const result = readJson(join(dir, "apply.json"));
    const envelope = {
      command: "apply",
      plan_id: "0".repeat(64),
      plan_kind: "run",
      success: true,
      version: "0.0.0",
      result,
    };
    const parsed = ApplyRunEnvelopeSchema.parse(envelope);
    expect(parsed.result.materializations.length).toBeGreaterThan(0);
  });

  it("keeps values of the richer scenarios (partitions, drift, anomalies, errors)", () => {
    const backfill = OUTPUT_SCHEMAS.run.parse(readJson(join(dir, "partition/run_backfill.json")));
    expect(backfill.materializations.some((m) => m.partition != null)).toBe(true);
    const drift = OUTPUT_SCHEMAS.run.parse(readJson(join(dir, "drift/run_after_drift.json")));
    expect(drift.drift.tables_drifted).toBeGreaterThan(0);
    expect(drift.drift.actions_taken[0]?.action).toBe("drop_and_recreate");
    const incident = OUTPUT_SCHEMAS.run.parse(readJson(join(dir, "anomaly/run_incident.json")));
    expect(incident.anomalies?.length).toBeGreaterThan(0);
  });
});

describe("project fixtures (test/contract/fixtures)", () => {
  const files = listJsonFiles(OWN_FIXTURES_DIR);

  it("cover every wrapped command and the apply envelope", () => {
    const commands = new Set(files.map((f) => commandOf(readJson(join(OWN_FIXTURES_DIR, f)))));
    expect([...commands].sort()).toEqual([...Object.keys(OUTPUT_SCHEMAS), "apply"].sort());
  });

  for (const file of files) {
    it(`${file} parses with the schema of its command`, () => {
      const doc = readJson(join(OWN_FIXTURES_DIR, file));
      if (commandOf(doc) === "apply") {
        const envelope = parseOrReport(ApplyEnvelopeSchema, doc, file);
        expect(envelope).toMatchObject(doc as Record<string, unknown>);
        const run = ApplyRunEnvelopeSchema.parse(doc);
        expect(run.result.status).toBe("Success");
        return;
      }
      checkOutput(doc, file);
    });
  }

  it("fills the engine defaults of absent fields", () => {
    const run = OUTPUT_SCHEMAS.run.parse(
      readJson(join(OWN_FIXTURES_DIR, "run_partial_failure.json")),
    );
    const checks = run.check_results[0]?.checks ?? [];
    expect(checks.map((c) => c.severity)).toEqual([
      "error",
      "warning",
      "error",
      "error",
      "error",
      "error",
      "error",
    ]);
    expect(run.errors?.[0]?.failure_kind).toBe("auth-failed");
    const noKind = OUTPUT_SCHEMAS.run.parse({
      ...run,
      errors: [{ asset_key: ["a"], error: "boom" }],
    });
    expect(noKind.errors?.[0]?.failure_kind).toBe("unknown");
  });
});
