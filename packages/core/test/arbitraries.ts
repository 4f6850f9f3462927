// Generators shared by core's properties. The noise generator alone almost never builds a
// preview (GitHub Actions needs two gate variables at once), so every platform also gets a
// generator that opens its gate and fills its fields with interesting values; properties
// draw from both and count what they saw (see `Tally`).
import fc from "fast-check";
import { expect } from "vitest";
import {
  DAGSTER_CLOUD_ENV_VARS,
  ENV_IS_BRANCH_DEPLOYMENT,
  PREVIEW_ENV_VARS,
  PREVIEW_PLATFORMS,
  type PreviewPlatform,
} from "../src/index.js";

/**
 * Characters that a case-insensitive or Unicode-aware check would take for ASCII letters or
 * digits: K KELVIN SIGN and ſ LONG S fold to k and s; İ and ı are the Turkish i's; ﬀ and ß
 * fold to two letters; Å ANGSTROM SIGN; fullwidth and Arabic-Indic digits; fullwidth letters.
 */
export const LOOKALIKES = [
  "\u212A", // K KELVIN SIGN
  "\u017F", // ſ LATIN SMALL LETTER LONG S
  "\u0130", // İ LATIN CAPITAL LETTER I WITH DOT ABOVE
  "\u0131", // ı LATIN SMALL LETTER DOTLESS I
  "\uFB00", // ﬀ LATIN SMALL LIGATURE FF
  "\uFB06", // ﬆ LATIN SMALL LIGATURE ST
  "\u00DF", // ß LATIN SMALL LETTER SHARP S
  "\u212B", // Å ANGSTROM SIGN
  "\u1E9E", // ẞ LATIN CAPITAL LETTER SHARP S
  "\uFF21", // Ａ FULLWIDTH LATIN CAPITAL LETTER A
  "\uFF4B", // ｋ FULLWIDTH LATIN SMALL LETTER K
  "\uFF14", // ４ FULLWIDTH DIGIT FOUR
  "\u0664", // ٤ ARABIC-INDIC DIGIT FOUR
  "\u00B2", // ² SUPERSCRIPT TWO
  "\u0391", // Α GREEK CAPITAL LETTER ALPHA
  "\u0430", // а CYRILLIC SMALL LETTER A
] as const;

/** Strings mixing ASCII identifier characters, separators and look-alikes. */
export const lookalikeStringArb = fc.string({
  unit: fc.constantFrom(...LOOKALIKES, "a", "Z", "k", "s", "9", "_", "-", "/", " "),
  minLength: 1,
  maxLength: 24,
});

/** One environment variable's value: unset, a meaningful constant, or arbitrary text. */
export const envValueArb: fc.Arbitrary<string | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom(
    "1",
    "true",
    "TRUE",
    " true ",
    "false",
    "0",
    "",
    "42",
    "007",
    "-1",
    "٤٢",
    "４２",
    "preview",
    "production",
    "deploy-preview",
    "branch-deploy",
    "merge_request_event",
    "push",
    "pull_request",
    "pull_request_target",
    "refs/pull/42/merge",
    "refs/pull/0/merge",
    "/nonexistent/event.json",
    "feat/JIRA-1",
  ),
  lookalikeStringArb,
  fc.string({ unit: "binary" }),
  fc.string({ unit: "grapheme" }),
);

/** Values for a PR/MR number field: valid, invalid look-alike digits, unset. */
const prNumberArb: fc.Arbitrary<string | undefined> = fc.oneof(
  fc.integer({ min: 1, max: 99_999 }).map(String),
  fc.constantFrom("007", "0", "00", "-1", "+4", " 4", "4.2", "٤٢", "４２", "²", "", "abc"),
  fc.constant(undefined),
);

/** Values for a branch or deployment-name field. */
const branchArb: fc.Arbitrary<string | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.constant(""),
  fc.constantFrom("main", "feat/JIRA-12.fix", "café/ü", "a-very-long-branch-name-for-a-feature"),
  lookalikeStringArb,
  fc.string({ unit: "binary" }),
);

type EnvRecord = Record<string, string | undefined>;

/** The gate variables that turn each platform's detector on, and the values that do it. */
const GATES: Readonly<Record<PreviewPlatform, fc.Arbitrary<EnvRecord>>> = {
  dagster_plus: fc.record({
    [ENV_IS_BRANCH_DEPLOYMENT]: fc.constantFrom("1", "true", "TRUE", " 1 "),
    DAGSTER_CLOUD_PULL_REQUEST_ID: prNumberArb,
    DAGSTER_CLOUD_DEPLOYMENT_NAME: branchArb,
    DAGSTER_CLOUD_GIT_BRANCH: branchArb,
  }),
  github_actions: fc
    .record({
      GITHUB_ACTIONS: fc.constant("true"),
      GITHUB_EVENT_NAME: fc.constantFrom("pull_request", "pull_request_target"),
      n: prNumberArb,
      GITHUB_HEAD_REF: branchArb,
      GITHUB_EVENT_PATH: fc.constantFrom(undefined, "/nonexistent/event.json"),
    })
    .map(({ n, ...rest }) => ({
      ...rest,
      GITHUB_REF: n === undefined ? undefined : `refs/pull/${n}/merge`,
    })),
  gitlab: fc.record({
    GITLAB_CI: fc.constant("true"),
    CI_PIPELINE_SOURCE: fc.constant("merge_request_event"),
    CI_MERGE_REQUEST_IID: prNumberArb,
    CI_MERGE_REQUEST_SOURCE_BRANCH_NAME: branchArb,
  }),
  vercel: fc.record({
    VERCEL_ENV: fc.constant("preview"),
    VERCEL_GIT_PULL_REQUEST_ID: prNumberArb,
    VERCEL_GIT_COMMIT_REF: branchArb,
  }),
  netlify: fc.record({
    CONTEXT: fc.constant("deploy-preview"),
    REVIEW_ID: prNumberArb,
    HEAD: branchArb,
  }),
  render: fc.record({
    IS_PULL_REQUEST: fc.constant("true"),
    RENDER_GIT_BRANCH: branchArb,
  }),
  heroku: fc.record({
    // Any non-empty value opens Heroku's gate.
    HEROKU_PR_NUMBER: prNumberArb.filter((n) => n !== undefined && n !== ""),
    HEROKU_BRANCH: branchArb,
  }),
};

const ALL_NAMES = [
  ...new Set([
    ...DAGSTER_CLOUD_ENV_VARS,
    ...PREVIEW_PLATFORMS.flatMap((p) => Object.values(PREVIEW_ENV_VARS[p]) as string[]),
  ]),
];

/** Any subset of every known variable, each with an `envValueArb` value. */
export const noiseEnvArb: fc.Arbitrary<EnvRecord> = fc.record(
  Object.fromEntries(ALL_NAMES.map((k) => [k, envValueArb])) as Record<
    string,
    fc.Arbitrary<string | undefined>
  >,
  { requiredKeys: [] },
);

function withoutUndefined(env: EnvRecord): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) out[k] = v;
  return out;
}

/** Noise with `platform`'s gate open: a preview of that platform (other gates may be open too). */
export function previewEnvArb(platform: PreviewPlatform): fc.Arbitrary<Record<string, string>> {
  return fc
    .tuple(noiseEnvArb, GATES[platform])
    .map(([noise, gate]) => withoutUndefined({ ...noise, ...gate }));
}

/** Half noise, half a preview of a platform drawn uniformly: every platform shows up often. */
export const anyEnvArb: fc.Arbitrary<Record<string, string>> = fc.oneof(
  { weight: PREVIEW_PLATFORMS.length, arbitrary: noiseEnvArb.map(withoutUndefined) },
  ...PREVIEW_PLATFORMS.map((p) => ({ weight: 1, arbitrary: previewEnvArb(p) })),
);

/** For one platform: half noise, half that platform's previews. */
export function platformEnvArb(platform: PreviewPlatform): fc.Arbitrary<Record<string, string>> {
  return fc.oneof(noiseEnvArb.map(withoutUndefined), previewEnvArb(platform));
}

/** A maxLength option half the time (fc.option would leave it out only one time in six). */
export const maxLengthArb: fc.Arbitrary<number | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.integer({ min: 9, max: 80 }),
);

/**
 * Counts which branch of a property each run took, and asserts afterwards that every
 * branch ran at least `min` times, so that no check in a property is vacuous.
 */
export class Tally {
  private readonly counts = new Map<string, number>();
  constructor(readonly expected: readonly string[]) {
    for (const k of expected) this.counts.set(k, 0);
  }
  hit(branch: string): void {
    if (!this.counts.has(branch)) throw new Error(`Tally: unknown branch "${branch}"`);
    this.counts.set(branch, (this.counts.get(branch) ?? 0) + 1);
  }
  expectAtLeast(min: number): void {
    const seen = Object.fromEntries(this.counts);
    for (const k of this.expected) {
      expect(
        this.counts.get(k),
        `branch "${k}" ran too rarely: ${JSON.stringify(seen)}`,
      ).toBeGreaterThanOrEqual(min);
    }
  }
}
