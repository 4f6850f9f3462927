// The reviewed list of differences between rocky and rocky-sim: docs/sim-vs-engine.md, its
// "Listed differences" table. Each row names a corpus case, the aspect that differs (exit,
// stdout or stderr), why (by design) and the engine source the simulator follows instead.
import { readFileSync } from "node:fs";

export const ASPECTS = ["exit", "stdout", "stderr"] as const;
export type Aspect = (typeof ASPECTS)[number];

export interface Listed {
  readonly caseId: string;
  readonly aspect: string;
  readonly why: string;
  readonly source: string;
  /** 1-based line in the document. */
  readonly line: number;
}

const HEADING = "## Listed differences";

/** The rows of the table under the "Listed differences" heading. */
export function readListed(path: string): Listed[] {
  const lines = readFileSync(path, "utf8").split("\n");
  const start = lines.findIndex((l) => l.trim() === HEADING);
  if (start === -1) throw new Error(`${path}: no "${HEADING}" heading`);
  const out: Listed[] = [];
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.startsWith("## ")) break;
    if (!line.startsWith("|") || /^\|\s*-/.test(line) || /^\|\s*Case\s*\|/.test(line)) continue;
    const cells = line
      .slice(1, line.lastIndexOf("|"))
      .split(" | ")
      .map((c) => c.trim());
    const [id = "", aspect = "", why = "", source = ""] = cells;
    out.push({ caseId: id.replace(/^`|`$/g, ""), aspect, why, source, line: i + 1 });
  }
  return out;
}
