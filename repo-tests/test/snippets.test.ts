// Every shell snippet of every README and of `dagster-rocky --help`, run exactly as
// written under `bash -e`, outside and inside a Dagster+ pull-request deployment.
// The root README's new-project blocks install the published packages: consumer.test.ts runs
// them in a fresh folder against the packed tarballs.
// `rocky` is rocky-sim (the simulator) put on PATH under that name; `dagster-rocky` is
// this repository's CLI. A snippet that runs the whole test suite (`pnpm test`, the
// Quickstart) runs against recording stand-ins for pnpm and npm: running it for real
// here would recurse; .ci/run runs it for real.
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_PROJECT_TOML } from "../../packages/testing/dist/index.js";
import {
  helpSnippets,
  NEW_PROJECT_HEADING,
  ROOT,
  readmeSnippets,
  type Snippet,
} from "./snippets.js";

const PINNED_PNPM = (
  JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { packageManager: string }
).packageManager.replace(/^pnpm@/, "");
const CLI = join(ROOT, "packages/core/bin/dagster-rocky.js");
const ROCKY_SIM = join(ROOT, "packages/testing/bin/rocky-sim.js");

let sandbox = "";
beforeAll(() => {
  for (const built of ["packages/core/dist/cli.js", "packages/testing/dist/bin/rocky-sim.js"]) {
    expect(existsSync(join(ROOT, built)), `run \`pnpm run build\` first (${built})`).toBe(true);
  }
  sandbox = mkdtempSync(join(tmpdir(), "snippets-"));
});
afterAll(() => {
  if (sandbox) rmSync(sandbox, { recursive: true, force: true });
});

function freshDir(name: string): string {
  return mkdtempSync(join(sandbox, `${name}-`));
}

/** A snippet that runs the rocky CLI itself (rather than a program with its own simulator). */
const callsRocky = (snippet: Snippet) => /(^|[\s;&|($])rocky\s/m.test(snippet.text);

/**
 * A PATH dir holding `dagster-rocky` and, for a snippet that calls rocky itself, `rocky`
 * (rocky-sim). A fresh machine has no rocky: the examples then use their bundled simulator.
 */
function toolsDir(snippet?: Snippet): string {
  const bin = freshDir("bin");
  if (snippet === undefined || callsRocky(snippet)) symlinkSync(ROCKY_SIM, join(bin, "rocky"));
  symlinkSync(CLI, join(bin, "dagster-rocky"));
  return bin;
}

interface Invocation {
  t: string;
  argv?: string[];
}

/** A snippet that runs rocky runs where a user runs it: in a rocky project (a rocky.toml in the cwd). */
function cwdFor(snippet: Snippet): string {
  if (!callsRocky(snippet)) return ROOT;
  const project = freshDir("project");
  writeFileSync(join(project, "rocky.toml"), DEFAULT_PROJECT_TOML);
  return project;
}

function runSnippet(snippet: Snippet, env: Record<string, string>, path: string) {
  const file = join(freshDir("script"), "snippet.sh");
  writeFileSync(file, snippet.text);
  const log = join(dirname(file), "rocky-invocations.jsonl");
  const r = spawnSync("/bin/bash", ["-e", file], {
    cwd: cwdFor(snippet),
    env: { PATH: path, HOME: process.env.HOME ?? sandbox, ROCKY_SIM_LOG: log, ...env },
    encoding: "utf8",
    timeout: 170_000,
  });
  const rockyRuns = existsSync(log)
    ? readFileSync(log, "utf8")
        .split("\n")
        .filter((l) => l.startsWith("{"))
        .map((l) => JSON.parse(l) as Invocation)
        .filter((i) => i.t === "start" && i.argv?.[0] === "run")
    : [];
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, rockyRuns };
}

const OUTSIDE = {};
const DAGSTER_PR = { DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "1", DAGSTER_CLOUD_PULL_REQUEST_ID: "42" };

const help = spawnSync(process.execPath, [CLI, "--help"], { encoding: "utf8" }).stdout ?? "";
const all = [...readmeSnippets(), ...helpSnippets(help)];
const runsSuite = (s: Snippet) => /\bpnpm (run )?test\b/.test(s.text);
const newProject = (s: Snippet) =>
  s.where.startsWith("README.md:") && s.heading === NEW_PROJECT_HEADING;
const real = all.filter((s) => !runsSuite(s) && !newProject(s));
const suite = all.filter(runsSuite);

describe("the snippets are found", () => {
  it("in the READMEs and in dagster-rocky --help", () => {
    expect(help).toContain("Usage: dagster-rocky");
    expect(all.some((s) => s.where.startsWith("README.md"))).toBe(true);
    expect(all.some((s) => s.where.startsWith("packages/core/README.md"))).toBe(true);
    expect(all.some((s) => s.where.startsWith("examples/dagster-pipes/README.md"))).toBe(true);
    expect(all.some((s) => s.where.startsWith("dagster-rocky --help"))).toBe(true);
    expect(suite.some((s) => s.where.startsWith("README.md"))).toBe(true);
    // Left to consumer.test.ts, which runs them against the packed tarballs.
    expect(all.filter(newProject)).toHaveLength(2);
  });
});

describe("every shell snippet runs as written under bash -e, outside and inside a PR", () => {
  const nodeDir = dirname(process.execPath);
  it.each(real.map((s) => [s.where, s] as const))("%s", (_, snippet) => {
    const path = `${toolsDir(snippet)}:${nodeDir}:/usr/local/bin:/usr/bin:/bin`;
    for (const [label, env] of [
      ["outside a PR", OUTSIDE],
      ["in Dagster+ PR 42", DAGSTER_PR],
    ] as const) {
      const r = runSnippet(snippet, env, path);
      expect(r.status, `${label}: exit ${r.status}\n${r.stdout}\n${r.stderr}`).toBe(0);
      expect(r.stderr).not.toMatch(/command not found|No such file/);
      if (!/dagster-rocky suffix/.test(snippet.text)) continue;
      // A snippet that derives the suffix runs rocky in both cases: shadowed only in the PR.
      expect(r.rockyRuns.length, label).toBeGreaterThan(0);
      for (const run of r.rockyRuns) {
        const argv = run.argv ?? [];
        if (env === DAGSTER_PR)
          expect(argv).toEqual(
            expect.arrayContaining(["--shadow", "--shadow-suffix", "_dagster_pr_42"]),
          );
        else expect(argv).not.toContain("--shadow");
      }
    }
  });

  it("a suffix snippet aborts (non-zero) rather than run unshadowed when the preview is ambiguous", () => {
    const path = `${toolsDir()}:${nodeDir}:/usr/bin:/bin`;
    for (const snippet of real.filter((s) => /dagster-rocky suffix/.test(s.text))) {
      const r = runSnippet(snippet, { DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "yes" }, path);
      expect(r.status, snippet.where).not.toBe(0);
      expect(r.rockyRuns, snippet.where).toEqual([]);
    }
  });
});

describe("the Quickstart (runs the test suite): as written, against recording pnpm and npm", () => {
  /** A PATH of only node, a fake npm and (optionally) a fake pnpm printing `version`. */
  function fakes(version: string | null) {
    const bin = freshDir("fakes");
    const calls = join(bin, "calls.log");
    const fakePnpm = (v: string) =>
      `#!/bin/sh\necho "pnpm $*" >> "${calls}"\nif [ "$1" = "--version" ]; then echo "${v}"; fi\nexit 0\n`;
    writeFileSync(join(bin, "pnpm.pinned"), fakePnpm(PINNED_PNPM));
    if (version !== null) writeFileSync(join(bin, "pnpm"), fakePnpm(version));
    // `npm i -g pnpm@x` "installs" the pinned pnpm.
    writeFileSync(
      join(bin, "npm"),
      `#!/bin/sh\necho "npm $*" >> "${calls}"\n/bin/cp "${join(bin, "pnpm.pinned")}" "${join(bin, "pnpm")}"\n/bin/chmod +x "${join(bin, "pnpm")}"\n`,
    );
    for (const f of ["pnpm", "npm"]) if (existsSync(join(bin, f))) chmodSync(join(bin, f), 0o755);
    symlinkSync(process.execPath, join(bin, "node"));
    return {
      path: bin,
      calls: () => (existsSync(calls) ? readFileSync(calls, "utf8").trim().split("\n") : []),
    };
  }

  it.each(suite.map((s) => [s.where, s] as const))("%s is two commands", (_, snippet) => {
    expect(snippet.text.trim().split("\n")).toHaveLength(2);
  });

  it.each(suite.map((s) => [s.where, s] as const))(
    "%s: with the pinned pnpm present, npm is not called",
    (_, snippet) => {
      const f = fakes(PINNED_PNPM);
      const r = runSnippet(snippet, {}, f.path);
      expect(r.status, r.stderr).toBe(0);
      expect(f.calls()).toEqual([
        "pnpm --version",
        "pnpm install --frozen-lockfile",
        "pnpm start",
        "pnpm test",
      ]);
    },
  );

  it.each([
    ["another pnpm", "9.15.0"],
    ["no pnpm at all", null],
  ] as const)("with %s, the pinned one is installed once, then used", (_, version) => {
    const snippet = suite.find((s) => s.where.startsWith("README.md"));
    expect(snippet).toBeDefined();
    const f = fakes(version);
    const r = runSnippet(snippet as Snippet, {}, f.path);
    expect(r.status, r.stderr).toBe(0);
    const calls = f.calls();
    expect(calls.filter((c) => c.startsWith("npm"))).toEqual([`npm i -g pnpm@${PINNED_PNPM}`]);
    expect(calls.slice(-3)).toEqual(["pnpm install --frozen-lockfile", "pnpm start", "pnpm test"]);
  });

  it(".ci/run runs the Quickstart's setup and test commands", () => {
    const ci = readFileSync(join(ROOT, ".ci/run"), "utf8");
    const quickstart = suite.find((s) => s.where.startsWith("README.md"))?.text ?? "";
    const commands = quickstart
      .split(/\n|&&/)
      .map((c) => c.trim())
      .filter((c) => c !== "" && c !== "pnpm start");
    expect(commands.length).toBeGreaterThanOrEqual(3);
    for (const command of commands)
      expect(ci).toMatch(new RegExp(`^${command.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`, "m"));
  });
});
