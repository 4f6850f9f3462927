// `rocky.options`: the resolved options, public and read-only, after the constructor, fromConfig
// or fromConfigFile; never the env option or the server token.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RockyResource } from "../src/index.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "resolved-options-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe("rocky.options is readable from outside the class", () => {
  it("after fromConfigFile: the file's values, its relative paths resolved, the overrides, the defaults", async () => {
    const file = join(dir, "rocky-resource.yaml");
    await writeFile(
      file,
      "shadowMode: always\nshadowSuffix: _ci\ncwd: project\ntimeoutMs: 600000\n",
    );
    const rocky = await RockyResource.fromConfigFile(file, { killGraceMs: 100 });
    expect(rocky.options).toMatchObject({
      shadowMode: "always",
      shadowSuffix: "_ci",
      cwd: join(dir, "project"),
      timeoutMs: 600_000,
      killGraceMs: 100,
      binaryPath: "rocky",
      configPath: "rocky.toml",
    });
  });

  it("never holds env or serverToken, and shows neither when printed", () => {
    const rocky = RockyResource.fromConfig({
      serverUrl: "http://127.0.0.1:8080",
      serverToken: "tok-SECRET-1",
      env: { PATH: "/usr/bin", DATABRICKS_TOKEN: "dbx-SECRET-2" },
    });
    expect(Object.keys(rocky.options)).not.toContain("env");
    expect(Object.keys(rocky.options)).not.toContain("serverToken");
    const printed = `${inspect(rocky.options, { depth: 5 })}${JSON.stringify(rocky.options)}`;
    expect(printed).not.toMatch(/SECRET/);
    expect(rocky.options.serverUrl).toBe("http://127.0.0.1:8080");
  });

  it("is read-only: frozen, its detector list too", () => {
    const rocky = new RockyResource({ shadowMode: "preview", previewDetectors: ["gitlab"] });
    expect(Object.isFrozen(rocky.options)).toBe(true);
    expect(Object.isFrozen(rocky.options.previewDetectors)).toBe(true);
    expect(() => {
      (rocky.options as { timeoutMs: number }).timeoutMs = 1;
    }).toThrow(TypeError);
    expect(() => {
      (rocky.options.previewDetectors as string[]).push("vercel");
    }).toThrow(TypeError);
    expect(rocky.options.previewDetectors).toEqual(["gitlab"]);
  });
});
