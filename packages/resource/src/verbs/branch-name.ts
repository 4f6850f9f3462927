/**
 * The SDK's branch-name rule, stricter than rocky's `validate_branch_name`
 * (`commands/branch.rs`: `[A-Za-z0-9_.-]{1,64}`): no leading `-` or `.`, and
 * no `..`, because the name becomes a path segment (`.rocky/approvals/<name>/`)
 * and a SQL schema (`branch__<name>`).
 */
import { z } from "zod";

const BRANCH_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/;

/** True when `v` holds a C0 control character or DEL. @internal */
export function hasControlChar(v: string): boolean {
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

/** A branch name: `^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$` without `..`. @internal */
export const branchName = (what: string) =>
  z
    .string({ error: `${what} must be a string, such as "fix-price"` })
    .superRefine((v, ctx) => {
      const fail = (why: string) =>
        ctx.addIssue({ code: "custom", message: `${what} ${why}, such as "fix-price"` });
      if (v.length === 0) return fail("must not be empty");
      if (hasControlChar(v)) return fail("must not contain control characters");
      if (v.startsWith("-")) return fail("must not start with '-' (rocky would read it as a flag)");
      if (v.length > 64) return fail(`must be at most 64 characters (got ${v.length})`);
      if (!BRANCH_NAME.test(v)) {
        return fail(
          "must start with a letter, digit or _ and use only letters, digits, _, . and - (rocky's branch names)",
        );
      }
      if (v.includes("..")) return fail("must not contain '..' (the name becomes a path segment)");
    })
    .meta({ pattern: BRANCH_NAME.source });
