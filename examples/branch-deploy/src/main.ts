// The main job (`pnpm start` at the repo root). Logic lives in demo.ts so that
// tests can run it without a TTY; this file only wires process-level I/O.
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { runBranchDeployDemo } from "./demo.js";

const exampleDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const configPath = process.env.ROCKY_RESOURCE_CONFIG ?? join(exampleDir, "rocky-resource.yaml");

try {
  const { exitCode } = await runBranchDeployDemo({
    // Relative to the working directory so the output does not depend on where the repo lives.
    configPath: relative(process.cwd(), configPath) || configPath,
    env: process.env,
    write: (line) => console.log(line),
  });
  process.exitCode = exitCode;
} catch (error) {
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
  process.exitCode = 1;
}
