// Adding a verb is its module, one line in the verb table and one method, as
// docs/ARCHITECTURE.md ("Adding a verb") says. Proven on a temp copy of the
// package's source: a throwaway verb (`probeEcho`, rocky's `probe echo`) is
// added in exactly those three places, the root's types are regenerated as the
// build does, and the copy compiles and runs. Everything else the resource does
// per verb follows from the declaration: the command words the built argv must
// start with, the masked secret flag, the config guard, the rocky serve route,
// the root's XOptions/XResult. Forgetting a place, or declaring the verb under
// another name, is a compile error.
import {
  chmodSync,
  cpSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { DEFAULT_PROJECT_TOML } from "@dagster-rocky/testing";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs script without declarations (the build's generator).
import { render } from "../../scripts/gen-verb-exports.mjs";
import { captureLogger } from "../helpers.js";

const PKG = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** The verb module a maintainer writes: everything the verb is, declared once. */
const MODULE = `/** \`rocky probe echo\`: a throwaway verb (test only). */
import { z } from "zod";
import { identifier, nonEmpty, secret } from "../value-rules.js";
import { opt } from "./flags.js";
import { type CallOptions, callShape, pickRunShape } from "./shared.js";
import { defineVerb, optionsSchema, schemaOutput } from "./types.js";

/** Options of \`probeEcho()\`. */
export interface ProbeEchoOptions extends CallOptions {
  /** The model (\`--model\`). */
  model?: string | undefined;
  /** A credential (\`--probe-pass\`): masked in logs. */
  credential?: string | undefined;
  /** The shadow suffix (\`--shadow --shadow-suffix\`): a shadowed write takes one. */
  shadowSuffix?: string | undefined;
}

/** What \`probeEcho()\` resolves to. */
export interface ProbeEchoResult {
  readonly echoed: readonly string[];
}

/** @internal */
export const ProbeEchoOptionsSchema = optionsSchema<ProbeEchoOptions>()(
  z.strictObject({
    ...callShape,
    model: identifier("model").optional(),
    credential: secret(nonEmpty("credential"), "--probe-pass").optional(),
    ...pickRunShape("shadowSuffix"),
  }),
);

/** @internal */
export const probeEchoVerb = defineVerb({
  name: "__NAME__",
  command: ["probe", "echo"],
  options: ProbeEchoOptionsSchema,
  args: (o) => {
    const args = ["probe", "echo"];
    opt(args, "model", o.model);
    opt(args, "probe-pass", o.credential);
    if (o.shadowSuffix !== undefined) args.push("--shadow", \`--shadow-suffix=\${o.shadowSuffix}\`);
    return args;
  },
  output: schemaOutput<ProbeEchoResult>(z.strictObject({ echoed: z.array(z.string()) })),
  shadow: "shadowed_write",
  configGuard: "argv",
  resultExitCodes: [],
  http: {
    reads: ["model"],
    unsupported: { credential: "rocky serve takes no credential" },
    path: (o) => \`/api/v1/probe/\${String(o.model)}\`,
  },
});
`;

const TABLE_LINE = `  probeEcho: () => import("./probe-echo.js").then((m) => m.probeEchoVerb),\n`;
const METHOD = `  /** \`rocky probe echo\`. */
  probeEcho(options: V.ProbeEchoOptions = {}): Promise<V.ProbeEchoResult> {
    return this.#invoke("probeEcho", options);
  }

`;
/** A consumer of the root: the verb's option and result types, by name. */
const CONSUMER = `import { type ProbeEchoOptions, type ProbeEchoResult, RockyResource } from "./index.js";
export function consumer(r: RockyResource, o: ProbeEchoOptions): Promise<ProbeEchoResult> {
  return r.probeEcho(o);
}
`;

/** Inserts `text` before the one occurrence of `anchor` in `file`. */
function insertBefore(file: string, anchor: string, text: string): void {
  const source = readFileSync(file, "utf8");
  const at = source.indexOf(anchor);
  if (at < 0 || source.indexOf(anchor, at + 1) >= 0) {
    throw new Error(`anchor ${JSON.stringify(anchor)} is not unique in ${file}`);
  }
  writeFileSync(file, source.slice(0, at) + text + source.slice(at));
}

/**
 * A copy of the package's source with the verb added. `places` picks which of the
 * three edits are made; `name` is what the module declares as its method.
 */
function copyWithVerb(places: { table: boolean; method: boolean; result: boolean }, name: string) {
  const dir = mkdtempSync(join(tmpdir(), "rocky-add-verb-"));
  cpSync(join(PKG, "src"), join(dir, "src"), { recursive: true });
  cpSync(join(PKG, "watchdog"), join(dir, "watchdog"), { recursive: true });
  symlinkSync(join(PKG, "node_modules"), join(dir, "node_modules"), "dir");
  writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module" }));
  const verbs = join(dir, "src", "verbs");
  let module = MODULE.replace("__NAME__", name);
  if (!places.result)
    module = module.replace("export interface ProbeEchoResult", "interface ProbeEchoResult");
  writeFileSync(join(verbs, "probe-echo.ts"), module);
  if (places.table) insertBefore(join(verbs, "index.ts"), "});\n\ntype Verbs", TABLE_LINE);
  if (places.method) {
    insertBefore(join(dir, "src", "resource.ts"), "  async stateHealth(", METHOD);
  }
  // What `pnpm run build` does first: the root's XOptions/XResult from the table.
  writeFileSync(join(verbs, "public.ts"), render(readFileSync(join(verbs, "index.ts"), "utf8")));
  writeFileSync(join(dir, "src", "consumer-check.ts"), CONSUMER);
  return dir;
}

/** Compiles a copy (emitting into `dist` when `emit`); the error messages, with their file. */
function compile(dir: string, emit: boolean): string[] {
  const config = ts.readConfigFile(join(PKG, "..", "..", "tsconfig.base.json"), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, dir);
  options.typeRoots = [join(PKG, "..", "..", "node_modules", "@types")];
  const program = ts.createProgram({
    rootNames: ts.sys.readDirectory(join(dir, "src"), [".ts"]),
    options: {
      ...options,
      composite: false,
      declaration: false,
      declarationMap: false,
      sourceMap: false,
      inlineSources: false,
      rootDir: join(dir, "src"),
      outDir: join(dir, "dist"),
      noEmit: !emit,
    },
  });
  const diagnostics = [...ts.getPreEmitDiagnostics(program)];
  if (emit && diagnostics.length === 0) diagnostics.push(...program.emit().diagnostics);
  return diagnostics.map(
    (d) =>
      `${d.file ? d.file.fileName.slice(dir.length + 1) : "?"}: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`,
  );
}

/** A stand-in rocky: its version, and for `probe echo` the argv it got, as JSON. */
function fakeRocky(dir: string): string {
  const bin = join(dir, "rocky");
  writeFileSync(
    bin,
    `#!${process.execPath}
const argv = process.argv.slice(2);
if (argv.includes("--version")) console.log("rocky 1.71.0");
else console.log(JSON.stringify({ echoed: argv }));
`,
  );
  chmodSync(bin, 0o755);
  return bin;
}

describe("a verb is its module, one table line and one method", () => {
  const dirs: string[] = [];
  let dir: string;
  let errors: string[];
  // biome-ignore lint/suspicious/noExplicitAny: the copy's modules, imported at run time.
  let root: any;
  // biome-ignore lint/suspicious/noExplicitAny: as above.
  let table: any;
  // biome-ignore lint/suspicious/noExplicitAny: as above.
  let argv: any;

  beforeAll(async () => {
    dir = copyWithVerb({ table: true, method: true, result: true }, "probeEcho");
    dirs.push(dir);
    errors = compile(dir, true);
    if (errors.length > 0) return;
    const dist = (f: string) => pathToFileURL(join(dir, "dist", f)).href;
    root = await import(dist("index.js"));
    table = await import(dist("verbs/index.js"));
    argv = await import(dist("argv.js"));
  }, 240_000);
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it("the copy with the three places added compiles, root types included", () => {
    expect(errors).toEqual([]);
    const exported = readFileSync(join(dir, "src", "verbs", "public.ts"), "utf8");
    expect(exported).toContain(
      'export type { ProbeEchoOptions, ProbeEchoResult } from "./probe-echo.js";',
    );
  });

  it("the table, the argv check, the masking and the guard read the declaration", async () => {
    expect(table.isRockyVerb("probeEcho")).toBe(true);
    const spec = await table.loadVerb("probeEcho");
    expect(spec.command).toEqual(["probe", "echo"]);
    expect(spec.secretFlags).toEqual(["--probe-pass"]);
    expect(spec.configGuard).toBe("argv");
    expect(argv.maskArgv(["probe", "echo", "--probe-pass=hunter2"], spec.secretFlags)).toEqual([
      "probe",
      "echo",
      "--probe-pass=***",
    ]);
    // Its command words in full: an argv naming only the first word is refused.
    expect(() => argv.checkBuiltArgs(spec.command, ["probe", "--model=x"], "probeEcho")).toThrow(
      /probe echo/,
    );
  });

  it("the method spawns the declared argv, its secret masked in the debug log", async () => {
    const bin = fakeRocky(dir);
    const { logger, raw } = captureLogger();
    const r = new root.RockyResource({ binaryPath: bin, logger, cwd: dir, env: { PATH: "" } });
    const result = await r.probeEcho({ model: "orders", credential: "hunter2" });
    expect(result.echoed.slice(-4)).toEqual([
      "probe",
      "echo",
      "--model=orders",
      "--probe-pass=hunter2",
    ]);
    const logged = raw.join("\n");
    expect(logged).toContain("--probe-pass=***");
    expect(logged).not.toContain("hunter2");
    // Refused before any spawn, by the declared options schema.
    await expect(r.probeEcho({ model: "not a model" })).rejects.toMatchObject({
      name: "RockyConfigError",
    });
  });

  it("in a branch deployment, its declared shadow policy applies: the suffix, and the record", async () => {
    const bin = fakeRocky(dir);
    writeFileSync(join(dir, "rocky.toml"), DEFAULT_PROJECT_TOML);
    const r = new root.RockyResource({
      binaryPath: bin,
      cwd: dir,
      env: { DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "1", DAGSTER_CLOUD_PULL_REQUEST_ID: "42" },
    });
    const result = await r.probeEcho({ model: "orders" });
    expect(result.echoed.slice(-4)).toEqual([
      "echo",
      "--model=orders",
      "--shadow",
      "--shadow-suffix=_dagster_pr_42",
    ]);
    expect(result.shadowSuffix).toBe("_dagster_pr_42");
  });

  it("with serverUrl, the method is a GET by the declared route", async () => {
    const paths: string[] = [];
    const server: Server = createServer((req, res) => {
      paths.push(req.url ?? "");
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ echoed: ["served"] }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const r = new root.RockyResource({
        binaryPath: join(dir, "no-rocky"),
        serverUrl: `http://127.0.0.1:${port}`,
      });
      expect(await r.probeEcho({ model: "orders" })).toEqual({ echoed: ["served"] });
      expect(paths).toEqual(["/api/v1/probe/orders"]);
      await expect(r.probeEcho({ model: "orders", credential: "x" })).rejects.toMatchObject({
        name: "RockyConfigError",
      });
      expect(paths).toHaveLength(1);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("a place forgotten, or the verb declared under another name, does not compile", () => {
    // The table line without the method, the module named after another verb, no XResult.
    const broken = copyWithVerb({ table: true, method: false, result: false }, "doctor");
    dirs.push(broken);
    const found = compile(broken, false).join("\n");
    expect(found).toMatch(/src\/resource\.ts: Type 'true' is not assignable to type 'never'/);
    expect(found).toMatch(/src\/verbs\/index\.ts: Type 'true' is not assignable to type 'never'/);
    expect(found).toMatch(/src\/verbs\/public\.ts: .*ProbeEchoResult/);
  }, 240_000);
});
