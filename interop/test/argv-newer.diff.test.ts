// Differential: the argv the Python anchors spawn and the argv RockyResource spawns for the
// methods of the verbs engines newer than 1.71 added (freshness, costByProduct, productList,
// productJournal, packageList/Add/Update/Remove, reconcileWatermark, scheduleSpool, profile) and
// runCli, against rocky-sdk 0.29.0's RockyClient for all of them and dagster-rocky 1.74.0's
// RockyResource for the seven it has, with every option and every combination of the options
// that take one. Both sides spawn the same stand-in binary, which records its arguments
// NUL-separated; nothing is reconstructed. argv are compared as rocky's clap parses them:
// `--flag=value` and `--flag value` are one argument, named flags are unordered, and a bare `--`
// ends the flags (what follows is positional). validateGovernanceOverride has no argv: what each
// side accepts and refuses is compared instead.
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RockyResource, type RockyResourceOptions } from "@dagster-rocky/resource";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type Divergence, expectOnlyListedDivergences } from "./helpers/parity.js";
import { describeInterop, runPython } from "./helpers/venv.js";

// `--version` answers like a 1.77 engine (every newer verb's floor); any other call records "$@".
const STANDIN = `#!/bin/sh
if [ "$1" = "--version" ] || [ "$1" = "-V" ]; then echo "rocky 1.77.0"; exit 0; fi
printf '%s\\0' "$@" > "$STANDIN_RECORD"
echo '{}'
`;

/** Flags rocky declares without a value. */
const SWITCHES = new Set([
  "--allow-secret-var",
  "--force",
  "--dry-run",
  "--build-empty",
  "--version",
]);

interface ParsedArgv {
  globals: [string, string | true][];
  command: string[];
  positionals: string[];
  flags: [string, string | true][];
}

/**
 * argv as clap sees it: global flags, the command words, positionals, and the verb's flags
 * (sorted). `words` is how many leading words name the command (`package add` is 2).
 */
function parseArgv(argv: readonly string[], words: number): ParsedArgv {
  const out: ParsedArgv = { globals: [], command: [], positionals: [], flags: [] };
  let positionalOnly = false;
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] as string;
    const target = out.command.length === 0 ? out.globals : out.flags;
    if (positionalOnly) out.positionals.push(token);
    else if (token === "--") positionalOnly = true;
    else if (token.startsWith("--")) {
      const eq = token.indexOf("=");
      const name = eq === -1 ? token : token.slice(0, eq);
      let value: string | true;
      if (eq !== -1) value = token.slice(eq + 1);
      else if (SWITCHES.has(name)) value = true;
      else value = argv[++i] ?? "";
      target.push([name, value]);
    } else if (out.command.length < words) out.command.push(token);
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
    name: "namespace and models",
    ours: { configPath: "conf/prod.toml", stateNamespace: "tenant_a", modelsDir: "src/models" },
    python: {
      config_path: "conf/prod.toml",
      state_namespace: "tenant_a",
      models_dir: "src/models",
    },
  },
  { name: "defaults", ours: {}, python: {} },
];

type Anchor = "sdk" | "dagster";

interface Case {
  name: string;
  anchor: Anchor;
  settings: Settings;
  /** Our method and its arguments. */
  method: string;
  ours: unknown[];
  /** The Python method, positional arguments and keyword arguments. */
  pyMethod: string;
  pyArgs: unknown[];
  pyKwargs: Record<string, unknown>;
  /** Command words (for the normaliser). */
  words: number;
  /** A call we refuse before spawning where rocky-sdk spawns: the docs/parity.md id and our error. */
  refused?: { id: string; error: RegExp };
}

/** Calls rocky-sdk spawns and we refuse before spawning, each with its docs/parity.md id. */
const REFUSALS: {
  method: string;
  ours: unknown[];
  pyArgs: unknown[];
  pyKwargs: Record<string, unknown>;
  words: number;
  refused: { id: string; error: RegExp };
}[] = [
  ...(
    [
      ["costByProduct", ["2026-13"], ["2026-13"], {}, 1],
      ["costByProduct", ["April"], ["April"], {}, 1],
      ["productJournal", ["orders mart"], ["orders mart"], {}, 2],
      ["packageAdd", ["stripe"], ["stripe"], {}, 2],
      ["packageAdd", ["a/b", { vars: { "a=b": "x" } }], ["a/b"], { vars: { "a=b": "x" } }, 2],
      ["packageAdd", ["a/b", { dbtTimeout: 0 }], ["a/b"], { dbt_timeout: 0 }, 2],
      ["packageRemove", ["../x"], ["../x"], {}, 2],
      ["reconcileWatermark", [""], [""], {}, 2],
      ["profile", ["orders;drop"], ["orders;drop"], {}, 1],
      ["profile", ["orders", { sample: -1 }], ["orders"], { sample: -1 }, 1],
    ] as const
  ).map(([method, ours, pyArgs, pyKwargs, words]) => ({
    method,
    ours: [...ours],
    pyArgs: [...pyArgs],
    pyKwargs,
    words,
    refused: { id: "argv/newer-value-rules", error: /^RockyConfigError/ },
  })),
  ...[
    ["--config", "other.toml", "doctor"],
    ["--state-path", "/prod/state.redb", "state"],
  ].map((args) => ({
    method: "runCli",
    ours: [args],
    pyArgs: [args],
    pyKwargs: {},
    words: 1,
    refused: { id: "argv/run-cli-global-flags", error: /^RockyConfigError/ },
  })),
  {
    method: "runCli",
    ours: [["run", "--filter", "a=b", "--shadow", "--shadow-suffix", "_x"]],
    pyArgs: [["run", "--filter", "a=b", "--shadow", "--shadow-suffix", "_x"]],
    pyKwargs: {},
    words: 1,
    refused: { id: "argv/run-cli-unisolated-shadow", error: /^RockyShadowError/ },
  },
];

/** The seven methods dagster-rocky's RockyResource has among them. */
const DAGSTER_HAS = new Set([
  "freshness",
  "cost_by_product",
  "product_list",
  "product_journal",
  "package_list",
  "reconcile_watermark",
  "schedule_spool",
]);

function subsets<T extends Record<string, unknown>>(options: T): Partial<T>[] {
  const keys = Object.keys(options);
  const out: Partial<T>[] = [];
  for (let mask = 0; mask < 1 << keys.length; mask++) {
    out.push(
      Object.fromEntries(
        keys.filter((_, i) => mask & (1 << i)).map((k) => [k, options[k]]),
      ) as Partial<T>,
    );
  }
  return out;
}

const snake = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const kwargs = (o: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [snake(k), v]));

const BUILD = {
  vars: { stripe_schema: "raw_stripe", "stripe.db": "a=b c" },
  compiled: "./target/dbt",
  allowSecretVar: true,
  dbtTimeout: 60,
};

function cases(): Case[] {
  const out: Case[] = [];
  const add = (
    s: Settings,
    method: string,
    ours: unknown[],
    pyArgs: unknown[],
    pyKwargs: Record<string, unknown>,
    words: number,
    refused?: Case["refused"],
  ) => {
    const pyMethod = snake(method);
    for (const anchor of ["sdk", "dagster"] as const) {
      if (anchor === "dagster" && !DAGSTER_HAS.has(pyMethod)) continue;
      out.push({
        name: `${anchor} ${method} ${JSON.stringify(ours)} [${s.name}]`,
        anchor,
        settings: s,
        method,
        ours,
        pyMethod,
        pyArgs,
        pyKwargs,
        words,
        ...(refused === undefined ? {} : { refused }),
      });
    }
  };
  for (const s of SETTINGS) {
    add(s, "freshness", [], [], {}, 1);
    add(s, "freshness", [{ pipeline: "bronze" }], [], { pipeline: "bronze" }, 1);
    add(s, "costByProduct", ["2026-04"], ["2026-04"], {}, 1);
    add(s, "productList", [], [], {}, 2);
    add(s, "productJournal", ["orders_mart"], ["orders_mart"], {}, 2);
    add(s, "packageList", [], [], {}, 2);
    add(s, "scheduleSpool", [], [], {}, 3);
    for (const o of subsets({ tables: ["orders", "raw.customers"], dryRun: true })) {
      add(s, "reconcileWatermark", ["bronze", o], ["bronze"], kwargs(o), 2);
    }
    add(
      s,
      "reconcileWatermark",
      ["bronze", { tables: ["orders"] }],
      ["bronze"],
      { tables: ["orders"] },
      2,
    );
    add(s, "reconcileWatermark", ["bronze", { tables: [] }], ["bronze"], { tables: [] }, 2);
    for (const base of subsets({ ...BUILD, targetSchema: "stripe" })) {
      for (const buildEmpty of [undefined, true, false]) {
        const o = { ...base, ...(buildEmpty === undefined ? {} : { buildEmpty }) };
        add(
          s,
          "packageAdd",
          ["fivetran/stripe@>=1.0.0,<2.0.0", o],
          ["fivetran/stripe@>=1.0.0,<2.0.0"],
          kwargs(o),
          2,
        );
      }
    }
    for (const base of subsets({ ...BUILD, name: "stripe" })) {
      for (const buildEmpty of [undefined, true, false]) {
        const { name, ...o } = { ...base, ...(buildEmpty === undefined ? {} : { buildEmpty }) };
        add(s, "packageUpdate", [name, o], name === undefined ? [] : [name], kwargs(o), 2);
      }
    }
    add(s, "packageRemove", ["stripe"], ["stripe"], {}, 2);
    add(s, "packageRemove", ["stripe", { force: true }], ["stripe"], { force: true }, 2);
    for (const column of [undefined, "amount"]) {
      for (const sample of [undefined, 0, 5]) {
        const o = {
          ...(column === undefined ? {} : { column }),
          ...(sample === undefined ? {} : { sample }),
        };
        add(s, "profile", ["orders", o], ["orders"], kwargs(o), 1);
      }
    }
    for (const [args, words] of [
      [["state", "show"], 2],
      [["doctor", "--check", "state"], 1],
      [["hooks", "list"], 2],
      [["cost", "latest", "--model", "orders"], 1],
      [["tick", "--output", "table"], 1],
      [["--version"], 0],
    ] as const) {
      add(s, "runCli", [args], [args], {}, words);
    }
    for (const r of REFUSALS) add(s, r.method, r.ours, r.pyArgs, r.pyKwargs, r.words, r.refused);
  }
  return out;
}

let work: string;
let all: Case[];
const oursArgv = new Map<string, string[] | { error: string }>();
const pyArgv = new Map<string, string[] | { error: string }>();

const readRecord = (file: string): string[] | null =>
  existsSync(file) ? readFileSync(file, "utf8").split("\0").slice(0, -1) : null;

/** Overrides compared between rocky-sdk's validate_governance_override and ours. */
const OVERRIDES: unknown[] = [
  null,
  {},
  { workspace_ids: [{ id: 1 }, { id: 2, binding_type: "READ_ONLY" }] },
  { workspace_ids: [], allow_empty_workspace_ids: true },
  { workspace_ids: [] },
  { workspace_ids: [], allow_empty_workspace_ids: false },
  { workspace_ids: "1,2" },
  { workspace_ids: 5 },
  "not an object",
  [],
  { grants: [{ principal: "analysts", permissions: ["SELECT"] }] },
  // Accepted by rocky-sdk, refused by rocky-core's parser (and so by us).
  { workspace_ids: [123] },
  { grants: [{ principal: "analysts", permissions: ["DROP"] }] },
  { workspace_id: [] },
];
const pyOverrides: (string | null)[] = [];

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "interop-argv-newer-"));
  const standin = join(work, "rocky");
  writeFileSync(standin, STANDIN);
  chmodSync(standin, 0o755);
  writeFileSync(join(work, "rocky.toml"), "");
  all = cases();
  const pyCases = [
    ...all.map((c, i) => ({
      anchor: c.anchor,
      client: c.settings.python,
      method: c.pyMethod,
      args: c.pyArgs,
      kwargs: c.pyKwargs,
      record: join(work, `py-${i}.argv`),
    })),
    ...OVERRIDES.map((o, i) => ({
      anchor: "sdk",
      client: {},
      method: "validate_governance_override",
      args: [o],
      kwargs: {},
      record: join(work, `gov-${i}`),
    })),
  ];
  const { stdout } = await runPython("newer_anchors.py", ["argv"], {
    input: JSON.stringify({ standin, cases: pyCases }),
    env: { ...process.env },
    timeoutMs: 600_000,
  });
  const answers = JSON.parse(stdout) as { error: string | null }[];
  all.forEach((c, i) => {
    const rec = readRecord(join(work, `py-${i}.argv`));
    pyArgv.set(c.name, rec ?? { error: answers[i]?.error ?? "no argv recorded" });
  });
  for (const [i] of OVERRIDES.entries()) pyOverrides.push(answers[all.length + i]?.error ?? null);

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
      await (rocky[c.method as keyof RockyResource] as (...a: unknown[]) => Promise<unknown>).apply(
        rocky,
        c.ours,
      );
    } catch (e) {
      error = `${(e as Error).name}: ${(e as Error).message}`;
    }
    oursArgv.set(c.name, readRecord(record) ?? { error: error ?? "no argv recorded" });
  }
}, 900_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describeInterop(
  "argv of the newer verbs and runCli: what the Python anchors spawn and what RockyResource spawns parse to the same arguments",
  () => {
    it("covers the 12 methods against rocky-sdk and the 7 dagster-rocky has, and both sides spawned every case", () => {
      const methods = (anchor: Anchor) =>
        [...new Set(all.filter((c) => c.anchor === anchor).map((c) => c.method))].sort();
      expect(methods("sdk")).toEqual(
        [
          "costByProduct",
          "freshness",
          "packageAdd",
          "packageList",
          "packageRemove",
          "packageUpdate",
          "productJournal",
          "productList",
          "profile",
          "reconcileWatermark",
          "runCli",
          "scheduleSpool",
        ].sort(),
      );
      expect(methods("dagster")).toEqual(
        [
          "costByProduct",
          "freshness",
          "packageList",
          "productJournal",
          "productList",
          "reconcileWatermark",
          "scheduleSpool",
        ].sort(),
      );
      expect(all.length).toBeGreaterThanOrEqual(690);
      const missing = (m: Map<string, unknown>) =>
        all.filter((c) => !Array.isArray(m.get(c.name))).map((c) => [c.name, m.get(c.name)]);
      expect(missing(pyArgv)).toEqual([]);
      // We refuse, before spawning, exactly the calls docs/parity.md explains.
      expect(missing(oursArgv).map(([name]) => name)).toEqual(
        all.filter((c) => c.refused !== undefined).map((c) => c.name),
      );
    });

    it("every difference is listed and explained in docs/parity.md: only our refusals before spawning", () => {
      const divergences: Divergence[] = [];
      for (const c of all) {
        const o = oursArgv.get(c.name) as string[] | { error: string };
        const p = pyArgv.get(c.name) as string[];
        if (!Array.isArray(o)) {
          const id = c.refused?.error.test(o.error) ? c.refused.id : null;
          divergences.push({ subject: c.name, ours: o, python: p, id });
        } else if (
          JSON.stringify(parseArgv(o, c.words)) !== JSON.stringify(parseArgv(p, c.words))
        ) {
          divergences.push({ subject: c.name, ours: o, python: p, id: null });
        }
      }
      const counts = expectOnlyListedDivergences(divergences);
      const byId = (id: string) => all.filter((c) => c.refused?.id === id).length;
      expect(Object.fromEntries(counts)).toEqual({
        "argv/newer-value-rules": byId("argv/newer-value-rules"),
        "argv/run-cli-global-flags": byId("argv/run-cli-global-flags"),
        "argv/run-cli-unisolated-shadow": byId("argv/run-cli-unisolated-shadow"),
      });
      // Every other call spawns the same arguments on both sides.
      expect(divergences.length).toBe(all.filter((c) => c.refused !== undefined).length);
    });

    it("validateGovernanceOverride refuses what rocky-sdk refuses, and what rocky-core's struct refuses", () => {
      const divergences: Divergence[] = [];
      OVERRIDES.forEach((o, i) => {
        let ours: string | null = null;
        try {
          RockyResource.validateGovernanceOverride(o as never);
        } catch (e) {
          ours = `${(e as Error).name}`;
        }
        const python = pyOverrides[i] ?? null;
        if ((ours === null) !== (python === null)) {
          // Only one direction is explained: rocky-sdk accepts a shape rocky's parser refuses.
          const id = python === null ? "governance/checked-against-rocky-core" : null;
          divergences.push({ subject: JSON.stringify(o), ours, python, id });
        }
        if (python !== null) expect(python).toMatch(/^RockyGovernanceError/);
      });
      const counts = expectOnlyListedDivergences(divergences);
      expect(counts.get("governance/checked-against-rocky-core")).toBe(3);
    });

    it("the normaliser reads -- as the end of the flags, and nothing else alike", () => {
      expect(parseArgv(["profile", "--models=m", "--", "orders"], 1)).toEqual(
        parseArgv(["profile", "orders", "--models", "m"], 1),
      );
      expect(parseArgv(["package", "remove", "--", "a"], 2)).not.toEqual(
        parseArgv(["package", "remove", "--", "b"], 2),
      );
      expect(parseArgv(["package", "add", "--build-empty", "--", "a/b"], 2)).not.toEqual(
        parseArgv(["package", "add", "--build-empty=false", "--", "a/b"], 2),
      );
      expect(parseArgv(["product", "journal", "p"], 2)).not.toEqual(
        parseArgv(["product", "list", "p"], 2),
      );
    });
  },
);
