/**
 * The version gate: one `rocky --version` probe per resource (concurrent
 * first calls share it; a failed probe is retried by the next call), the
 * SDK's general minimum, and each verb's own floor and feature floors.
 */
import { ABORTED, raceAbort } from "./abort.js";
import { RockyAbortError, RockyVersionError } from "./errors.js";
import type { LoggerLike } from "./logger.js";
import type { VerbSpec } from "./verbs/types.js";
import { compareVersions, MINIMUM_ROCKY_VERSION, type RockyVersionInfo } from "./version.js";

/** Probes once and checks versions. @internal */
export class VersionGate {
  #gate: Promise<string | null> | null = null;
  readonly #probe: () => Promise<RockyVersionInfo>;
  readonly #logger: LoggerLike;
  readonly #binaryPath: string;

  constructor(probe: () => Promise<RockyVersionInfo>, logger: LoggerLike, binaryPath: string) {
    this.#probe = probe;
    this.#logger = logger;
    this.#binaryPath = binaryPath;
  }

  /**
   * The detected version (null when unparseable: a warning is logged and the
   * call proceeds). Throws RockyVersionError below the general minimum, and
   * RockyAbortError when `signal` fires while waiting.
   */
  async ensure(command: string, signal: AbortSignal | undefined): Promise<string | null> {
    this.#gate ??= this.#check();
    const gate = this.#gate;
    gate.catch(() => {
      if (this.#gate === gate) this.#gate = null;
    });
    try {
      return await (signal === undefined ? gate : raceAbort(gate, signal));
    } catch (error) {
      if (error === ABORTED)
        throw new RockyAbortError({ command, reason: signal?.reason, spawned: false });
      throw error;
    }
  }

  async #check(): Promise<string | null> {
    const info = await this.#probe();
    if (info.version === null) {
      this.#logger.warn({ raw: info.raw }, "could not parse `rocky --version`; proceeding");
    } else if (compareVersions(info.version, MINIMUM_ROCKY_VERSION) < 0) {
      throw new RockyVersionError(info.version, MINIMUM_ROCKY_VERSION, this.#binaryPath);
    }
    return info.version;
  }

  /** Throws when `version` is below the verb's floor or a used option's floor. */
  checkVerb(version: string | null, spec: VerbSpec, options: Record<string, unknown>): void {
    if (version === null) return;
    const below = (floor: string) => compareVersions(version, floor) < 0;
    if (spec.minVersion !== undefined && below(spec.minVersion)) {
      throw new RockyVersionError(version, spec.minVersion, this.#binaryPath, {
        command: spec.name,
        feature: `rocky ${spec.command}`,
      });
    }
    for (const floor of spec.featureFloors) {
      const value = options[floor.option];
      if (value !== undefined && value !== false && below(floor.minVersion)) {
        throw new RockyVersionError(version, floor.minVersion, this.#binaryPath, {
          command: spec.name,
          feature: `rocky ${spec.command} with ${floor.option}`,
        });
      }
    }
  }
}
