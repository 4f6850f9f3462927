// `--governance-override` deserializes as rocky-core config.rs `GovernanceOverride`:
// workspace_ids are `{ id: u64, binding_type? }` objects (unknown fields refused), grants are
// `{ principal, permissions }`, unknown top-level keys are ignored; a value serde refuses fails
// the run before anything runs, with main.rs's context line.
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRockySimulator, type RockySimulator } from "../src/index.js";
import { governanceOverrideError } from "../src/verbs/governance-override.js";
import { rocky } from "./helpers.js";

let sim: RockySimulator;
beforeAll(async () => {
  sim = await createRockySimulator({ assumeConfig: true });
});
afterAll(async () => {
  await sim.cleanup();
});

const run = (override: string, verb = "run") =>
  rocky(sim.binaryPath, [verb, "--filter", "tenant=acme", "--governance-override", override], {
    cwd: sim.dir,
  });

describe("the shapes rocky accepts", () => {
  it.each([
    ['{"workspace_ids":[{"id":123}]}'],
    ['{"workspace_ids":[{"id":123,"binding_type":"READ_ONLY"}],"allow_empty_workspace_ids":false}'],
    ['{"workspace_ids":null}'],
    ['{"grants":[{"principal":"analysts","permissions":["SELECT"]}],"schema_grants":[]}'],
    ['{"something_new":1}'],
    ['[[{"id":1}], true]'],
  ])("%s", async (override) => {
    const r = await run(override);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).command).toBe("run");
  });
});

describe("the shapes rocky refuses: exit 1, nothing on stdout, main.rs's context", () => {
  it.each([
    [
      '{"workspace_ids":[123]}',
      "invalid type: integer `123`, expected struct WorkspaceBindingConfig",
    ],
    [
      '{"workspace_ids":["123"]}',
      'invalid type: string "123", expected struct WorkspaceBindingConfig',
    ],
    ['{"workspace_ids":[{"id":-1}]}', "invalid type: integer `-1`, expected u64"],
    ['{"workspace_ids":[{"id":1.5}]}', "invalid type: floating point `1.5`, expected u64"],
    [
      '{"workspace_ids":[{"id":1,"extra":2}]}',
      "unknown field `extra`, expected one of `id`, `binding_type`",
    ],
    ['{"workspace_ids":[{"binding_type":"READ_ONLY"}]}', "missing field `id`"],
    [
      '{"workspace_ids":[{"id":1,"binding_type":"WRITE"}]}',
      "unknown variant `WRITE`, expected `READ_WRITE` or `READ_ONLY`",
    ],
    ['{"grants":[{"principal":"a"}]}', "missing field `permissions`"],
    ['{"grants":{"principal":"a"}}', "invalid type: map, expected a sequence"],
    ['{"allow_empty_workspace_ids":"yes"}', 'invalid type: string "yes", expected a boolean'],
    ["[1,2,3,4,5]", "invalid length 5, expected struct GovernanceOverride with 4 elements"],
    ["42", "invalid type: integer `42`, expected struct GovernanceOverride"],
  ])("%s", async (override, cause) => {
    expect(governanceOverrideError(JSON.parse(override))).toBe(cause);
    for (const verb of ["run", "plan"]) {
      const r = await run(override, verb);
      expect(r.code, verb).toBe(1);
      expect(r.stdout).toBe("");
      expect(r.stderr).toBe(
        `Error: failed to parse governance override JSON\n\nCaused by:\n    ${cause}\n`,
      );
    }
  });

  it("text that is not JSON", async () => {
    const r = await run("not json");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Error: failed to parse governance override JSON\n\nCaused by:\n/);
  });

  it("an @file is read and checked the same way", async () => {
    const file = join(sim.dir, "override.json");
    writeFileSync(file, '{"workspace_ids":[7]}');
    try {
      const r = await run(`@${file}`);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        `Error: failed to parse governance override from ${file}\n\nCaused by:\n    invalid type: integer \`7\`, expected struct WorkspaceBindingConfig\n`,
      );
      writeFileSync(file, '{"workspace_ids":[{"id":7}]}');
      expect((await run(`@${file}`)).code).toBe(0);
    } finally {
      rmSync(file, { force: true });
    }
    const missing = await run("@/nonexistent/override.json");
    expect(missing.stderr).toMatch(
      /^Error: failed to read governance override file: \/nonexistent\/override\.json/,
    );
  });
});
