import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { OUTPUT_SCHEMAS, type OutputCommand } from "../src/schemas/index.js";
import { sim } from "./helpers.js";

// The simulator can never drift from the contract: every output it prints,
// in every scenario that prints one, parses with the schema the SDK uses.
const cases: [string, OutputCommand, string[], object][] = [
  ["run", "run", ["run", "--filter=tenant=acme"], {}],
  [
    "shadowed run",
    "run",
    ["run", "--filter=tenant=acme", "--shadow", "--shadow-suffix=_dagster_pr_42"],
    {},
  ],
  [
    "shadow-schema run",
    "run",
    ["run", "--filter=tenant=acme", "--shadow", "--shadow-schema=pr_42"],
    {},
  ],
  [
    "partial run",
    "run",
    ["run", "--filter=tenant=acme"],
    { commands: { run: { partialFailure: true } } },
  ],
  ["failed run", "run", ["run", "--filter=tenant=acme"], { commands: { run: { failure: true } } }],
  ["plan", "plan", ["plan", "--filter=tenant=acme", "--shadow", "--shadow-suffix=_s"], {}],
  ["discover", "discover", ["discover"], {}],
  ["state", "state", ["state"], {}],
  ["doctor", "doctor", ["doctor"], {}],
  ["doctor critical", "doctor", ["doctor"], { commands: { doctor: { doctor: "critical" } } }],
  ["compile", "compile", ["compile", "--models=models"], {}],
  [
    "compile failure",
    "compile",
    ["compile", "--models=models"],
    { commands: { compile: { failure: true } } },
  ],
  ["test", "test", ["test", "--models=models"], {}],
  ["test failure", "test", ["test", "--models=models"], { commands: { test: { failure: true } } }],
  ["compare pass", "compare", ["compare", "--filter=tenant=acme", "--shadow-suffix=_s"], {}],
  [
    "compare warn",
    "compare",
    ["compare", "--filter=tenant=acme", "--shadow-suffix=_s"],
    { commands: { compare: { compare: "warn" } } },
  ],
  [
    "compare fail",
    "compare",
    ["compare", "--filter=tenant=acme", "--shadow-suffix=_s"],
    { commands: { compare: { compare: "fail" } } },
  ],
];

describe("every simulator output validates against the SDK's output schemas", () => {
  it.each(cases)("%s", async (_label, command, args, scenario) => {
    const s = await sim(scenario);
    const cwd = mkdtempSync(join(tmpdir(), "rocky-simc-"));
    try {
      const r = spawnSync(s.binaryPath, ["--config=rocky.toml", "--output", "json", ...args], {
        cwd,
        encoding: "utf8",
        timeout: 15_000,
      });
      expect(r.stdout.trimStart().startsWith("{")).toBe(true);
      const parsed = OUTPUT_SCHEMAS[command].safeParse(JSON.parse(r.stdout));
      expect(
        parsed.success,
        parsed.success ? "" : JSON.stringify(parsed.error.issues.slice(0, 3)),
      ).toBe(true);
      expect((parsed.data as { command: string }).command).toBe(command);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});
