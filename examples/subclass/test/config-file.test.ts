// TenantRockyResource's own option, defaultPipeline, from a YAML file: declared in its
// optionsSchema, so fromConfigFile accepts and checks it and still refuses a misspelt key.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RockyConfigError } from "@dagster-rocky/resource";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TenantRockyResource } from "../src/tenant-resource.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "tenant-config-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function file(text: string): Promise<string> {
  const path = join(dir, "tenant-resource.yaml");
  await writeFile(path, text);
  return path;
}

describe("TenantRockyResource.fromConfigFile reads defaultPipeline", () => {
  it("a YAML defaultPipeline reaches the resource; the overrides are typed as its options", async () => {
    const path = await file("shadowMode: branch_deploy\ndefaultPipeline: replication\n");
    const rocky = await TenantRockyResource.fromConfigFile(path, { env: {} });
    expect(rocky).toBeInstanceOf(TenantRockyResource);
    expect(rocky.defaultPipeline).toBe("replication");
    const other = await TenantRockyResource.fromConfigFile(path, { defaultPipeline: "nightly" });
    expect(other.defaultPipeline).toBe("nightly");
  });

  it("a misspelt key is refused with the nearest name; a bad value names the field", async () => {
    const typo = await file("defaultPipline: replication\n");
    await expect(TenantRockyResource.fromConfigFile(typo)).rejects.toMatchObject({
      name: "RockyConfigError",
      filePath: typo,
      issues: [
        {
          path: "defaultPipline",
          message: expect.stringContaining("did you mean defaultPipeline?"),
        },
      ],
    });
    const bad = await file("defaultPipeline: --all\n");
    const error = await TenantRockyResource.fromConfigFile(bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RockyConfigError);
    expect((error as RockyConfigError).issues[0]?.path).toBe("defaultPipeline");
  });
});
