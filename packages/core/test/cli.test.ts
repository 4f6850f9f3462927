// Runs the real executable: `node packages/core/dist/cli.js ...`, after building the package.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const repoRoot = resolve(packageDir, "../..");
const cli = join(packageDir, "dist/cli.js");
const version = (
  JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as { version: string }
).version;

/** A clean environment: no inherited CI variables can leak into detection. */
const baseEnv = { PATH: process.env.PATH ?? "" };

function run(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [cli, ...args], {
    env: { ...baseEnv, ...env },
    encoding: "utf8",
    timeout: 20_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  const build = spawnSync(
    process.execPath,
    [join(repoRoot, "node_modules/typescript/bin/tsc"), "-b", "packages/core"],
    { cwd: repoRoot, encoding: "utf8", timeout: 120_000 },
  );
  if (build.status !== 0) throw new Error(`build failed:\n${build.stdout}${build.stderr}`);
}, 130_000);

const dagsterPr = { DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "1", DAGSTER_CLOUD_PULL_REQUEST_ID: "42" };

describe("cli: info prints the detection as JSON", () => {
  it("with a preview", () => {
    const r = run(["info"], { ...dagsterPr, DAGSTER_CLOUD_GIT_SHA: "abc" });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toEqual({
      preview: {
        platform: "dagster_plus",
        prNumber: "42",
        branch: null,
        gitSha: "abc",
        deploymentName: null,
      },
      suffix: "_dagster_pr_42",
    });
  });
  it("without a preview", () => {
    const r = run(["info"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ preview: null, suffix: null });
  });
  it("with --detectors (both spellings)", () => {
    const env = {
      GITLAB_CI: "true",
      CI_PIPELINE_SOURCE: "merge_request_event",
      CI_MERGE_REQUEST_IID: "9",
    };
    for (const args of [
      ["info", "--detectors", "gitlab"],
      ["info", "--detectors=dagster_plus,gitlab"],
    ]) {
      const r = run(args, env);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).suffix).toBe("_gitlab_mr_9");
    }
  });
});

describe("cli: suffix prints the suffix and a newline, or nothing", () => {
  it("with a preview", () => {
    const r = run(["suffix"], dagsterPr);
    expect(r).toEqual({ code: 0, stdout: "_dagster_pr_42\n", stderr: "" });
  });
  it("without a preview: nothing, exit 0", () => {
    expect(run(["suffix"])).toEqual({ code: 0, stdout: "", stderr: "" });
  });
  it("default detectors ignore other platforms", () => {
    expect(run(["suffix"], { CONTEXT: "deploy-preview", REVIEW_ID: "3" }).stdout).toBe("");
    expect(
      run(["suffix", "--detectors", "netlify"], { CONTEXT: "deploy-preview", REVIEW_ID: "3" })
        .stdout,
    ).toBe("_netlify_pr_3\n");
  });
  it("--max-length (both spellings) cuts and hashes", () => {
    const env = {
      DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "1",
      DAGSTER_CLOUD_DEPLOYMENT_NAME: "a-long-deployment-name",
    };
    const a = run(["suffix", "--max-length", "20"], env);
    const b = run(["suffix", "--max-length=20"], env);
    expect(a.code).toBe(0);
    expect(a.stdout).toMatch(/^_dagster_a_[0-9a-f]{8}\n$/);
    expect(b.stdout).toBe(a.stdout);
  });
  it("composes in shell", () => {
    const script =
      's="$(node "$CLI" suffix)"; if [ -n "$s" ]; then echo "run:$s"; else echo skip; fi';
    const sh = (env: Record<string, string>) =>
      spawnSync("sh", ["-c", script], { env: { ...baseEnv, CLI: cli, ...env }, encoding: "utf8" })
        .stdout;
    expect(sh(dagsterPr)).toBe("run:_dagster_pr_42\n");
    expect(sh({})).toBe("skip\n");
  });
});

describe("cli: --help, -h and --version", () => {
  it.each([["--help"], ["-h"], ["suffix", "--help"]])("%s prints usage, exit 0", (...args) => {
    const r = run(args);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Usage: dagster-rocky <command> [options]");
    expect(r.stdout).toContain("--detectors");
    expect(r.stdout).toContain("--max-length");
  });
  it("--version prints the package version", () => {
    expect(run(["--version"])).toEqual({ code: 0, stdout: `${version}\n`, stderr: "" });
  });
});

describe("cli: usage errors exit 2 with a message on stderr and nothing on stdout", () => {
  it.each([
    [[], "missing command"],
    [["frobnicate"], "unknown command"],
    [["suffix", "extra"], "unexpected argument"],
    [["suffix", "--bogus"], "--bogus"],
    [["suffix", "-x"], "-x"],
    [["suffix", "--detectors"], "--detectors"],
    [["suffix", "--detectors", "nope"], 'unknown detector "nope"'],
    [["suffix", "--detectors=gitlab,,vercel"], "empty detector name"],
    [["info", "--detectors", "GitLab"], "known detectors: dagster_plus, github_actions"],
    [["suffix", "--max-length", "8"], "--max-length"],
    [["suffix", "--max-length=abc"], "--max-length"],
    [["suffix", "--max-length", "-5"], "--max-length"],
    [["suffix", "--max-length=12.5"], "--max-length"],
    [["suffix", "--max-length="], "--max-length"],
    [["suffix", "--version=1"], "--version"],
    [["suffix", "--require=yes"], "--require takes no value"],
  ])("%j", (args, message) => {
    const r = run(args, dagsterPr);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("dagster-rocky:");
    expect(r.stderr).toContain(message);
  });
});

describe("cli: usage errors are in our own words, with the nearest known name", () => {
  it.each([
    [["suffix", "--detector", "x"], 'unknown option "--detector"; did you mean --detectors?'],
    [["suffix", "--max-lenght=20"], 'unknown option "--max-lenght"; did you mean --max-length?'],
    [["suffix", "--requir"], 'unknown option "--requir"; did you mean --require?'],
    [["sufix"], 'unknown command "sufix" (expected info, suffix, help); did you mean suffix?'],
    [["suffix", "--detectors"], "--detectors needs a value, e.g. --detectors dagster_plus"],
    [["suffix", "--max-length"], "--max-length needs a value"],
  ])("%j", (args, message) => {
    const r = run(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(`dagster-rocky: ${message}`);
    // Node's parseArgs wording (its API's vocabulary) never reaches the user.
    expect(r.stderr).not.toMatch(/parseArgs|strict:|ERR_PARSE_ARGS|To specify an option argument/);
  });
});

describe("cli: help is a command too", () => {
  it.each([["help"], ["help", "suffix"]])("%j prints usage, exit 0", (...args) => {
    const r = run(args);
    expect(r).toEqual({ code: 0, stdout: run(["--help"]).stdout, stderr: "" });
    expect(r.stdout).toContain("Usage: dagster-rocky <command> [options]");
  });
});

describe("cli: --require fails closed when a preview may be in force without a usable suffix", () => {
  it("prints the suffix in a preview", () => {
    expect(run(["suffix", "--require"], dagsterPr)).toEqual({
      code: 0,
      stdout: "_dagster_pr_42\n",
      stderr: "",
    });
  });
  it.each([
    {},
    { DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "0" },
    { DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "" },
  ])("prints nothing, exit 0, outside a preview (%j)", (env) => {
    expect(run(["suffix", "--require"], env)).toEqual({ code: 0, stdout: "", stderr: "" });
  });
  it.each(["yes", "2", "on", "tru"])(
    "exits 3 with nothing on stdout when DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT=%j is ambiguous",
    (flag) => {
      const r = run(["suffix", "--require"], { DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: flag });
      expect(r.code).toBe(3);
      expect(r.stdout).toBe("");
      expect(r.stderr).toContain("DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT");
      expect(r.stderr).toContain("refusing to guess");
      // Without --require the ambiguous value is simply not a branch deployment.
      expect(run(["suffix"], { DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: flag }).code).toBe(0);
    },
  );
  it("applies to info as well", () => {
    expect(run(["info", "--require"], { DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "yes" }).code).toBe(3);
  });
  it("aborts a bash -e script at the assignment, so rocky never runs unshadowed", () => {
    const script =
      'set -e; s="$(node "$CLI" suffix --require)"; if [ -n "$s" ]; then echo "shadow:$s"; else echo production; fi';
    const sh = (env: Record<string, string>) =>
      spawnSync("bash", ["-c", script], {
        env: { ...baseEnv, CLI: cli, ...env },
        encoding: "utf8",
      });
    expect(sh(dagsterPr)).toMatchObject({ status: 0, stdout: "shadow:_dagster_pr_42\n" });
    expect(sh({})).toMatchObject({ status: 0, stdout: "production\n" });
    expect(sh({ DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "yes" })).toMatchObject({
      status: 3,
      stdout: "",
    });
  });
});
