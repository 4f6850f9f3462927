import { branchDeploymentInfo, branchDeployShadowSuffix } from "@dagster-rocky/core";

// Placeholder main job until the resource lands: show the suffix a simulated PR 42 gets.
const pr = { DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "1", DAGSTER_CLOUD_PULL_REQUEST_ID: "42" };
console.log("branch deployment:", branchDeployShadowSuffix(branchDeploymentInfo(pr)));
console.log("production:", branchDeployShadowSuffix(branchDeploymentInfo({})));
