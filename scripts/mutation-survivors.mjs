#!/usr/bin/env node
// `node scripts/mutation-survivors.mjs <scope> [Status,...]`: the mutants of
// reports/mutation/<scope>.json that no test killed (Survived and NoCoverage by
// default), one per line with the source line, then the count per status. The
// list docs/mutation.md explains is made from this output.
import { readFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const [scope, statuses = "Survived,NoCoverage"] = process.argv.slice(2);
if (scope === undefined) {
  console.error(
    "usage: node scripts/mutation-survivors.mjs <core|shadow|argv|process> [Status,...]",
  );
  process.exit(2);
}
const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const report = JSON.parse(readFileSync(resolve(root, `reports/mutation/${scope}.json`), "utf8"));
const wanted = new Set(statuses.split(","));
const counts = {};
for (const [file, { source, mutants }] of Object.entries(report.files)) {
  const lines = source.split("\n");
  for (const m of mutants) {
    counts[m.status] = (counts[m.status] ?? 0) + 1;
    if (!wanted.has(m.status)) continue;
    const { line, column } = m.location.start;
    const where = `${relative(root, resolve(root, file))}:${line}:${column}`;
    console.log(`${where} ${m.status} ${m.mutatorName} -> ${JSON.stringify(m.replacement ?? "")}`);
    console.log(`    ${lines[line - 1].trim()}`);
  }
}
console.log(counts);
