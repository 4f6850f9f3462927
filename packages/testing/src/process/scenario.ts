/**
 * The scenario file and the behaviour it gives one invocation: `default`, merged under the verb's
 * `commands` entry, merged under the sub-verb's (`"hooks test"`); `version` for `--version` only.
 */
import { readFileSync } from "node:fs";
import type { CommandBehavior, SimScenario } from "../types.js";

/** The scenario at `path`; a missing file (or none) is the default scenario. */
export function loadScenario(path: string | undefined): SimScenario {
  if (path === undefined || path === "") return {};
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw err;
  }
  return JSON.parse(text) as SimScenario;
}

type CommandKey = keyof NonNullable<SimScenario["commands"]>;

/** The behaviour of one invocation. */
export function behaviorFor(
  scenario: SimScenario,
  verb: string | null,
  subcommand: string | null,
  isVersion: boolean,
): CommandBehavior {
  const commands = scenario.commands ?? {};
  if (isVersion) return { ...(commands.version ?? {}) };
  return {
    ...(scenario.default ?? {}),
    ...(verb === null ? {} : (commands[verb as CommandKey] ?? {})),
    // A sub-verb's own key ("hooks test") wins over the verb's.
    ...(verb === null || subcommand === null
      ? {}
      : (commands[`${verb} ${subcommand}` as CommandKey] ?? {})),
  };
}
