// Differential: the newer verbs' outputs, parsed by rocky-sdk 0.29.0 (the pydantic model
// RockyClient parses each verb's stdout with) and by our generated zod schemas
// (NEWER_VERB_OUTPUT_SCHEMAS, what the methods validate with): for each of the 11 models, a
// document with every property set is accepted by both, and the same document missing its first
// required field, or with that field of the wrong type, is rejected by both.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  NEWER_VERB_OUTPUT_SCHEMAS,
  type NewerVerbOutputName,
} from "@dagster-rocky/resource/schemas";
import { beforeAll, expect, it } from "vitest";
import { type JsonSchema, sample } from "../../test-support/json-schema-sample.js";
import { describeInterop, REPO_ROOT, runPython } from "./helpers/venv.js";

const CONTRACT = join(REPO_ROOT, "contract", "rocky-sdk-0.29.0");
const MODELS = Object.keys(NEWER_VERB_OUTPUT_SCHEMAS) as NewerVerbOutputName[];

interface Doc {
  model: NewerVerbOutputName;
  variant: "valid" | "missing" | "wrong type";
  value: unknown;
}

function docs(): Doc[] {
  return MODELS.flatMap((model) => {
    const schema = JSON.parse(
      readFileSync(join(CONTRACT, `${model}.schema.json`), "utf8"),
    ) as JsonSchema;
    const valid = sample(schema, schema) as Record<string, unknown>;
    const first = (schema.required as string[])[0] as string;
    const { [first]: _dropped, ...missing } = valid;
    return [
      { model, variant: "valid", value: valid },
      { model, variant: "missing", value: missing },
      { model, variant: "wrong type", value: { ...valid, [first]: { not: "this type" } } },
    ] satisfies Doc[];
  });
}

let all: Doc[];
let python: { ok: boolean; error: string | null }[];

beforeAll(async () => {
  all = docs();
  const { stdout } = await runPython("newer_anchors.py", ["outputs"], {
    input: JSON.stringify({
      docs: all.map((d) => ({ model: d.model, text: JSON.stringify(d.value) })),
    }),
  });
  python = JSON.parse(stdout);
}, 240_000);

describeInterop("outputs of the newer verbs: rocky-sdk's models and our schemas agree", () => {
  it("every model, a valid document and two invalid ones", () => {
    expect(MODELS).toHaveLength(11);
    expect(all).toHaveLength(33);
  });
  it("rocky-sdk accepts exactly the valid documents, and so do we", () => {
    const verdicts = all.map((d, i) => ({
      doc: `${d.model} (${d.variant})`,
      python: python[i]?.ok,
      ours: NEWER_VERB_OUTPUT_SCHEMAS[d.model].safeParse(d.value).success,
    }));
    expect(verdicts.filter((v) => v.python !== v.ours)).toEqual([]);
    expect(verdicts.map((v) => v.ours)).toEqual(all.map((d) => d.variant === "valid"));
  });
});
