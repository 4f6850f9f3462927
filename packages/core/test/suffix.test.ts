import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  branchDeploymentInfo,
  branchDeployShadowSuffix,
  ENV_DEPLOYMENT_NAME,
  ENV_IS_BRANCH_DEPLOYMENT,
  ENV_PR_NUMBER,
  isRockyIdentifier,
} from "../src/index.js";
import { LOOKALIKES, maxLengthArb, noiseEnvArb, previewEnvArb, Tally } from "./arbitraries.js";

const branch = (vars: Record<string, string | undefined>) =>
  branchDeploymentInfo({ [ENV_IS_BRANCH_DEPLOYMENT]: "1", ...vars });

describe("rule: not a branch deployment gives null", () => {
  it.each([{}, { [ENV_IS_BRANCH_DEPLOYMENT]: "0" }, { [ENV_IS_BRANCH_DEPLOYMENT]: "false" }])(
    "%j",
    (env) => {
      const info = branchDeploymentInfo({
        ...env,
        [ENV_PR_NUMBER]: "42",
        [ENV_DEPLOYMENT_NAME]: "x",
      });
      expect(branchDeployShadowSuffix(info)).toBeNull();
    },
  );
});

describe("rule: a valid PR id gives _dagster_pr_<id as given>", () => {
  it.each([
    ["42", "_dagster_pr_42"],
    ["1", "_dagster_pr_1"],
    ["007", "_dagster_pr_007"],
    ["123456789012345678901234567890", "_dagster_pr_123456789012345678901234567890"],
  ])("%j -> %s", (pr, expected) => {
    expect(
      branchDeployShadowSuffix(branch({ [ENV_PR_NUMBER]: pr, [ENV_DEPLOYMENT_NAME]: "n" })),
    ).toBe(expected);
  });
  it("also with the older 'true' marker", () => {
    const info = branchDeploymentInfo({ [ENV_IS_BRANCH_DEPLOYMENT]: "TRUE", [ENV_PR_NUMBER]: "9" });
    expect(branchDeployShadowSuffix(info)).toBe("_dagster_pr_9");
  });
});

describe("rule: an invalid PR id falls through to the deployment name", () => {
  it.each([
    "-1",
    "0",
    "00",
    "+42",
    " 42",
    "42 ",
    "4.2",
    "42; DROP TABLE t",
    "٤٢",
    "²",
    "４２",
    "4e2",
    "0x2A",
    "abc",
  ])("%j", (pr) => {
    expect(
      branchDeployShadowSuffix(branch({ [ENV_PR_NUMBER]: pr, [ENV_DEPLOYMENT_NAME]: "feat" })),
    ).toBe("_dagster_feat");
    expect(branchDeployShadowSuffix(branch({ [ENV_PR_NUMBER]: pr }))).toBe("_dagster_branch");
  });
});

describe("rule: the deployment name is sanitized per code point", () => {
  it.each([
    ["feature/JIRA-12.fix", "_dagster_feature_JIRA_12_fix"],
    ["café-deploy", "_dagster_caf__deploy"],
    ["a😀b", "_dagster_a_b"],
    ["plain_name", "_dagster_plain_name"],
    ["ÀB", "_dagster__B"],
    ["a b\nc", "_dagster_a_b_c"],
    ["名前", "_dagster___"],
    ["x\u0000y", "_dagster_x_y"],
  ])("%j -> %s", (name, expected) => {
    expect(branchDeployShadowSuffix(branch({ [ENV_DEPLOYMENT_NAME]: name }))).toBe(expected);
  });
});

describe("rule: otherwise _dagster_branch", () => {
  it("with neither PR id nor name", () => {
    expect(branchDeployShadowSuffix(branch({}))).toBe("_dagster_branch");
    expect(
      branchDeployShadowSuffix(branch({ [ENV_DEPLOYMENT_NAME]: "", [ENV_PR_NUMBER]: "" })),
    ).toBe("_dagster_branch");
  });
});

describe("rule: maxLength cuts and appends a stable 8-hex hash", () => {
  const long = branch({
    [ENV_DEPLOYMENT_NAME]: "a-very-long-deployment-name-for-a-feature-branch",
  });
  it("leaves short suffixes unchanged", () => {
    expect(branchDeployShadowSuffix(branch({ [ENV_PR_NUMBER]: "42" }), { maxLength: 14 })).toBe(
      "_dagster_pr_42",
    );
  });
  it("cuts long ones to maxLength, ending in _ + 8 hex", () => {
    const s = branchDeployShadowSuffix(long, { maxLength: 31 });
    expect(s).toHaveLength(31);
    expect(s).toMatch(/^_dagster_a_very_long_d_[0-9a-f]{8}$/);
    expect(isRockyIdentifier(s)).toBe(true);
  });
  it("drops underscores where the cut falls instead of leaving a double underscore", () => {
    // The cut at 30 falls right after "_long_": the "_dagster_a__ce6b61e8" case.
    expect(branchDeployShadowSuffix(long, { maxLength: 30 })).toMatch(
      /^_dagster_a_very_long_[0-9a-f]{8}$/,
    );
    expect(branchDeployShadowSuffix(long, { maxLength: 20 })).toMatch(/^_dagster_a_[0-9a-f]{8}$/);
  });
  it("is stable and distinguishes suffixes sharing a prefix", () => {
    const a = branchDeployShadowSuffix(long, { maxLength: 20 });
    const b = branchDeployShadowSuffix(
      branch({ [ENV_DEPLOYMENT_NAME]: "a-very-long-deployment-name-for-another-branch" }),
      { maxLength: 20 },
    );
    expect(branchDeployShadowSuffix(long, { maxLength: 20 })).toBe(a);
    expect(a).not.toBe(b);
  });
  it("default is unlimited", () => {
    expect(branchDeployShadowSuffix(long)).toBe(
      "_dagster_a_very_long_deployment_name_for_a_feature_branch",
    );
  });
  it.each([0, 8, -1, 9.5, Number.NaN])("rejects maxLength %s with a RangeError", (maxLength) => {
    expect(() => branchDeployShadowSuffix(long, { maxLength })).toThrow(RangeError);
  });
  it("accepts the smallest maxLength, 9", () => {
    expect(branchDeployShadowSuffix(long, { maxLength: 9 })).toMatch(/^_[0-9a-f]{8}$/);
  });
});

describe("isRockyIdentifier: the engine's ^[A-Za-z0-9_]+$ rule", () => {
  it.each(["_dagster_pr_42", "a", "A_9", "_"])("%j is an identifier", (v) => {
    expect(isRockyIdentifier(v)).toBe(true);
  });
  it.each(["", "a-b", "a b", "é", "a\n", "\na", "a;b", "４", null, undefined, 42, {}])(
    "%j is not",
    (v) => {
      expect(isRockyIdentifier(v)).toBe(false);
    },
  );
});

describe("property: any environment gives null or an identifier, deterministically, never throwing", () => {
  // Half noise, half branch deployments: each branch of the property runs thousands of times.
  const envArb = fc.oneof(noiseEnvArb, previewEnvArb("dagster_plus"));

  it("holds for 5,000 environments", () => {
    const tally = new Tally(["not a branch deployment", "maxLength", "no limit"]);
    fc.assert(
      fc.property(envArb, maxLengthArb, (env, maxLength) => {
        const info = branchDeploymentInfo(env);
        const options = maxLength === undefined ? {} : { maxLength };
        const s = branchDeployShadowSuffix(info, options);
        expect(branchDeployShadowSuffix(branchDeploymentInfo(env), options)).toBe(s);
        if (!info.isBranchDeployment) {
          tally.hit("not a branch deployment");
          expect(s).toBeNull();
          return;
        }
        expect(s).toMatch(/^[A-Za-z0-9_]+$/);
        expect(isRockyIdentifier(s)).toBe(true);
        if (maxLength === undefined) {
          tally.hit("no limit");
          expect(s).toBe(branchDeployShadowSuffix(info));
        } else {
          tally.hit("maxLength");
          expect((s as string).length).toBeLessThanOrEqual(maxLength);
        }
      }),
      { numRuns: 5000 },
    );
    tally.expectAtLeast(200);
  });
});

describe("rule: Unicode case-folding look-alikes are never identifier characters", () => {
  const cases = LOOKALIKES.map((ch) => [
    ch,
    (ch.codePointAt(0) as number).toString(16).toUpperCase(),
  ]);
  it.each(cases)("%s (U+%s) is sanitized to _ in a deployment name", (ch) => {
    expect(branchDeployShadowSuffix(branch({ [ENV_DEPLOYMENT_NAME]: `a${ch}b` }))).toBe(
      "_dagster_a_b",
    );
    expect(isRockyIdentifier(`a${ch}b`)).toBe(false);
    expect(isRockyIdentifier(ch)).toBe(false);
  });
  it.each(["\u212A", "\u017F", "\uFF14\uFF12", "\u0664\u0662", "\u00B2"])(
    "%s is not a PR number",
    (pr) => {
      expect(
        branchDeployShadowSuffix(branch({ [ENV_PR_NUMBER]: pr, [ENV_DEPLOYMENT_NAME]: "x" })),
      ).toBe("_dagster_x");
    },
  );
  it("K (Kelvin) and ſ (long s) are not k and s, in any case", () => {
    expect(branchDeployShadowSuffix(branch({ [ENV_DEPLOYMENT_NAME]: "\u212Aey\u017Fet" }))).toBe(
      "_dagster__ey_et",
    );
  });
});

describe("robustness: odd arguments never throw", () => {
  it("null info is not a branch deployment; null options mean no limit", () => {
    expect(branchDeployShadowSuffix(null as never)).toBeNull();
    expect(branchDeployShadowSuffix(branch({ [ENV_PR_NUMBER]: "42" }), null as never)).toBe(
      "_dagster_pr_42",
    );
  });
  it("a hand-built info with a numeric PR id falls through to the name rule", () => {
    const info = { ...branch({ [ENV_DEPLOYMENT_NAME]: "x" }), prNumber: 42 as never };
    expect(branchDeployShadowSuffix(info)).toBe("_dagster_x");
  });
});

describe("property: a cut never leaves a double underscore before the hash, at every length", () => {
  const part = fc.string({
    unit: fc.constantFrom("a", "Z", "0", "_", "-", ".", " ", "é"),
    minLength: 1,
    maxLength: 60,
  });
  it("holds for deployment names and PR ids at every maxLength from 9 to the full length", () => {
    fc.assert(
      fc.property(part, fc.boolean(), (name, asPr) => {
        const info = asPr
          ? branch({ [ENV_PR_NUMBER]: `${name.length}${"0".repeat(name.length)}` })
          : branch({ [ENV_DEPLOYMENT_NAME]: name });
        const full = branchDeployShadowSuffix(info) as string;
        for (let maxLength = 9; maxLength <= full.length + 1; maxLength++) {
          const s = branchDeployShadowSuffix(info, { maxLength }) as string;
          expect(isRockyIdentifier(s)).toBe(true);
          expect(s.length).toBeLessThanOrEqual(maxLength);
          if (s === full) continue;
          expect(s).toMatch(/_[0-9a-f]{8}$/);
          const head = s.slice(0, -9);
          // What is kept is the start of the full suffix, minus the underscores at the cut.
          expect(full.startsWith(head)).toBe(true);
          expect(head.endsWith("_")).toBe(false);
          expect(full.slice(head.length, maxLength - 9)).toMatch(/^_*$/);
        }
      }),
      { numRuns: 300 },
    );
  }, 60_000);
});
