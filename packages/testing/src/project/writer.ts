/**
 * Writes rocky-sim's fake project into a folder, so that code reading the project from disk (the
 * SDK's pipeline guards) sees what rocky would, and a real rocky can run the same project.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import {
  DEFAULT_NAMING,
  fakeProjectFiles,
  type SimProjectShape,
  type SourceNaming,
} from "./fake.js";

export type { SimProjectShape } from "./fake.js";

const SHAPES: readonly SimProjectShape[] = ["replication", "transformation", "quality"];
const PIPELINE_NAME = /^[A-Za-z0-9_]+$/;

/** What to write. */
export interface SimProjectOptions {
  /** The pipeline's type (rocky-core config.rs `PipelineConfig`). Default "replication". */
  shape?: SimProjectShape;
  /** The pipeline's name in `rocky.toml` (`[pipeline.<name>]`). Default "default". */
  pipeline?: string;
  /** The replication `schema_pattern`'s one component. Default "tenant". */
  component?: string;
  /**
   * The sources of the simulated warehouse: one `raw__<value>` schema each, holding `orders`,
   * `customers` and `payments`. Default `["acme", "globex", "initech"]`.
   */
  sources?: string[];
}

/** A written project. */
export interface SimProject {
  /** Absolute path of the project folder: use it as rocky's (and the SDK's) `cwd`. */
  readonly dir: string;
  /** Absolute path of its `rocky.toml`. */
  readonly configPath: string;
  readonly shape: SimProjectShape;
  /** The one pipeline's name. */
  readonly pipeline: string;
  /** The `schema_pattern` component and the sources of the simulated warehouse. */
  readonly component: string;
  readonly sources: readonly string[];
}

/** A bad `shape` or `pipeline`; nothing was written. */
export class SimProjectOptionsError extends Error {
  override readonly name = "SimProjectOptionsError";
  readonly code = "SIM_PROJECT_OPTIONS";
  constructor(
    readonly field: "shape" | "pipeline" | "component" | "sources",
    message: string,
  ) {
    super(message);
  }
}

interface Checked extends SourceNaming {
  shape: SimProjectShape;
  pipeline: string;
}

function checked(options: SimProjectOptions): Checked {
  const shape = options.shape ?? "replication";
  if (!SHAPES.includes(shape)) {
    throw new SimProjectOptionsError(
      "shape",
      `shape must be one of ${SHAPES.join(", ")} (got ${JSON.stringify(shape)})`,
    );
  }
  const pipeline = options.pipeline ?? "default";
  if (typeof pipeline !== "string" || !PIPELINE_NAME.test(pipeline)) {
    throw new SimProjectOptionsError(
      "pipeline",
      `pipeline must be a TOML bare key of letters, digits and underscores (got ${JSON.stringify(pipeline)})`,
    );
  }
  const component = options.component ?? DEFAULT_NAMING.component;
  if (typeof component !== "string" || !PIPELINE_NAME.test(component)) {
    throw new SimProjectOptionsError(
      "component",
      `component must be letters, digits and underscores (got ${JSON.stringify(component)})`,
    );
  }
  const sources = options.sources ?? [...DEFAULT_NAMING.sources];
  if (
    !Array.isArray(sources) ||
    sources.length === 0 ||
    sources.some((v) => typeof v !== "string" || !PIPELINE_NAME.test(v)) ||
    new Set(sources).size !== sources.length
  ) {
    throw new SimProjectOptionsError(
      "sources",
      `sources must be a non-empty list of distinct names of letters, digits and underscores (got ${JSON.stringify(sources)})`,
    );
  }
  return { shape, pipeline, component, sources };
}

/**
 * Writes the fake project into `dir` (created when missing): `rocky.toml` with one pipeline of
 * `shape`, for the transformation shape its models in `models/` (sidecar TOML and SQL),
 * `data/seed.sql`, and rocky-sim's simulated warehouse in `.rocky-sim/warehouse.json` (the sources
 * `raw__acme`, `raw__globex`, `raw__initech`, each with `orders`, `customers`, `payments`).
 * Existing files of those names are replaced. The options are checked before anything is written.
 */
export async function writeSimProject(
  dir: string,
  options: SimProjectOptions = {},
): Promise<SimProject> {
  const { shape, pipeline, component, sources } = checked(options);
  const root = resolve(dir);
  for (const [path, text] of Object.entries(
    fakeProjectFiles(shape, pipeline, { component, sources }),
  )) {
    const file = join(root, path);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, text);
  }
  return { dir: root, configPath: join(root, "rocky.toml"), shape, pipeline, component, sources };
}

/** A project `createSimProject` wrote into a temp dir of its own. */
export interface CreatedSimProject extends SimProject {
  /** Removes the project's folder and everything in it. */
  cleanup(): Promise<void>;
}

/** `writeSimProject` into a fresh temp dir (`<parent>/rocky-sim-project-XXXXXX`), with its removal. */
export async function createSimProject(
  options: SimProjectOptions & { parent?: string } = {},
): Promise<CreatedSimProject> {
  checked(options);
  const parent = options.parent ?? tmpdir();
  await mkdir(parent, { recursive: true });
  const dir = await mkdtemp(join(parent, "rocky-sim-project-"));
  try {
    const project = await writeSimProject(dir, options);
    return { ...project, cleanup: () => rm(dir, { recursive: true, force: true }) };
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}
