/** Fail-closed check on the final argv of a shadowed write, after every hook ran. */
import { isRockyIdentifier } from "@dagster-rocky/core";
import { RockyShadowError } from "../errors.js";

/** Throws unless argv carries `--shadow` and only identifier `--shadow-suffix` values. @internal */
export function assertArgsShadowed(verb: string, args: readonly string[]): void {
  const suffixes: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === "--shadow-suffix") suffixes.push(args[i + 1] ?? "");
    else if (a.startsWith("--shadow-suffix=")) suffixes.push(a.slice("--shadow-suffix=".length));
  }
  const ok =
    args.includes("--shadow") && suffixes.length > 0 && suffixes.every((s) => isRockyIdentifier(s));
  if (!ok) {
    throw new RockyShadowError(
      "args_not_shadowed",
      `buildArgs returned rocky ${verb} arguments without --shadow and a valid --shadow-suffix inside a shadowed deployment; nothing was spawned`,
      { command: verb },
    );
  }
}
