// biome-ignore-all lint/suspicious/noTemplateCurlyInString: rocky.toml's ${VAR} placeholders, not JS templates
// rocky's config loader (src/rocky-config.ts), rule by rule, as rocky-core config.rs
// `parse_rocky_config_str` and rocky-cli registry.rs `resolve_pipeline` read rocky.toml.
// The same shapes run against the real engine in engine-tests/test/config-loader.test.ts.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  type ConfigRead,
  decodeConfig,
  envLookup,
  loadRockyConfig,
  MAX_CONFIG_BYTES,
  parseRockyConfig,
  type RockyConfig,
  resolvePipeline,
  substituteEnvVars,
} from "../src/rocky-config.js";

type Env = Record<string, string | undefined>;

/** The config after loading, or the reason it cannot be told. */
async function load(text: string, env: Env = {}): Promise<ConfigRead<RockyConfig>> {
  return parseRockyConfig(text, env);
}
async function loaded(text: string, env: Env = {}): Promise<RockyConfig> {
  const r = await load(text, env);
  if (!r.ok) throw new Error(`expected the config to load, got: ${r.reason}`);
  return r.value;
}
async function refused(text: string, env: Env = {}): Promise<string> {
  const r = await load(text, env);
  if (r.ok)
    throw new Error(`expected "cannot tell", got ${JSON.stringify([...r.value.pipelines])}`);
  return r.reason;
}
/** The pipeline rocky would select, as `name:type`, or the reason it cannot be told. */
async function selected(text: string, env: Env = {}, pipeline?: string): Promise<string> {
  const r = await load(text, env);
  if (!r.ok) return `cannot tell: ${r.reason}`;
  const s = resolvePipeline(r.value, pipeline);
  return s.ok ? `${s.value.name}:${s.value.type}` : `cannot tell: ${s.reason}`;
}
const pipelinesOf = async (text: string, env: Env = {}) =>
  Object.fromEntries((await loaded(text, env)).pipelines);

describe("substitution: ${VAR} and ${VAR:-default} replaced as text before parsing (substitute_env_vars_with_report)", () => {
  it("${VAR} takes the variable's value, inside a string or as a bare value", async () => {
    expect(await selected('[pipeline.p]\ntype = "${PT}"\n', { PT: "quality" })).toBe("p:quality");
    expect(await loaded("[x]\nn = ${N}\n", { N: "-10" })).toMatchObject({
      document: { x: { n: -10 } },
    });
  });
  it("${VAR:-default}: the default when VAR is unset or empty, the value otherwise", async () => {
    const toml = '[pipeline.p]\ntype = "${PT:-quality}"\n';
    expect(await selected(toml)).toBe("p:quality");
    expect(await selected(toml, { PT: "" })).toBe("p:quality");
    expect(await selected(toml, { PT: "transformation" })).toBe("p:transformation");
  });
  it("${VAR} set but empty substitutes nothing (no error)", async () => {
    expect(await pipelinesOf('[pipeline.p]\ntype = "${E}replication"\n', { E: "" })).toEqual({
      p: "replication",
    });
  });
  it("${VAR} unset is rocky's MissingEnvVar: cannot tell, naming the first missing variable", async () => {
    expect(await refused('[pipeline.p]\ntype = "${A}"\nx = "${B}"\n')).toBe(
      'environment variable "A" is not set in rocky\'s environment and has no default (rocky refuses the config)',
    );
  });
  it("the name ends at the first `:-`; the default is everything after it, up to the first }", async () => {
    const r = substituteEnvVars("a = '${X:-b:-c}'", envLookup({}));
    expect(r).toMatchObject({ ok: true, value: { text: "a = 'b:-c'" } });
    expect(substituteEnvVars("a = '${X:-}'", envLookup({}))).toMatchObject({
      value: { text: "a = ''" },
    });
  });
  it("no escapes and one pass: `$${A}` keeps the first $, a value is never substituted again", async () => {
    expect(substituteEnvVars("a = '$${A}'", envLookup({ A: "v" }))).toMatchObject({
      value: { text: "a = '$v'" },
    });
    expect(substituteEnvVars("a = '${A}'", envLookup({ A: "${B}", B: "no" }))).toMatchObject({
      value: { text: "a = '${B}'" },
    });
  });
  it("the placeholder may span lines, as rocky's [^}]+ does: that name is never set", async () => {
    const r = substituteEnvVars("a = '${A\nB}'", envLookup({ A: "x" }));
    expect(r.ok).toBe(false);
  });
  it("a reason names variables, never their values", async () => {
    const reason = await refused('[state]\nbackend = "${S}"\nx = ${S}\n', { S: "s3cr3t value" });
    expect(reason).toContain('"S"');
    expect(reason).not.toContain("s3cr3t");
  });
});

describe("substitution reads the child's env (the exact object rocky is spawned with), not process.env", () => {
  const KEY = "ROCKY_CONFIG_TEST_ONLY_IN_PROCESS_ENV";
  beforeEach(() => {
    process.env[KEY] = "quality";
  });
  afterEach(() => {
    delete process.env[KEY];
  });
  it("a variable only in process.env is unset for rocky: cannot tell, or the default", async () => {
    expect(await selected(`[pipeline.p]\ntype = "\${${KEY}}"\n`, {})).toMatch(/^cannot tell/);
    expect(await selected(`[pipeline.p]\ntype = "\${${KEY}:-load}"\n`, {})).toBe("p:load");
    expect(await selected(`[pipeline.p]\ntype = "\${${KEY}}"\n`, { [KEY]: "snapshot" })).toBe(
      "p:snapshot",
    );
  });
  it("as Node's spawn builds environ: inherited keys count, undefined values do not", () => {
    const env = Object.create({ INHERITED: "yes" }) as Env;
    env.UNDEF = undefined;
    const get = envLookup(env);
    expect(get("INHERITED")).toBe("yes");
    expect(get("UNDEF")).toBeUndefined();
  });
  it("as glibc getenv reads environ: the first `NAME=` entry wins, even one made by a key holding `=`", () => {
    // Node passes {"A=B": "x", A: "B=y"} as the entries "A=B=x", "A=B=y": getenv("A") is "B=x".
    const get = envLookup({ "A=B": "x", A: "B=y" });
    expect(get("A")).toBe("B=x");
    expect(get("A=B")).toBe("x");
    expect(get("")).toBeUndefined();
    expect(get("A\u0000")).toBeUndefined();
  });
  it("a lone surrogate reaches rocky as U+FFFD (UTF-8)", () => {
    expect(envLookup({ S: "a\ud800b" })("S")).toBe("a\ufffdb");
  });
  it("a real child's getenv agrees (node's process.env calls libc getenv)", () => {
    const env = Object.assign(Object.create({ INH: "i" }) as Env, { "A=B": "x", A: "B=y" });
    const getenv = (name: string) =>
      execFileSync(
        process.execPath,
        [
          "-e",
          "const v = process.env[process.argv[1]]; process.stdout.write(v ?? '<unset>')",
          name,
        ],
        { env, encoding: "utf8" },
      );
    for (const name of ["A", "A=B", "INH", "NONE"])
      expect(getenv(name)).toBe(envLookup(env)(name) ?? "<unset>");
  });
});

describe("comment lines are left alone, exactly as rocky leaves them", () => {
  it("a placeholder on a line whose first non-blank character is # is kept verbatim (never missing)", async () => {
    const text = '# ${NOPE}\n  \t# see ${ALSO_NOPE}\n[pipeline.p]\ntype = "quality"\n';
    expect(await selected(text)).toBe("p:quality");
    expect(substituteEnvVars(text, envLookup({}))).toMatchObject({ value: { text } });
  });
  it("a trailing comment is not a comment line: rocky substitutes there (and refuses an unset one)", async () => {
    expect(await refused('[pipeline.p]\ntype = "quality" # ${NOPE}\n')).toContain('"NOPE"');
    expect(await selected('[pipeline.p]\ntype = "quality" # ${V}\n', { V: "x = 1" })).toBe(
      "p:quality",
    );
  });
  it("a # line inside a multi-line string keeps its placeholder, as text of the string", async () => {
    const c = await loaded('note = """\n# ${X}\n${Y}\n"""\n', { X: "1", Y: "2" });
    expect(c.document.note).toBe("# ${X}\n2\n");
  });
  it("blank is Rust's whitespace: NEL (U+0085) counts, a byte-order mark does not", () => {
    expect(substituteEnvVars("\u0085# ${NOPE}", envLookup({})).ok).toBe(true);
    expect(substituteEnvVars("\ufeff# ${NOPE}", envLookup({})).ok).toBe(false);
  });
});

describe("a substituted value that could change the TOML structure is refused (cannot tell)", () => {
  const quality = 'x"\n[pipeline.q]\ntype = "quality';
  it.each([
    ["a newline and quotes in a string", 'd = "${V}"', quality],
    ["a newline in a multi-line string", 'd = """${V}"""', "a\nb"],
    ["a carriage return", 'd = "${V}"', "a\rb"],
    ["a double quote in a basic string", 'd = "${V}"', 'a" # '],
    ["a backslash in a basic string", 'd = "${V}"', "a\\"],
    ["a single quote in a literal string", "d = '${V}'", "a' # "],
    ["a control character", 'd = "${V}"', "a\u0007"],
    ["`]` where a key stands", "[pipeline.${V}]\ntype = 'load'", "q]\n"],
    ["`]` in a header key", "[pipeline.${V}]", "q] #"],
    ["a dot where a key stands (it splits the key)", "[pipeline.${V}]", "a.b"],
    ["`=` in a bare value", "d = ${V}", "1 = 2"],
    ["`,` in an inline table's bare value", "d = { a = ${V} }", '1, type = "quality"'],
    ["a quote in a bare value", "d = ${V}", '"quality"'],
    ["a space in a bare value", "d = ${V}", "1 2"],
    ["anything right after a table header", "[a] ${V}", "zq"],
  ])("%s", async (_, text, value) => {
    const reason = await refused(text, { V: value });
    expect(reason).toMatch(
      /^the value of environment variable "V" substituted into it could change the TOML structure \(.+\)$/,
    );
    expect(reason).not.toContain(value);
  });
  it("a backslash right before a placeholder in a string is refused (it would escape the value)", async () => {
    expect(await refused('d = "\\${V}"', { V: "n" })).toContain("follows a backslash");
  });
  it.each([
    [
      "`=`, `]`, `#`, spaces and `'` inside a basic string (a base64 token)",
      'd = "${V}"',
      "a=]# b'c==",
    ],
    ['`"` and `\\` inside a literal string', "d = '${V}'", 'a"b\\c'],
    ["a URL in a multi-line basic string", 'd = """${V}"""', "redis://:p@h:6379/0?ssl=true"],
    ["a number, date or word as a bare value", "d = ${V}", "1979-05-27T07:32:00Z"],
    ["a bare key", "[pipeline.${V}]\ntype = 'load'", "my-pipe_1"],
    ["anything but a newline in a trailing comment", "d = 1 # ${V}", "x\"]='"],
    ["a key in an inline table", "d = { ${V} = 1 }", "k"],
  ])("allowed: %s", async (_, text, value) => {
    expect((await load(text, { V: value })).ok).toBe(true);
  });
  it("the two bypasses that reached the real engine: a value carrying a quality pipeline", async () => {
    const text = '[pipeline.p]\nnote = "${NOTE}"\n';
    // Read without substitution this is one replication pipeline; rocky reads a quality one.
    expect(await selected(text, { NOTE: 'x"\ntype = "quality' })).toMatch(
      /^cannot tell: .*"NOTE".*newline/,
    );
    expect(await selected(text, { NOTE: "x" })).toBe("p:replication");
  });
});

describe("a bare [pipeline] becomes [pipeline.default] (normalize_toml_shorthands)", () => {
  it("a bare quality [pipeline] with a `default` sub-table is pipeline default, of type quality", async () => {
    const text = '[pipeline]\ntype = "quality"\n[pipeline.default]\ntype = "transformation"\n';
    expect(await selected(text, {}, "default")).toBe("default:quality");
    expect(await selected(text)).toBe("default:quality");
  });
  it.each(["source", "type", "models", "tables", "unique_key", "source_dir"])(
    "a `%s` key makes [pipeline] bare, whatever its value",
    async (key) => {
      const c = await loaded(`[pipeline]\n${key} = {}\n[pipeline.q]\ntype = "quality"\n`);
      expect([...c.pipelines.keys()]).toEqual(["default"]);
    },
  );
  it("without one of those keys [pipeline] is the map of named pipelines", async () => {
    expect(await pipelinesOf('[pipeline.a]\n[pipeline.q]\ntype = "quality"\n')).toEqual({
      a: "replication",
      q: "quality",
    });
  });
  it("bare [adapter] (it has `type`) becomes [adapter.default]", async () => {
    const c = await loaded('[adapter]\ntype = "duckdb"\n');
    expect(c.document.adapter).toEqual({ default: { type: "duckdb" } });
  });
  it("only the key `pipeline` is normalised: a bare [pipelines] is rocky's error", async () => {
    expect(await refused('[pipelines]\ntype = "quality"\n')).toBe(
      "[pipeline.type] is not a table (rocky refuses the config)",
    );
  });
  it("the shorthand is read after substitution", async () => {
    expect(await selected('[pipeline]\n${K} = "quality"\n', { K: "type" })).toBe("default:quality");
  });
});

describe("`pipelines` is an alias of `pipeline` (RockyConfig, serde alias)", () => {
  it("[pipelines.<name>] reads like [pipeline.<name>]", async () => {
    const text = (key: string) => `[${key}.a]\ntype = "quality"\n[${key}.b]\n`;
    expect(await pipelinesOf(text("pipelines"))).toEqual(await pipelinesOf(text("pipeline")));
    expect(await selected(text("pipelines"), {}, "a")).toBe("a:quality");
  });
  it("both keys is serde's duplicate field: cannot tell", async () => {
    expect(await refused("[pipeline.a]\n[pipelines.b]\n")).toBe(
      "it has both [pipeline] and [pipelines] tables (rocky refuses the duplicate)",
    );
  });
  it("an entry that is not a table is rocky's error", async () => {
    expect(await refused("pipeline = 1\n")).toBe("its pipeline entry is not a table");
  });
});

describe("a pipeline's type as PipelineConfig's Deserialize reads it", () => {
  it("no `type` is replication; a `type` that is not a string too (`as_str`)", async () => {
    expect(
      await pipelinesOf("[pipeline.a]\n[pipeline.b]\ntype = 5\n[pipeline.c]\ntype = []\n"),
    ).toEqual({
      a: "replication",
      b: "replication",
      c: "replication",
    });
  });
  it("an unknown type string, any pipeline, selected or not, is rocky's error", async () => {
    expect(await refused('[pipeline.a]\n[pipeline.b]\ntype = "Quality"\n')).toBe(
      '[pipeline.b] has an unknown type "Quality" (rocky refuses the config)',
    );
  });
  it("an entry that is not a table, selected or not, is rocky's error", async () => {
    expect(await refused("[pipeline.a]\n[pipeline]\nb = 1979-05-27\n")).toBe(
      "[pipeline.b] is not a table (rocky refuses the config)",
    );
  });
});

describe("selection like resolve_pipeline: the named one, else the only one", () => {
  const two = '[pipeline.a]\n[pipeline.q]\ntype = "quality"\n';
  it("a named pipeline", async () => {
    expect(await selected(two, {}, "q")).toBe("q:quality");
  });
  it("an undefined name is rocky's error, listing the defined ones", async () => {
    expect(await selected(two, {}, "x")).toBe(
      'cannot tell: pipeline "x" is not defined there (defined: a, q)',
    );
  });
  it("no name: the only one; none or several is rocky's error", async () => {
    expect(await selected("[pipeline.only]\n")).toBe("only:replication");
    expect(await selected("[pipeline]\n")).toBe("cannot tell: it defines no pipeline");
    expect(await selected(two)).toBe(
      "cannot tell: it defines several pipelines (a, q) and no pipeline option was given",
    );
  });
  it("a pipeline named __proto__ is a pipeline like any other", async () => {
    expect(await selected('[pipeline.__proto__]\ntype = "quality"\n')).toBe("__proto__:quality");
  });
});

describe("the file: read like read_config_file, bounded, never blocking", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "rocky-config-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const read = (configPath = "rocky.toml", env: Env = {}) =>
    loadRockyConfig({ configPath, cwd: dir, env });
  const reason = async (configPath?: string) => {
    const r = await read(configPath);
    return r.ok ? "loaded" : r.reason;
  };

  it("the absolute path and the sha256 of the exact bytes read", async () => {
    const bytes = '[pipeline.p]\ntype = "${T:-load}"\n';
    await writeFile(join(dir, "rocky.toml"), bytes);
    const r = await read();
    expect(r.ok && r.value.path).toBe(join(dir, "rocky.toml"));
    expect(r.ok && r.value.sha256).toBe(createHash("sha256").update(bytes).digest("hex"));
    expect(r.ok && [...r.value.config.pipelines]).toEqual([["p", "load"]]);
  });
  it("configPath resolves against cwd; an absolute one is used as is", async () => {
    await mkdir(join(dir, "sub"));
    await writeFile(join(dir, "sub", "x.toml"), "[pipeline.p]\n");
    expect(await reason("sub/x.toml")).toBe("loaded");
    expect(await reason(join(dir, "sub", "x.toml"))).toBe("loaded");
  });
  it("missing, a directory, a FIFO (no hang), over the cap: cannot tell", async () => {
    expect(await reason()).toBe(
      "the config file does not exist (configPath is resolved against cwd)",
    );
    await mkdir(join(dir, "rocky.toml"));
    expect(await reason()).toBe("the config file is not a regular file");
    execFileSync("mkfifo", [join(dir, "fifo")]);
    expect(await reason("fifo")).toBe("the config file is not a regular file");
    await writeFile(join(dir, "big.toml"), "#".repeat(MAX_CONFIG_BYTES + 1));
    expect(await reason("big.toml")).toBe(
      `the config file is larger than ${MAX_CONFIG_BYTES} bytes`,
    );
    await writeFile(join(dir, "max.toml"), `${"#".repeat(MAX_CONFIG_BYTES - 13)}\n[pipeline.p]`);
    expect(await reason("max.toml")).toBe("loaded");
  });
  it("bytes that are not UTF-8 are rocky's error; a byte-order mark is kept and parsed", async () => {
    expect(decodeConfig(Buffer.from([0x5b, 0xff, 0x5d])).ok).toBe(false);
    await writeFile(join(dir, "rocky.toml"), '\ufeff[pipeline.p]\ntype = "quality"\n');
    const r = await read();
    expect(r.ok && [...r.value.config.pipelines]).toEqual([["p", "quality"]]);
  });
  it("a TOML error gives line and column, never the source (a substituted secret stays out)", async () => {
    expect(await refused('a = 1\nb = "${TOKEN}" x\n', { TOKEN: "s3cr3t" })).toBe(
      "the config is not valid TOML after substitution (line 2, column 14)",
    );
  });
});
