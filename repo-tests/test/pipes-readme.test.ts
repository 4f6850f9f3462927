// The pipes README's example, run as a program outside Dagster: the README says the same
// program runs locally unchanged, so it must not throw there (no context, no extras).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { DEFAULT_PROJECT_TOML } from "../../packages/testing/dist/index.js";
import { fencedBlocks, ROOT } from "./snippets.js";

const readme = readFileSync(join(ROOT, "packages/pipes/README.md"), "utf8");
const example = fencedBlocks(readme, new Set(["ts", "typescript"])).find((b) =>
  b.text.includes("withDagsterPipes(async"),
);

/** The example as JavaScript, its package imports pointed at this workspace's builds. */
function asProgram(source: string): string {
  const js = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  return js.replace(/from "@dagster-rocky\/(\w+)"/g, (_, pkg: string) => {
    const url = pathToFileURL(join(ROOT, "packages", pkg, "dist/index.js")).href;
    return `from ${JSON.stringify(url)}`;
  });
}

describe("the pipes README example outside Dagster", () => {
  it("runs to completion with the no-op context and runs rocky once", () => {
    expect(example, "the README's withDagsterPipes example").toBeDefined();
    const dir = mkdtempSync(join(tmpdir(), "pipes-readme-"));
    try {
      const file = join(dir, "main.mjs");
      writeFileSync(file, asProgram(example?.text ?? ""));
      symlinkSync(join(ROOT, "packages/testing/bin/rocky-sim.js"), join(dir, "rocky"));
      writeFileSync(join(dir, "rocky.toml"), DEFAULT_PROJECT_TOML); // the user's rocky project
      const log = join(dir, "rocky.jsonl");
      const r = spawnSync(process.execPath, [file], {
        cwd: dir,
        env: { PATH: `${dir}:${dirname(process.execPath)}:/usr/bin:/bin`, ROCKY_SIM_LOG: log },
        encoding: "utf8",
        timeout: 60_000,
      });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).toContain("DagsterPipesWarning");
      expect(r.stderr).not.toMatch(/UNDEFINED_EXTRA|DagsterPipesError/);
      const runs = readFileSync(log, "utf8")
        .split("\n")
        .filter((l) => l.includes('"t":"start"'))
        .map((l) => JSON.parse(l) as { verb: string | null; argv: string[] })
        .filter((i) => i.verb === "run");
      expect(runs).toHaveLength(1);
      // Outside Dagster there is no extra: the README's local default applies.
      expect(runs[0]?.argv).toContain("--filter=source=shop");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
