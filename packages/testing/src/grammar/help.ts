/** `rocky --help` / `rocky <verb> --help` text, from the grammar table. */
import { display, usageFor } from "./parser.js";
import { GLOBAL_FLAGS, GRAMMAR, knownIn, specOfKey, type VerbSpec } from "./table.js";

/** The help of `verb` (a verb key, `"state schedule"`), or of rocky, as an engine of `version`. */
export function helpText(verb: string | null, version: string): string {
  const known = ([, v]: [string, VerbSpec]) => knownIn(v.since, version);
  const spec = verb === null ? undefined : specOfKey(verb);
  if (verb === null || spec === undefined) {
    const cmds = (Object.entries(GRAMMAR) as [string, VerbSpec][])
      .filter(known)
      .map(([k, v]) => `  ${k.padEnd(18)}  ${v.about}`)
      .join("\n");
    const opts = GLOBAL_FLAGS.map((f) => {
      const short = f.short === undefined ? "    " : `-${f.short}, `;
      return `  ${short}${display(f)}`;
    }).join("\n");
    return `Rust SQL transformation engine\n(rocky-sim: a simulator of the rocky CLI, not rocky)\n\nUsage: ${usageFor(null)}\n\nCommands:\n${cmds}\n\nOptions:\n${opts}\n  -h, --help                Print help\n  -V, --version             Print version\n`;
  }
  const subs =
    spec.subverbs === undefined
      ? ""
      : `\nCommands:\n${Object.entries(spec.subverbs)
          .filter(known)
          .map(([k, v]) => `  ${k.padEnd(18)}  ${v.about}`)
          .join("\n")}\n`;
  const opts = spec.flags
    .filter((f) => knownIn(f.since, version))
    .map((f) => `      ${display(f)}`)
    .join("\n");
  return `${spec.about}\n\nUsage: ${usageFor(verb)}\n${subs}\nOptions:\n${opts}\n  -o, --output <OUTPUT>\n  -h, --help                Print help\n`;
}
