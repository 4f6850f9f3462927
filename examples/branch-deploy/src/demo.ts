/**
 * The branch-deploy main job as a function (no TTY, no process.exit): the same
 * config runs in a Dagster+ pull-request deployment and in production, and
 * the targets of both are printed side by side.
 */
import { execFile } from "node:child_process";
import { accessSync, constants, statSync } from "node:fs";
import { delimiter, join } from "node:path";
import { promisify } from "node:util";
import { DAGSTER_CLOUD_ENV_VARS, type Env, isBranchDeployment } from "@dagster-rocky/core";
import { RockyResource, renderCompareReport } from "@dagster-rocky/resource";
import type { RunOutput } from "@dagster-rocky/resource/schemas";
import { createRockySimulator, type RockySimulator } from "@dagster-rocky/testing";

export const TENANTS = ["acme", "globex"] as const;

const execFileAsync = promisify(execFile);

export interface BranchDeployDemoOptions {
  /** The YAML (or JSON) file of RockyResource options. */
  readonly configPath: string;
  /** The environment the job runs in (process.env for the real job). */
  readonly env: Env;
  /** Receives each output line (console.log for the real job). */
  readonly write: (line: string) => void;
}

export interface BranchDeployDemoResult {
  /** 0 when every PR-deployment table went to a shadow table and compare did not fail. */
  readonly exitCode: number;
  readonly binary: "real" | "simulator";
  readonly suffix: string | null;
}

/** Where rocky comes from: ROCKY_BIN, else `rocky` on PATH, else null (use the simulator). */
export function findRockyBinary(env: Env): string | null {
  const explicit = env.ROCKY_BIN?.trim();
  if (explicit) return explicit;
  for (const dir of (env.PATH ?? "").split(delimiter)) {
    if (dir === "") continue;
    const candidate = join(dir, "rocky");
    try {
      if (statSync(candidate).isFile()) {
        accessSync(candidate, constants.X_OK);
        return candidate;
      }
    } catch {
      // not here
    }
  }
  return null;
}

/** The PR deployment: the real Dagster+ variables when present, else a simulated PR 42. */
export function pullRequestEnv(env: Env): { env: Env; simulated: boolean } {
  if (isBranchDeployment(env)) return { env, simulated: false };
  return {
    env: {
      ...withoutDagsterCloud(env),
      DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "1",
      DAGSTER_CLOUD_PULL_REQUEST_ID: "42",
    },
    simulated: true,
  };
}

/** Production: the same environment without any DAGSTER_CLOUD_* variable. */
export function productionEnv(env: Env): Env {
  return withoutDagsterCloud(env);
}

function withoutDagsterCloud(env: Env): Record<string, string | undefined> {
  const copy: Record<string, string | undefined> = { ...env };
  for (const name of DAGSTER_CLOUD_ENV_VARS) delete copy[name];
  return copy;
}

/**
 * The resource from the options file, exactly as `RockyResource.fromConfigFile`
 * reads it (a bad field is a RockyConfigError naming the file). The binary and
 * the environment are deployment-specific, so they are passed in code.
 */
function resourceFor(path: string, binaryPath: string, env: Env): Promise<RockyResource> {
  return RockyResource.fromConfigFile(path, { binaryPath, env });
}

/**
 * rocky-sim's warehouse starts with the sources only, while the warehouse of a real branch
 * deployment already holds production's tables, which compare reads. So, with the simulator and
 * no production side in this process, production's tables are built first by rocky-sim itself:
 * not through the SDK, which shadows every run of a branch deployment. No warehouse is touched.
 */
async function buildProductionTables(sim: RockySimulator, env: Env) {
  // The job's project: rocky.toml in its working directory (rocky-resource.yaml's configPath).
  for (const tenant of TENANTS) {
    await execFileAsync(sim.binaryPath, ["--output", "json", "run", `--filter=tenant=${tenant}`], {
      env: withoutDagsterCloud(env) as NodeJS.ProcessEnv,
    });
  }
}

interface TargetRow {
  readonly key: string;
  readonly target: string;
  readonly status: string;
  readonly rows: number | null;
}

/** Tables a run wrote (materializations) or failed (errors), in rocky's order. */
function targetsOf(out: RunOutput, suffix: string | null): TargetRow[] {
  const rows: TargetRow[] = [];
  const keyOf = (target: string) =>
    suffix !== null && target.endsWith(suffix) ? target.slice(0, -suffix.length) : target;
  for (const m of out.materializations) {
    const target = m.metadata.target_table_full_name ?? m.asset_key.join(".");
    rows.push({ key: keyOf(target), target, status: "ok", rows: m.rows_copied ?? null });
  }
  for (const e of out.errors ?? []) {
    const target = e.asset_key.join(".");
    rows.push({ key: keyOf(target), target, status: `failed (${e.failure_kind})`, rows: null });
  }
  return rows;
}

/** Plain fixed-width table; deterministic for deterministic input. */
export function renderTable(
  header: readonly string[],
  body: readonly (readonly string[])[],
): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...body.map(line)];
}

const fmtRows = (n: number | null) => (n === null ? "-" : n.toLocaleString("en-US"));

/**
 * The production and PR targets of each tenant side by side, and how many of the PR's tables
 * went to shadow tables (named with `suffix`, and not a production table).
 */
function sideBySide(
  prodTargets: ReadonlyMap<string, TargetRow[]>,
  prTargets: ReadonlyMap<string, TargetRow[]>,
  suffix: string | null,
  prLabel: string,
): { lines: string[]; prTables: number; prShadowed: number } {
  const body: string[][] = [];
  let prTables = 0;
  let prShadowed = 0;
  const productionNames = new Set([...prodTargets.values()].flat().map((t) => t.target));
  for (const tenant of TENANTS) {
    const prod = prodTargets.get(tenant) ?? [];
    const prs = prTargets.get(tenant) ?? [];
    const keys = [...new Set([...prod.map((t) => t.key), ...prs.map((t) => t.key)])];
    for (const key of keys) {
      const p = prod.find((t) => t.key === key);
      const s = prs.find((t) => t.key === key);
      if (s !== undefined) {
        prTables++;
        if (suffix !== null && s.target.endsWith(suffix) && !productionNames.has(s.target))
          prShadowed++;
      }
      body.push([
        tenant,
        p?.target ?? "-",
        p?.status ?? "-",
        fmtRows(p?.rows ?? null),
        s?.target ?? "-",
        s?.status ?? "-",
        fmtRows(s?.rows ?? null),
      ]);
    }
  }
  const header = [
    "tenant",
    "production target",
    "status",
    "rows",
    `${prLabel} shadow target`,
    "status",
    "rows",
  ];
  return { lines: renderTable(header, body), prTables, prShadowed };
}

export async function runBranchDeployDemo(
  o: BranchDeployDemoOptions,
): Promise<BranchDeployDemoResult> {
  const { write } = o;
  const real = findRockyBinary(o.env);
  let sim: RockySimulator | null = null;
  if (real !== null) {
    write(
      `rocky: real binary ${real} (${o.env.ROCKY_BIN?.trim() ? "ROCKY_BIN" : "found on PATH"}); runs reach your warehouse`,
    );
  } else {
    sim = await createRockySimulator({ assumeConfig: true }); // no rocky.toml in the demo's cwd
    write(
      "rocky: SIMULATOR (rocky-sim from @dagster-rocky/testing, not rocky; no warehouse is touched). Set ROCKY_BIN or put rocky on PATH to use the real engine.",
    );
  }
  try {
    const binaryPath = real ?? (sim as RockySimulator).binaryPath;
    const pr = pullRequestEnv(o.env);
    const prRocky = await resourceFor(o.configPath, binaryPath, pr.env);
    // Inside a real branch deployment every run of this process is shadowed: the SDK reads
    // process.env too, so an env without DAGSTER_CLOUD_* cannot make a production side here.
    const prodRocky = pr.simulated
      ? await resourceFor(o.configPath, binaryPath, productionEnv(o.env))
      : null;
    if (sim !== null && prodRocky === null) await buildProductionTables(sim, o.env);
    const prContext = prRocky.shadowContext();
    const suffix = prContext.suffix;
    const prLabel = `PR ${prContext.branchDeployment.prNumber ?? prContext.branchDeployment.deploymentName ?? "branch"}`;
    write(`config: ${o.configPath} (shadowMode "${prContext.shadowMode}")`);

    const runAll = async (title: string, rocky: RockyResource, s: string | null) => {
      write("");
      write(`${title}: shadow suffix ${s ?? "none (production tables)"}`);
      const out = new Map<string, TargetRow[]>();
      for (const tenant of TENANTS) {
        const filter = `tenant=${tenant}`;
        const started = Date.now();
        const result = await rocky.run({ filter });
        // run() returns a run report, or a load report for a `type = "load"` pipeline.
        if (result.kind !== "run")
          throw new Error(`expected a run report, got a ${result.kind} report`);
        const ms = Date.now() - started;
        out.set(tenant, targetsOf(result, s));
        write(
          `  run ${filter.padEnd(14)} ${result.status.padEnd(14)} ${result.tables_copied} copied, ${result.tables_failed} failed  (${ms} ms)`,
        );
      }
      return out;
    };

    const prTitle = pr.simulated
      ? "PR deployment (simulated: DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT=1, DAGSTER_CLOUD_PULL_REQUEST_ID=42)"
      : `PR deployment (Dagster+ variables from the environment, ${prLabel})`;
    const prTargets = await runAll(prTitle, prRocky, suffix);
    let prodTargets = new Map<string, TargetRow[]>();
    if (prodRocky === null) {
      write("");
      write(
        "production deployment: not run (this process is inside a real branch deployment, where every run is shadowed)",
      );
    } else {
      prodTargets = await runAll(
        "production deployment (simulated: no DAGSTER_CLOUD_* variables)",
        prodRocky,
        prodRocky.shadowContext().suffix,
      );
    }

    const { lines, prTables, prShadowed } = sideBySide(prodTargets, prTargets, suffix, prLabel);
    write("");
    for (const line of lines) write(line);

    const verdicts: string[] = [];
    for (const tenant of TENANTS) {
      const result = await prRocky.compare({ filter: `tenant=${tenant}` });
      verdicts.push(`${tenant} ${result.overall_verdict}`);
      write("");
      write(`compare in the ${prLabel} deployment, tenant=${tenant}:`);
      for (const line of renderCompareReport(result, { format: "text" }).trimEnd().split("\n"))
        write(line);
    }

    write("");
    const safe = suffix !== null && prTables > 0 && prShadowed === prTables;
    const compareFailed = verdicts.some((v) => v.endsWith(" fail"));
    if (!safe) {
      write(
        `verdict: UNSAFE: ${prTables - prShadowed} of ${prTables} ${prLabel} tables were not written to ${suffix ?? "a shadow suffix"} shadow tables`,
      );
    } else {
      write(
        `verdict: ${compareFailed ? "FAIL" : "PASS"}: ${prShadowed}/${prTables} ${prLabel} tables went to ${suffix} shadow tables, 0 to production; compare ${verdicts.join(", ")}`,
      );
    }
    return {
      exitCode: safe && !compareFailed ? 0 : 1,
      binary: real === null ? "simulator" : "real",
      suffix,
    };
  } finally {
    await sim?.cleanup();
  }
}
