import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  branchDeploymentFlag,
  branchDeploymentInfo,
  DAGSTER_CLOUD_ENV_VARS,
  ENV_DEPLOYMENT_NAME,
  ENV_GIT_BRANCH,
  ENV_GIT_REPO,
  ENV_GIT_SHA,
  ENV_GIT_TIMESTAMP,
  ENV_IS_BRANCH_DEPLOYMENT,
  ENV_LOCATION_NAME,
  ENV_PR_NUMBER,
  ENV_PR_STATUS,
  isBranchDeployment,
} from "../src/index.js";
import { Tally } from "./arbitraries.js";

describe("env-var constants name the Dagster+ variables", () => {
  it.each([
    [ENV_IS_BRANCH_DEPLOYMENT, "DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT"],
    [ENV_DEPLOYMENT_NAME, "DAGSTER_CLOUD_DEPLOYMENT_NAME"],
    [ENV_PR_NUMBER, "DAGSTER_CLOUD_PULL_REQUEST_ID"],
    [ENV_GIT_SHA, "DAGSTER_CLOUD_GIT_SHA"],
    [ENV_GIT_BRANCH, "DAGSTER_CLOUD_GIT_BRANCH"],
    [ENV_GIT_REPO, "DAGSTER_CLOUD_GIT_REPO"],
    [ENV_PR_STATUS, "DAGSTER_CLOUD_PULL_REQUEST_STATUS"],
    [ENV_GIT_TIMESTAMP, "DAGSTER_CLOUD_GIT_TIMESTAMP"],
    [ENV_LOCATION_NAME, "DAGSTER_CLOUD_LOCATION_NAME"],
  ])("%s", (constant, name) => {
    expect(constant).toBe(name);
    expect(DAGSTER_CLOUD_ENV_VARS).toContain(name);
  });
});

describe("branchDeploymentFlag: branch, full, unset, or unrecognised (cannot tell)", () => {
  it.each(["1", "true", "TRUE", " 1 ", "\ttrue\n"])("%j is a branch deployment", (v) => {
    expect(branchDeploymentFlag({ [ENV_IS_BRANCH_DEPLOYMENT]: v })).toBe("branch");
  });
  it.each(["0", "false", "FALSE", " 0 ", "False\n"])("%j is a full deployment", (v) => {
    expect(branchDeploymentFlag({ [ENV_IS_BRANCH_DEPLOYMENT]: v })).toBe("full");
  });
  it("absent or empty is unset", () => {
    expect(branchDeploymentFlag({})).toBe("unset");
    expect(branchDeploymentFlag({ [ENV_IS_BRANCH_DEPLOYMENT]: "" })).toBe("unset");
    expect(branchDeploymentFlag({ [ENV_IS_BRANCH_DEPLOYMENT]: undefined })).toBe("unset");
  });
  it.each(["yes", "on", "2", "01", "1.0", " ", "\t", "tru e", "\uFF11", "no"])(
    "%j is unrecognised (present, non-empty, neither 1/true nor 0/false)",
    (v) => {
      expect(branchDeploymentFlag({ [ENV_IS_BRANCH_DEPLOYMENT]: v })).toBe("unrecognised");
      // The boolean contract is unchanged: only "branch" is true.
      expect(isBranchDeployment({ [ENV_IS_BRANCH_DEPLOYMENT]: v })).toBe(false);
    },
  );
  it("a non-string value from an untyped caller is unrecognised, never a branch", () => {
    const env = { [ENV_IS_BRANCH_DEPLOYMENT]: 1 } as unknown as Record<string, string>;
    expect(branchDeploymentFlag(env)).toBe("unrecognised");
    expect(isBranchDeployment(env)).toBe(false);
  });
  it("isBranchDeployment is exactly flag === 'branch' for any string", () => {
    fc.assert(
      fc.property(fc.string(), (v) => {
        const env = { [ENV_IS_BRANCH_DEPLOYMENT]: v };
        expect(isBranchDeployment(env)).toBe(branchDeploymentFlag(env) === "branch");
      }),
    );
  });
});

describe("isBranchDeployment: true exactly for trimmed '1' or case-insensitive 'true'", () => {
  it.each(["1", "true", "TRUE", "True", " 1 ", "\ttrue\n", " TrUe"])(
    "%j is a branch deployment",
    (v) => {
      expect(isBranchDeployment({ [ENV_IS_BRANCH_DEPLOYMENT]: v })).toBe(true);
    },
  );
  it.each(["0", "false", "", " ", "yes", "on", "2", "01", "1.0", "t", "truee", "１", "tru e"])(
    "%j is not",
    (v) => {
      expect(isBranchDeployment({ [ENV_IS_BRANCH_DEPLOYMENT]: v })).toBe(false);
    },
  );
  it("unset is not", () => {
    expect(isBranchDeployment({})).toBe(false);
  });
  it("defaults to process.env, read at call time", () => {
    const before = process.env[ENV_IS_BRANCH_DEPLOYMENT];
    try {
      process.env[ENV_IS_BRANCH_DEPLOYMENT] = "1";
      expect(isBranchDeployment()).toBe(true);
      process.env[ENV_IS_BRANCH_DEPLOYMENT] = "0";
      expect(isBranchDeployment()).toBe(false);
    } finally {
      if (before === undefined) delete process.env[ENV_IS_BRANCH_DEPLOYMENT];
      else process.env[ENV_IS_BRANCH_DEPLOYMENT] = before;
    }
  });
  it("never throws and is false whenever the value is not 1/true", () => {
    // Half the values are "1"/"true" in some case and padding, so both answers run often.
    const whitespace = fc.constantFrom("", " ", "\t", "\n", " \r\n");
    const truthy = fc
      .tuple(whitespace, fc.constantFrom("1", "true", "TRUE", "True", "tRuE"), whitespace)
      .map(([a, v, b]) => a + v + b);
    const nearMiss = fc.constantFrom(
      "0",
      "false",
      "yes",
      "11",
      "1.0",
      "t rue",
      "tru\u0435", // Cyrillic е
      "\uFF54rue", // fullwidth t
      "\uFF11", // fullwidth 1
      "\u0661", // Arabic-Indic 1
      "1\u0000",
    );
    const tally = new Tally(["true", "false"]);
    fc.assert(
      fc.property(
        fc.oneof(truthy, nearMiss, fc.option(fc.string({ unit: "binary" }), { nil: undefined })),
        (v) => {
          const result = isBranchDeployment({ [ENV_IS_BRANCH_DEPLOYMENT]: v });
          const t = v?.trim().toLowerCase();
          expect(result).toBe(t === "1" || t === "true");
          tally.hit(result ? "true" : "false");
        },
      ),
      { numRuns: 2000 },
    );
    tally.expectAtLeast(200);
  });
});

describe("branchDeploymentInfo: a frozen snapshot, unset or empty is null", () => {
  const full = {
    [ENV_IS_BRANCH_DEPLOYMENT]: "1",
    [ENV_DEPLOYMENT_NAME]: "feature-x",
    [ENV_PR_NUMBER]: "42",
    [ENV_GIT_SHA]: "abc123",
    [ENV_GIT_BRANCH]: "feature/x",
    [ENV_GIT_REPO]: "acme/data",
    [ENV_PR_STATUS]: "OPEN",
    [ENV_GIT_TIMESTAMP]: "1700000000",
    [ENV_LOCATION_NAME]: "analytics",
  };

  it("reads every variable", () => {
    expect(branchDeploymentInfo(full)).toEqual({
      isBranchDeployment: true,
      deploymentName: "feature-x",
      prNumber: "42",
      gitSha: "abc123",
      gitBranch: "feature/x",
      gitRepo: "acme/data",
      pullRequestStatus: "OPEN",
      gitTimestamp: 1700000000,
      locationName: "analytics",
    });
  });
  it("is frozen", () => {
    const info = branchDeploymentInfo(full);
    expect(Object.isFrozen(info)).toBe(true);
  });
  it("unset and empty values are null, not undefined or ''", () => {
    const empty = Object.fromEntries(DAGSTER_CLOUD_ENV_VARS.map((k) => [k, ""]));
    for (const env of [{}, empty]) {
      const info = branchDeploymentInfo(env);
      expect(info).toEqual({
        isBranchDeployment: false,
        deploymentName: null,
        prNumber: null,
        gitSha: null,
        gitBranch: null,
        gitRepo: null,
        pullRequestStatus: null,
        gitTimestamp: null,
        locationName: null,
      });
    }
  });
  it("keeps unknown pull-request statuses as given", () => {
    expect(branchDeploymentInfo({ [ENV_PR_STATUS]: "DRAFT" }).pullRequestStatus).toBe("DRAFT");
    expect(branchDeploymentInfo({ [ENV_PR_STATUS]: "MERGED" }).pullRequestStatus).toBe("MERGED");
  });
  it("keeps the PR id as given, even when it is not a valid number", () => {
    expect(branchDeploymentInfo({ [ENV_PR_NUMBER]: " 42" }).prNumber).toBe(" 42");
  });
  it("parses the git timestamp as Unix seconds, null when not a whole number", () => {
    expect(branchDeploymentInfo({ [ENV_GIT_TIMESTAMP]: "12" }).gitTimestamp).toBe(12);
    expect(branchDeploymentInfo({ [ENV_GIT_TIMESTAMP]: "1.5" }).gitTimestamp).toBeNull();
    expect(branchDeploymentInfo({ [ENV_GIT_TIMESTAMP]: "soon" }).gitTimestamp).toBeNull();
  });
  it("reads process.env at call time, not import time", () => {
    const before = process.env[ENV_DEPLOYMENT_NAME];
    try {
      process.env[ENV_DEPLOYMENT_NAME] = "late-set";
      expect(branchDeploymentInfo().deploymentName).toBe("late-set");
    } finally {
      if (before === undefined) delete process.env[ENV_DEPLOYMENT_NAME];
      else process.env[ENV_DEPLOYMENT_NAME] = before;
    }
  });
});
