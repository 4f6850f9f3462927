#!/usr/bin/env node
// Entry point of the `dagster-rocky` executable (the package's "bin").
// Kept out of src/index.ts so that importing the library has no side effects.
import { readFileSync } from "node:fs";
import { runCli } from "./cli-run.js";

function packageVersion(): string {
  try {
    const pkg: unknown = JSON.parse(
      readFileSync(new URL("../package.json", import.meta.url), "utf8"),
    );
    const version = (pkg as { version?: unknown }).version;
    return typeof version === "string" ? version : "unknown";
  } catch {
    return "unknown";
  }
}

try {
  const result = runCli(process.argv.slice(2), process.env, packageVersion());
  if (result.stdout !== "") process.stdout.write(result.stdout);
  if (result.stderr !== "") process.stderr.write(result.stderr);
  process.exitCode = result.code;
} catch (error) {
  process.stderr.write(
    `dagster-rocky: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 1;
}
