/**
 * rocky-sim: `product verify|compile|approve|status <product>` (product.rs). The spec is
 * `products/<product>.toml` in the cwd; its digest is `sha256:<hex of the file>`. Approve writes
 * `.rocky/fulfillment/<product>/approved-<hex>.toml`; verify's `needs_input` / `fail` exit 1 / 2
 * after the JSON.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { type Ctx, logLine, RuntimeFailure, type VerbResult } from "../context.js";
import type { JsonObject } from "../json.js";
import { approver, digest } from "./governance.js";

interface Spec {
  name: string;
  path: string;
  digest: string;
  outputModel: string;
}

/** product.rs: `products/<name>.toml`; a missing file is `[spec-file-missing]`. */
function readSpec(name: string): Spec {
  const path = join("products", `${name}.toml`);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new RuntimeFailure(
      `[spec-file-missing] spec file not found: ${resolve(path)} (No such file or directory (os error 2))`,
    );
  }
  return { name, path, digest: `sha256:${digest(text)}`, outputModel: `${name}_output` };
}

function fulfillmentDir(name: string): string {
  return join(".rocky", "fulfillment", name);
}

function approvalOf(spec: Spec): JsonObject | null {
  const dir = fulfillmentDir(spec.name);
  if (!existsSync(dir)) return null;
  const file = readdirSync(dir).find((f) => f.startsWith("approved-"));
  if (file === undefined) return null;
  const stored = JSON.parse(readFileSync(join(dir, file), "utf8")) as JsonObject;
  return { ...stored, snapshot_path: join(dir, file) };
}

function verify(ctx: Ctx, spec: Spec): VerbResult {
  const status = ctx.behavior.verify ?? "pass";
  const json: JsonObject = {
    version: ctx.version,
    command: "product_verify",
    product_id: spec.name,
    output_model: spec.outputModel,
    spec_digest: spec.digest,
    status,
    reason:
      status === "pass"
        ? "every policy rule allows this product"
        : status === "needs_input"
          ? "no [policy] decides this product: paste the block below into rocky.toml"
          : "policy denies this product",
    propose_effect: status === "fail" ? "deny" : "allow",
    apply_effect: status === "pass" ? "allow" : "require_review",
  };
  if (status === "needs_input")
    json.paste_block = `[policy.products.${spec.name}]\napply = "require_review"\n`;
  return {
    json,
    exitCode: status === "pass" ? 0 : status === "needs_input" ? 1 : 2,
    progress: [logLine(ctx.format, "INFO", "verifying product", { product: spec.name })],
  };
}

function compile(ctx: Ctx, spec: Spec): VerbResult {
  const contract = join("models", `${spec.outputModel}.contract.toml`);
  const approval = approvalOf(spec);
  return {
    json: {
      version: ctx.version,
      command: "product_compile",
      product_id: spec.name,
      output_model: spec.outputModel,
      phase: "A",
      spec_path: spec.path,
      spec_digest: spec.digest,
      manifest_path: join(".rocky", "fulfillment", spec.name, "lowering.json"),
      artifacts: [{ path: contract, sha256: digest(contract) }],
      approval: approval === null ? null : (approval as JsonObject),
      spec_matches_approval: approval === null ? null : approval.spec_digest === spec.digest,
    },
    exitCode: 0,
    progress: [logLine(ctx.format, "INFO", "compiling product", { product: spec.name })],
  };
}

function approve(ctx: Ctx, spec: Spec): VerbResult {
  const who = approver(ctx);
  const existing = approvalOf(spec);
  const already = existing !== null && existing.spec_digest === spec.digest;
  const approvedAt = already ? String(existing.approved_at) : new Date().toISOString();
  const path = join(fulfillmentDir(spec.name), `approved-${spec.digest.slice(7, 23)}.toml`);
  if (!already) {
    mkdirSync(fulfillmentDir(spec.name), { recursive: true });
    writeFileSync(
      path,
      JSON.stringify({ approver: who.email, approved_at: approvedAt, spec_digest: spec.digest }),
    );
  }
  return {
    json: {
      version: ctx.version,
      command: "product_approve",
      product_id: spec.name,
      output_model: spec.outputModel,
      spec_digest: spec.digest,
      approver: String(who.email),
      approved_at: approvedAt,
      snapshot_path: already ? String(existing.snapshot_path) : path,
      already_approved: already,
      previous_state: already ? "approved" : "draft",
      state: "approved",
    },
    exitCode: 0,
    progress: [logLine(ctx.format, "INFO", "product approved", { product: spec.name })],
  };
}

/** product.rs `run_product_status`: the fields rocky does not know are omitted (serde skips None). */
function status(ctx: Ctx, name: string): VerbResult {
  let spec: Spec | null = null;
  try {
    spec = readSpec(name);
  } catch {
    // Reported as `spec_error` below.
  }
  const approval = spec === null ? null : approvalOf(spec);
  const json: JsonObject = { version: ctx.version, command: "product_status", product: name };
  if (spec !== null) {
    json.product_id = name;
    json.output_model = spec.outputModel;
  }
  json.spec_present = spec !== null;
  if (spec !== null) json.spec_digest = spec.digest;
  else {
    json.spec_error = `[spec-file-missing] spec file not found: ${resolve("products", `${name}.toml`)} (No such file or directory (os error 2))`;
  }
  if (approval !== null && spec !== null) {
    json.approval = approval;
    json.spec_matches_approval = approval.spec_digest === spec.digest;
  }
  Object.assign(json, {
    artifact_problems: [],
    staging_journal_present: false,
    journal_rows: spec === null ? 0 : journal(spec).length,
  });
  return { json, exitCode: 0, progress: [] };
}

/**
 * The fulfillment journal of a product: rocky-sim records one transition, its approval (the
 * snapshot `approve` wrote), so the journal is derived from it and nothing else writes it.
 */
function journal(spec: Spec): JsonObject[] {
  const approval = approvalOf(spec);
  if (approval === null) return [];
  return [
    {
      seq: 1,
      at: String(approval.approved_at),
      event: "spec approved",
      from_state: "draft",
      to_state: "approved",
      spec_digest: String(approval.spec_digest),
      plan_id: null,
      idempotency_key: null,
    },
  ];
}

/** The products the project knows: a spec file, or a fulfillment record, sorted by name. */
function knownProducts(): string[] {
  const names = new Set<string>();
  const stems = (dir: string, f: (n: string) => string | null) => {
    if (!existsSync(dir)) return;
    for (const n of readdirSync(dir)) {
      const stem = f(n);
      if (stem !== null) names.add(stem);
    }
  };
  stems("products", (n) => (n.endsWith(".toml") ? n.slice(0, -5) : null));
  stems(join(".rocky", "fulfillment"), (n) => n);
  return [...names].sort();
}

/** `rocky product list`: one row per product, the projection of `product status`. */
function list(ctx: Ctx): VerbResult {
  const products = knownProducts().map((name) => {
    const row = status(ctx, name).json as JsonObject;
    const spec = row.spec_present === true;
    return {
      name,
      product_id: spec ? `product:${name}` : null,
      output_model: row.output_model ?? null,
      spec_present: spec,
      spec_digest: row.spec_digest ?? null,
      spec_error: row.spec_error ?? null,
      approval: row.approval ?? null,
      spec_matches_approval: row.spec_matches_approval ?? null,
      committed_phase: null,
      fulfill_state: row.approval === undefined ? null : "approved",
      artifact_problems: 0,
      staging_journal_present: false,
      journal_rows: row.journal_rows ?? 0,
    };
  });
  return {
    json: { version: ctx.version, command: "product list", count: products.length, products },
    exitCode: 0,
    progress: [],
  };
}

/** `rocky product journal <name>`: an unknown product is refused, never an empty journal. */
function journalOf(ctx: Ctx, name: string): VerbResult {
  if (!knownProducts().includes(name)) {
    throw new RuntimeFailure(
      `unknown product '${name}': no products/${name}.toml and no record in the state store`,
    );
  }
  let rows: JsonObject[] = [];
  try {
    rows = journal(readSpec(name));
  } catch {
    // A record without a spec: its journal is empty here.
  }
  return {
    json: {
      version: ctx.version,
      command: "product journal",
      product: name,
      product_id: `product:${name}`,
      count: rows.length,
      rows,
    },
    exitCode: 0,
    progress: [],
  };
}

/** main.rs Product arm. */
export async function handleProduct(ctx: Ctx): Promise<VerbResult> {
  if (ctx.parsed.subcommand === "list") return list(ctx);
  const name = ctx.parsed.positionals[0] as string;
  if (!/^[A-Za-z0-9_]+$/.test(name)) {
    throw new RuntimeFailure(`invalid product name '${name}': must match [A-Za-z0-9_]+`);
  }
  switch (ctx.parsed.subcommand) {
    case "verify":
      return verify(ctx, readSpec(name));
    case "compile":
      return compile(ctx, readSpec(name));
    case "approve":
      return approve(ctx, readSpec(name));
    case "status":
      return status(ctx, name);
    case "journal":
      return journalOf(ctx, name);
    default:
      throw new RuntimeFailure(
        `rocky-sim does not emulate 'rocky product ${ctx.parsed.subcommand}'`,
      );
  }
}
