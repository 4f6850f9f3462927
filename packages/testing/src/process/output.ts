/**
 * What reaches stdout, by the scenario's output mode: the normal document (JSON, or a small
 * key/value summary for `--output table|md`), or a spoiled one (none, truncated, not JSON,
 * invalid UTF-8, schema-violating, raw).
 */
import type { OutputFormat, VerbResult } from "../context.js";
import type { JsonObject } from "../json.js";
import type { SimOutputMode } from "../types.js";
import { writeTo } from "./streams.js";

/** A deliberately schema-violating document for the "invalid-schema" output mode. */
export function invalidSchemaDoc(command: string, version: string): JsonObject {
  return {
    version,
    command,
    status: 42,
    materializations: "not-an-array",
    checks: { not: "an array" },
    results: null,
    overall: ["critical"],
  };
}

/** Very small text renderer for `--output table` / `--output md`. */
export function renderText(json: JsonObject, format: "table" | "md"): string {
  const rows: [string, string][] = [];
  for (const [k, v] of Object.entries(json)) {
    if (v === null || typeof v !== "object") rows.push([k, String(v)]);
    else if (Array.isArray(v)) rows.push([k, `${v.length} item(s)`]);
  }
  if (format === "md") {
    return `| field | value |\n|---|---|\n${rows.map(([k, v]) => `| ${k} | ${v} |`).join("\n")}\n`;
  }
  const w = Math.max(...rows.map(([k]) => k.length), 5);
  return `${rows.map(([k, v]) => `${k.padEnd(w)}  ${v}`).join("\n")}\n`;
}

function nonUtf8(text: string): Buffer {
  const marker = '"version": "';
  const at = text.indexOf(marker);
  const bad = Buffer.from([0xff, 0xfe, 0xfd]);
  if (at === -1) return Buffer.concat([bad, Buffer.from(text)]);
  const cut = at + marker.length;
  return Buffer.concat([Buffer.from(text.slice(0, cut)), bad, Buffer.from(text.slice(cut))]);
}

/** Writes the result's stdout (per `mode`) and its trailing stderr error line. */
export async function writeOutput(
  result: VerbResult,
  mode: SimOutputMode,
  format: OutputFormat,
  verb: string | null,
  version: string,
): Promise<void> {
  const render = (): string => {
    if (result.text !== undefined) return result.text;
    const json = result.json as JsonObject;
    return format === "json" ? `${JSON.stringify(json, null, 2)}\n` : renderText(json, format);
  };
  const write = (chunk: string): Promise<void> => writeTo(process.stdout, chunk);
  if (typeof mode === "object") {
    await write(mode.raw);
  } else if (mode === "normal") {
    if (result.stream !== undefined && format === "json") await result.stream(write);
    else await write(render());
  } else if (mode === "truncated") {
    const full = render();
    await write(full.slice(0, Math.floor(full.length / 2)));
  } else if (mode === "not-json") {
    await write(`rocky ${verb ?? "--version"}: done (this is not JSON)\n`);
  } else if (mode === "non-utf8") {
    await writeTo(process.stdout, nonUtf8(render()));
  } else if (mode === "invalid-schema") {
    await write(`${JSON.stringify(invalidSchemaDoc(verb ?? "version", version), null, 2)}\n`);
  }
  if (result.error !== undefined) await writeTo(process.stderr, `${result.error}\n`);
}
