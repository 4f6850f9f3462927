// runCli in-process (cli.test.ts runs the built executable): the same rules, reachable by
// mutation testing, which does not mutate dist/.
import { describe, expect, it } from "vitest";
import { HELP, NO_SUFFIX, requireProblem, runCli, USAGE_ERROR } from "../src/cli-run.js";

const PR = { DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "1", DAGSTER_CLOUD_PULL_REQUEST_ID: "42" };
const cli = (args: string[], env: Record<string, string> = {}) => runCli(args, env, "9.8.7");

const usage = (args: string[], message: string) => {
  const r = cli(args);
  expect(r).toEqual({
    code: USAGE_ERROR,
    stdout: "",
    stderr: `dagster-rocky: ${message}\nTry 'dagster-rocky --help'.\n`,
  });
};

describe("runCli: help and version", () => {
  it.each([["--help"], ["-h"], ["info", "--help"], ["--help", "--version"]])(
    "%j prints the help",
    (...args) => {
      expect(cli(args)).toEqual({ code: 0, stdout: HELP, stderr: "" });
    },
  );
  it("--version prints the version given", () => {
    expect(cli(["--version"])).toEqual({ code: 0, stdout: "9.8.7\n", stderr: "" });
  });
  it("the help names every detector and both commands", () => {
    expect(HELP).toMatch(/dagster_plus, github_actions, gitlab, vercel, netlify, render, heroku/);
    expect(HELP).toMatch(/^ {2}info /m);
    expect(HELP).toMatch(/^ {2}suffix /m);
  });
});

describe("runCli: commands", () => {
  it("suffix prints the suffix and a newline", () => {
    expect(cli(["suffix"], PR)).toEqual({ code: 0, stdout: "_dagster_pr_42\n", stderr: "" });
  });
  it("suffix prints nothing, exit 0, without a preview", () => {
    expect(cli(["suffix"])).toEqual({ code: 0, stdout: "", stderr: "" });
  });
  it("info prints the detection as indented JSON and a newline", () => {
    const r = cli(["info"], PR);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const body = {
      preview: {
        platform: "dagster_plus",
        prNumber: "42",
        branch: null,
        gitSha: null,
        deploymentName: null,
      },
      suffix: "_dagster_pr_42",
    };
    expect(r.stdout).toBe(`${JSON.stringify(body, null, 2)}\n`);
  });
  it("info without a preview", () => {
    expect(cli(["info"]).stdout).toBe(
      `${JSON.stringify({ preview: null, suffix: null }, null, 2)}\n`,
    );
  });
  it("--detectors picks detectors in order, names trimmed", () => {
    const env = { ...PR, VERCEL_ENV: "preview", VERCEL_GIT_PULL_REQUEST_ID: "7" };
    expect(cli(["suffix", "--detectors", " vercel , dagster_plus"], env).stdout).toBe(
      "_vercel_pr_7\n",
    );
    expect(cli(["suffix", "--detectors=dagster_plus,vercel"], env).stdout).toBe("_dagster_pr_42\n");
    expect(cli(["suffix"], { VERCEL_ENV: "preview", VERCEL_GIT_PULL_REQUEST_ID: "7" }).stdout).toBe(
      "",
    );
  });
  it("--max-length cuts and hashes", () => {
    const env = {
      DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "1",
      DAGSTER_CLOUD_DEPLOYMENT_NAME: "a".repeat(40),
    };
    const r = cli(["suffix", "--max-length", "20"], env);
    expect(r.stdout).toMatch(/^_dagster_a+_[0-9a-f]{8}\n$/);
    expect(r.stdout).toHaveLength(21);
    expect(cli(["suffix", "--max-length=9"], PR).stdout).toHaveLength(10);
    expect(cli(["suffix", "--max-length=80"], PR).stdout).toBe("_dagster_pr_42\n");
  });
});

describe("runCli: usage errors are exit 2 with one message on stderr", () => {
  it("no command", () => usage([], "missing command (info, suffix or help)"));
  it("an unknown command", () =>
    usage(["show"], 'unknown command "show" (expected info, suffix, help)'));
  it("an extra argument", () => usage(["info", "x", "y"], 'unexpected argument "x"'));
  it("an unknown flag", () => {
    const r = cli(["info", "--nope"]);
    expect(r.code).toBe(USAGE_ERROR);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^dagster-rocky: .*--nope.*\nTry 'dagster-rocky --help'\.\n$/s);
  });
  it("an empty detector name", () =>
    usage(["info", "--detectors", "vercel,"], '--detectors: empty detector name in "vercel,"'));
  it("an unknown detector", () =>
    usage(
      ["info", "--detectors", "vercel,travis"],
      '--detectors: unknown detector "travis"; known detectors: dagster_plus, github_actions, gitlab, vercel, netlify, render, heroku',
    ));
  it.each(["abc", "-5", "9.5", " 9", "1e2", ""])("--max-length %j is not an integer", (v) =>
    usage(
      ["info", `--max-length=${v}`],
      `--max-length must be an integer >= 9; got ${JSON.stringify(v)}`,
    ),
  );
  it("--max-length below 9", () => {
    const r = cli(["info", "--max-length=8"]);
    expect(r.code).toBe(USAGE_ERROR);
    expect(r.stderr).toMatch(/^dagster-rocky: --max-length: .+\nTry/);
  });
  it("errors other than usage errors are not swallowed", () => {
    expect(() => runCli(["info"], null as never, "1")).toThrow(TypeError);
  });
});

describe("runCli: --require fails closed (exit 3) instead of printing nothing", () => {
  const refused = (args: string[], env: Record<string, string>, problem: string) =>
    expect(cli(args, env)).toEqual({
      code: NO_SUFFIX,
      stdout: "",
      stderr: `dagster-rocky: --require: ${problem}\n`,
    });
  const ambiguous = (raw: string) =>
    `DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT=${JSON.stringify(raw)} is neither a branch deployment ("1" or "true") nor a full one ("0" or "false"); refusing to guess`;

  it("a preview with a suffix prints it, as without --require", () => {
    expect(cli(["suffix", "--require"], PR)).toEqual({
      code: 0,
      stdout: "_dagster_pr_42\n",
      stderr: "",
    });
    expect(cli(["info", "--require"], PR).stdout).toBe(cli(["info"], PR).stdout);
  });
  it.each(["", "0", "false", " FALSE ", "False"])(
    "a full deployment (%j) is no preview: empty output, exit 0",
    (raw) => {
      expect(cli(["suffix", "--require"], { DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: raw })).toEqual({
        code: 0,
        stdout: "",
        stderr: "",
      });
    },
  );
  it("no Dagster+ variable at all: exit 0", () => {
    expect(cli(["suffix", "--require"], {})).toEqual({ code: 0, stdout: "", stderr: "" });
  });
  it.each(["maybe", "yes", "2", "on", " ", "\t"])(
    "an unclear Dagster+ flag (%j) is refused",
    (raw) => {
      refused(["suffix", "--require"], { DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: raw }, ambiguous(raw));
      refused(["info", "--require"], { DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: raw }, ambiguous(raw));
    },
  );
  it("without --require an unclear flag is no preview (exit 0, nothing printed)", () => {
    expect(cli(["suffix"], { DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "maybe" })).toEqual({
      code: 0,
      stdout: "",
      stderr: "",
    });
  });
  it("the Dagster+ flag is judged only when dagster_plus is among the detectors", () => {
    const env = { DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "maybe" };
    expect(cli(["suffix", "--require", "--detectors", "vercel"], env)).toEqual({
      code: 0,
      stdout: "",
      stderr: "",
    });
    refused(["suffix", "--require", "--detectors", "vercel,dagster_plus"], env, ambiguous("maybe"));
  });
  it("the refusal rule itself: a detected preview needs a suffix that is an identifier", () => {
    const noSuffix = "a preview deployment was detected but no valid shadow suffix could be formed";
    expect(requireProblem({}, ["dagster_plus"], true, null)).toBe(noSuffix);
    expect(requireProblem({}, ["dagster_plus"], true, "_bad-suffix")).toBe(noSuffix);
    expect(requireProblem({}, ["dagster_plus"], true, "_dagster_pr_1")).toBeNull();
    // A detected preview is judged by its suffix alone, whatever the flag says.
    expect(
      requireProblem({ DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "maybe" }, ["dagster_plus"], true, "_x"),
    ).toBeNull();
    // A non-string flag (an untyped caller) cannot tell either: refused, never production.
    expect(
      requireProblem(
        { DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: 1 as never },
        ["dagster_plus"],
        false,
        null,
      ),
    ).toMatch(/refusing to guess/);
  });
});

describe("runCli: parsing details", () => {
  it("the help command prints the help", () => {
    expect(cli(["help"])).toEqual({ code: 0, stdout: HELP, stderr: "" });
  });
  it("-- ends the options; what follows is positional", () => {
    expect(cli(["--", "suffix"], PR)).toEqual({ code: 0, stdout: "_dagster_pr_42\n", stderr: "" });
    usage(["suffix", "--", "--require"], 'unexpected argument "--require"');
  });
  it("a string option without a value names an example", () => {
    usage(
      ["suffix", "--detectors"],
      "--detectors needs a value, e.g. --detectors dagster_plus,github_actions",
    );
    usage(["suffix", "--max-length"], "--max-length needs a value, e.g. --max-length 63");
  });
  it("a flag given a value is refused", () => {
    usage(["suffix", "--require=yes"], '--require takes no value; got "yes"');
    usage(["suffix", "--version=1"], '--version takes no value; got "1"');
  });
  it("an unknown option gets the nearest known one, or nothing when none is near", () => {
    usage(["suffix", "--requir"], 'unknown option "--requir"; did you mean --require?');
    usage(
      ["suffix", "--max-lenght=9"],
      'unknown option "--max-lenght"; did you mean --max-length?',
    );
    usage(["suffix", "--zzzzzzzz"], 'unknown option "--zzzzzzzz"');
    usage(["suffix", "-x"], 'unknown option "-x"');
  });
  it("an unknown command gets the nearest command", () => {
    usage(["sufix"], 'unknown command "sufix" (expected info, suffix, help); did you mean suffix?');
  });
});
