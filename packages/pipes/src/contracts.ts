import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import {
  type ReportCheckResultsOptions,
  type ReportCheckResultsSummary,
  type RockyAssetCheckResult,
  reportCheckResultsToPipes,
} from "./check-results.js";
import type { PipesContext } from "./context.js";
import { DagsterPipesError } from "./errors.js";
import { pipesMetadata } from "./metadata.js";
import { type ModelKeyOptions, modelKeyResolver } from "./model-keys.js";
import type { PipesMetadataValue } from "./protocol.js";

// Data contracts (`<model>.contract.toml`) checked by `rocky compile`, as dagster-rocky 1.74.0
// reports them (dagster_rocky/contracts.py: discover_contract_rules, _parse_contract_rules,
// contract_check_results_from_diagnostics and the helpers it calls).

/** Check of a contract's `[rules] required` columns. */
export const CONTRACT_REQUIRED_COLUMNS_CHECK = "contract_required_columns";
/** Check of a contract's `[rules] protected` columns. */
export const CONTRACT_PROTECTED_COLUMNS_CHECK = "contract_protected_columns";
/** Check of a contract's column types, nullability and `no_new_nullable`. */
export const CONTRACT_COLUMN_CONSTRAINTS_CHECK = "contract_column_constraints";

/** Compiler diagnostic codes that fail a contract check, and the check each fails. */
const CODE_TO_CHECK: Readonly<Record<string, string>> = {
  E010: CONTRACT_REQUIRED_COLUMNS_CHECK,
  E013: CONTRACT_PROTECTED_COLUMNS_CHECK,
  E011: CONTRACT_COLUMN_CONSTRAINTS_CHECK,
  E012: CONTRACT_COLUMN_CONSTRAINTS_CHECK,
  E014: CONTRACT_COLUMN_CONSTRAINTS_CHECK,
  E059: CONTRACT_COLUMN_CONSTRAINTS_CHECK,
  W010: CONTRACT_COLUMN_CONSTRAINTS_CHECK,
};
/** Codes saying a rule could not be checked: listed on the check, never failing it. */
const UNVERIFIED_CODE_TO_CHECK: Readonly<Record<string, string>> = {
  I003: CONTRACT_COLUMN_CONSTRAINTS_CHECK,
};
/** The compiler did not find the model a contract names: nothing was validated. */
const MODEL_NOT_FOUND_CODE = "W011";

/** Which rule kinds a model's `.contract.toml` declares (dagster-rocky's `ContractRules`). */
export interface RockyContractRules {
  readonly hasRequired: boolean;
  readonly hasProtected: boolean;
  readonly hasColumnConstraints: boolean;
}

/** A compiler diagnostic (`rocky compile`'s `diagnostics[]`): the fields read here. */
export interface RockyDiagnosticLike {
  readonly code: string;
  readonly message: string;
  readonly model: string;
}

/** Python's truth value of a TOML value. */
function truthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === 0 || value === "") {
    return false;
  }
  if (typeof value === "number" && Number.isNaN(value)) return false;
  if (typeof value === "bigint") return value !== 0n;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === "object" && !(value instanceof Date)) return Object.keys(value).length > 0;
  return true;
}

const isTable = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof Date);

/**
 * The rule kinds of one parsed `.contract.toml` (dagster-rocky's `_parse_contract_rules`):
 * required / protected when `[rules]` sets them non-empty; column constraints when
 * `no_new_nullable` is set or a `[[columns]]` entry has `type` or `nullable`.
 */
export function contractRulesFromToml(data: unknown, file = "contract"): RockyContractRules {
  if (!isTable(data)) {
    throw new DagsterPipesError("INVALID_PARAM", `${file}: a contract must be a TOML table.`);
  }
  const rules = truthy(data.rules) ? data.rules : {};
  if (!isTable(rules)) {
    throw new DagsterPipesError(
      "INVALID_PARAM",
      `${file}: [rules] must be a table (required = [...], protected = [...], no_new_nullable = true).`,
    );
  }
  let hasColumnConstraints = truthy(rules.no_new_nullable);
  const columns = truthy(data.columns) ? data.columns : [];
  if (!hasColumnConstraints && Array.isArray(columns)) {
    hasColumnConstraints = columns.some((c) => isTable(c) && ("type" in c || "nullable" in c));
  }
  return {
    hasRequired: truthy(rules.required),
    hasProtected: truthy(rules.protected),
    hasColumnConstraints,
  };
}

/**
 * The rules of every `<model>.contract.toml` in `dir` by model name, as dagster-rocky's
 * `discover_contract_rules`: a missing directory gives `{}`, a contract declaring no rule kind
 * and a file named just `.contract.toml` are left out. `parseToml` is your TOML parser (this
 * package has no dependency): `import { parse } from "smol-toml"`.
 */
export function readContractRules(
  dir: string,
  parseToml: (text: string) => unknown,
): Record<string, RockyContractRules> {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) return {};
    names = readdirSync(dir);
  } catch {
    return {};
  }
  const out: Record<string, RockyContractRules> = {};
  for (const name of names.filter((n) => n.endsWith(".contract.toml")).sort(byCodePoint)) {
    const model = name.slice(0, -".contract.toml".length);
    if (model === "") continue;
    const file = join(dir, name);
    let data: unknown;
    try {
      data = parseToml(readFileSync(file, "utf8"));
    } catch (cause) {
      throw new DagsterPipesError(
        "INVALID_PARAM",
        `failed to parse ${file}: ${(cause as Error).message}`,
        { cause },
      );
    }
    const rules = contractRulesFromToml(data, file);
    if (rules.hasRequired || rules.hasProtected || rules.hasColumnConstraints) out[model] = rules;
  }
  return out;
}

/** Python's order of `str` (code points), which `sorted(dir.glob(...))` uses for one folder. */
function byCodePoint(a: string, b: string): number {
  const x = Array.from(a, (c) => c.codePointAt(0) ?? 0);
  const y = Array.from(b, (c) => c.codePointAt(0) ?? 0);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

const declaredKinds = (rules: RockyContractRules): string[] => [
  ...(rules.hasRequired ? [CONTRACT_REQUIRED_COLUMNS_CHECK] : []),
  ...(rules.hasProtected ? [CONTRACT_PROTECTED_COLUMNS_CHECK] : []),
  ...(rules.hasColumnConstraints ? [CONTRACT_COLUMN_CONSTRAINTS_CHECK] : []),
];

const describeDiagnostic = (d: RockyDiagnosticLike): string => `[${d.code}] ${d.message}`;

/**
 * One result per rule kind the contract of `model` declares, from the compiler's diagnostics
 * (dagster-rocky's `contract_check_results_from_diagnostics`): a kind passes unless a diagnostic
 * of this model fails it (E010 required; E013 protected; E011, E012, E014, E059, W010 column
 * constraints: `WARN` when every one is W010, else `ERROR`; metadata `rocky/violation_<i>` and
 * `rocky/violation_count`). I003 (a type rocky could not check) is listed as
 * `rocky/unverified_<i>` / `rocky/unverified_count` and does not fail. `diagnostics` null (no
 * compile output) and a W011 for the model (the compiler did not find it) fail every kind at
 * `WARN` as not verified.
 */
export function contractCheckResultsForModel(
  diagnostics: readonly RockyDiagnosticLike[] | null,
  assetKey: readonly string[],
  model: string,
  rules: RockyContractRules,
): RockyAssetCheckResult[] {
  const kinds = declaredKinds(rules);
  const notVerified = (status: string, flag: string): RockyAssetCheckResult[] =>
    kinds.map((checkName) => ({
      assetKey: [...assetKey],
      checkName,
      passed: false,
      severity: "WARN",
      metadata: { status: pipesMetadata.text(status), [flag]: pipesMetadata.bool(true) },
    }));
  if (diagnostics === null) {
    return notVerified(
      "not verified: no rocky compile output in the cached state (rocky compile failed, or did not run, when the state was written), so this contract was not checked — refresh the state after rocky compile succeeds",
      "rocky/compile_missing",
    );
  }
  const failing = new Map<string, RockyDiagnosticLike[]>(kinds.map((k) => [k, []]));
  const unverified = new Map<string, RockyDiagnosticLike[]>(kinds.map((k) => [k, []]));
  for (const diagnostic of diagnostics) {
    if (diagnostic.model !== model) continue;
    if (diagnostic.code === MODEL_NOT_FOUND_CODE) {
      return notVerified(
        `not verified: the compiler did not find a model named '${model}', so its contract was never checked — the contract file may name a model that was renamed or removed, or the model may be missing from the compiled project`,
        "rocky/contract_model_not_found",
      );
    }
    const check = CODE_TO_CHECK[diagnostic.code];
    if (check !== undefined) {
      failing.get(check)?.push(diagnostic);
      continue;
    }
    const unverifiedCheck = UNVERIFIED_CODE_TO_CHECK[diagnostic.code];
    if (unverifiedCheck !== undefined) unverified.get(unverifiedCheck)?.push(diagnostic);
  }
  return kinds.map((checkName) => {
    const fails = failing.get(checkName) ?? [];
    const notChecked = unverified.get(checkName) ?? [];
    const metadata: Record<string, PipesMetadataValue> = {};
    fails.forEach((d, i) => {
      metadata[`rocky/violation_${i}`] = pipesMetadata.text(describeDiagnostic(d));
    });
    if (fails.length > 0) metadata["rocky/violation_count"] = pipesMetadata.int(fails.length);
    notChecked.forEach((d, i) => {
      metadata[`rocky/unverified_${i}`] = pipesMetadata.text(describeDiagnostic(d));
    });
    if (notChecked.length > 0) {
      metadata["rocky/unverified_count"] = pipesMetadata.int(notChecked.length);
    }
    return {
      assetKey: [...assetKey],
      checkName,
      passed: fails.length === 0,
      severity:
        fails.length > 0 && fails.every((d) => d.code === "W010")
          ? ("WARN" as const)
          : ("ERROR" as const),
      metadata,
    };
  });
}

/** What {@link contractCheckResults} reads. */
export interface ContractCheckInput {
  /** `rocky compile`'s `diagnostics`, or null when there is no compile output. */
  readonly diagnostics: readonly RockyDiagnosticLike[] | null;
  /** The rules by model name ({@link readContractRules}). */
  readonly contracts: Readonly<Record<string, RockyContractRules>>;
}

/** {@link contractCheckResultsForModel} for every contract whose model `keyForModel` resolves. */
export function contractCheckResults(
  input: ContractCheckInput,
  keyForModel: (model: string) => readonly string[] | null,
): RockyAssetCheckResult[] {
  const out: RockyAssetCheckResult[] = [];
  for (const [model, rules] of Object.entries(input.contracts)) {
    const key = keyForModel(model);
    if (key !== null)
      out.push(...contractCheckResultsForModel(input.diagnostics, key, model, rules));
  }
  return out;
}

/**
 * Report contract checks to Dagster, as dagster-rocky's component does for the assets of a
 * step: {@link contractCheckResults} for the step's assets (models resolved with
 * {@link ModelKeyOptions}), each sent once. Report them before `reportRunToPipes`.
 */
export function reportContractsToPipes(
  pipes: PipesContext,
  input: ContractCheckInput,
  options: ModelKeyOptions & ReportCheckResultsOptions = {},
): ReportCheckResultsSummary {
  const results = contractCheckResults(input, modelKeyResolver(pipes, options));
  return reportCheckResultsToPipes(pipes, results, options);
}

/**
 * @internal
 * Compile-time guard (stripped from the published types): the diagnostics of `CompileOutput`
 * (@dagster-rocky/resource) stay assignable to {@link RockyDiagnosticLike}.
 */
export type CompileDiagnosticsAreAccepted<
  T extends
    readonly RockyDiagnosticLike[] = import("@dagster-rocky/resource/schemas").CompileOutput["diagnostics"],
> = T;
