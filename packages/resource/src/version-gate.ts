/**
 * The version gate: one `rocky --version` probe per binary file (concurrent
 * first calls share it; a failed probe is retried by the next call; a binary
 * replaced since, in place or by a rename, is probed again), the SDK's general
 * minimum, and each verb's own floor and feature floors. Versions compare by
 * semver precedence: a pre-release is below its release for every floor.
 */
import { ABORTED, raceAbort } from "./abort.js";
import { binaryIdentity, type SpawnPlace } from "./binary-file.js";
import { RockyAbortError, RockyShadowError, RockyVersionError } from "./errors.js";
import type { LoggerLike } from "./logger.js";
import type { VerbSpec } from "./verbs/types.js";
import {
  compareVersions,
  fullVersion,
  MINIMUM_ROCKY_VERSION,
  type RockyVersionInfo,
  SHADOW_MIN_ROCKY_VERSION,
} from "./version.js";

/** One probe: the binary file it was about and its answer. */
interface Probed {
  readonly identity: string | null;
  readonly gate: Promise<string | null>;
}

/** Probes once per binary file and checks versions. @internal */
export class VersionGate {
  #probed: Probed | null = null;
  readonly #probe: () => Promise<RockyVersionInfo>;
  readonly #logger: LoggerLike;
  readonly #binaryPath: string;
  readonly #where: () => SpawnPlace;

  /** `where`: the cwd and environment the probe and the calls spawn with (to find the file). */
  constructor(
    probe: () => Promise<RockyVersionInfo>,
    logger: LoggerLike,
    binaryPath: string,
    where: () => SpawnPlace = () => ({ cwd: undefined, env: process.env }),
  ) {
    this.#probe = probe;
    this.#logger = logger;
    this.#binaryPath = binaryPath;
    this.#where = where;
  }

  #identity(): string | null {
    return binaryIdentity(this.#binaryPath, this.#where());
  }

  /**
   * The detected version (null when unparseable: a warning is logged and the
   * call proceeds). Throws RockyVersionError below the general minimum, and
   * RockyAbortError when `signal` fires while waiting.
   */
  async ensure(command: string, signal: AbortSignal | undefined): Promise<string | null> {
    const identity = this.#identity();
    let probed = this.#probed;
    // A file that cannot be found now is not probed again: the call's own spawn fails with
    // RockyBinaryNotFoundError naming the call (a probe would only fail the same way).
    if (probed === null || (probed.identity !== identity && identity !== null)) {
      const entry: Probed = {
        identity,
        gate: this.#check().then((version) => {
          // Replaced while it was probed: the answer may be the old file's; the next call probes again.
          if (this.#identity() !== identity && this.#probed === entry) this.#probed = null;
          return version;
        }),
      };
      this.#probed = probed = entry;
    }
    const { gate } = probed;
    gate.catch(() => {
      if (this.#probed?.gate === gate) this.#probed = null;
    });
    try {
      return await (signal === undefined ? gate : raceAbort(gate, signal));
    } catch (error) {
      if (error === ABORTED)
        throw new RockyAbortError({ command, reason: signal?.reason, spawned: false });
      throw error;
    }
  }

  /** The probed version (`X.Y.Z` or `X.Y.Z-pre`), checked against the general minimum. */
  async #check(): Promise<string | null> {
    const info = await this.#probe();
    const version = fullVersion(info);
    if (version === null) {
      this.#logger.warn({ raw: info.raw }, "could not parse `rocky --version`; proceeding");
    } else if (compareVersions(version, MINIMUM_ROCKY_VERSION) < 0) {
      throw new RockyVersionError(version, MINIMUM_ROCKY_VERSION, this.#binaryPath);
    }
    return version;
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
      const set = value !== undefined && value !== false;
      const absent = floor.when === "absent";
      if (set !== absent && below(floor.minVersion)) {
        throw new RockyVersionError(version, floor.minVersion, this.#binaryPath, {
          command: spec.name,
          feature: `rocky ${spec.command} ${absent ? "without" : "with"} ${floor.option}`,
        });
      }
    }
  }

  /**
   * Throws unless a shadowed call can rely on the engine's shadow mode:
   * RockyVersionError below SHADOW_MIN_ROCKY_VERSION, RockyShadowError when
   * the version could not be read (fail closed: the promise cannot be checked).
   */
  checkShadow(version: string | null, command: string): void {
    if (version === null) {
      throw new RockyShadowError(
        "engine_version_unknown",
        `a shadowed rocky ${command} needs rocky >= ${SHADOW_MIN_ROCKY_VERSION} and \`${this.#binaryPath} --version\` could not be parsed, so that cannot be checked; nothing was spawned`,
        { command },
      );
    }
    if (compareVersions(version, SHADOW_MIN_ROCKY_VERSION) < 0) {
      throw new RockyVersionError(version, SHADOW_MIN_ROCKY_VERSION, this.#binaryPath, {
        command,
        feature: `a shadowed rocky ${command}`,
      });
    }
  }
}
