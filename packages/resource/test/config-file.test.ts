// RockyResource.fromConfigFile: where its errors point and how relative paths resolve.
import { spawnSync } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { RockyConfigError, RockyResource } from "../src/index.js";
import { prepareInvocation } from "../src/resource.js";

class Probe extends RockyResource {
  get opts() {
    return this.options;
  }
}

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");

async function withDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), "rocky-cfg-"));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function fileError(path: string): Promise<RockyConfigError> {
  const error = await Probe.fromConfigFile(path).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(RockyConfigError);
  return error as RockyConfigError;
}

describe("YAML syntax errors: reported once, at the line and column to fix", () => {
  it.each([
    // An over-indented key: the mistake is on line 2, not at the end of line 1.
    [
      "shadowMode: branch_deploy\n  timeoutMs: 5\nkillGraceMs: 3\n",
      2,
      3,
      /indented more than the key above/,
    ],
    [
      "# options\nbinaryPath: rocky\nconfigPath: rocky.toml\n    modelsDir: models\n",
      4,
      5,
      /indented more/,
    ],
    ["previewDetectors:\n  - dagster_plus\n - gitlab\nshadowMode: preview\n", 3, 2, /./],
    ["timeoutMs: 5\ntimeoutMs: 6\n", 2, 1, /unique/],
    ["key: value\n\tbad: tab\n", 2, 1, /[Tt]ab/],
    ["env:\n  A: x\n    B: y\n", 3, 5, /indented more/],
    ["timeoutMs: 5\nshadowMode branch_deploy\nkillGraceMs: 5\n", 2, 1, /missing ":"/],
    ['cwd: /x\nbinaryPath: "a\ntimeoutMs: 3\n', 2, 13, /never closed/],
  ])("%j -> line %i, column %i", async (text, line, column, what) => {
    await withDir(async (dir) => {
      const path = join(dir, "rocky-resource.yaml");
      await writeFile(path, text);
      const error = await fileError(path);
      expect(error.issues).toHaveLength(1);
      expect(error.issues[0]?.message).toMatch(
        new RegExp(`^not valid YAML at line ${line}, column ${column}: `),
      );
      expect(error.issues[0]?.message).toMatch(what);
      expect(error.message.match(/line \d+, column \d+/g)).toHaveLength(1);
      expect(error.filePath).toBe(path);
    });
  });
});

describe("JSON syntax errors: a line and a column, not a byte position", () => {
  it.each([
    ['{\n  "shadowMode": "off",\n}\n', 3, 1],
    ['{\n  "shadowMode": "off"\n  "timeoutMs": 5\n}', 3, 3],
    ['{\n  "a": [1, 2,\n', 3, 1],
    ["\uFEFF{\n  'a': 1\n}", 2, 3],
  ])("%j -> line %i, column %i", async (text, line, column) => {
    await withDir(async (dir) => {
      const path = join(dir, "rocky-resource.json");
      await writeFile(path, text);
      const error = await fileError(path);
      expect(error.issues).toHaveLength(1);
      expect(error.issues[0]?.message).toMatch(
        new RegExp(`^not valid JSON at line ${line}, column ${column}: `),
      );
      expect(error.message).not.toMatch(/position \d+/);
    });
  });
});

describe("a syntax error next to a secret gives its line and column, never the file's text", () => {
  const SECRET = "dapi-X9q7Z2w4K8v1";
  /** Any run of 4 characters of the secret (V8 quoted about 10 characters around the error). */
  const pieces = Array.from({ length: SECRET.length - 3 }, (_, i) => SECRET.slice(i, i + 4));
  const expectNoSource = (error: RockyConfigError) => {
    const text = `${error.message}\n${JSON.stringify(error)}\n${String(error.stack)}`;
    for (const piece of pieces) expect(text, `quotes "${piece}"`).not.toContain(piece);
    expect(error.cause).toBeUndefined();
  };
  it.each([
    ["a bare value", `{\n  "serverToken": ${SECRET}\n}\n`, 2, 18, /expected a value/],
    [
      "a missing comma",
      `{"serverToken": "${SECRET}" "timeoutMs": 5}`,
      1,
      37,
      /expected "," or "}"/,
    ],
    ["a bad escape", `{"serverToken": "${SECRET}\\q"}`, 1, 35, /invalid escape sequence/],
    ["a raw tab", `{"serverToken": "${SECRET}\t"}`, 1, 35, /raw control character/],
    [
      "a bare value later",
      `{"env": {"T": "${SECRET}"}, "x": ${SECRET}}`,
      1,
      42,
      /expected a value/,
    ],
    ["an open string", `{"serverToken": "${SECRET}`, 1, 17, /never closed/],
    ["trailing text", `{"serverToken": "${SECRET}"} ${SECRET}`, 1, 38, /unexpected content after/],
    ["deep nesting", `[${"[".repeat(50_000)}${SECRET}`, 1, 50_002, /expected a value/],
  ])("JSON, %s", async (_, text, line, column, what) => {
    await withDir(async (dir) => {
      const path = join(dir, "rocky-resource.json");
      await writeFile(path, text);
      const error = await fileError(path);
      expect(error.issues).toHaveLength(1);
      expect(error.issues[0]?.message).toMatch(
        new RegExp(`^not valid JSON at line ${line}, column ${column}: `),
      );
      expect(error.issues[0]?.message).toMatch(what);
      expectNoSource(error);
    });
  });
  it.each([
    ["a bad escape", `serverToken: "${SECRET}\\q"\n`, 1, 32, /invalid escape sequence/],
    ["a reserved first character", `serverToken: @${SECRET}\n`, 1, 14, /reserved character/],
    ["a block scalar header", `serverToken: |${SECRET}\n  x\n`, 1, 15, /unexpected content/],
    ["an over-indented key", `serverToken: ${SECRET}\n  timeoutMs: 5\n`, 2, 3, /indented more/],
    ["an alias without anchor", `a: &x 1\nb: *x\nserverToken: *${SECRET}\n`, 3, 14, /alias/],
    ["an unclosed [", `serverToken: [${SECRET}, \n`, 2, 1, /indentation/],
    ["an open quote", `serverToken: "${SECRET}\n`, 1, 14, /never closed/],
    ["a compact mapping", `serverToken: ${SECRET}: x\n`, 1, 14, /nested mapping/],
    [
      "an unknown tag, then a duplicate",
      `serverToken: !${SECRET} x\ntimeoutMs: 5\ntimeoutMs: 6\n`,
      3,
      1,
      /unique/,
    ],
    ["two documents", `a: 1\n---\nb: ${SECRET}\n`, 2, 1, /several documents/],
  ])("YAML, %s", async (_, text, line, column, what) => {
    await withDir(async (dir) => {
      const path = join(dir, "rocky-resource.yaml");
      await writeFile(path, text);
      const error = await fileError(path);
      expect(error.issues).toHaveLength(1);
      expect(error.issues[0]?.message).toMatch(
        new RegExp(`^not valid YAML at line ${line}, column ${column}: `),
      );
      expect(error.issues[0]?.message).toMatch(what);
      expectNoSource(error);
    });
  });
});

describe("file errors carry the resolved path", () => {
  it("a missing file, given relative, is reported with its absolute path", async () => {
    const rel = join("no-such-dir", "rocky-resource.yaml");
    const error = await fileError(rel);
    expect(error.filePath).toBe(resolve(rel));
    expect(error.message).toContain(resolve(rel));
    expect(error.issues[0]?.message).toMatch(/does not exist/);
  });
  it("a validation error in a file given relative names the absolute path", async () => {
    await withDir(async (dir) => {
      const path = join(dir, "bad.yaml");
      await writeFile(path, "timeoutMs: -5\n");
      const rel = relative(process.cwd(), path);
      const error = await fileError(rel);
      expect(error.filePath).toBe(path);
      expect(error.issues).toEqual([
        { path: "timeoutMs", message: "timeoutMs must be > 0; got -5" },
      ]);
    });
  });
  it("a directory, an empty file and a list are refused with what they were", async () => {
    await withDir(async (dir) => {
      expect((await fileError(dir)).issues[0]?.message).toMatch(/directory/);
      await writeFile(join(dir, "empty.yaml"), "# nothing\n");
      expect((await fileError(join(dir, "empty.yaml"))).issues[0]?.message).toMatch(
        /mapping of options.*got an empty document/,
      );
      await writeFile(join(dir, "list.yaml"), "- a\n");
      expect((await fileError(join(dir, "list.yaml"))).issues[0]?.message).toMatch(/got a list/);
    });
  });
});

describe("relative paths in a config file resolve against the file's folder", () => {
  it("cwd, configPath, statePath, modelsDir, contractsDir and a binaryPath with a slash", async () => {
    await withDir(async (dir) => {
      const folder = join(dir, "deploy", "conf");
      await mkdir(folder, { recursive: true });
      const path = join(folder, "rocky-resource.yaml");
      await writeFile(
        path,
        [
          "cwd: ..",
          "binaryPath: ./bin/rocky",
          "configPath: ../rocky.toml",
          "statePath: state/rocky.redb",
          "modelsDir: models",
          "contractsDir: /abs/contracts",
        ].join("\n"),
      );
      // From any working directory, relative or absolute file path: the same options.
      const o = (await Probe.fromConfigFile(relative(process.cwd(), path))).opts;
      expect(o).toMatchObject({
        cwd: join(dir, "deploy"),
        binaryPath: join(folder, "bin/rocky"),
        configPath: join(dir, "deploy", "rocky.toml"),
        statePath: join(folder, "state/rocky.redb"),
        modelsDir: join(folder, "models"),
        contractsDir: "/abs/contracts",
      });
    });
  });
  it("a bare binaryPath is a name looked up on PATH, and defaults stay as they are", async () => {
    await withDir(async (dir) => {
      const path = join(dir, "rocky-resource.json");
      await writeFile(path, JSON.stringify({ binaryPath: "rocky" }));
      const o = (await Probe.fromConfigFile(path)).opts;
      expect(o.binaryPath).toBe("rocky");
      expect(o.configPath).toBe("rocky.toml");
      expect(o.modelsDir).toBe("models");
      expect(o.cwd).toBeUndefined();
    });
  });
  it("overrides passed in code are not resolved against the file (they are the caller's)", async () => {
    await withDir(async (dir) => {
      const path = join(dir, "rocky-resource.yaml");
      await writeFile(path, "configPath: rocky.toml\n");
      const o = (
        await Probe.fromConfigFile(path, { configPath: "other.toml", binaryPath: "./rocky" })
      ).opts;
      expect(o.configPath).toBe("other.toml");
      expect(o.binaryPath).toBe("./rocky");
    });
  });
});

describe("fromConfigFile with env: process.env (as a Dagster+ job passes it)", () => {
  it("accepts process.env as the env override", async () => {
    await withDir(async (dir) => {
      const path = join(dir, "rocky-resource.yaml");
      await writeFile(path, "shadowMode: branch_deploy\n");
      const rocky = await Probe.fromConfigFile(path, { env: process.env });
      expect((await prepareInvocation(rocky, "state", {})).env.PATH).toBe(process.env.PATH);
      expect(rocky.opts).not.toHaveProperty("env");
    });
  });
});

describe("import cost: yaml loads only in fromConfigFile, verb modules and output schemas on a verb's first use, pino never unless the app brings it", () => {
  it("importing the package loads none of them; reading a YAML file loads yaml; a verb's first use loads its schema only", async () => {
    await withDir(async (dir) => {
      const log = join(dir, "resolved.log");
      const hooks = join(dir, "hooks.mjs");
      await writeFile(
        hooks,
        `import { appendFileSync } from "node:fs";
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(${JSON.stringify(log)}, result.url + "\\n");
  return result;
}
`,
      );
      await writeFile(
        join(dir, "register.mjs"),
        `import { register } from "node:module";\nregister(${JSON.stringify(`file://${hooks}`)});\n`,
      );
      await writeFile(join(dir, "c.yaml"), "shadowMode: off\n");
      const script = `
const { appendFileSync } = await import("node:fs");
const m = await import(${JSON.stringify(join(packageDir, "dist/index.js"))});
new m.RockyResource();
appendFileSync(${JSON.stringify(log)}, "--- imported\\n");
await m.RockyResource.fromConfigFile(${JSON.stringify(join(dir, "c.yaml"))});
appendFileSync(${JSON.stringify(log)}, "--- config file read\\n");
const verbs = await import(${JSON.stringify(join(packageDir, "dist/verbs/index.js"))});
const types = await import(${JSON.stringify(join(packageDir, "dist/verbs/types.js"))});
const loaded = await types.loadOutput((await verbs.loadVerb("run")).output);
if (loaded.kind !== "schema" || typeof loaded.schema.safeParse !== "function") throw new Error("no schema");
`;
      const r = spawnSync(
        process.execPath,
        ["--import", join(dir, "register.mjs"), "--input-type=module", "-e", script],
        { encoding: "utf8", cwd: packageDir },
      );
      expect(r.stderr).not.toMatch(/Error/);
      expect(r.status).toBe(0);
      const { readFileSync } = await import("node:fs");
      const [before, after, firstUse] = readFileSync(log, "utf8").split(/--- [a-z ]+\n/);
      expect(before).toContain("/zod/");
      expect(before).toContain("/dist/resource.js");
      expect(before).not.toMatch(/\/node_modules\/(\.pnpm\/)?yaml[@/]/);
      expect(before).not.toMatch(/\/pino[@/]/);
      // No output schema module is evaluated by the import (they cost ~35-45 ms to build).
      expect(before).not.toMatch(/\/dist\/schemas\//);
      // Nor any verb module: each is evaluated on its verb's first call (~40 ms for all of them).
      expect(before).not.toMatch(/\/dist\/verbs\/(run|plan|apply|lineage|state-health)\.js/);
      expect(after).toMatch(/yaml/);
      expect(after).not.toMatch(/\/dist\/schemas\//);
      // First use of run: its schema (and what it imports), not the whole folder.
      expect(firstUse).toMatch(/\/dist\/schemas\/run\.js/);
      expect(firstUse).not.toMatch(/\/dist\/schemas\/(index|compare|lineage)\.js/);
      expect(firstUse).toMatch(/\/dist\/verbs\/run\.js/);
      expect(firstUse).not.toMatch(/\/dist\/verbs\/(plan|lineage|compare)\.js/);
    });
  });
});
