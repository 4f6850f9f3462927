// Runs the subclass against the simulator (not rocky) in a simulated PR 42
// deployment and prints the argv each tenant's run was spawned with.
import { createRockySimulator } from "@dagster-rocky/testing";
import { TenantRockyResource } from "./tenant-resource.js";

// The simulator writes a replication project (rocky.toml, pipeline "replication", one
// `raw__<tenant>` schema per tenant) into sim.project.dir: rocky and the SDK's branch-deployment
// guards both read it from the resource's cwd.
const TENANTS = ["acme", "globex"];
const sim = await createRockySimulator(undefined, {
  project: { pipeline: "replication", sources: TENANTS },
});
try {
  console.log("rocky: SIMULATOR (rocky-sim from @dagster-rocky/testing, not rocky)");
  const project = sim.project;
  if (project === null) throw new Error("the simulator wrote no project");
  const rocky = new TenantRockyResource({
    binaryPath: sim.binaryPath,
    cwd: project.dir,
    shadowMode: "branch_deploy",
    defaultPipeline: "replication",
    env: { DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "1", DAGSTER_CLOUD_PULL_REQUEST_ID: "42" },
  });
  for (const tenant of TENANTS) {
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
