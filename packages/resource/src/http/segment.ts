/** A `rocky serve` URL path segment taken from an option, for the verbs' HTTP routes. */
import { isRockyIdentifier } from "@dagster-rocky/core";
import type { RouteIssue } from "../verbs/types.js";

/**
 * The option's value as a path segment: an identifier (else an issue naming
 * the field is pushed and undefined returned), percent-encoded anyway. @internal
 */
export function segment(
  field: string,
  value: unknown,
  issues: RouteIssue[],
  example: string,
): string | undefined {
  if (typeof value !== "string" || !isRockyIdentifier(value)) {
    const got =
      typeof value === "string" ? "" : `; got ${value === undefined ? "nothing" : typeof value}`;
    issues.push({
      path: field,
      message: `${field} must match ^[A-Za-z0-9_]+$ (it becomes a URL path segment), such as "${example}"${got}`,
    });
    return undefined;
  }
  return encodeURIComponent(value);
}
