/** `rocky --help` / `rocky <verb> --help` text, from the grammar table. */
import { display, usageFor } from "./parser.js";
import { GLOBAL_FLAGS, GRAMMAR, verbSpec } from "./table.js";

export function helpText(verb: string | null): string {
  const spec = verb === null ? undefined : verbSpec(verb);
  if (verb === null || spec === undefined) {
    const cmds = Object.entries(GRAMMAR)
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
          .map(([k, v]) => `  ${k.padEnd(18)}  ${v.about}`)
          .join("\n")}\n`;
  const opts = spec.flags.map((f) => `      ${display(f)}`).join("\n");
  return `${spec.about}\n\nUsage: ${usageFor(verb)}\n${subs}\nOptions:\n${opts}\n  -o, --output <OUTPUT>\n  -h, --help                Print help\n`;
}
