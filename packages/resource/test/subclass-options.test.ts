// A subclass's own options: declared by extending `optionsSchema`, accepted and checked by the
// constructor, fromConfig and fromConfigFile (a YAML file included), an unknown key still refused
// with the nearest known name; the overrides typed as the subclass's options.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import {
  RockyConfigError,
  RockyResource,
  type RockyResourceOptions,
  type RunOptions,
} from "../src/index.js";

type TenantOptions = RockyResourceOptions & { defaultFilter?: string };

class TenantResource extends RockyResource {
  static override readonly optionsSchema = RockyResource.optionsSchema.extend({
    defaultFilter: z
      .string()
      .regex(/^\w+=\w+$/, { error: "defaultFilter must be one key=value pair" })
      .optional(),
  });
  readonly defaultFilter: string | undefined;

  constructor(options: TenantOptions = {}) {
    super(options);
    this.defaultFilter = options.defaultFilter;
  }

  /** A default validation must see: filled in before the call is validated. */
  override run(options: Partial<RunOptions> = {}) {
    return super.run({ filter: this.defaultFilter, ...options } as RunOptions);
  }
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "subclass-options-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function yaml(text: string): Promise<string> {
  const path = join(dir, "tenant.yaml");
  await writeFile(path, text);
  return path;
}

function refusal(fn: () => unknown): RockyConfigError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(RockyConfigError);
    return error as RockyConfigError;
  }
  throw new Error("expected a RockyConfigError");
}

async function refusalOf(promise: Promise<unknown>): Promise<RockyConfigError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RockyConfigError);
  return error as RockyConfigError;
}

describe("a subclass's declared option comes from a config file", () => {
  it("fromConfigFile: YAML defaultFilter is accepted, and reaches the subclass", async () => {
    const path = await yaml("shadowMode: always\ndefaultFilter: tenant=acme\n");
    const rocky = await TenantResource.fromConfigFile(path);
    expect(rocky).toBeInstanceOf(TenantResource);
    expect(rocky.defaultFilter).toBe("tenant=acme");
    expect(rocky.options.shadowMode).toBe("always");
  });

  it("fromConfig and the constructor accept it too", () => {
    expect(TenantResource.fromConfig({ defaultFilter: "tenant=acme" }).defaultFilter).toBe(
      "tenant=acme",
    );
    expect(new TenantResource({ defaultFilter: "tenant=globex" }).defaultFilter).toBe(
      "tenant=globex",
    );
  });

  it("the overrides are the subclass's options and win over the file", async () => {
    const path = await yaml("defaultFilter: tenant=acme\n");
    const rocky = await TenantResource.fromConfigFile(path, { defaultFilter: "tenant=globex" });
    expect(rocky.defaultFilter).toBe("tenant=globex");
    // @ts-expect-error an unknown key is not one of the subclass's options
    await expect(TenantResource.fromConfigFile(path, { defaultFiltr: "x" })).rejects.toThrow(
      /unknown option "defaultFiltr"/,
    );
  });
});

describe("the subclass's schema checks its option, and still refuses unknown keys", () => {
  it("a misspelt key in the file: unknown option, with the nearest known name and the file", async () => {
    const path = await yaml("defaultFiltr: tenant=acme\n");
    const error = await refusalOf(TenantResource.fromConfigFile(path));
    expect(error.filePath).toBe(path);
    expect(error.issues).toEqual([
      {
        path: "defaultFiltr",
        message:
          'unknown option "defaultFiltr": did you mean defaultFilter? Rename it to defaultFilter',
      },
    ]);
  });

  it("a bad value of the subclass's option is named, in the file and in code", async () => {
    const path = await yaml("defaultFilter: acme\n");
    const inFile = await refusalOf(TenantResource.fromConfigFile(path));
    expect(inFile.issues[0]).toMatchObject({
      path: "defaultFilter",
      message: expect.stringContaining("defaultFilter must be one key=value pair"),
    });
    const inCode = refusal(() => new TenantResource({ defaultFilter: "acme" }));
    expect(inCode.issues[0]?.path).toBe("defaultFilter");
  });

  it("the base class does not take the subclass's option", async () => {
    const path = await yaml("defaultFilter: tenant=acme\n");
    const error = await refusalOf(RockyResource.fromConfigFile(path));
    expect(error.issues[0]?.message).toMatch(/^unknown option "defaultFilter"/);
    expect(() => RockyResource.fromConfig({ defaultFilter: "tenant=acme" })).toThrow(
      RockyConfigError,
    );
  });
});

describe("a default the call's validation must see belongs in the method, not buildArgs", () => {
  it("run() without a filter uses the subclass's default; without either it is refused first", async () => {
    const rocky = new TenantResource({ binaryPath: "/nonexistent/rocky", env: {} });
    // No filter at all: refused by validation, before anything is spawned.
    const none = await refusalOf(rocky.run());
    expect(none.issues[0]?.path).toBe("filter");
    // With the default: validation passes, and the call reaches the spawn (no binary here).
    const withDefault = new TenantResource({
      binaryPath: "/nonexistent/rocky",
      env: {},
      defaultFilter: "tenant=acme",
    });
    await expect(withDefault.run()).rejects.toMatchObject({ name: "RockyBinaryNotFoundError" });
  });
});
