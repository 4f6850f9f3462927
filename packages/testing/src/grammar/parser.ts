/**
 * A small clap-like argv parser over the grammar table (table.ts). Errors mimic clap: `error:
 * ...`, a blank line, `Usage: ...`, a blank line and the `--help` hint, all on stderr, exit 2.
 */
import {
  type FlagSpec,
  GLOBAL_FLAGS,
  knownIn,
  specOfKey,
  type VerbSpec,
  verbSpec,
} from "./table.js";

export type FlagValue = string | true | string[];

export interface ParsedArgs {
  /** Global flags (wherever they appeared). */
  globals: Map<string, string>;
  verb: string | null;
  subcommand: string | null;
  flags: Map<string, FlagValue>;
  positionals: string[];
  help: boolean;
  version: boolean;
}

export class UsageError extends Error {
  constructor(
    message: string,
    readonly usage: string,
  ) {
    super(message);
  }
  render(): string {
    return `error: ${this.message}\n\nUsage: ${this.usage}\n\nFor more information, try '--help'.\n`;
  }
}

/**
 * A verb (or `rocky` itself) given without its required sub-command: clap's
 * `arg_required_else_help` prints that command's help on stderr and exits 2 (main.rs).
 */
export class HelpRequired extends UsageError {
  constructor(readonly verb: string | null) {
    super(
      verb === null ? "'rocky' requires a subcommand" : `'rocky ${verb}' requires a subcommand`,
      verb === null ? "rocky [OPTIONS] <COMMAND>" : `rocky ${verb} [OPTIONS] <COMMAND>`,
    );
  }
}

function valueName(spec: FlagSpec): string {
  return spec.valueName ?? spec.name.toUpperCase().replace(/-/g, "_");
}

/** How clap names a flag in messages: `--name` or `--name <VALUE>`. */
export function display(spec: FlagSpec): string {
  return spec.kind === undefined ? `--${spec.name}` : `--${spec.name} <${valueName(spec)}>`;
}

/** clap's usage line for a verb key (`"plan"`, `"plan promote"`), with the flags present. */
export function usageFor(key: string | null, present?: readonly string[]): string {
  if (key === null) return "rocky [OPTIONS] <COMMAND>";
  const spec = specOfKey(key);
  if (spec === undefined) return "rocky [OPTIONS] <COMMAND>";
  const parts = [`rocky ${key}`];
  const shown = new Set<string>();
  for (const name of present ?? []) {
    const f = spec.flags.find((x) => x.name === name);
    if (f !== undefined && !shown.has(name)) {
      parts.push(display(f));
      shown.add(name);
    }
  }
  for (const name of spec.required) {
    const f = spec.flags.find((x) => x.name === name);
    if (f !== undefined && !shown.has(name)) parts.push(display(f));
  }
  if (present === undefined) parts.splice(1, 0, "[OPTIONS]");
  for (const p of spec.positionals) parts.push(p.required ? `<${p.name}>` : `[${p.name}]`);
  if (spec.subverbs !== undefined && present === undefined) parts.push("[COMMAND]");
  return parts.join(" ");
}

function looksLikeFlag(v: string): boolean {
  return v.length > 1 && v.startsWith("-") && !/^-\d/.test(v);
}

function checkValue(spec: FlagSpec, value: string, usage: string): void {
  const shown = display(spec);
  if (spec.kind === "u32" || spec.kind === "u64") {
    if (!/^\d+$/.test(value)) {
      const why =
        value === "" ? "cannot parse integer from empty string" : "invalid digit found in string";
      throw new UsageError(`invalid value '${value}' for '${shown}': ${why}`, usage);
    }
    if (spec.kind === "u32" && Number(value) > 4294967295) {
      throw new UsageError(
        `invalid value '${value}' for '${shown}': number too large to fit in target type`,
        usage,
      );
    }
  } else if (spec.kind === "enum" && spec.values !== undefined && !spec.values.includes(value)) {
    throw new UsageError(
      `invalid value '${value}' for '${shown}'\n  [possible values: ${spec.values.join(", ")}]`,
      usage,
    );
  }
}

/** The parser's state while it walks argv. */
class Walk {
  readonly out: ParsedArgs = {
    globals: new Map(),
    verb: null,
    subcommand: null,
    flags: new Map(),
    positionals: [],
    help: false,
    version: false,
  };
  /** Verb flags in the order given (clap reports relations in this order). */
  readonly order: string[] = [];
  /** The spec whose flags and positionals apply: the verb's, or its chosen sub-verb's. */
  active: VerbSpec | undefined;
  i = 0;

  constructor(
    readonly argv: readonly string[],
    /** The simulated engine's version: what it does not know yet is refused as clap would. */
    readonly version: string,
  ) {}

  known(item: { readonly since?: string } | undefined): boolean {
    return item !== undefined && knownIn(item.since, this.version);
  }

  key(): string | null {
    const { verb, subcommand } = this.out;
    return verb !== null && subcommand !== null ? `${verb} ${subcommand}` : verb;
  }

  lookup(name: string): { spec: FlagSpec; isGlobal: boolean } | undefined {
    const g = GLOBAL_FLAGS.find((f) => f.name === name && this.known(f));
    if (this.out.verb === null) return g === undefined ? undefined : { spec: g, isGlobal: true };
    if (g?.global === true) return { spec: g, isGlobal: true };
    const v = this.active?.flags.find((f) => f.name === name && this.known(f));
    return v === undefined ? undefined : { spec: v, isGlobal: false };
  }

  lookupShort(c: string): FlagSpec | undefined {
    return GLOBAL_FLAGS.find((f) => f.short === c && (this.out.verb === null || f.global === true));
  }

  store(spec: FlagSpec, isGlobal: boolean, value: string | true): void {
    const usage = usageFor(
      this.key(),
      this.out.verb === null ? undefined : [...this.order, spec.name],
    );
    if (typeof value === "string") checkValue(spec, value, usage);
    const repeated = new UsageError(
      `the argument '${display(spec)}' cannot be used multiple times`,
      usage,
    );
    if (isGlobal) {
      if (this.out.globals.has(spec.name)) throw repeated;
      this.out.globals.set(spec.name, value === true ? "true" : value);
      return;
    }
    const prev = this.out.flags.get(spec.name);
    if (spec.repeat === true && typeof value === "string") {
      this.out.flags.set(spec.name, [...(Array.isArray(prev) ? prev : []), value]);
    } else {
      if (prev !== undefined) throw repeated;
      this.out.flags.set(spec.name, value);
    }
    this.order.push(spec.name);
  }

  /** A flag's value: inline (`--f=v`, `-fv`), else the next argument unless it looks like a flag. */
  takeValue(spec: FlagSpec, inline: string | undefined): string {
    if (inline !== undefined) return inline;
    const next = this.argv[this.i + 1];
    if (next !== undefined && !looksLikeFlag(next)) {
      this.i++;
      return next;
    }
    throw new UsageError(
      `a value is required for '${display(spec)}' but none was supplied`,
      usageFor(this.out.verb),
    );
  }

  long(arg: string): void {
    const eq = arg.indexOf("=");
    const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    const inline = eq === -1 ? undefined : arg.slice(eq + 1);
    if (name === "help" && inline === undefined) {
      this.out.help = true;
      return;
    }
    if (name === "version" && inline === undefined && this.out.verb === null) {
      this.out.version = true;
      return;
    }
    const found = this.lookup(name);
    if (found === undefined) {
      throw new UsageError(`unexpected argument '${arg}' found`, usageFor(this.out.verb));
    }
    const { spec, isGlobal } = found;
    if (spec.kind !== undefined) {
      this.store(spec, isGlobal, this.takeValue(spec, inline));
      return;
    }
    if (inline !== undefined && spec.inlineValues?.includes(inline) === true) {
      this.store(spec, isGlobal, inline);
      return;
    }
    if (inline !== undefined) {
      throw new UsageError(
        `unexpected value '${inline}' for '--${spec.name}' found; no more were expected`,
        usageFor(this.out.verb),
      );
    }
    this.store(spec, isGlobal, true);
  }

  short(arg: string): void {
    const c = arg[1] as string;
    if (c === "h") {
      this.out.help = true;
      return;
    }
    if (c === "V" && arg.length === 2 && this.out.verb === null) {
      this.out.version = true;
      return;
    }
    const spec = this.lookupShort(c);
    if (spec === undefined) {
      throw new UsageError(`unexpected argument '${arg}' found`, usageFor(this.out.verb));
    }
    let inline: string | undefined = arg.length > 2 ? arg.slice(2) : undefined;
    if (inline?.startsWith("=")) inline = inline.slice(1);
    this.store(spec, true, this.takeValue(spec, inline));
  }

  /** A positional: the verb, a sub-verb, or one of the active spec's positionals. Returns false to stop. */
  positional(arg: string): boolean {
    const { out } = this;
    if (out.verb === null) {
      const spec = verbSpec(arg);
      if (spec === undefined || !this.known(spec)) {
        throw new UsageError(`unrecognized subcommand '${arg}'`, usageFor(null));
      }
      out.verb = arg;
      this.active = spec;
      return true;
    }
    const spec = this.active as VerbSpec;
    // A sub-verb picks the next word, and a sub-verb with sub-verbs of its own the word after.
    if (spec.subverbs !== undefined && out.positionals.length === 0 && out.flags.size === 0) {
      const chosen = Object.hasOwn(spec.subverbs, arg) ? spec.subverbs[arg] : undefined;
      if (chosen === undefined || !this.known(chosen)) {
        const shape = spec.subverbRequired === true ? "<COMMAND>" : "[COMMAND]";
        throw new UsageError(`unrecognized subcommand '${arg}'`, `rocky ${this.key()} ${shape}`);
      }
      out.subcommand = out.subcommand === null ? arg : `${out.subcommand} ${arg}`;
      this.active = chosen;
      if (chosen.rawTail === true) {
        out.positionals.push(...this.argv.slice(this.i + 1));
        return false;
      }
      return true;
    }
    if (out.positionals.length >= spec.positionals.length) {
      throw new UsageError(`unexpected argument '${arg}' found`, usageFor(this.key()));
    }
    out.positionals.push(arg);
    return true;
  }
}

/**
 * Parse rocky's argv as an engine of `version` reads it. Throws UsageError (exit 2) for anything
 * clap would refuse.
 */
export function parseArgs(argv: readonly string[], version: string): ParsedArgs {
  const w = new Walk(argv, version);
  let onlyPositionals = false;
  for (; w.i < argv.length; w.i++) {
    const arg = argv[w.i] as string;
    if (!onlyPositionals && arg === "--") onlyPositionals = true;
    else if (!onlyPositionals && arg.startsWith("--")) w.long(arg);
    else if (!onlyPositionals && arg.length > 1 && arg.startsWith("-")) w.short(arg);
    else if (!w.positional(arg)) break;
  }
  const { out } = w;
  if (out.help || out.version) return out;
  if (out.verb === null) throw new HelpRequired(null);
  const active = w.active as VerbSpec;
  // The spec still active has its own sub-verbs: none was given.
  if (active.subverbRequired === true) throw new HelpRequired(w.key());
  validateRelations(out, w.order, active, w.key() as string);
  return out;
}

function validateRelations(
  out: ParsedArgs,
  order: readonly string[],
  spec: VerbSpec,
  key: string,
): void {
  const has = (f: string): boolean => out.flags.has(f);
  const specOf = (f: string): FlagSpec => spec.flags.find((x) => x.name === f) as FlagSpec;
  for (const name of order) {
    for (const [a, c] of spec.conflicts) {
      const other = a === name ? c : c === name ? a : undefined;
      if (other !== undefined && has(other) && order.indexOf(other) < order.indexOf(name)) {
        throw new UsageError(
          `the argument '${display(specOf(other))}' cannot be used with '${display(specOf(name))}'`,
          usageFor(key, order),
        );
      }
    }
  }
  const missing: string[] = [];
  for (const [a, required] of spec.requires) {
    if (has(a) && !has(required) && !missing.includes(required)) missing.push(required);
  }
  for (const required of spec.required) {
    if (!has(required) && !missing.includes(required)) missing.push(required);
  }
  spec.positionals.forEach((p, i) => {
    const waived = p.requiredUnless !== undefined && has(p.requiredUnless);
    if (p.required && !waived && out.positionals.length <= i) missing.push(`<${p.name}>`);
  });
  if (missing.length > 0) {
    const lines = missing.map((m) => `  ${m.startsWith("<") ? m : display(specOf(m))}`);
    throw new UsageError(
      `the following required arguments were not provided:\n${lines.join("\n")}`,
      usageFor(key, [...order, ...missing.filter((m) => !m.startsWith("<"))]),
    );
  }
}
