/**
 * Injection: every user value either is refused with a typed error before
 * anything is spawned, or reaches rocky as exactly one inert `--flag=value`
 * argv token. Checked on the argv the rocky simulator (@dagster-rocky/testing,
 * not rocky) actually received, and by marker files a shell would create.
 */
import { existsSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  RockyBinaryNotFoundError,
  RockyConfigError,
  RockyError,
  RockyResource,
  type RockyResourceOptions,
  RockyShadowError,
  type ShadowSuffixContext,
} from "../../src/index.js";
import { resourceFor, sim, tempDir } from "../helpers.js";

const G = ["--config=rocky.toml", "--output", "json"];
/** Files a shell would create if any value were interpreted; none may ever exist. */
const markDir = await mkdtemp(join(tmpdir(), "rocky-inject-"));
afterAll(() => rm(markDir, { recursive: true, force: true }));
const markers: string[] = [];
const mark = (name: string) => {
  const p = join(markDir, `pwned-${name}`);
  markers.push(p);
  return p;
};

const NASTY: readonly (readonly [string, string])[] = [
  ["a leading dash", "-x"],
  ["a flag", "--shadow"],
  ["a flag with a value", "--shadow-suffix=_evil"],
  ["equals signs", "a=b=c"],
  ["spaces", " a b  c "],
  ["quotes", `'single' "double" \\"`],
  ["$()", `$(touch ${mark("subst")})`],
  ["backticks", `\`touch ${mark("backtick")}\``],
  ["a semicolon", `x; touch ${mark("semi")}`],
  [
    "| && || &",
    `x | touch ${mark("pipe")} && touch ${mark("and")} || touch ${mark("or")} & touch ${mark("bg")}`,
  ],
  ["redirects", `x > ${mark("redir")} < /etc/passwd 2>&1`],
  ["newlines", "line1\nline2\r\n--shadow\n"],
  ["a NUL", "a\u0000b"],
  ["globs", "* ? [a-z] ~ {a,b} **/*"],
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell variable, on purpose
  ["variables", "$HOME ${PATH} %PATH% $$ !!"],
  ["non-ASCII", "é漢字🚀\u202Eevil\u200b"],
  ["backslashes", "C:\\x\\ \\\\n \\"],
  ["empty", ""],
];

// biome-ignore lint/suspicious/noControlCharactersInRegex: the rules refuse them
const CONTROL = /[\u0000-\u001f\u007f]/;
/**
 * value-rules' text rules (`nonEmpty`, `pipelineName`): empty and control characters (a NUL
 * cannot travel in argv; a newline is never one value) are refused.
 */
const refusedAsText = (v: string) => v === "" || CONTROL.test(v);
/** value-rules' `path`: text, and no leading "-" (a tool handed the path could read a flag). */
const refusedAsPath = (v: string) => refusedAsText(v) || v.startsWith("-");
/** value-rules' `filter` value: text, one value (rocky splits on the first "=" only). */
const refusedAsFilterValue = (v: string) => refusedAsText(v) || /[=,]/.test(v);

type Verb = "run" | "plan" | "doctor" | "compile" | "test" | "discover" | "compare" | "state";
interface CallField {
  field: string;
  verb: Verb;
  call: (v: string) => Record<string, unknown>;
  /** The verb and its flags rocky must receive, or null when the value must be refused. */
  args: (v: string) => string[] | null;
}

const callFields: CallField[] = [
  {
    field: "filter (value part)",
    verb: "run",
    call: (v) => ({ filter: `tenant=${v}` }),
    args: (v) => (refusedAsFilterValue(v) ? null : ["run", `--filter=tenant=${v}`]),
  },
  ...(
    [
      ["pipeline", "pipeline"],
      ["partition", "partition"],
      ["idempotencyKey", "idempotency-key"],
    ] as const
  ).map(
    ([field, flag]): CallField => ({
      field,
      verb: "run",
      call: (v) => ({ filter: "a=b", [field]: v }),
      args: (v) => (refusedAsText(v) ? null : ["run", "--filter=a=b", `--${flag}=${v}`]),
    }),
  ),
  {
    field: "from/to",
    verb: "plan",
    call: (v) => ({ filter: "a=b", from: v, to: v }),
    args: (v) => (refusedAsText(v) ? null : ["plan", "--filter=a=b", `--from=${v}`, `--to=${v}`]),
  },
  {
    field: "deferTo",
    verb: "run",
    call: (v) => ({ filter: "a=b", defer: true, deferTo: v }),
    args: (v) => (refusedAsText(v) ? null : ["run", "--filter=a=b", "--defer", `--defer-to=${v}`]),
  },
  {
    field: "governanceOverride (a JSON value)",
    verb: "run",
    call: (v) => ({
      filter: "a=b",
      governanceOverride: { grants: [{ principal: v, permissions: ["SELECT"] }] },
    }),
    // JSON escapes NUL and newlines: always one token. An empty principal is refused.
    args: (v) =>
      v === ""
        ? null
        : [
            "run",
            "--filter=a=b",
            `--governance-override=${JSON.stringify({ grants: [{ principal: v, permissions: ["SELECT"] }] })}`,
          ],
  },
  {
    field: "governanceOverride (a JSON key)",
    verb: "plan",
    call: (v) => ({ filter: "a=b", governanceOverride: { [v]: v } }),
    // rocky-core's GovernanceOverride has four keys: any other is refused, never sent.
    args: () => null,
  },
  {
    field: "doctor check",
    verb: "doctor",
    call: (v) => ({ check: v }),
    args: (v) => (refusedAsText(v) ? null : ["doctor", `--check=${v}`]),
  },
  // A model name is an identifier: nothing in NASTY is one.
  { field: "run model", verb: "run", call: (v) => ({ filter: "a=b", model: v }), args: () => null },
  { field: "compile model", verb: "compile", call: (v) => ({ model: v }), args: () => null },
  {
    field: "discover pipeline",
    verb: "discover",
    call: (v) => ({ pipeline: v }),
    args: (v) => (refusedAsText(v) ? null : ["discover", `--pipeline=${v}`]),
  },
  // Identifiers: nothing in NASTY is one, so every value is refused.
  {
    field: "run shadowSuffix",
    verb: "run",
    call: (v) => ({ filter: "a=b", shadowSuffix: v }),
    args: () => null,
  },
  {
    field: "plan shadowSuffix",
    verb: "plan",
    call: (v) => ({ filter: "a=b", shadowSuffix: v }),
    args: () => null,
  },
  {
    field: "compare shadowSuffix",
    verb: "compare",
    call: (v) => ({ filter: "a=b", shadowSuffix: v }),
    args: () => null,
  },
  {
    field: "compare shadowSchema",
    verb: "compare",
    call: (v) => ({ filter: "a=b", shadowSchema: v }),
    args: () => null,
  },
];

async function call(
  r: RockyResource,
  verb: Verb,
  options: Record<string, unknown>,
): Promise<unknown> {
  return (r[verb] as (o: unknown) => Promise<unknown>).call(r, options);
}

const sortArgvs = (xs: string[][]) => xs.map((x) => JSON.stringify(x)).sort();

describe("call options: refused before spawning, or exactly one --flag=value token", () => {
  it(`${callFields.length} fields x ${NASTY.length} values`, async () => {
    const s = await sim();
    const r = resourceFor(s);
    await r.state(); // the version probe and one state call, so that only the cases' spawns remain
    await s.clearInvocations();
    const expected: string[][] = [];
    const cases = callFields.flatMap((f) => NASTY.map(([label, v]) => ({ f, label, v })));
    for (let i = 0; i < cases.length; i += 8) {
      await Promise.all(
        cases.slice(i, i + 8).map(async ({ f, label, v }) => {
          const want = f.args(v);
          const error = await call(r, f.verb, f.call(v)).then(
            () => null,
            (e: unknown) => e,
          );
          if (want === null) {
            expect(error, `${f.field} with ${label}`).toBeInstanceOf(RockyConfigError);
          } else {
            expected.push([...G, ...want]);
            // rocky may reject a value (exit 2); that is a typed error after a clean spawn.
            if (error !== null)
              expect(error, `${f.field} with ${label}`).toBeInstanceOf(RockyError);
          }
        }),
      );
    }
    const got = (await s.invocations()).map((i) => i.argv);
    expect(sortArgvs(got)).toEqual(sortArgvs(expected));
    // Not vacuous: most text fields accept most hostile values, each as one inert token.
    expect(expected.length).toBeGreaterThan(120);
    for (const m of markers) expect(existsSync(m), m).toBe(false);
  }, 60_000);

  it("a shadow suffix from resolveShadowSuffix or the resource options is refused the same way", async () => {
    const s = await sim();
    class Hook extends RockyResource {
      constructor(
        private readonly value: string,
        o: RockyResourceOptions,
      ) {
        super(o);
      }
      protected override resolveShadowSuffix(_ctx: ShadowSuffixContext): string {
        return this.value;
      }
    }
    for (const [label, v] of NASTY) {
      for (const env of [
        {},
        { DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "1", DAGSTER_CLOUD_PULL_REQUEST_ID: "42" },
      ]) {
        const hooked = new Hook(v, { binaryPath: s.binaryPath, env, shadowMode: "branch_deploy" });
        for (const verb of ["run", "plan", "compare"] as const) {
          const err = await call(hooked, verb, { filter: "a=b" }).catch((e: unknown) => e);
          expect(err, `${verb} hook ${label}`).toBeInstanceOf(RockyShadowError);
          expect((err as RockyShadowError).reason).toBe("invalid_suffix");
        }
      }
      expect(
        () =>
          new RockyResource({ binaryPath: s.binaryPath, shadowMode: "always", shadowSuffix: v }),
        label,
      ).toThrow(RockyConfigError);
    }
    expect(await s.invocations()).toEqual([]);
  });

  it("apply's plan id must be 64 hex characters", async () => {
    const s = await sim();
    const r = resourceFor(s);
    for (const [label, v] of [
      ...NASTY,
      ["65 hex", "a".repeat(65)],
      ["hex then a flag", `${"a".repeat(64)} --x`],
    ] as const) {
      await expect(r.apply(v), label).rejects.toBeInstanceOf(RockyConfigError);
    }
    expect(await s.invocations()).toEqual([]);
  });

  it("compare thresholds: finite non-negative numbers as one JSON token, anything else refused", async () => {
    const s = await sim();
    const r = resourceFor(s);
    await r.state();
    await s.clearInvocations();
    const refused: unknown[] = [
      { row_count_diff_pct_warn: Number.NaN },
      { row_count_diff_pct_warn: Number.POSITIVE_INFINITY },
      { row_count_diff_pct_fail: Number.NEGATIVE_INFINITY },
      { row_count_diff_pct_warn: -0.1 },
      { row_count_diff_pct_warn: "0.1; touch x" },
      { row_count_diff_pct_warn: "$(touch x)" },
      { row_count_diff_pct_warn: {} },
      { row_count_diff_pct_warn: [0.1] },
      { row_count_diff_pct_warn: 0.5, row_count_diff_pct_fail: 0.1 },
      { allow_column_order_diff: "true" },
      { "x; touch y": 1 },
      { row_count_diff_pct_warn: 1n },
      "0.1",
      null,
    ];
    const accepted = [
      { row_count_diff_pct_warn: 1e308 },
      { row_count_diff_pct_warn: 5e-324, row_count_diff_pct_fail: Number.MAX_VALUE },
      { row_count_diff_pct_warn: -0 },
      { allow_column_order_diff: true },
      {},
    ];
    for (const [i, t] of refused.entries()) {
      await expect(
        r.compare({ filter: "a=b", shadowSuffix: "_s", thresholds: t as never }),
        `refused[${i}]`,
      ).rejects.toBeInstanceOf(RockyConfigError);
    }
    for (const t of accepted)
      await r.compare({ filter: "a=b", shadowSuffix: "_s", thresholds: t }).catch(() => null);
    const got = (await s.invocations()).map((i) => i.argv);
    expect(sortArgvs(got)).toEqual(
      sortArgvs(
        accepted.map((t) => [
          ...G,
          "compare",
          "--filter=a=b",
          "--shadow-suffix=_s",
          `--thresholds=${JSON.stringify(t)}`,
        ]),
      ),
    );
  });
});

describe("resource options: refused at construction, or exactly one --flag=value token", () => {
  const resourceFields: {
    field: string;
    options: (v: string) => RockyResourceOptions;
    verb: Verb;
    argv: (v: string) => string[] | null;
  }[] = [
    {
      field: "configPath",
      options: (v) => ({ configPath: v }),
      verb: "state",
      argv: (v) => (refusedAsPath(v) ? null : [`--config=${v}`, "--output", "json", "state"]),
    },
    {
      field: "statePath",
      options: (v) => ({ statePath: v }),
      verb: "state",
      argv: (v) =>
        refusedAsPath(v)
          ? null
          : ["--config=rocky.toml", `--state-path=${v}`, "--output", "json", "state"],
    },
    {
      field: "modelsDir",
      options: (v) => ({ modelsDir: v }),
      verb: "compile",
      argv: (v) => (refusedAsPath(v) ? null : [...G, "compile", `--models=${v}`]),
    },
    {
      field: "contractsDir",
      options: (v) => ({ contractsDir: v }),
      verb: "test",
      argv: (v) =>
        refusedAsPath(v) ? null : [...G, "test", "--models=models", `--contracts=${v}`],
    },
    {
      field: "stateNamespace",
      options: (v) => ({ stateNamespace: v }),
      verb: "state",
      argv: () => null,
    },
  ];

  it(`${resourceFields.length} fields x ${NASTY.length} values`, async () => {
    const s = await sim();
    const expected: string[][] = [];
    const cases = resourceFields.flatMap((f) => NASTY.map(([label, v]) => ({ f, label, v })));
    for (let i = 0; i < cases.length; i += 8) {
      await Promise.all(
        cases.slice(i, i + 8).map(async ({ f, label, v }) => {
          const want = f.argv(v);
          let r: RockyResource;
          try {
            r = resourceFor(s, f.options(v));
          } catch (error) {
            expect(want, `${f.field} with ${label} was refused`).toBeNull();
            expect(error).toBeInstanceOf(RockyConfigError);
            expect((error as RockyConfigError).issues[0]?.path).toBe(f.field);
            return;
          }
          expect(want, `${f.field} with ${label} was accepted`).not.toBeNull();
          expected.push(want as string[]);
          const error = await call(r, f.verb as Verb, {}).then(
            () => null,
            (e: unknown) => e,
          );
          if (error !== null) expect(error).toBeInstanceOf(RockyError);
        }),
      );
    }
    const got = (await s.invocations()).filter((i) => i.argv[0] !== "--version").map((i) => i.argv);
    expect(sortArgvs(got)).toEqual(sortArgvs(expected));
    expect(expected.length).toBe(4 * NASTY.filter(([, v]) => !refusedAsPath(v)).length);
    for (const m of markers) expect(existsSync(m), m).toBe(false);
  }, 60_000);
});

describe("binaryPath is executed as a file, never through a shell", () => {
  it("hostile paths are simply not found; nothing they name is run", async () => {
    for (const [label, v] of NASTY) {
      if (refusedAsPath(v)) {
        expect(() => new RockyResource({ binaryPath: v, env: {} }), label).toThrow(
          RockyConfigError,
        );
        continue;
      }
      const err = await new RockyResource({ binaryPath: v, env: {} })
        .state()
        .catch((e: unknown) => e);
      expect(err, label).toBeInstanceOf(RockyBinaryNotFoundError);
      expect((err as RockyBinaryNotFoundError).binaryPath).toBe(v);
    }
    for (const m of markers) expect(existsSync(m), m).toBe(false);
  });

  it("a real binary at a path full of spaces and shell metacharacters runs", async () => {
    const s = await sim();
    const root = await tempDir();
    // A shell would create pwned-dir or x in its cwd (root for the first, this process's cwd for the second).
    const dir = join(root, `dir with spaces $(touch pwned-dir) ; & | 'q' "dq" \`bt\` * é`);
    await mkdir(dir);
    const weird = join(dir, `rocky $(touch x) ;|& -v`);
    await copyFile(s.binaryPath, weird);
    const r = new RockyResource({ binaryPath: weird, env: {} });
    const result = await r.run({ filter: "tenant=acme" });
    expect(result.command).toBe("run");
    const run = (await s.invocations()).find((i) => i.verb === "run");
    expect(run?.argv).toEqual([...G, "run", "--filter=tenant=acme"]);
    for (const name of ["x", "pwned-dir"]) {
      expect(existsSync(join(root, name))).toBe(false);
      expect(existsSync(join(process.cwd(), name))).toBe(false);
    }
    for (const m of markers) expect(existsSync(m), m).toBe(false);
  });
});
