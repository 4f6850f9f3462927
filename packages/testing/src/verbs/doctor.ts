/**
 * `rocky doctor` (commands/doctor.rs): never fails on a bad config; reports it as Critical checks
 * (exit 3 after the JSON).
 */
import { bool, type Ctx, logLine, str, type VerbResult } from "../context.js";
import type { JsonObject } from "../json.js";
import { ConfigLoadError, loadProject, type SimProject } from "../project/config.js";
import { stableHash } from "./warehouse.js";

/** doctor.rs: never fails on a bad config; reports it as Critical checks (exit 3 after the JSON). */
export async function handleDoctor(ctx: Ctx): Promise<VerbResult> {
  let project: SimProject | { error: string };
  try {
    project = await loadProject(ctx.configPath, ctx.fs);
  } catch (err) {
    if (!(err instanceof ConfigLoadError)) throw err;
    project = { error: err.message };
  }
  const res = buildDoctor({
    scenario: ctx.behavior.doctor ?? "healthy",
    check: str(ctx.parsed.flags, "check"),
    verbose: bool(ctx.parsed.flags, "verbose"),
    configPath: ctx.configPath,
    statePath: ctx.statePath,
    project,
  });
  return {
    json: res.json,
    exitCode: res.exitCode,
    progress: [logLine(ctx.format, "INFO", "running health checks", {})],
  };
}

export interface DoctorInput {
  scenario: "healthy" | "warning" | "critical";
  check: string | null;
  verbose: boolean;
  configPath: string;
  statePath: string;
  /** The loaded project, or the config error's display text. */
  project: SimProject | { error: string };
}

type Details = [string, string][];

/** The checks and suggestions of one doctor run. */
class Report {
  readonly checks: JsonObject[] = [];
  readonly suggestions: string[] = [];
  constructor(readonly input: DoctorInput) {}
  /** `--check` keeps only the check with exactly that name. */
  runs(name: string): boolean {
    return this.input.check === null || this.input.check === name;
  }
  /** `details` only with `--verbose`, omitted when empty. */
  add(name: string, status: string, message: string, details: Details = []): void {
    const c: JsonObject = { name, status, message, duration_ms: stableHash(name) % 20 };
    if (this.input.verbose && details.length > 0) c.details = details;
    this.checks.push(c);
  }
  /** A config-dependent check when the config did not load. */
  loadFailed(name: string, configError: string): void {
    this.suggestions.push(
      `${name}: could not load config — run \`rocky doctor --check config\` to diagnose`,
    );
    this.add(
      name,
      "critical",
      `could not load config: ${configError} — run \`rocky doctor --check config\``,
    );
  }
}

function configChecks(r: Report, project: SimProject | null, configError: string | null): void {
  const { input } = r;
  if (r.runs("config")) {
    const details: Details = [["path", input.configPath]];
    if (project !== null) r.add("config", "healthy", "Config syntax valid", details);
    else {
      r.add("config", "critical", `Config invalid: ${configError}`, details);
      r.suggestions.push(`Fix config file at ${input.configPath}`);
    }
  }
  if (r.runs("state")) {
    r.add("state", "healthy", "State store healthy (3 watermarks)", [["path", input.statePath]]);
  }
  if (r.runs("state_schema")) {
    r.add("state_schema", "healthy", "state schema v22 matches this binary", [
      ["supported", "v22"],
      ["on_disk", "v22"],
    ]);
  }
}

function projectChecks(r: Report, project: SimProject): void {
  if (r.runs("adapters")) {
    const details: Details = [];
    for (const [name, a] of project.adapters) {
      details.push([`${name}.type`, a.type], [`${name}.credential`, a.credential]);
    }
    if (r.input.scenario === "warning") {
      const [first] = project.adapters.keys();
      r.suggestions.push(`adapters.${first ?? "default"}: host not configured`);
      r.add("adapters", "warning", "Some adapters have missing configuration", details);
    } else {
      r.add("adapters", "healthy", `${project.adapters.size} adapter(s) configured`, details);
    }
  }
  if (r.runs("pipelines")) {
    const details = project.pipelines.map((p): [string, string] => [`pipeline.${p.name}`, p.type]);
    r.add("pipelines", "healthy", `${project.pipelines.length} pipeline(s) valid`, details);
  }
  const backend = project.stateBackend;
  if (r.runs("state_sync")) {
    r.add("state_sync", "healthy", `State backend: ${backend}`, [["backend", backend]]);
  }
  if (r.runs("state_rw")) {
    const message =
      backend === "local"
        ? "Local backend — no remote probe needed"
        : `State backend RW probe succeeded (${backend})`;
    r.add("state_rw", "healthy", message, [["backend", backend]]);
  }
}

/** registry.rs: every adapter but a pure discovery one (fivetran) is a warehouse adapter. */
function authChecks(r: Report, project: SimProject): void {
  const warehouses = [...project.adapters].filter(([, a]) => a.type !== "fivetran");
  // duckdb and fivetran also serve discovery.
  const discovery = [...project.adapters].filter(
    ([, a]) => a.type === "fivetran" || a.type === "duckdb",
  );
  if (warehouses.length === 0) r.add("auth", "warning", "No warehouse adapters registered");
  else {
    let allOk = true;
    warehouses.forEach(([name], i) => {
      if (r.input.scenario === "critical" && i === 0) {
        allOk = false;
        r.add(`auth/${name}`, "critical", "Ping failed: connection refused", [
          ["raw", "connection refused"],
        ]);
        r.suggestions.push(`Adapter '${name}': verify credentials and network access`);
      } else r.add(`auth/${name}`, "healthy", `Authenticated to ${name}`);
    });
    if (allOk) {
      r.add("auth", "healthy", `All ${warehouses.length} warehouse adapter(s) authenticated`, [
        ["warehouse_count", String(warehouses.length)],
      ]);
    }
  }
  for (const [name] of discovery) {
    r.add(`auth/${name}`, "healthy", `Discovery adapter ${name} reachable`);
  }
}

/**
 * doctor.rs `collect_health_checks`: config, state, state_schema, adapters, pipelines, state_sync,
 * state_rw, then one `auth/<adapter>` per warehouse adapter, an `auth` summary when all pinged, and
 * one `auth/<adapter>` per discovery adapter. `details` are `[label, value]` pairs, omitted when
 * empty (`--verbose` fills them). Any Critical check exits 3 after the JSON (DOCTOR_CRITICAL_EXIT_CODE).
 */
export function buildDoctor(input: DoctorInput): { json: JsonObject; exitCode: number } {
  const r = new Report(input);
  const project = "error" in input.project ? null : input.project;
  const configError = "error" in input.project ? input.project.error : null;
  configChecks(r, project, configError);
  if (project === null) {
    for (const name of ["adapters", "pipelines", "state_sync", "state_rw"]) {
      if (r.runs(name)) r.loadFailed(name, configError as string);
    }
    if (r.runs("auth")) r.add("auth", "critical", `Cannot load config: ${configError}`);
  } else {
    projectChecks(r, project);
    if (r.runs("auth")) authChecks(r, project);
  }
  const overall = r.checks.some((c) => c.status === "critical")
    ? "critical"
    : r.checks.some((c) => c.status === "warning")
      ? "warning"
      : "healthy";
  return {
    json: { command: "doctor", overall, checks: r.checks, suggestions: r.suggestions },
    exitCode: overall === "critical" ? 3 : 0,
  };
}
