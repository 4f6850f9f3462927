// Runs one corpus case on both sides, each in its own copy of the project, with the same small
// environment (a fresh HOME holding a git identity, no API keys, no Dagster variables).
import { spawn } from "node:child_process";
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { firstStderrLine, normalise, shapeDiff, stdoutDoc, valueDiff } from "./compare.js";
import { type Case, caseId } from "./corpus.js";

export interface Outcome {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The command that runs one side: `[executable, ...leading args]`. */
export type Side = readonly [string, ...string[]];

const TIMEOUT_MS = 120_000;

function exec(
  side: Side,
  argv: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const [cmd, ...lead] = side;
    const child = spawn(cmd, [...lead, ...argv], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    const timer = setTimeout(() => child.kill("SIGKILL"), TIMEOUT_MS);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({
        code,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
      });
    });
  });
}

/** The environment both sides run with. */
export function caseEnv(home: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: home,
    LANG: "C.UTF-8",
    RUST_BACKTRACE: "0",
    GIT_CONFIG_NOSYSTEM: "1",
  };
}

/** A HOME with a git identity (rocky's approvals read `git config user.email`). */
export function makeHome(dir: string): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, ".gitconfig"), "[user]\n\temail = sim@example.com\n\tname = Sim\n");
  return dir;
}

const planIdOf = (stdout: string): string => {
  try {
    const id = (JSON.parse(stdout) as { plan_id?: unknown }).plan_id;
    return typeof id === "string" ? id : "";
  } catch {
    return "";
  }
};

/** Runs the case on one side in `copy` (a fresh copy of `template`). */
export async function runOn(
  side: Side,
  c: Case,
  template: string,
  copy: string,
  env: NodeJS.ProcessEnv,
): Promise<Outcome> {
  cpSync(template, copy, { recursive: true });
  for (const [path, text] of Object.entries(c.files ?? {})) {
    mkdirSync(dirname(join(copy, path)), { recursive: true });
    writeFileSync(join(copy, path), text);
  }
  let planId = "";
  for (const step of c.setup ?? []) {
    const r = await exec(side, step, copy, env);
    if (r.code !== 0) {
      throw new Error(
        `${caseId(c)}: setup \`${step.join(" ")}\` exited ${r.code}: ${r.stderr.slice(-400)}`,
      );
    }
    planId = planIdOf(r.stdout) || planId;
  }
  const argv = c.argv.map((a) => a.replace("{plan_id}", planId));
  return exec(side, c.raw === true ? argv : ["--output", "json", ...argv], copy, env);
}

/** The differences of one case, by aspect (`exit`, `stdout`, `stderr`); empty when none. */
export function differences(
  engine: Outcome,
  sim: Outcome,
  engineDir: string,
  simDir: string,
): Map<string, string> {
  const out = new Map<string, string>();
  if (engine.code !== sim.code) out.set("exit", `engine ${engine.code}, sim ${sim.code}`);
  const e = stdoutDoc(engine.stdout);
  const s = stdoutDoc(sim.stdout);
  const stdout = [...shapeDiff(e, s), ...valueDiff(e, s)];
  if (stdout.length > 0) out.set("stdout", stdout.join("; "));
  const el = firstStderrLine(engine.stderr, engineDir);
  const sl = firstStderrLine(sim.stderr, simDir);
  if (el !== sl) {
    out.set("stderr", `engine ${JSON.stringify(el)}, sim ${JSON.stringify(sl)}`);
  }
  return out;
}

export { normalise };
