// rocky-sim against the real rocky, argv list by argv list: the same corpus run on identical
// project copies, comparing the exit code, the shape of stdout's JSON (and a few of its values)
// and the first significant stderr line. Any difference must be listed, with its reason and the
// engine source, in docs/sim-vs-engine.md; a listed difference that no longer occurs fails too.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { simulatorBinPath } from "@dagster-rocky/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CORPUS, caseId } from "./differential/corpus.js";
import { ASPECTS, readListed } from "./differential/listed.js";
import { buildProjects, type ProjectName } from "./differential/projects.js";
import { caseEnv, differences, makeHome, runOn, type Side } from "./differential/run.js";

const ROCKY_BIN = process.env.ROCKY_BIN;
if (ROCKY_BIN === undefined || ROCKY_BIN === "") {
  throw new Error(
    "the differential suite needs ROCKY_BIN=/path/to/rocky (a real rocky engine; see docs/real-engine.md)",
  );
}
const ENGINE: Side = [ROCKY_BIN];
const SIM: Side = [process.execPath, simulatorBinPath()];
const DOC = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "docs", "sim-vs-engine.md");

const listed = readListed(DOC);
const listedKey = (id: string, aspect: string) => `${id}\u0000${aspect}`;
const listedKeys = new Set(listed.map((l) => listedKey(l.caseId, l.aspect)));
/** The differences seen, by case id and aspect. */
const seen = new Map<string, string>();
const ran = new Set<string>();

let root = "";
let projects: Record<ProjectName, string>;
let env: NodeJS.ProcessEnv;
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "rocky-differential-"));
  projects = await buildProjects(join(root, "projects"), ROCKY_BIN);
  env = caseEnv(makeHome(join(root, "home")));
});
afterAll(() => {
  // ROCKY_DIFF_REPORT=<file>: every difference seen, one JSON line each (for writing the list).
  const report = process.env.ROCKY_DIFF_REPORT;
  if (report !== undefined && report !== "") {
    const lines = [...seen].map(([k, detail]) => {
      const [id, aspect] = k.split("\u0000");
      return JSON.stringify({ case: id, aspect, detail });
    });
    writeFileSync(report, lines.length === 0 ? "" : `${lines.join("\n")}\n`);
  }
  if (root !== "") rmSync(root, { recursive: true, force: true });
});

describe("the corpus", () => {
  it("has at least 100 argv lists, each id once", () => {
    const ids = CORPUS.map(caseId);
    expect(ids.length).toBeGreaterThanOrEqual(100);
    expect(new Set(ids).size).toBe(ids.length);
  });
  it("runs every verb rocky-sim lists in its help", () => {
    const help = execFileSync(SIM[0], [...SIM.slice(1), "--help"], { encoding: "utf8" });
    const verbs = help
      .slice(help.indexOf("Commands:"), help.indexOf("Options:"))
      .split("\n")
      .slice(1)
      .map((l) => l.trim().split(/\s+/)[0])
      .filter((v): v is string => v !== undefined && v !== "");
    expect(verbs.length).toBeGreaterThan(20);
    const used = new Set(CORPUS.flatMap((c) => c.argv.filter((a) => verbs.includes(a))));
    // serve runs until killed: engine-tests' serve suite covers it against rocky.
    expect(verbs.filter((v) => !used.has(v) && v !== "serve")).toEqual([]);
  });
  it("runs each pipeline type: replication, transformation, quality, load, snapshot", () => {
    const shapes = new Set(CORPUS.map((c) => c.project));
    for (const p of ["replication", "transformation", "quality", "load", "snapshot"] as const) {
      expect(shapes.has(p)).toBe(true);
    }
  });
});

describe("docs/sim-vs-engine.md lists each difference once, with a reason and the engine source", () => {
  it("has its table", () => {
    expect(Array.isArray(listed)).toBe(true);
  });
  it.each(listed.map((l) => [`${l.caseId} [${l.aspect}]`, l] as const))("%s", (_name, l) => {
    expect(CORPUS.map(caseId), `line ${l.line}: no such corpus case`).toContain(l.caseId);
    expect(ASPECTS as readonly string[], `line ${l.line}: aspect`).toContain(l.aspect);
    expect(l.why.length, `line ${l.line}: reason`).toBeGreaterThan(20);
    expect(l.source, `line ${l.line}: engine source`).toMatch(/\.rs\b/);
    expect(listed.filter((x) => x.caseId === l.caseId && x.aspect === l.aspect)).toHaveLength(1);
  });
});

describe("each argv list answers as rocky does, or its difference is listed", () => {
  it.each(CORPUS.map((c, i) => [caseId(c), c, i] as const))("%s", async (id, c, i) => {
    const engineDir = join(root, "cases", `${i}-engine`);
    const simDir = join(root, "cases", `${i}-sim`);
    const [engine, sim] = await Promise.all([
      runOn(ENGINE, c, projects[c.project], engineDir, env),
      runOn(SIM, c, projects[c.project], simDir, env),
    ]);
    rmSync(engineDir, { recursive: true, force: true });
    rmSync(simDir, { recursive: true, force: true });
    ran.add(id);
    const unlisted: string[] = [];
    for (const [aspect, detail] of differences(engine, sim, engineDir, simDir)) {
      seen.set(listedKey(id, aspect), detail);
      if (!listedKeys.has(listedKey(id, aspect))) unlisted.push(`${aspect}: ${detail}`);
    }
    expect(unlisted, "differences not listed in docs/sim-vs-engine.md").toEqual([]);
  });
});

describe("the list stays true", () => {
  it("every listed difference still occurs", () => {
    const stale = listed
      .filter((l) => ran.has(l.caseId) && !seen.has(listedKey(l.caseId, l.aspect)))
      .map((l) => `line ${l.line}: ${l.caseId} [${l.aspect}]`);
    expect(ran.size, "every case ran").toBe(CORPUS.length);
    expect(stale).toEqual([]);
  });
});
