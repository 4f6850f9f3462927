// Differential: the argv rocky-sdk 0.29.0's RockyClient spawns and the argv our RockyResource
// spawns, for every verb both wrap (run, plan, apply, discover, state, doctor, compile, test),
// over a matrix of options and client settings. Both sides spawn the same stand-in binary, which
// records its arguments NUL-separated; nothing is reconstructed. The argv are compared as rocky's
// clap parses them: `--flag=value` and `--flag value` are the same argument, named flags are
// unordered, JSON-valued flags compare as JSON.
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
import { afterAll, beforeAll, expect, it } from "vitest";
import { type Divergence, expectOnlyListedDivergences } from "./helpers/parity.js";
import { describeInterop, runPython } from "./helpers/venv.js";

// A POSIX shell stand-in: `--version` answers like rocky; any other call records "$@" and prints
// an empty JSON object (both clients then fail to parse it, which does not matter here).
const STANDIN = `#!/bin/sh
if [ "$1" = "--version" ] || [ "$1" = "-V" ]; then echo "rocky 1.71.0"; exit 0; fi
printf '%s\\0' "$@" > "$STANDIN_RECORD"
echo '{}'
`;

/** Flags rocky declares without a value (clap `bool` / `SetTrue`). */
const SWITCHES = new Set([
  "--shadow",
  "--all",
  "--latest",
  "--missing",
  "--defer",
  "--with-schemas",
  "--verbose",
]);
/** Flags whose value is JSON (rocky parses it): compared as JSON, not as text. */
const JSON_FLAGS = new Set(["--governance-override", "--thresholds"]);

const canonicalJson = (text: string): string => {
  const sort = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sort)
      : v !== null && typeof v === "object"
        ? Object.fromEntries(
            Object.entries(v as Record<string, unknown>)
              .sort(([a], [b]) => (a < b ? -1 : 1))
              .map(([k, x]) => [k, sort(x)]),
          )
        : v;
  try {
    return JSON.stringify(sort(JSON.parse(text)));
  } catch {
    return text;
  }
};

export interface ParsedArgv {
  globals: [string, string | true][];
  verb: string | null;
  positionals: string[];
  flags: [string, string | true][];
}

/** argv as clap sees it: global flags, the verb, positionals, and the verb's flags (sorted). */
export function parseArgv(argv: readonly string[]): ParsedArgv {
  const out: ParsedArgv = { globals: [], verb: null, positionals: [], flags: [] };
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] as string;
    const target = out.verb === null ? out.globals : out.flags;
    if (token.startsWith("--")) {
      const eq = token.indexOf("=");
      const name = eq === -1 ? token : token.slice(0, eq);
      let value: string | true;
      if (eq !== -1) value = token.slice(eq + 1);
      else if (SWITCHES.has(name)) value = true;
      else value = argv[++i] ?? "";
      if (typeof value === "string" && JSON_FLAGS.has(name)) value = canonicalJson(value);
      target.push([name, value]);
    } else if (out.verb === null) out.verb = token;
    else out.positionals.push(token);
  }
  const byKey = (a: [string, string | true], b: [string, string | true]) =>
    JSON.stringify(a) < JSON.stringify(b) ? -1 : 1;
  out.globals.sort(byKey);
  out.flags.sort(byKey);
  return out;
}

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
  {
    name: "defaults",
    ours: {},
    python: {},
  },
];

interface Case {
  name: string;
  settings: Settings;
  verb: "run" | "plan" | "apply" | "discover" | "state" | "doctor" | "compile" | "test";
  ours: Record<string, unknown>;
  pyArgs: unknown[];
  pyKwargs: Record<string, unknown>;
}

const PLAN_ID = "a".repeat(64);

/** Our camelCase run options → rocky-sdk's keyword arguments. */
const RUN_KW: Record<string, string> = {
  pipeline: "pipeline",
  governanceOverride: "governance_override",
  runModels: "run_models",
  partition: "partition",
  from: "partition_from",
  to: "partition_to",
  latest: "latest",
  missing: "missing",
  lookback: "lookback",
  parallel: "parallel",
  shadowSuffix: "shadow_suffix",
  idempotencyKey: "idempotency_key",
  defer: "defer",
  deferTo: "defer_to",
};

const RUN_OPTION_VALUES: Record<string, unknown[]> = {
  pipeline: ["bronze"],
  governanceOverride: [
    {
      workspace_ids: [{ id: 101 }, { id: 202, binding_type: "READ_ONLY" }],
      grants: [{ principal: "g", permissions: ["SELECT"] }],
    },
  ],
  runModels: [true],
  partition: ["2026-01-01"],
  latest: [true],
  missing: [true],
  lookback: [3],
  parallel: [4],
  shadowSuffix: ["_pr_7"],
  idempotencyKey: ["run-2026-01-01"],
  defer: [true],
  deferTo: ["analytics_prod"],
};

function cases(): Case[] {
  const out: Case[] = [];
  const add = (
    settings: Settings,
    verb: Case["verb"],
    name: string,
    ours: Record<string, unknown>,
    pyArgs: unknown[],
    pyKwargs: Record<string, unknown>,
  ) =>
    out.push({
      name: `${verb} ${name} [${settings.name}]`,
      settings,
      verb,
      ours,
      pyArgs,
      pyKwargs,
    });
  const runKwargs = (o: Record<string, unknown>) =>
    Object.fromEntries(
      Object.entries(o)
        .filter(([k]) => k !== "filter")
        .map(([k, v]) => [RUN_KW[k] as string, v]),
    );

  for (const s of SETTINGS) {
    const runSets: Record<string, unknown>[] = [{ filter: "source=shop" }];
    for (const [k, values] of Object.entries(RUN_OPTION_VALUES)) {
      for (const v of values) runSets.push({ filter: "client=acme", [k]: v });
    }
    runSets.push({ filter: "source=shop", from: "2026-01-01", to: "2026-01-31" });
    runSets.push({
      filter: "source=shop",
      pipeline: "silver",
      runModels: true,
      shadowSuffix: "_dagster_pr_42",
      lookback: 2,
      parallel: 8,
      idempotencyKey: "k1",
    });
    runSets.push({
      filter: "source=shop",
      from: "2026-01-01",
      to: "2026-01-31",
      lookback: 1,
      parallel: 2,
    });
    runSets.push({ filter: "tenant=a b", missing: true, defer: true, deferTo: "prod" });
    for (const o of runSets) {
      add(s, "run", JSON.stringify(o), o, [o.filter], runKwargs(o));
    }
    for (const o of [{ filter: "source=shop" }, { filter: "client=acme", pipeline: "bronze" }]) {
      add(
        s,
        "plan",
        JSON.stringify(o),
        o,
        [o.filter],
        "pipeline" in o ? { pipeline: o.pipeline } : {},
      );
    }
    add(s, "apply", "plan id", { planId: PLAN_ID }, [PLAN_ID], {});
    add(s, "discover", "no options", {}, [], {});
    add(s, "discover", "pipeline", { pipeline: "bronze" }, [], { pipeline: "bronze" });
    add(s, "state", "no options", {}, [], {});
    add(s, "doctor", "no options", {}, [], {});
    add(s, "doctor", "check", { check: "state" }, [], { check: "state" });
    for (const verb of ["compile", "test"] as const) {
      add(s, verb, "no options", {}, [], {});
      add(s, verb, "model", { model: "orders" }, [], { model_filter: "orders" });
    }
  }
  return out;
}

let work: string;
let standin: string;
let all: Case[];
const oursArgv = new Map<string, string[] | { error: string }>();
const pyArgv = new Map<string, string[] | { error: string }>();

const readRecord = (file: string): string[] | null =>
  existsSync(file) ? readFileSync(file, "utf8").split("\0").slice(0, -1) : null;

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
  all = cases();

  const pyCases = all.map((c, i) => ({
    client: c.settings.python,
    method: c.verb,
    args: c.pyArgs,
    kwargs: c.pyKwargs,
    record: join(work, `py-${i}.argv`),
  }));
  const { stdout } = await runPython("anchors.py", ["argv"], {
    input: JSON.stringify({ standin, cases: pyCases }),
    env: { ...process.env },
  });
  const pyErrors = JSON.parse(stdout) as { error: string | null }[];
  all.forEach((c, i) => {
    const rec = readRecord(join(work, `py-${i}.argv`));
    pyArgv.set(c.name, rec ?? { error: pyErrors[i]?.error ?? "no argv recorded" });
  });

  for (const [i, c] of all.entries()) {
    const record = join(work, `ours-${i}.argv`);
    const rocky = new RockyResource({
      ...c.settings.ours,
      binaryPath: standin,
      cwd: work,
      env: { STANDIN_RECORD: record },
    });
    let error: string | null = null;
    try {
      if (c.verb === "apply") await rocky.apply(PLAN_ID);
      else await (rocky[c.verb] as (o: unknown) => Promise<unknown>).call(rocky, c.ours);
    } catch (e) {
      error = `${(e as Error).name}: ${(e as Error).message}`;
    }
    const rec = readRecord(record);
    oursArgv.set(c.name, rec ?? { error: error ?? "no argv recorded" });
  }
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/**
 * Our argv of a shadowed write as rocky-sdk's would be: the state flag of our own shadow state file
 * replaced by the settings' one, and the `shadow<suffix>:` prefix of the idempotency key removed.
 * Null when it is not a shadowed write in that exact form.
 */
function withoutIsolation(ours: ParsedArgv, py: ParsedArgv): ParsedArgv | null {
  const suffix = ours.flags.find(([k]) => k === "--shadow-suffix")?.[1];
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
  const flags = ours.flags.map(([k, v]): [string, string | true] =>
    k === "--idempotency-key" && typeof v === "string" && v.startsWith(prefix)
      ? [k, v.slice(prefix.length)]
      : [k, v],
  );
  const globals = [...ours.globals.filter((g) => g !== isolated), ...pyState];
  const byKey = (a: [string, string | true], b: [string, string | true]) =>
    JSON.stringify(a) < JSON.stringify(b) ? -1 : 1;
  return { ...ours, globals: globals.sort(byKey), flags: flags.sort(byKey) };
}

/** The docs/parity.md id explaining a difference, or null. */
function classify(ours: ParsedArgv | { error: string }, py: ParsedArgv): string | null {
  if (!("error" in ours)) {
    const plain = withoutIsolation(ours, py);
    return plain !== null && JSON.stringify(plain) === JSON.stringify(py)
      ? "argv/shadowed-write-own-state"
      : null;
  }
  if ("error" in ours) {
    // rocky's clap declares --defer-to with `requires = "defer"`: rocky-sdk sends it alone and
    // rocky refuses the argv; we refuse the options before spawning, with a typed error.
    const deferToAlone =
      py.flags.some(([k]) => k === "--defer-to") && !py.flags.some(([k]) => k === "--defer");
    return deferToAlone && /RockyConfigError: .*deferTo requires defer/s.test(ours.error)
      ? "argv/defer-to-requires-defer"
      : null;
  }
  return null;
}

describeInterop(
  "argv: what rocky-sdk spawns and what RockyResource spawns parse to the same arguments",
  () => {
    it("covers every verb both wrap over the option matrix, and both sides spawned for every case", () => {
      const verbs = new Set(all.map((c) => c.verb));
      expect([...verbs].sort()).toEqual(
        ["apply", "compile", "discover", "doctor", "plan", "run", "state", "test"].sort(),
      );
      expect(all.length).toBeGreaterThanOrEqual(80);
      // rocky-sdk spawns for every case; we refuse only the case docs/parity.md explains.
      const pyMissing = all.filter((c) => !Array.isArray(pyArgv.get(c.name)));
      expect(pyMissing.map((c) => [c.name, pyArgv.get(c.name)])).toEqual([]);
      const oursMissing = all.filter((c) => !Array.isArray(oursArgv.get(c.name)));
      expect(oursMissing.map((c) => c.name.split(" [")[0])).toEqual(
        SETTINGS.map(() => 'run {"filter":"client=acme","deferTo":"analytics_prod"}'),
      );
    });

    it("every difference is listed and explained in docs/parity.md", () => {
      const divergences: Divergence[] = [];
      for (const c of all) {
        const o = oursArgv.get(c.name) as string[] | { error: string };
        const p = pyArgv.get(c.name) as string[];
        const po = Array.isArray(o) ? parseArgv(o) : o;
        const pp = parseArgv(p);
        if (JSON.stringify(po) !== JSON.stringify(pp)) {
          divergences.push({ subject: c.name, ours: o, python: p, id: classify(po, pp) });
        }
      }
      const counts = expectOnlyListedDivergences(divergences);
      expect([...counts.keys()].sort()).toEqual([
        "argv/defer-to-requires-defer",
        "argv/shadowed-write-own-state",
      ]);
      // The two runs with a suffix, per settings; every other case spawns the same arguments.
      expect(counts.get("argv/defer-to-requires-defer")).toBe(SETTINGS.length);
      expect(counts.get("argv/shadowed-write-own-state")).toBe(2 * SETTINGS.length);
      expect(divergences.length).toBe(3 * SETTINGS.length);
    });

    it("the normaliser treats --flag=value and --flag value alike, and nothing else", () => {
      expect(parseArgv(["--config=a", "run", "--filter=x", "--shadow"])).toEqual(
        parseArgv(["--config", "a", "run", "--shadow", "--filter", "x"]),
      );
      expect(parseArgv(["run", "--filter=x"])).not.toEqual(parseArgv(["run", "--filter=y"]));
      expect(parseArgv(["run", "--filter=x"])).not.toEqual(parseArgv(["plan", "--filter=x"]));
      expect(parseArgv(["--output", "json", "run"])).not.toEqual(
        parseArgv(["run", "--output", "json"]),
      );
    });
  },
);
