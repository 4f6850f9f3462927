/** Oldest rocky this SDK drives. */
export const MINIMUM_ROCKY_VERSION = "1.34.0";

/**
 * Oldest rocky whose shadow mode the SDK relies on for a shadowed run, plan
 * or apply: replication reads `--shadow-suffix` correctly only from 1.70.0
 * (rocky-cli commands/run.rs), and the refusals of `--shadow` on snapshot and
 * load pipelines and of `--dag --shadow` exist only from 1.68.0.
 */
export const SHADOW_MIN_ROCKY_VERSION = "1.70.0";

/** What `rocky --version` reported. */
export interface RockyVersionInfo {
  /** `X.Y.Z`, pre-release and build metadata dropped, padded to three parts; null when unparseable. */
  readonly version: string | null;
  /**
   * The pre-release part (`rc.1` of `1.70.0-rc.1`), or null for a release. A
   * pre-release ranks below its release (semver precedence), for every floor.
   */
  readonly prerelease?: string | null;
  /** The raw first line printed. */
  readonly raw: string;
}

/**
 * Parses `rocky X.Y.Z` (first line; the token after the program name, or the
 * first token when there is only one). `+build` is dropped, `-pre` kept apart
 * in `prerelease`, and missing parts padded: `1.71` is `1.71.0`.
 */
export function parseRockyVersion(output: string): RockyVersionInfo {
  const raw = (output.split(/\r?\n/, 1)[0] ?? "").trim();
  const tokens = raw.split(/\s+/).filter(Boolean);
  const token = (tokens.length >= 2 ? tokens[1] : tokens[0])?.replace(/^v/, "") ?? "";
  const withoutBuild = token.split("+", 1)[0] ?? "";
  const dash = withoutBuild.indexOf("-");
  const core = dash < 0 ? withoutBuild : withoutBuild.slice(0, dash);
  if (!/^\d+(\.\d+){0,2}$/.test(core)) return { version: null, prerelease: null, raw };
  const parts = core.split(".").map(Number);
  while (parts.length < 3) parts.push(0);
  return {
    version: parts.join("."),
    prerelease: dash < 0 ? null : withoutBuild.slice(dash + 1),
    raw,
  };
}

/** `X.Y.Z`, or `X.Y.Z-pre` for a pre-release: the form compareVersions orders. */
export function fullVersion(info: RockyVersionInfo): string | null {
  if (info.version === null) return null;
  const pre = info.prerelease ?? null;
  return pre === null ? info.version : `${info.version}-${pre}`;
}

function splitVersion(v: string): { core: number[]; pre: string[] | null } {
  const withoutBuild = v.split("+", 1)[0] ?? "";
  const dash = withoutBuild.indexOf("-");
  const core = (dash < 0 ? withoutBuild : withoutBuild.slice(0, dash)).split(".").map(Number);
  return { core, pre: dash < 0 ? null : withoutBuild.slice(dash + 1).split(".") };
}

/** semver 11.4: numeric identifiers numerically and below alphanumeric ones, which compare in ASCII. */
function comparePrerelease(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i] as string;
    const y = b[i] as string;
    const xn = /^\d+$/.test(x);
    const yn = /^\d+$/.test(y);
    if (xn && yn) {
      const d = Number(x) - Number(y);
      if (d !== 0) return d;
    } else if (xn !== yn) {
      return xn ? -1 : 1;
    } else if (x !== y) {
      return x < y ? -1 : 1;
    }
  }
  return a.length - b.length;
}

/**
 * Negative when a < b, zero when equal, positive when a > b, by semver
 * precedence: `X.Y.Z` numerically, then a pre-release below its release
 * (`1.70.0-rc.1` < `1.70.0`); `+build` is ignored.
 */
export function compareVersions(a: string, b: string): number {
  const pa = splitVersion(a);
  const pb = splitVersion(b);
  for (let i = 0; i < 3; i++) {
    const d = (pa.core[i] ?? 0) - (pb.core[i] ?? 0);
    if (d !== 0) return d;
  }
  if (pa.pre === null || pb.pre === null) {
    if (pa.pre === pb.pre) return 0;
    return pa.pre === null ? 1 : -1;
  }
  return comparePrerelease(pa.pre, pb.pre);
}
