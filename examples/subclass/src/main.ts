// Runs the subclass against the simulator (not rocky) in a simulated PR 42
// deployment and prints the argv each tenant's run was spawned with.
import { createRockySimulator, DEFAULT_PROJECT_TOML } from "@dagster-rocky/testing";
import { TenantRockyResource } from "./tenant-resource.js";

// No rocky.toml here: the simulator assumes a project whose pipeline is named "replication".
const sim = await createRockySimulator({
  assumeConfig: DEFAULT_PROJECT_TOML.replaceAll("pipeline.default", "pipeline.replication"),
});
try {
  console.log("rocky: SIMULATOR (rocky-sim from @dagster-rocky/testing, not rocky)");
  const rocky = new TenantRockyResource({
    binaryPath: sim.binaryPath,
    shadowMode: "branch_deploy",
    defaultPipeline: "replication",
    env: { DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "1", DAGSTER_CLOUD_PULL_REQUEST_ID: "42" },
  });
  for (const tenant of ["acme", "Globex-EU"]) {
    const out = await rocky.run({ filter: `tenant=${tenant}` });
    // run() returns a run report, or a load report for a `type = "load"` pipeline.
    if (out.kind !== "run") throw new Error(`expected a run report, got a ${out.kind} report`);
    const targets = out.materializations.map((m) => m.metadata.target_table_full_name).join(", ");
    console.log(`tenant=${tenant}: ${out.status}; ${targets}`);
  }
  for (const inv of await sim.invocations()) {
    if (inv.verb === "run") console.log(`  argv: rocky ${inv.argv.join(" ")}`);
  }
} finally {
  await sim.cleanup();
}
