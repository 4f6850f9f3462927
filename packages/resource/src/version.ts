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
  /** The raw first line printed. */
  readonly raw: string;
}

/**
 * Parses `rocky X.Y.Z` (first line; the token after the program name, or the
 * first token when there is only one). `-pre` and `+build` are dropped and
 * missing parts padded: `1.71` is `1.71.0`.
 */
export function parseRockyVersion(output: string): RockyVersionInfo {
  const raw = (output.split(/\r?\n/, 1)[0] ?? "").trim();
  const tokens = raw.split(/\s+/).filter(Boolean);
  const token = tokens.length >= 2 ? tokens[1] : tokens[0];
  const core = token?.replace(/^v/, "").split(/[-+]/, 1)[0] ?? "";
  if (!/^\d+(\.\d+){0,2}$/.test(core)) return { version: null, raw };
  const parts = core.split(".").map(Number);
  while (parts.length < 3) parts.push(0);
  return { version: parts.join("."), raw };
}

/** Negative when a < b, zero when equal, positive when a > b (X.Y.Z strings). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
