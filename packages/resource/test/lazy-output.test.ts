// Output schemas load on a verb's first use (cold start), once, and a failed load is retried.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { LoggerLike } from "../src/index.js";
import { loadAllVerbs } from "../src/verbs/index.js";

const VERBS = await loadAllVerbs();

import { loadOutput, schemaOutput } from "../src/verbs/types.js";

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const Schema = z.object({ n: z.number() });

describe("a lazy output schema is loaded once, on first use", () => {
  it("calls the loader once, even for concurrent first calls, then answers synchronously", async () => {
    let calls = 0;
    const output = schemaOutput(async () => {
      calls++;
      return Schema;
    });
    const [a, b] = await Promise.all([loadOutput(output), loadOutput(output)]);
    expect(calls).toBe(1);
    expect(a).toEqual(b);
    const again = loadOutput(output);
    expect(again).not.toBeInstanceOf(Promise);
    expect(again).toMatchObject({ kind: "schema", schema: Schema });
  });

  it("a failed load rejects that call and is retried by the next", async () => {
    let calls = 0;
    const output = schemaOutput(async () => {
      calls++;
      if (calls === 1) throw new Error("load failed");
      return Schema;
    });
    await expect(loadOutput(output)).rejects.toThrow("load failed");
    await expect(loadOutput(output)).resolves.toMatchObject({ schema: Schema });
    expect(calls).toBe(2);
  });

  it("an eager schema needs no loading", () => {
    expect(loadOutput(schemaOutput(Schema))).toEqual({ kind: "schema", schema: Schema });
  });

  it("every schema-validated verb in the table loads a zod schema", async () => {
    for (const [verb, spec] of Object.entries(VERBS)) {
      if (spec.output.kind !== "schema") continue;
      const loaded = await loadOutput(spec.output as Parameters<typeof loadOutput>[0]);
      expect(loaded.kind, verb).toBe("schema");
      expect(typeof (loaded as { schema: z.ZodType }).schema.safeParse, verb).toBe("function");
    }
  });
});

describe("LoggerLike is structural: the shipped types never mention pino", () => {
  it("no emitted .d.ts imports pino (an app without pino type-checks with skipLibCheck off)", () => {
    const dist = join(packageDir, "dist");
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (
          p.endsWith(".d.ts") &&
          /from\s+["']pino["']|import\(["']pino["']\)/.test(readFileSync(p, "utf8"))
        )
          offenders.push(p);
      }
    };
    walk(dist);
    expect(offenders).toEqual([]);
  });

  it("a pino Logger is a LoggerLike (checked by tsc over the tests)", () => {
    const logger: LoggerLike = pino({ level: "silent" });
    expect(logger.child({ a: 1 }).isLevelEnabled("debug")).toBe(false);
  });

  it("a minimal hand-written logger satisfies it", () => {
    const lines: unknown[] = [];
    const log = (...args: unknown[]) => void lines.push(args);
    const logger: LoggerLike = {
      trace: log,
      debug: log,
      info: log,
      warn: log,
      error: log,
      isLevelEnabled: () => true,
      child: () => logger,
    };
    logger.child({ a: 1 }).info({ x: 1 }, "msg");
    logger.warn("plain");
    expect(lines).toEqual([[{ x: 1 }, "msg"], ["plain"]]);
  });
});
