// docs/parity.md is the list of accepted divergences from the Python anchors. Each entry has an
// id in backticks (`area/name`); a differential test classifies every divergence it sees into
// one of those ids, and fails on a divergence that no rule explains or whose id the doc lacks.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import { REPO_ROOT } from "./venv.js";

const PARITY_DOC = join(REPO_ROOT, "docs", "parity.md");

/** Ids listed in docs/parity.md (the `### \`id\`` headings). */
export function listedDivergences(): Set<string> {
  const text = readFileSync(PARITY_DOC, "utf8");
  return new Set(
    [...text.matchAll(/^### `([a-z0-9-]+\/[a-z0-9-]+)`/gm)].map((m) => m[1] as string),
  );
}

export interface Divergence {
  /** What was compared (an environment, a case name, a fixture path). */
  readonly subject: string;
  readonly ours: unknown;
  readonly python: unknown;
  /** The parity.md id that explains it, or null when no rule does. */
  readonly id: string | null;
}

/**
 * Fails with a readable report when a divergence is unexplained, or explained by an id that
 * docs/parity.md does not list. Returns the ids seen, with counts.
 */
export function expectOnlyListedDivergences(
  divergences: readonly Divergence[],
): Map<string, number> {
  const listed = listedDivergences();
  const unexplained = divergences.filter((d) => d.id === null || !listed.has(d.id));
  const show = (d: Divergence) =>
    `- ${d.subject}${d.id ? ` [id ${d.id} not in docs/parity.md]` : ""}\n    ours:   ${JSON.stringify(d.ours)}\n    python: ${JSON.stringify(d.python)}`;
  expect(
    unexplained.length,
    `${unexplained.length} divergence(s) from the Python anchors not listed in docs/parity.md:\n${unexplained.slice(0, 25).map(show).join("\n")}`,
  ).toBe(0);
  const counts = new Map<string, number>();
  for (const d of divergences) counts.set(d.id as string, (counts.get(d.id as string) ?? 0) + 1);
  return counts;
}
