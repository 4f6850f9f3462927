import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  detectPreviewDeployment,
  GITHUB_ACTIONS_ENV_VARS,
  MAX_EVENT_FILE_BYTES,
} from "../../src/index.js";
import { readEventPullRequestNumber } from "../../src/preview/github-actions.js";

const detect = (env: Record<string, string>) =>
  detectPreviewDeployment(env, { detectors: ["github_actions"] });
const pr = { GITHUB_ACTIONS: "true", GITHUB_EVENT_NAME: "pull_request" };

let dir: string;
const file = (name: string, content: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "dagster-rocky-gha-"));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("github_actions: GITHUB_ACTIONS=true and a pull_request(_target) event", () => {
  it("matches pull_request, number from GITHUB_REF", () => {
    expect(
      detect({
        ...pr,
        GITHUB_REF: "refs/pull/42/merge",
        GITHUB_HEAD_REF: "feat/x",
        GITHUB_SHA: "0123abc",
      }),
    ).toEqual({
      platform: "github_actions",
      prNumber: "42",
      branch: "feat/x",
      gitSha: "0123abc",
      deploymentName: null,
    });
  });
  it("matches pull_request_target (GITHUB_REF is the base branch: no number from it)", () => {
    const p = detect({
      GITHUB_ACTIONS: "true",
      GITHUB_EVENT_NAME: "pull_request_target",
      GITHUB_REF: "refs/pull/42/merge",
      GITHUB_HEAD_REF: "feat/x",
    });
    expect(p?.platform).toBe("github_actions");
    expect(p?.prNumber).toBeNull();
    expect(p?.branch).toBe("feat/x");
  });
  it.each([
    [{ ...pr, GITHUB_EVENT_NAME: "push", GITHUB_REF: "refs/heads/main" }],
    [{ ...pr, GITHUB_EVENT_NAME: "pull_request_review" }],
    [{ ...pr, GITHUB_EVENT_NAME: "merge_group" }],
    [{ ...pr, GITHUB_EVENT_NAME: "Pull_Request" }],
    [{ ...pr, GITHUB_EVENT_NAME: "" }],
    [{ ...pr, GITHUB_ACTIONS: "false" }],
    [{ ...pr, GITHUB_ACTIONS: "1" }],
    [{ GITHUB_EVENT_NAME: "pull_request", GITHUB_REF: "refs/pull/42/merge" }],
  ])("%j does not match", (env) => {
    expect(detect(env)).toBeNull();
  });
  it.each([
    "refs/pull/0/merge",
    "refs/pull/-1/merge",
    "refs/pull/42/head",
    "refs/heads/pull/42/merge",
    "refs/pull/4 2/merge",
    "refs/pull/٤٢/merge",
  ])("GITHUB_REF %j gives no number", (ref) => {
    expect(detect({ ...pr, GITHUB_REF: ref })?.prNumber).toBeNull();
  });
  it("exports the variable names", () => {
    expect(GITHUB_ACTIONS_ENV_VARS.EVENT_PATH).toBe("GITHUB_EVENT_PATH");
  });
});

describe("github_actions: the event file at GITHUB_EVENT_PATH gives pull_request.number", () => {
  it("valid file, pull_request_target", () => {
    const path = file(
      "valid.json",
      JSON.stringify({ action: "opened", pull_request: { number: 7 } }),
    );
    expect(
      detect({
        GITHUB_ACTIONS: "true",
        GITHUB_EVENT_NAME: "pull_request_target",
        GITHUB_EVENT_PATH: path,
      })?.prNumber,
    ).toBe("7");
  });
  it("valid file, pull_request without a usable GITHUB_REF", () => {
    const path = file("valid2.json", JSON.stringify({ number: 8, pull_request: { number: 8 } }));
    expect(detect({ ...pr, GITHUB_EVENT_PATH: path })?.prNumber).toBe("8");
  });
  it("GITHUB_REF wins over the file for pull_request", () => {
    const path = file("other.json", JSON.stringify({ pull_request: { number: 8 } }));
    expect(
      detect({ ...pr, GITHUB_REF: "refs/pull/9/merge", GITHUB_EVENT_PATH: path })?.prNumber,
    ).toBe("9");
  });
  it("missing file: still a preview, no number", () => {
    const p = detect({ ...pr, GITHUB_EVENT_PATH: join(dir, "nope.json") });
    expect(p?.platform).toBe("github_actions");
    expect(p?.prNumber).toBeNull();
  });
  it("a directory is not read", () => {
    expect(detect({ ...pr, GITHUB_EVENT_PATH: dir })?.prNumber).toBeNull();
  });
  it.each([
    ["malformed JSON", "{not json"],
    ["empty file", ""],
    ["JSON null", "null"],
    ["an array", "[1,2]"],
    ["no pull_request", JSON.stringify({ number: 5 })],
    ["pull_request not an object", JSON.stringify({ pull_request: 5 })],
    ["number missing", JSON.stringify({ pull_request: {} })],
    ["number zero", JSON.stringify({ pull_request: { number: 0 } })],
    ["number negative", JSON.stringify({ pull_request: { number: -3 } })],
    ["number fractional", JSON.stringify({ pull_request: { number: 1.5 } })],
    ["number a string", JSON.stringify({ pull_request: { number: "12" } })],
    ["number unsafe", '{"pull_request":{"number":1e300}}'],
  ])("%s gives no number and no error", (_label, content) => {
    const path = file(`bad-${_label.replace(/\W/g, "_")}.json`, content);
    expect(readEventPullRequestNumber(path)).toBeNull();
    const p = detect({ ...pr, GITHUB_EVENT_PATH: path });
    expect(p?.platform).toBe("github_actions");
    expect(p?.prNumber).toBeNull();
  });
  it(`a file over ${MAX_EVENT_FILE_BYTES} bytes is not parsed`, () => {
    const head = '{"pull_request":{"number":5},"pad":"';
    const tail = '"}';
    const big = head + "x".repeat(MAX_EVENT_FILE_BYTES - head.length - tail.length + 1) + tail;
    const path = file("big.json", big);
    expect(readEventPullRequestNumber(path)).toBeNull();
    const exact = head + "x".repeat(MAX_EVENT_FILE_BYTES - head.length - tail.length) + tail;
    expect(readEventPullRequestNumber(file("exact.json", exact))).toBe("5");
  });
});
