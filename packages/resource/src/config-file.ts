import { readFile } from "node:fs/promises";
import { extname } from "node:path";
import { RockyConfigError } from "./errors.js";

/** Reads a JSON (`.json`) or YAML (`.yaml`, `.yml`, anything else) options file. */
export async function loadConfigFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new RockyConfigError(
      [
        {
          path: "",
          message: `cannot read the file: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
        },
      ],
      { filePath: path, context: "RockyResource config" },
    );
  }
  if (extname(path).toLowerCase() === ".json") {
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new RockyConfigError(
        [{ path: "", message: `not valid JSON: ${(error as Error).message}` }],
        {
          filePath: path,
          context: "RockyResource config",
        },
      );
    }
  }
  const YAML = await import("yaml");
  const doc = YAML.parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new RockyConfigError(
      doc.errors.map((e) => ({ path: "", message: `not valid YAML: ${e.message}` })),
      { filePath: path, context: "RockyResource config" },
    );
  }
  return doc.toJS();
}
