// The one reading of the CI variable for every test. CI runners set CI=true; people
// turn it off with CI=0 or CI=false, which must not count as CI anywhere.

/** True when `CI` is set to anything but an empty string, "0" or "false" (any case, trimmed). */
export function isCI(env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  const value = (env.CI ?? "").trim().toLowerCase();
  return value !== "" && value !== "0" && value !== "false";
}
