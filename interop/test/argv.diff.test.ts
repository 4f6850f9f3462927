// Differential: the argv our RockyResource spawns and the argv dagster-rocky 1.74.0's
// RockyResource and rocky-sdk 0.29.0's RockyClient spawn, for every method both sides have
// (helpers/argv-methods.ts, one row each), every option both take, over every combination of
// their values where there are few and a pairwise covering set otherwise, under three client
// settings. All three spawn the same stand-in binary, which appends each argv it receives to a
// record file; nothing is reconstructed. The argv are compared as rocky's clap parses them
// (helpers/clap-argv.ts). Every difference is classified by a rule whose id is a heading of
// docs/parity.md, or the test fails.
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RockyResource, type RockyResourceOptions } from "@dagster-rocky/resource";
import { DEFAULT_PROJECT_TOML } from "@dagster-rocky/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Axis,
  type AxisValue,
  COVERED_IN_ARGV_NEWER,
  camel,
  DONE_ANOTHER_WAY,
  METHOD_ROWS,
  type MethodRow,
  type PythonSide,
} from "./helpers/argv-methods.js";
import { type Flag, type ParsedArgv, parseArgv, sameArgv } from "./helpers/clap-argv.js";
import { combinations, FULL_PRODUCT_LIMIT } from "./helpers/combinations.js";
import { type Divergence, expectOnlyListedDivergences } from "./helpers/parity.js";
import { describeInterop, runPython } from "./helpers/venv.js";

// A POSIX shell stand-in: `--version` answers like rocky; any other call appends "$@" (NUL
// separated, then a \001 record separator) and prints an empty JSON object (which both clients
// then fail to parse: only the argv matters here).
const STANDIN = `#!/bin/sh
if [ "$1" = "--version" ] || [ "$1" = "-V" ]; then echo "rocky 1.71.0"; exit 0; fi
printf '%s\\0' "$@" >> "$STANDIN_RECORD"
printf '\\001\\0' >> "$STANDIN_RECORD"
echo '{}'
`;

interface Settings {
  name: string;
  ours: RockyResourceOptions;
  python: Record<string, string>;
}
const SETTINGS: Settings[] = [
  {
    name: "state path",
    ours: { configPath: "rocky.toml", statePath: ".rocky-state.redb" },
    python: { config_path: "rocky.toml", state_path: ".rocky-state.redb" },
  },
  {
    name: "namespace, models and contracts",
    ours: {
      configPath: "conf/prod.toml",
      stateNamespace: "tenant_a",
      modelsDir: "src/models",
      contractsDir: "contracts",
    },
    python: {
      config_path: "conf/prod.toml",
      state_namespace: "tenant_a",
      models_dir: "src/models",
      contracts_dir: "contracts",
    },
  },
  { name: "defaults", ours: {}, python: {} },
];

interface Case {
  name: string;
  row: MethodRow;
  settings: Settings;
  ours: Record<string, unknown>;
  py: Record<string, unknown>;
}

/** What a side did: the argv of each spawn, or the refusal (nothing spawned). */
type Outcome =
  | { argv: string[][] }
  | { error: string; issues: { path: string; message: string }[] };

function casesOf(row: MethodRow, settings: Settings): Case[] {
  const axes = Object.entries(row.axes);
  const picks = combinations(
    axes.map(([, values]) => values.length),
    FULL_PRODUCT_LIMIT,
    (axis, value) => axes[axis]?.[1][value]?.alone === true,
  ).map((pick) => pick.map((v, i) => (axes[i] as [string, Axis])[1][v] as AxisValue));
  // The extra cases over the defaults (index 0 of every option, a required one's first value).
  for (const extra of row.extra ?? [])
    picks.push([...axes.map(([, values]) => values[0] as AxisValue), extra]);
  return picks.map((values) => {
    const ours: Record<string, unknown> = {};
    const py: Record<string, unknown> = {};
    for (const value of values) {
      Object.assign(ours, value.ts);
      Object.assign(py, value.py);
    }
    const label = Object.entries(py).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
    return { name: `${row.ts}(${label.join(", ")}) [${settings.name}]`, row, settings, ours, py };
  });
}

let work: string;
let standin: string;
let cases: Case[];
let pythonMethods: Record<PythonSide, string[]> & {
  params: Record<PythonSide, Record<string, string[]>>;
};
const oursOutcome = new Map<string, Outcome>();
const pyOutcome = new Map<string, Outcome>(); // key: `${side} ${case.name}`

const readRecord = (file: string): string[][] | null => {
  if (!existsSync(file)) return null;
  const tokens = readFileSync(file, "utf8").split("\0").slice(0, -1);
  const spawns: string[][] = [[]];
  for (const t of tokens) {
    if (t === "\u0001") spawns.push([]);
    else (spawns[spawns.length - 1] as string[]).push(t);
  }
  return spawns.slice(0, -1);
};

const sidesOf = (row: MethodRow): PythonSide[] => [...(row.sides ?? ["client", "resource"])];

async function callOurs(c: Case, record: string): Promise<Outcome> {
  const rocky = new RockyResource({
    ...c.settings.ours,
    binaryPath: standin,
    cwd: work,
    env: { STANDIN_RECORD: record, ANTHROPIC_API_KEY: "sk-test" },
  });
  const method = (rocky as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[
    c.row.ts
  ] as (...a: unknown[]) => Promise<unknown>;
  let error: Error | null = null;
  try {
    if (c.row.positional === undefined) await method.call(rocky, c.ours);
    else {
      const { [c.row.positional]: first, ...rest } = c.ours;
      await method.call(rocky, first, rest);
    }
  } catch (e) {
    error = e as Error;
  }
  const argv = readRecord(record);
  if (argv !== null) return { argv };
  const issues = (error as { issues?: { path: string; message: string }[] } | null)?.issues ?? [];
  return { error: `${error?.name}: ${error?.message}`, issues: [...issues] };
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "interop-argv-"));
  // A rocky project, as rocky (and rocky-sim) needs one in its working directory. A call with a
  // suffix is a shadowed write (its pipeline is checked): the only pipeline is `silver`, which the
  // suffixed cases name or select, under both config paths of the settings.
  const toml = DEFAULT_PROJECT_TOML.replaceAll("[pipeline.default", "[pipeline.silver");
  writeFileSync(join(work, "rocky.toml"), toml);
  mkdirSync(join(work, "conf"));
  writeFileSync(join(work, "conf", "prod.toml"), toml);
  standin = join(work, "rocky");
  writeFileSync(standin, STANDIN);
  chmodSync(standin, 0o755);
  cases = METHOD_ROWS.flatMap((row) => SETTINGS.flatMap((s) => casesOf(row, s)));

  pythonMethods = JSON.parse((await runPython("anchors.py", ["methods"], { input: "{}" })).stdout);
  const pyCases = cases.flatMap((c, i) =>
    sidesOf(c.row).map((side) => ({
      key: `${side} ${c.name}`,
      side,
      client: c.settings.python,
      method: c.row.py,
      args: [],
      kwargs: c.py,
      record: join(work, `py-${side}-${i}.argv`),
    })),
  );
  const { stdout } = await runPython("anchors.py", ["argv"], {
    input: JSON.stringify({ standin, cases: pyCases }),
    env: { ...process.env },
  });
  const pyErrors = JSON.parse(stdout) as { error: string | null }[];
  pyCases.forEach((p, i) => {
    const argv = readRecord(p.record);
    pyOutcome.set(
      p.key,
      argv !== null ? { argv } : { error: pyErrors[i]?.error ?? "no argv recorded", issues: [] },
    );
  });

  for (const [i, c] of cases.entries()) {
    oursOutcome.set(c.name, await callOurs(c, join(work, `ours-${i}.argv`)));
  }
}, 300_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

const byKey = (a: Flag, b: Flag) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1);
const flagOf = (p: ParsedArgv, name: string) => p.flags.find(([k]) => k === name);
const hasFlag = (p: ParsedArgv, name: string) => flagOf(p, name) !== undefined;

/**
 * Our argv of a shadowed write as the Python anchors' would be: the state flag of our own shadow
 * state file replaced by the settings' one, and the `shadow<suffix>:` prefix of the idempotency
 * key removed. Null when it is not a shadowed write in that exact form.
 */
function withoutIsolation(ours: ParsedArgv, py: ParsedArgv): ParsedArgv | null {
  const suffix = flagOf(ours, "--shadow-suffix")?.[1];
  if (typeof suffix !== "string") return null;
  const isolated = ours.globals.find(
    ([k, v]) => k === "--state-path" && typeof v === "string" && v.startsWith(".rocky-state/"),
  );
  if (
    isolated === undefined ||
    (!String(isolated[1]).endsWith(`__shadow${suffix}.redb`) &&
      isolated[1] !== `.rocky-state/shadow${suffix}.redb`)
  )
    return null;
  const pyState = py.globals.filter(([k]) => k === "--state-path" || k === "--state-namespace");
  const prefix = `shadow${suffix}:`;
  const flags = ours.flags.map(
    ([k, v]): Flag =>
      k === "--idempotency-key" && typeof v === "string" && v.startsWith(prefix)
        ? [k, v.slice(prefix.length)]
        : [k, v],
  );
  const globals = [...ours.globals.filter((g) => g !== isolated), ...pyState];
  return { ...ours, globals: globals.sort(byKey), flags: flags.sort(byKey) };
}

/**
 * Flags a Python anchor sends with the value rocky uses when the flag is absent; we leave them
 * out. `ai --format rocky`: commands/ai.rs `format.unwrap_or("rocky")`; `plan promote --base main`:
 * main.rs `#[arg(long, default_value = "main")] base`.
 */
const ROCKY_DEFAULTS: Readonly<Record<string, readonly Flag[]>> = {
  ai: [["--format", "rocky"]],
  "plan promote": [["--base", "main"]],
};

/** The docs/parity.md id explaining why two argv of one case differ, or null. */
function classifySpawned(
  c: Case,
  side: PythonSide,
  ours: ParsedArgv,
  py: ParsedArgv,
): string | null {
  const plain = withoutIsolation(ours, py);
  if (plain !== null && sameArgv(plain, py)) return "argv/shadowed-write-own-state";
  const defaults = ROCKY_DEFAULTS[py.verb.join(" ")] ?? [];
  const pyWithoutDefaults = {
    ...py,
    flags: py.flags.filter(
      ([k, v]) => !defaults.some(([dk, dv]) => dk === k && dv === v) || hasFlag(ours, k),
    ),
  };
  if (defaults.length > 0 && sameArgv(ours, pyWithoutDefaults)) return "argv/rocky-default-sent";
  // RockyClient.dag() sends --models <models_dir> unless models_dir=None; dagster-rocky's and
  // ours send none unless the call names a directory.
  if (
    side === "client" &&
    c.row.ts === "dag" &&
    !("models_dir" in c.py) &&
    !hasFlag(ours, "--models") &&
    sameArgv(ours, { ...py, flags: py.flags.filter(([k]) => k !== "--models") })
  )
    return "argv/dag-models-default";
  return null;
}

/** Why we refused, per issue, where the Python anchor spawned: a docs/parity.md id, or null. */
function classifyRefusal(
  c: Case,
  issue: { path: string; message: string },
  py: ParsedArgv,
): string | null {
  const selectors = [
    hasFlag(py, "--partition"),
    hasFlag(py, "--from") || hasFlag(py, "--to"),
    hasFlag(py, "--latest"),
    hasFlag(py, "--missing"),
  ].filter(Boolean).length;
  // rocky's clap declares each partition selector conflicts_with_all the others (main.rs).
  if (/one partition selector at most/.test(issue.message) && selectors > 1)
    return "argv/partition-selectors-conflict";
  // rocky-sdk drops half a range (`if partition_from is not None and partition_to is not None`).
  if (
    /from and to must be given together/.test(issue.message) &&
    "partition_from" in c.py !== "partition_to" in c.py &&
    !hasFlag(py, "--from") &&
    !hasFlag(py, "--to")
  )
    return "argv/partition-range-half";
  // rocky's clap: defer_to `requires = "defer"`.
  if (
    /deferTo requires defer/.test(issue.message) &&
    hasFlag(py, "--defer-to") &&
    !hasFlag(py, "--defer")
  )
    return "argv/defer-to-requires-defer";
  // rocky test-adapter bails without either and ignores --command beside --adapter (main.rs).
  if (
    c.row.ts === "testAdapter" &&
    /adapter|command/.test(issue.path) &&
    hasFlag(py, "--adapter") === hasFlag(py, "--command")
  )
    return "argv/test-adapter-one-of";
  // rocky ai-explain / ai-test print a usage hint without a model or --all.
  if (
    /pass a model or all: true/.test(issue.message) &&
    py.positionals.length > 0 === hasFlag(py, "--all")
  )
    return "argv/ai-model-or-all";
  return null;
}

function divergencesOf(c: Case, side: PythonSide): Divergence[] {
  const subject = `${c.name} vs ${side}`;
  const o = oursOutcome.get(c.name) as Outcome;
  const p = pyOutcome.get(`${side} ${c.name}`) as Outcome;
  if ("error" in o && "error" in p) return []; // both refuse: nothing spawned on either side
  if ("error" in p) return [{ subject, ours: o, python: p, id: null }];
  const pyParsed = p.argv.map(parseArgv);
  if ("error" in o) {
    if (o.issues.length === 0 || pyParsed.length !== 1)
      return [{ subject, ours: o, python: p, id: null }];
    return o.issues.map((issue) => ({
      subject: `${subject} [${issue.path}]`,
      ours: issue,
      python: p.argv,
      id: classifyRefusal(c, issue, pyParsed[0] as ParsedArgv),
    }));
  }
  const oursParsed = o.argv.map(parseArgv);
  if (oursParsed.length !== pyParsed.length) return [{ subject, ours: o, python: p, id: null }];
  const out: Divergence[] = [];
  oursParsed.forEach((op, i) => {
    const pp = pyParsed[i] as ParsedArgv;
    if (!sameArgv(op, pp))
      out.push({
        subject,
        ours: o.argv[i],
        python: p.argv[i],
        id: classifySpawned(c, side, op, pp),
      });
  });
  return out;
}

describeInterop("argv coverage: every method both sides have, every option both take", () => {
  describe("the methods, the options, the combinations", () => {
    it("every Python method has our counterpart with a row, is done another way, or is covered by argv-newer.diff.test.ts", () => {
      const rows = new Set(METHOD_ROWS.map((r) => r.ts));
      const ours = new Set(
        Object.getOwnPropertyNames(RockyResource.prototype).filter((m) => m !== "constructor"),
      );
      const python = new Set([...pythonMethods.client, ...pythonMethods.resource].map(camel));
      const unaccounted = [...python].filter(
        (m) => !rows.has(m) && !(m in DONE_ANOTHER_WAY) && !COVERED_IN_ARGV_NEWER.has(m),
      );
      expect(unaccounted).toEqual([]);
      // A method of ours with a Python counterpart and no row fails here.
      const withoutRow = [...ours].filter(
        (m) => python.has(m) && !rows.has(m) && !COVERED_IN_ARGV_NEWER.has(m),
      );
      expect(withoutRow).toEqual([]);
      // Each row names a method both sides really have, on each Python side it declares.
      for (const row of METHOD_ROWS) {
        expect([row.ts, ours.has(row.ts)]).toEqual([row.ts, true]);
        for (const side of sidesOf(row))
          expect([side, row.py, pythonMethods[side].includes(row.py)]).toEqual([
            side,
            row.py,
            true,
          ]);
        const others = (["client", "resource"] as const).filter((s) => !sidesOf(row).includes(s));
        for (const side of others)
          expect([side, row.py, pythonMethods[side].includes(row.py)]).toEqual([
            side,
            row.py,
            false,
          ]);
      }
      // The anchors' sizes: 50 RockyClient methods, 48 on dagster-rocky's RockyResource.
      expect([pythonMethods.client.length, pythonMethods.resource.length]).toEqual([50, 48]);
    });

    it("every parameter of each Python method is an option of its row (but the per-call watchdog and log sink)", () => {
      // Not argv: run()'s timeout_seconds is our timeoutMs, its log_callback our onLog.
      const notArgv = new Set(["timeout_seconds", "log_callback"]);
      expect(pythonMethods.params.client.run).toEqual(
        expect.arrayContaining(["filter", "governance_override", "defer_to", "log_callback"]),
      );
      expect(pythonMethods.params.resource.dag).toEqual(["column_lineage", "models_dir"]);
      for (const row of METHOD_ROWS) {
        const covered = new Set(
          Object.values(row.axes).flatMap((values) =>
            values.flatMap((v) => Object.keys(v.py ?? {})),
          ),
        );
        for (const side of sidesOf(row)) {
          const params = (pythonMethods.params[side][row.py] ?? []).filter((p) => !notArgv.has(p));
          expect([side, row.py, params.filter((p) => !covered.has(p))]).toEqual([side, row.py, []]);
        }
      }
    });

    it("every value of every option is called on both Python sides, and both sides answered every case", () => {
      for (const row of METHOD_ROWS) {
        const mine = cases.filter((c) => c.row === row);
        const perSettings = mine.length / SETTINGS.length;
        const sizes = Object.values(row.axes).map((a) => a.length);
        const product = sizes.reduce((a, b) => a * b, 1);
        if (product <= FULL_PRODUCT_LIMIT) expect([row.ts, perSettings]).toEqual([row.ts, product]);
        for (const [name, values] of Object.entries(row.axes))
          values.forEach((v, i) => {
            const seen = mine.some(
              (c) =>
                JSON.stringify({ ...c.py, ...v.py }) === JSON.stringify(c.py) &&
                JSON.stringify({ ...c.ours, ...v.ts }) === JSON.stringify(c.ours),
            );
            expect([row.ts, name, i, seen]).toEqual([row.ts, name, i, true]);
          });
      }
      for (const c of cases) {
        expect(oursOutcome.has(c.name)).toBe(true);
        for (const side of sidesOf(c.row)) expect(pyOutcome.has(`${side} ${c.name}`)).toBe(true);
      }
      expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
      expect(cases.length).toBeGreaterThanOrEqual(300);
    });

    it("the pairwise set covers every pair of values of every two options", () => {
      const sizes = [2, 3, 4, 2, 2, 3, 2, 2];
      const rows = combinations(sizes, 0);
      for (let i = 0; i < sizes.length; i++)
        for (let j = i + 1; j < sizes.length; j++)
          for (let a = 0; a < (sizes[i] as number); a++)
            for (let b = 0; b < (sizes[j] as number); b++)
              expect(rows.some((r) => r[i] === a && r[j] === b)).toBe(true);
      expect(combinations([2, 3, 2])).toHaveLength(12);
    });
  });
});

describeInterop(
  "argv: what dagster-rocky and rocky-sdk spawn and what RockyResource spawns parse to the same arguments",
  () => {
    it("every difference is listed and explained in docs/parity.md", () => {
      const divergences = cases.flatMap((c) =>
        sidesOf(c.row).flatMap((side) => divergencesOf(c, side)),
      );
      const counts = expectOnlyListedDivergences(divergences);
      const compared = cases.reduce((n, c) => n + sidesOf(c.row).length, 0);
      console.info(
        `[interop] argv: ${METHOD_ROWS.length} methods, ${cases.length} cases, ${compared} comparisons; divergences by rule: ${JSON.stringify(Object.fromEntries(counts))}`,
      );
      // What the rules explain, and nothing else: each rule seen, no other id.
      expect([...counts.keys()].sort()).toEqual([
        "argv/ai-model-or-all",
        "argv/dag-models-default",
        "argv/defer-to-requires-defer",
        "argv/partition-range-half",
        "argv/partition-selectors-conflict",
        "argv/rocky-default-sent",
        "argv/shadowed-write-own-state",
        "argv/test-adapter-one-of",
      ]);
      // Where both refuse (nothing spawned on either side): rocky retention-status has no --env.
      const bothRefuse = cases.flatMap((c) =>
        sidesOf(c.row)
          .filter((side) => {
            const o = oursOutcome.get(c.name) as Outcome;
            const p = pyOutcome.get(`${side} ${c.name}`) as Outcome;
            return "error" in o && "error" in p;
          })
          .map((side) => [c.row.ts, side, JSON.stringify(c.py)].join(" ")),
      );
      expect([...new Set(bothRefuse)].sort()).toEqual([
        'retentionStatus client {"env":"prod"}',
        'retentionStatus resource {"env":"prod"}',
      ]);
      // Both Python sides build the same argv for the same call except dag's default.
      const sidesDiffer = cases.filter((c) => {
        const a = pyOutcome.get(`client ${c.name}`);
        const b = pyOutcome.get(`resource ${c.name}`);
        return a && b && JSON.stringify(a) !== JSON.stringify(b) && "argv" in a && "argv" in b;
      });
      expect(new Set(sidesDiffer.map((c) => c.row.ts))).toEqual(new Set(["dag"]));
    });

    it("the normaliser treats --flag=value and --flag value alike, `--` as the end of flags, and nothing else", () => {
      expect(parseArgv(["--config=a", "run", "--filter=x", "--shadow"])).toEqual(
        parseArgv(["--config", "a", "run", "--shadow", "--filter", "x"]),
      );
      expect(parseArgv(["hooks", "test", "--", "e"])).toEqual(parseArgv(["hooks", "test", "e"]));
      expect(parseArgv(["metrics", "--trend", "--", "m"])).toEqual(
        parseArgv(["metrics", "m", "--trend"]),
      );
      expect(parseArgv(["run", "--filter=x"])).not.toEqual(parseArgv(["run", "--filter=y"]));
      expect(parseArgv(["run", "--filter=x"])).not.toEqual(parseArgv(["plan", "--filter=x"]));
      expect(parseArgv(["cost", "a", "b"])).not.toEqual(parseArgv(["cost", "b", "a"]));
      expect(parseArgv(["--output", "json", "run"])).not.toEqual(
        parseArgv(["run", "--output", "json"]),
      );
      expect(parseArgv(["branch", "promote", "x"]).verb).toEqual(["branch", "promote"]);
    });
  },
);
