// Differential: branch-deployment detection and the shadow suffix, ours (@dagster-rocky/core, and
// RockyResource.shadowContext in branch_deploy mode) against dagster-rocky 1.74.0's
// branch_deployment_info / branch_deploy_shadow_suffix, over named and seeded generated
// environments. Every divergence must be explained by an entry of docs/parity.md.
import {
  branchDeploymentFlag,
  branchDeploymentInfo,
  branchDeployShadowSuffix,
} from "@dagster-rocky/core";
import { RockyResource } from "@dagster-rocky/resource";
import { beforeAll, expect, it } from "vitest";
import { type Divergence, expectOnlyListedDivergences } from "./helpers/parity.js";
import { describeInterop, runPython } from "./helpers/venv.js";

const IS_BRANCH = "DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT";
const PR = "DAGSTER_CLOUD_PULL_REQUEST_ID";
const NAME = "DAGSTER_CLOUD_DEPLOYMENT_NAME";
const SHA = "DAGSTER_CLOUD_GIT_SHA";
type Env = Record<string, string>;

/** mulberry32: a small seeded PRNG, so the generated environments are the same on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const UNICODE_DIGITS = ["٤", "۲", "४", "৭", "๓", "２", "𝟗", "²", "①", "߅"];
const UNICODE_LETTERS = ["é", "ß", "日", "Ω", "ж", "ﬁ", "İ", "ǅ", "𝔘", "🚀", "\u0301"];
const IS_BRANCH_VALUES = [
  undefined,
  "",
  "1",
  "0",
  "true",
  "TRUE",
  "True",
  "tRuE",
  " true",
  "true ",
  "\ttrue\n",
  " 1 ",
  "false",
  "FALSE",
  "yes",
  "on",
  "2",
  "01",
  "1.0",
  "t",
  "٤",
  "١",
  "true\u0000",
  "ｔｒｕｅ",
  "truе",
];
const PR_VALUES = [
  undefined,
  "",
  "42",
  "1",
  "0",
  "00",
  "042",
  " 42",
  "42 ",
  "4 2",
  "-1",
  "+1",
  "1.0",
  "1e3",
  "0x2a",
  "٤٢",
  "١",
  "²",
  "①",
  "４２",
  "42abc",
  "abc",
  "99999999999999999999999",
  "4\u00002",
  "\n",
];
const NAME_VALUES = [
  undefined,
  "",
  "prod",
  "pr-42-shop",
  "feature/ABC_1",
  "café",
  "日本語",
  "  ",
  " ",
  "a.b-c",
  "ß",
  "emoji🚀",
  "İstanbul",
  "x".repeat(300),
  "a\u0301",
  "under_score",
  "Ω-ж",
  "__",
  "0",
  "٤٢",
];

function named(): Env[] {
  const envs: Env[] = [{}];
  for (const b of IS_BRANCH_VALUES) {
    for (const p of PR_VALUES) {
      for (const n of [undefined, "pr-42-shop", "café"]) {
        const env: Env = {};
        if (b !== undefined) env[IS_BRANCH] = b;
        if (p !== undefined) env[PR] = p;
        if (n !== undefined) env[NAME] = n;
        envs.push(env);
      }
    }
  }
  for (const n of NAME_VALUES) {
    for (const b of ["1", "true"]) {
      const env: Env = { [IS_BRANCH]: b };
      if (n !== undefined) env[NAME] = n;
      envs.push(env, { ...env, [PR]: "0" }, { ...env, [SHA]: "abc123" });
    }
  }
  return envs;
}

function generated(count: number, seed: number): Env[] {
  const next = rng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const randomString = (): string => {
    const pools = [
      "0123456789",
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
      " _-./:@",
      UNICODE_DIGITS.join(""),
      UNICODE_LETTERS.join(""),
    ];
    let s = "";
    const len = Math.floor(next() * 8);
    for (let i = 0; i < len; i++) s += pick([...pick(pools)]);
    return s;
  };
  const envs: Env[] = [];
  for (let i = 0; i < count; i++) {
    const env: Env = {};
    const b = next() < 0.8 ? pick(IS_BRANCH_VALUES) : randomString();
    if (b !== undefined) env[IS_BRANCH] = b;
    const p = next() < 0.5 ? pick(PR_VALUES) : randomString();
    if (p !== undefined) env[PR] = p;
    const n = next() < 0.5 ? pick(NAME_VALUES) : randomString();
    if (n !== undefined) env[NAME] = n;
    if (next() < 0.3) env[SHA] = randomString();
    envs.push(env);
  }
  return envs;
}

interface PyAnswer {
  is_branch: boolean;
  info: { deployment_name: string | null; pr_number: string | null; git_sha: string | null };
  suffix?: string | null;
  error?: string;
}
interface Ours {
  is_branch: boolean;
  info: PyAnswer["info"];
  suffix: string | null;
  resourceSuffix: string | null | { error: string };
}

function ours(env: Env): Ours {
  const info = branchDeploymentInfo(env);
  let resourceSuffix: Ours["resourceSuffix"];
  try {
    resourceSuffix = new RockyResource({ env, shadowMode: "branch_deploy" }).shadowContext({
      filter: "source=shop",
    }).suffix;
  } catch (error) {
    resourceSuffix = { error: String(error) };
  }
  return {
    is_branch: info.isBranchDeployment,
    info: { deployment_name: info.deploymentName, pr_number: info.prNumber, git_sha: info.gitSha },
    suffix: branchDeployShadowSuffix(info),
    resourceSuffix,
  };
}

const ASCII_DIGITS = /^[0-9]+$/;
const nonAscii = (s: string): boolean => [...s].some((c) => (c.codePointAt(0) ?? 0) > 0x7f);

/** The docs/parity.md id explaining a divergence, or null. Each rule checks its own claim. */
function classify(env: Env, o: Ours, p: PyAnswer): string | null {
  const raw = env[IS_BRANCH] ?? "";
  if (o.is_branch !== p.is_branch) {
    // Ours: "1" (what Dagster+ sets today) or "true", trimmed; dagster-rocky: "true" only, untrimmed.
    const trimmed = raw.trim();
    if (o.is_branch && (trimmed === "1" || (trimmed.toLowerCase() === "true" && trimmed !== raw))) {
      return o.suffix !== null && p.suffix === null ? "branch/accepts-1-and-whitespace" : null;
    }
    return null;
  }
  if (p.error !== undefined) {
    // str.isdigit() admits digits int() cannot parse (superscripts, circled digits).
    return o.suffix !== null && p.error.startsWith("ValueError")
      ? "branch/python-crash-on-unicode-digits"
      : null;
  }
  const pr = env[PR] ?? "";
  if (p.suffix === `_dagster_pr_${pr}` && !ASCII_DIGITS.test(pr)) {
    // dagster-rocky takes Unicode digits as a PR number; ours requires ASCII digits and falls
    // through to the deployment name (the suffix stays a rocky identifier).
    return o.suffix !== null && /^[A-Za-z0-9_]+$/.test(o.suffix) ? "branch/unicode-digit-pr" : null;
  }
  const name = env[NAME] ?? "";
  if (p.suffix?.startsWith("_dagster_") && nonAscii(name)) {
    // isalnum() keeps Unicode letters/digits; ours replaces every non-ASCII code point by "_".
    const expected = `_dagster_${[...name].map((c) => (/^[A-Za-z0-9]$/.test(c) ? c : "_")).join("")}`;
    return o.suffix === expected ? "branch/unicode-deployment-name" : null;
  }
  return null;
}

let envs: Env[];
let answers: PyAnswer[];

beforeAll(async () => {
  envs = [...named(), ...generated(2_000, 0x5eed18)];
  const { stdout } = await runPython("anchors.py", ["branch"], {
    input: JSON.stringify({ envs }),
  });
  answers = JSON.parse(stdout);
});

describeInterop("branch deployment: detection and suffix, ours vs dagster-rocky", () => {
  it("runs at least 2,000 environments, including 1/0, Unicode digits and letters, empty and whitespace", () => {
    expect(envs.length).toBeGreaterThanOrEqual(2_000);
    expect(answers).toHaveLength(envs.length);
    const values = envs.flatMap((e) => Object.values(e));
    for (const v of ["1", "0", "", "  ", "٤٢", "²", "café", "日本語"]) expect(values).toContain(v);
  });

  it("every divergence in detection or suffix is listed and explained in docs/parity.md", () => {
    const divergences: Divergence[] = [];
    envs.forEach((env, i) => {
      const o = ours(env);
      const p = answers[i] as PyAnswer;
      const same =
        o.is_branch === p.is_branch && p.error === undefined && o.suffix === (p.suffix ?? null);
      if (!same) {
        divergences.push({
          subject: JSON.stringify(env),
          ours: { is_branch: o.is_branch, suffix: o.suffix },
          python: p,
          id: classify(env, o, p),
        });
      }
    });
    const counts = expectOnlyListedDivergences(divergences);
    // Most environments agree: the divergences are the documented edge rules, not the common path.
    expect(envs.length - divergences.length).toBeGreaterThan(envs.length / 2);
    expect([...counts.keys()].sort()).toEqual([
      "branch/accepts-1-and-whitespace",
      "branch/python-crash-on-unicode-digits",
      "branch/unicode-deployment-name",
      "branch/unicode-digit-pr",
    ]);
  });

  it("the info fields (deployment name, PR id, git sha) are read identically", () => {
    envs.forEach((env, i) => {
      expect([JSON.stringify(env), ours(env).info]).toEqual([
        JSON.stringify(env),
        (answers[i] as PyAnswer).info,
      ]);
    });
  });

  it("RockyResource in branch_deploy mode applies exactly core's suffix, or refuses an unreadable flag", () => {
    let nul = 0;
    let unreadable = 0;
    for (const env of envs) {
      const o = ours(env);
      if (Object.values(env).some((v) => v.includes("\u0000"))) {
        // No real environment holds a NUL; the resource refuses it up front, naming the variable.
        nul += 1;
        expect(o.resourceSuffix).toEqual({
          error: expect.stringMatching(/must not contain a NUL/),
        });
        continue;
      }
      if (branchDeploymentFlag(env) === "unrecognised") {
        // Neither a branch nor a full deployment: the resource refuses instead of meaning production.
        unreadable += 1;
        expect(o.resourceSuffix).toEqual({
          error: expect.stringMatching(/^RockyShadowError: DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT/),
        });
        continue;
      }
      expect([JSON.stringify(env), o.resourceSuffix]).toEqual([JSON.stringify(env), o.suffix]);
    }
    expect(nul).toBeGreaterThan(0);
    expect(unreadable).toBeGreaterThan(0);
  });
});
