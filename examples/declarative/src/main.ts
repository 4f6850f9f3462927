// Loads each example config file with RockyResource.fromConfigFile and prints
// what a run would do in a simulated PR 42 deployment and in production; inside a
// real Dagster+ branch deployment (its variables in this process's environment,
// which the resource always reads), in that deployment only.
// Nothing is spawned: shadowContext() is computed from the options and env.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { branchDeploymentInfo, isBranchDeployment } from "@dagster-rocky/core";
import { RockyConfigError, RockyResource } from "@dagster-rocky/resource";

const dir = join(dirname(fileURLToPath(import.meta.url)), "..");
const files = ["rocky-resource.yaml", "rocky-resource.json", "config/preview.yaml"];
// undefined: the process's own environment.
const deployments: Record<string, Record<string, string> | undefined> = isBranchDeployment(
  process.env,
)
  ? {
      [`PR ${branchDeploymentInfo(process.env).prNumber ?? "?"} (from the environment)`]: undefined,
    }
  : {
      "PR 42": { DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "1", DAGSTER_CLOUD_PULL_REQUEST_ID: "42" },
      production: {},
    };

try {
  for (const file of files) {
    for (const [name, env] of Object.entries(deployments)) {
      const rocky = await RockyResource.fromConfigFile(
        join(dir, file),
        env === undefined ? {} : { env },
      );
      const ctx = rocky.shadowContext({ filter: "tenant=acme" });
      console.log(
        `${file.padEnd(22)} ${name.padEnd(10)} shadowMode=${ctx.shadowMode.padEnd(13)} suffix=${ctx.suffix ?? "none (production tables)"}`,
      );
    }
  }
} catch (error) {
  // A RockyConfigError names the file and each bad field.
  console.error(error instanceof RockyConfigError ? error.message : error);
  process.exitCode = 1;
}
