// contract/rocky-sdk-0.29.0 holds the JSON Schemas of rocky-sdk 0.29.0's output models for the
// verbs newer engines added (from which scripts/gen-schemas.mjs generates their zod schemas).
// They must be exactly what the venv's pydantic models give (python/export_sdk_schemas.py): a
// model that changes, appears or disappears fails here until the export is redone.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, expect, it } from "vitest";
import { describeInterop, REPO_ROOT, runPython } from "./helpers/venv.js";

const CHECKED_IN = join(REPO_ROOT, "contract", "rocky-sdk-0.29.0");
const REDO =
  "interop/.venv/bin/python interop/python/export_sdk_schemas.py --write contract/rocky-sdk-0.29.0, then pnpm run gen:schemas";

function checkedIn(): Record<string, unknown> {
  return Object.fromEntries(
    readdirSync(CHECKED_IN)
      .filter((f) => f.endsWith(".schema.json"))
      .sort()
      .map((f) => [
        f.replace(/\.schema\.json$/, ""),
        JSON.parse(readFileSync(join(CHECKED_IN, f), "utf8")),
      ]),
  );
}

describeInterop("the checked-in rocky-sdk models are the venv's", () => {
  let exported: Record<string, unknown>;
  beforeAll(async () => {
    const { stdout } = await runPython("export_sdk_schemas.py", []);
    exported = JSON.parse(stdout);
  });

  it("the same models, each byte-for-byte the same JSON Schema", () => {
    const ours = checkedIn();
    expect(Object.keys(ours), `the set of models changed; redo: ${REDO}`).toEqual(
      Object.keys(exported),
    );
    const drifted = Object.keys(exported).filter(
      (name) => JSON.stringify(ours[name]) !== JSON.stringify(exported[name]),
    );
    expect(drifted, `these models drifted from the venv's rocky-sdk; redo: ${REDO}`).toEqual([]);
  });

  it("the export carries the models' field descriptions (attribute docstrings)", () => {
    const freshness = exported.freshness as {
      $defs: Record<
        string,
        { properties: Record<string, { description?: string; title?: string }> }
      >;
    };
    const result = freshness.$defs.FreshnessCheckResult?.properties;
    expect(result?.max_loaded_at?.description).toMatch(/newest load time/);
    // Otherwise pydantic's output as is (its titles included).
    expect(result?.max_loaded_at?.title).toBe("Max Loaded At");
  });
});
