// Every public method of RockyResource is driven against the real engine by this suite: the
// table below names the file that asserts each one, the list is compared with the class as
// built (a method added to the class fails here until a case covers it), and that file must
// really call it. docs/real-engine.md lists the same table.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { RockyResource } from "@dagster-rocky/resource";
import { describe, expect, it } from "vitest";

const HERE = dirname(fileURLToPath(import.meta.url));

/** Each public method, and the test file of this suite that calls it against the engine. */
const COVERED: Readonly<Record<string, string>> = {
  // static factories
  create: "methods.test.ts",
  fromConfig: "methods.test.ts",
  fromConfigFile: "methods.test.ts",
  // runs and plans (production and PR 42)
  run: "playgrounds.test.ts",
  plan: "replication.test.ts",
  apply: "replication.test.ts",
  compare: "replication.test.ts",
  resumeRun: "replication.test.ts",
  runModel: "playgrounds.test.ts",
  discover: "replication.test.ts",
  state: "replication.test.ts",
  // reads
  version: "methods.test.ts",
  doctor: "methods.test.ts",
  compile: "methods.test.ts",
  test: "methods.test.ts",
  lineage: "methods.test.ts",
  catalog: "methods.test.ts",
  dag: "methods.test.ts",
  history: "methods.test.ts",
  metrics: "methods.test.ts",
  optimize: "methods.test.ts",
  cost: "methods.test.ts",
  ci: "methods.test.ts",
  compliance: "methods.test.ts",
  retentionStatus: "methods.test.ts",
  reviewStatus: "methods.test.ts",
  hooksList: "methods.test.ts",
  hooksTest: "methods.test.ts",
  validateMigration: "methods.test.ts",
  testAdapter: "methods.test.ts",
  stateHealth: "methods.test.ts",
  shadowContext: "methods.test.ts",
  // ai verbs: up to rocky's refusal for the missing API key
  ai: "methods.test.ts",
  aiSync: "methods.test.ts",
  aiExplain: "methods.test.ts",
  aiTest: "methods.test.ts",
  aiContract: "methods.test.ts",
  // branches, previews, products
  branchList: "methods.test.ts",
  branchShow: "methods.test.ts",
  branchCompare: "methods.test.ts",
  branchApprove: "methods.test.ts",
  branchPromote: "methods.test.ts",
  planPromote: "methods.test.ts",
  previewCreate: "methods.test.ts",
  previewDiff: "methods.test.ts",
  previewCost: "methods.test.ts",
  productVerify: "methods.test.ts",
  productCompile: "methods.test.ts",
  productApprove: "methods.test.ts",
  productStatus: "methods.test.ts",
  // verbs of engines newer than 1.71 (refused by the version gate), profile, runCli
  freshness: "newer-verbs.test.ts",
  costByProduct: "newer-verbs.test.ts",
  productList: "newer-verbs.test.ts",
  productJournal: "newer-verbs.test.ts",
  packageList: "newer-verbs.test.ts",
  packageAdd: "newer-verbs.test.ts",
  packageUpdate: "newer-verbs.test.ts",
  packageRemove: "newer-verbs.test.ts",
  reconcileWatermark: "newer-verbs.test.ts",
  scheduleSpool: "newer-verbs.test.ts",
  profile: "newer-verbs.test.ts",
  runCli: "newer-verbs.test.ts",
  validateGovernanceOverride: "newer-verbs.test.ts",
};

/** Protected extension hooks (not callable by users; the resource project tests them through subclasses). */
const PROTECTED_HOOKS = new Set([
  "resolveShadowSuffix",
  "resolveGovernanceOverride",
  "resolveIdempotencyKey",
  "resolveTimeoutMs",
  "buildArgs",
]);

function publicMethods(): string[] {
  const instance = Object.getOwnPropertyNames(RockyResource.prototype).filter(
    (name) =>
      name !== "constructor" &&
      !PROTECTED_HOOKS.has(name) &&
      typeof Object.getOwnPropertyDescriptor(RockyResource.prototype, name)?.value === "function",
  );
  const statics = Object.getOwnPropertyNames(RockyResource).filter(
    (name) => typeof (RockyResource as unknown as Record<string, unknown>)[name] === "function",
  );
  return [...statics, ...instance].sort();
}

describe("every public method of RockyResource is driven against the engine", () => {
  it("the table names exactly the class's public methods", () => {
    expect(Object.keys(COVERED).sort()).toEqual(publicMethods());
  });

  const files = readdirSync(HERE).filter((f) => f.endsWith(".test.ts"));
  it.each(Object.entries(COVERED))("%s is called in %s", (method, file) => {
    expect(files).toContain(file);
    const text = readFileSync(join(HERE, file), "utf8");
    // A direct call (`.run(`, `RockyResource.create(`) or a branch-deployment call (`prCall(p, "run", ...)`).
    const called =
      new RegExp(`\\.${method}\\(`).test(text) ||
      new RegExp(`prCall\\([^)]*"${method}"`).test(text);
    expect(called, `${file} calls ${method}`).toBe(true);
  });
});
