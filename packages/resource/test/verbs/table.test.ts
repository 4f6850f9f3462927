import { describe, expect, it } from "vitest";
import { z } from "zod";
import { RockyConfigError, RockyResource, RockyVersionError } from "../../src/index.js";
import { silentLogger } from "../../src/logger.js";
import { prepareInvocation } from "../../src/resource.js";
import { loadAllVerbs, type RockyVerb } from "../../src/verbs/index.js";

const VERBS = await loadAllVerbs();

import { defineVerb } from "../../src/verbs/types.js";
import { VersionGate } from "../../src/version-gate.js";

const verbs = Object.keys(VERBS) as RockyVerb[];
const ctx = { modelsDir: "models" };
// Options a verb's cross-field rules need beyond its required fields; every other verb's
// minimal options are made from its schema (`minimalOptions`), so a verb added later is covered.
const EXTRA: Partial<Record<RockyVerb, Record<string, unknown>>> = {
  compare: { shadowSuffix: "_s" },
  aiExplain: { all: true },
  aiTest: { all: true },
  testAdapter: { adapter: "duckdb" },
};

/** A value each required field accepts: the first candidate its schema parses. */
const CANDIDATES: unknown[] = [
  "a=b",
  "a".repeat(64),
  "orders",
  "./dir",
  1,
  true,
  "2026-04",
  "fivetran/stripe",
];
function minimalOptions(verb: RockyVerb): Record<string, unknown> {
  const shape = (VERBS[verb].options as unknown as z.ZodObject).shape as Record<string, z.ZodType>;
  const out: Record<string, unknown> = { ...EXTRA[verb] };
  for (const [key, field] of Object.entries(shape)) {
    if (field.safeParse(undefined).success || key in out) continue;
    out[key] = CANDIDATES.find((c) => field.safeParse(c).success);
  }
  return out;
}

const camelOf = (words: readonly string[]) =>
  words
    .flatMap((w) => w.split("-"))
    .map((w, i) => (i === 0 ? w : w.charAt(0).toUpperCase() + w.slice(1)))
    .join("");

describe("the verb table is the one list of verbs", () => {
  it.each(verbs)("%s: its module declares the method it is loaded under", (verb) => {
    expect(VERBS[verb].name).toBe(verb);
  });

  // The method is named after rocky's command words in camelCase (`branch promote` →
  // branchPromote, `retention-status` → retentionStatus); several methods may drive one command.
  it.each(verbs)("%s: rocky's command words, in full, are declared", (verb) => {
    const { command } = VERBS[verb];
    expect(command.length).toBeGreaterThan(0);
    const camel = command
      .flatMap((w) => w.split("-"))
      .map((w, i) => (i === 0 ? w : w.charAt(0).toUpperCase() + w.slice(1)))
      .join("");
    // resumeRun drives `run --resume`: its command is a suffix of the method, not a prefix.
    // A `state` subcommand is named as the Python anchors name it, without `state`
    // (`state reconcile-watermark` → reconcileWatermark, `state schedule spool` → scheduleSpool).
    const sub = command[0] === "state" ? camelOf(command.slice(1)) : null;
    expect(
      verb.startsWith(camel) ||
        verb.endsWith(camel.charAt(0).toUpperCase() + camel.slice(1)) ||
        (sub !== null && sub !== "" && verb === sub),
    ).toBe(true);
  });

  it.each(verbs)("%s: its argv starts with every word of its command", (verb) => {
    const spec = VERBS[verb];
    const options = spec.options.parse(minimalOptions(verb)) as never;
    const args = (spec.args as (o: never, c: typeof ctx) => string[])(options, ctx);
    expect(args.slice(0, spec.command.length)).toEqual([...spec.command]);
  });

  it.each(verbs)("%s: RockyResource has a method for it", (verb) => {
    expect(typeof (RockyResource.prototype as unknown as Record<string, unknown>)[verb]).toBe(
      "function",
    );
  });

  it("declares which non-zero exits with a JSON report are results", () => {
    const table = Object.fromEntries(verbs.map((v) => [v, [...VERBS[v].resultExitCodes]]));
    expect(table).toMatchObject({
      run: [1, 2],
      plan: [],
      apply: [1, 2],
      discover: [],
      state: [],
      doctor: [3],
      compile: [1],
      test: [1],
      compare: [1],
    });
  });

  it("declares each verb's shadow policy", () => {
    const table = Object.fromEntries(verbs.map((v) => [v, VERBS[v].shadow]));
    expect(table).toMatchObject({
      run: "shadowed_write",
      plan: "shadowed_write",
      apply: "guarded_apply",
      discover: "none",
      state: "none",
      doctor: "none",
      compile: "none",
      test: "none",
      compare: "needs_suffix",
    });
  });

  it("apply's plan id is its one positional argument", () => {
    expect(VERBS.apply.positionals).toEqual(["planId"]);
    expect(VERBS.apply.args(VERBS.apply.options.parse(minimalOptions("apply")), ctx)).toEqual([
      "apply",
      "a".repeat(64),
    ]);
  });

  it("every options schema is strict: a misspelt option is refused", () => {
    for (const verb of verbs) {
      expect(VERBS[verb].options.safeParse(minimalOptions(verb)).success).toBe(true);
      expect(VERBS[verb].options.safeParse({ ...minimalOptions(verb), misspelt: 1 }).success).toBe(
        false,
      );
    }
  });
});

describe("call options: run and compare require a filter (as rocky-sdk's run), and say so", () => {
  const r = new RockyResource({ env: {} });
  it.each(["run", "compare"] as const)("%s without filter", async (verb) => {
    const err = (await prepareInvocation(r, verb, {}).catch((e: unknown) => e)) as RockyConfigError;
    expect(err).toBeInstanceOf(RockyConfigError);
    const issue = err.issues.find((i) => i.path === "filter");
    expect(issue?.message).toMatch(/^filter is required: pass filter such as "tenant=acme"/);
    expect(issue?.message).toMatch(/as rocky-sdk's run does/);
  });

  it("a filter that is not a string is not called missing", async () => {
    const err = (await prepareInvocation(r, "run", { filter: 42 }).catch(
      (e: unknown) => e,
    )) as RockyConfigError;
    expect(err.issues[0]?.message).not.toMatch(/required/);
    expect(err.issues[0]?.message).toMatch(/filter must be a string/);
  });
});

describe("call options: a timeoutMs given as a string names the field and the fix", () => {
  const r = new RockyResource({ env: {} });
  it.each(["600000", "soon"])("timeoutMs: %j", async (value) => {
    const err = (await prepareInvocation(r, "state", { timeoutMs: value }).catch(
      (e: unknown) => e,
    )) as RockyConfigError;
    expect(err).toBeInstanceOf(RockyConfigError);
    expect(err.issues).toHaveLength(1);
    expect(err.issues[0]?.path).toBe("timeoutMs");
    expect(err.issues[0]?.message).toMatch(/must be a number of milliseconds, not a string/);
    expect(err.issues[0]?.message).toMatch(/pass 600000, not "600000"/);
    // The value itself is never quoted (it could be a misplaced secret).
    if (value !== "600000") expect(err.message).not.toContain(value);
  });

  it("a non-number of another type gets the same field and an example", async () => {
    const err = (await prepareInvocation(r, "state", { timeoutMs: true }).catch(
      (e: unknown) => e,
    )) as RockyConfigError;
    expect(err.issues[0]?.message).toBe(
      "timeoutMs must be a number of milliseconds, such as 600000",
    );
  });
});

describe("the version gate applies each verb's floor and feature floors", () => {
  const spec = defineVerb({
    name: "lineage",
    command: ["lineage"],
    options: z.strictObject({ column: z.string().optional(), deep: z.boolean().optional() }),
    args: () => ["lineage"],
    output: { kind: "text", parse: (s: string) => s },
    shadow: "none",
    resultExitCodes: [],
    minVersion: "1.60.0",
    featureFloors: [{ option: "deep", minVersion: "1.69.0" }],
  });
  const gate = new VersionGate(
    () => Promise.resolve({ version: "9.9.9", raw: "rocky 9.9.9" }),
    silentLogger,
    "/bin/rocky",
  );

  it("below the verb's floor: RockyVersionError naming the verb", () => {
    const err = (() => {
      try {
        gate.checkVerb("1.59.9", spec, {});
      } catch (e) {
        return e;
      }
      return undefined;
    })() as RockyVersionError;
    expect(err).toBeInstanceOf(RockyVersionError);
    expect(err.code).toBe("VERSION_TOO_OLD");
    expect(err.minimumVersion).toBe("1.60.0");
    expect(err.feature).toBe("rocky lineage");
  });

  it("a flag only from 1.69: refused below it when used, allowed when not used", () => {
    expect(() => gate.checkVerb("1.68.0", spec, { deep: false })).not.toThrow();
    expect(() => gate.checkVerb("1.68.0", spec, {})).not.toThrow();
    expect(() => gate.checkVerb("1.68.0", spec, { deep: true })).toThrow(
      /older than 1\.69\.0, which rocky lineage with deep needs/,
    );
    expect(() => gate.checkVerb("1.69.0", spec, { deep: true })).not.toThrow();
  });

  it("an unparseable version proceeds (the probe already warned)", () => {
    expect(() => gate.checkVerb(null, spec, { deep: true })).not.toThrow();
  });
});

describe("the root's XOptions and XResult exports are generated from the verb table", () => {
  it("src/verbs/public.ts is what scripts/gen-verb-exports.mjs makes of the table", async () => {
    const { spawnSync } = await import("node:child_process");
    const { fileURLToPath } = await import("node:url");
    const script = fileURLToPath(new URL("../../scripts/gen-verb-exports.mjs", import.meta.url));
    const r = spawnSync(process.execPath, [script, "--check"], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });
});
