// apply() in a branch deployment: the persisted plan must be proven to be a run (or
// replication) plan shadowed with exactly the suffix in force. Each refusal, unit by unit.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RockyShadowError } from "../src/errors.js";
import { assertPlanShadowed, planFilePath } from "../src/shadow/plan-guard.js";
import { describeShadowTarget, planShadowMismatch } from "../src/shadow/plan-suffix.js";

const SUFFIX = "_dagster_pr_42";
const EXPECTED = `it must be shadowed with suffix "${SUFFIX}", the suffix this deployment uses`;
const ID = "0123abcd";

describe("describeShadowTarget: what a plan payload targets, in words", () => {
  it.each([
    [{ branch: "feat" }, 'branch "feat"'],
    [{ branch: "feat", shadow: true, shadow_suffix: SUFFIX }, 'branch "feat"'],
    [{ shadow_schema: "prod" }, 'shadow schema "prod" (without --shadow)'],
    [{ shadow_schema: "s", shadow: true }, 'shadow schema "s"'],
    [{ shadow_schema: "s", shadow: "true" }, 'shadow schema "s" (without --shadow)'],
    [{}, "not shadowed (it writes production tables)"],
    [{ shadow: false, shadow_suffix: SUFFIX }, "not shadowed (it writes production tables)"],
    [{ shadow: true }, "shadow suffix (none: rocky's default)"],
    [{ shadow: true, shadow_suffix: null }, "shadow suffix (none: rocky's default)"],
    [{ shadow: true, shadow_suffix: "_x" }, 'shadow suffix "_x"'],
    [
      { branch: null, shadow_schema: null, shadow: true, shadow_suffix: "_x" },
      'shadow suffix "_x"',
    ],
  ])("%j → %s", (payload, words) => {
    expect(describeShadowTarget(payload)).toBe(words);
  });
});

describe("planShadowMismatch: only shadow + exactly this suffix, and nothing else", () => {
  it("the suffix in force, and nothing else: accepted", () => {
    expect(planShadowMismatch({ shadow: true, shadow_suffix: SUFFIX }, SUFFIX)).toBeNull();
    expect(
      planShadowMismatch(
        { shadow: true, shadow_suffix: SUFFIX, branch: null, shadow_schema: null },
        SUFFIX,
      ),
    ).toBeNull();
  });
  it.each([
    [
      { shadow: true, shadow_suffix: SUFFIX, branch: "feat" },
      `it targets branch "feat"; ${EXPECTED}`,
    ],
    [
      { shadow: true, shadow_suffix: SUFFIX, shadow_schema: "s" },
      `it targets shadow schema "s"; ${EXPECTED}`,
    ],
    [{ shadow_suffix: SUFFIX }, `it is not shadowed (it writes production tables); ${EXPECTED}`],
    [
      { shadow: "true", shadow_suffix: SUFFIX },
      `it is not shadowed (it writes production tables); ${EXPECTED}`,
    ],
    [
      { shadow: true, shadow_suffix: "_dagster_pr_7" },
      `it targets shadow suffix "_dagster_pr_7"; ${EXPECTED}`,
    ],
    [{ shadow: true }, `it targets shadow suffix (none: rocky's default); ${EXPECTED}`],
  ])("%j is refused: %s", (payload, why) => {
    expect(planShadowMismatch(payload, SUFFIX)).toBe(why);
  });
});

describe("assertPlanShadowed: the plan file, read and proven before apply spawns", () => {
  let cwd: string;
  beforeEach(async () => {
    cwd = await mkdtemp(join(tmpdir(), "rocky-plan-guard-"));
    await mkdir(join(cwd, ".rocky", "plans"), { recursive: true });
  });
  afterEach(async () => {
    await rm(cwd, { recursive: true, force: true });
  });
  const write = (content: string, id = ID) => writeFile(planFilePath(cwd, id), content);
  const refusal = async (why: string, id = ID) => {
    const err = await assertPlanShadowed(cwd, id, SUFFIX).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(RockyShadowError);
    const e = err as RockyShadowError;
    expect(e.code).toBe("PLAN_NOT_SHADOWED");
    expect(e.command).toBe("apply");
    expect(e.message).toBe(
      `refusing to apply plan ${id} for a shadowed deployment: ${why} (${planFilePath(cwd, id)}). Re-create the plan with plan() from this deployment so it targets shadow tables.`,
    );
    return e;
  };
  const run = (payload: unknown, extra: object = {}) =>
    JSON.stringify({ plan_id: ID, kind: "run", payload, ...extra });

  it("a run or replication plan shadowed with this suffix passes; its payload is returned", async () => {
    await write(run({ shadow: true, shadow_suffix: SUFFIX, pipeline: "p" }));
    await expect(assertPlanShadowed(cwd, ID, SUFFIX)).resolves.toEqual({
      shadow: true,
      shadow_suffix: SUFFIX,
      pipeline: "p",
    });
    await write(
      JSON.stringify({
        plan_kind: "replication",
        payload: { shadow: true, shadow_suffix: SUFFIX },
      }),
    );
    await expect(assertPlanShadowed(cwd, ID, SUFFIX)).resolves.toEqual({
      shadow: true,
      shadow_suffix: SUFFIX,
    });
  });
  it("a shadowed plan whose idempotency key is not namespaced for the suffix is refused (it would claim production's key)", async () => {
    for (const key of ["k", "shadow_dagster_pr_9:k", `shadow${SUFFIX}`, ""]) {
      await write(run({ shadow: true, shadow_suffix: SUFFIX, idempotency_key: key }));
      const e = await assertPlanShadowed(cwd, ID, SUFFIX).then(
        () => null,
        (err: unknown) => err as RockyShadowError,
      );
      expect(e?.code, key).toBe("STATE_NOT_ISOLATED");
      expect(e?.message).not.toContain(`"${key}"`);
    }
    await write(run({ shadow: true, shadow_suffix: SUFFIX, idempotency_key: `shadow${SUFFIX}:k` }));
    await expect(assertPlanShadowed(cwd, ID, SUFFIX)).resolves.toMatchObject({
      idempotency_key: `shadow${SUFFIX}:k`,
    });
  });
  it("a missing file cannot be read (the cause kept)", async () => {
    const e = await refusal("the persisted plan could not be read");
    expect((e.cause as NodeJS.ErrnoException).code).toBe("ENOENT");
  });
  it("a directory where the plan should be cannot be read", async () => {
    await mkdir(planFilePath(cwd, ID));
    await refusal("the persisted plan could not be read");
  });
  it("a file over 32 MiB is not read", async () => {
    await write(" ".repeat(32 * 1024 * 1024 + 1));
    await refusal(`the plan file is larger than ${32 * 1024 * 1024} bytes`);
  });
  it("exactly 32 MiB is read (and judged on its content)", async () => {
    const body = run({ shadow: true, shadow_suffix: SUFFIX });
    await write(body + " ".repeat(32 * 1024 * 1024 - body.length));
    await expect(assertPlanShadowed(cwd, ID, SUFFIX)).resolves.toEqual({
      shadow: true,
      shadow_suffix: SUFFIX,
    });
  });
  it("not JSON (the parse error kept as cause)", async () => {
    await write("{ nope");
    const e = await refusal("the persisted plan is not valid JSON");
    expect(e.cause).toBeInstanceOf(SyntaxError);
  });
  it.each(["[]", "null", "42", '"run"'])("%s is not an object", async (text) => {
    await write(text);
    await refusal("the persisted plan is not an object");
  });
  it("a plan_id that is not the one asked for", async () => {
    await write(run({ shadow: true, shadow_suffix: SUFFIX }, { plan_id: "ffff" }));
    await refusal("the plan file's plan_id does not match");
  });
  it.each([
    ["promote", "it copies branch tables over production"],
    ["compact", "it rewrites production tables"],
    ["archive", "it moves production rows"],
    ["gc", "it evicts stored artifacts"],
    ["restore", "it restores stored artifacts"],
    ["ai_authored", "its payload carries no shadow routing"],
    ["backfill", "its payload carries no shadow routing"],
  ])("a %s plan is never provable: %s", async (kind, why) => {
    await write(JSON.stringify({ kind, payload: { shadow: true, shadow_suffix: SUFFIX } }));
    await refusal(
      `it is a "${kind}" plan (${why}), and only a run plan can be proven to target shadow tables`,
    );
  });
  it.each([
    ["an unknown kind", { kind: "vacuum" }, '"vacuum"'],
    ["no kind", {}, "undefined"],
    ["a kind named like an Object method", { kind: "toString" }, '"toString"'],
    ["a non-string kind", { kind: 1 }, "1"],
  ])("%s is refused, with no reason given", async (_, fields, shown) => {
    await write(JSON.stringify({ ...fields, payload: { shadow: true, shadow_suffix: SUFFIX } }));
    await refusal(
      `it is a ${shown} plan, and only a run plan can be proven to target shadow tables`,
    );
  });
  it.each([
    ["no payload", undefined],
    ["a null payload", null],
    ["an array payload", [1]],
    ["a string payload", "x"],
  ])("%s", async (_, payload) => {
    await write(run(payload));
    await refusal("the plan has no payload");
  });
  it("a payload shadowed otherwise names what it targets", async () => {
    await write(run({ shadow: true, shadow_suffix: "_dagster_pr_7" }));
    await refusal(`it targets shadow suffix "_dagster_pr_7"; ${EXPECTED}`);
  });
});
