// The isolation a branch deployment's call must keep, as test cases: call inside a describe
// whose beforeAll took production's view before and after the call.
import { expect, it } from "vitest";
import { PR_SUFFIX } from "./env.js";
import { newProductionRelations, type ProductionView, productionRelationsAfter } from "./pr.js";

/** The production views around one PR call, filled by the describe's beforeAll. */
export interface Views {
  before?: ProductionView;
  after?: ProductionView;
}

function both(views: Views): { before: ProductionView; after: ProductionView } {
  if (views.before === undefined || views.after === undefined) {
    throw new Error("the describe's beforeAll did not record production's views");
  }
  return { before: views.before, after: views.after };
}

/**
 * The PR call left production as it was: every non-shadow relation (sources included)
 * byte-identical, none added (`allowNew` names relations a call may create outside production,
 * such as a preview's `branch__<name>` schema), and production's own state and history unchanged.
 */
export function itLeavesProductionAsItWas(
  views: Views,
  allowNew: (name: string) => boolean = () => false,
): void {
  it("every non-shadow table and view, sources included, is byte-identical (content hashes from the DuckDB file)", () => {
    const { before, after } = both(views);
    const { before: was, after: is } = productionRelationsAfter(before, after, PR_SUFFIX);
    expect(was.size).toBeGreaterThan(0);
    expect(Object.fromEntries(is)).toEqual(Object.fromEntries(was));
  });
  it("no table or view appeared outside the PR's own", () => {
    const { before, after } = both(views);
    expect(newProductionRelations(before, after, PR_SUFFIX, allowNew)).toEqual([]);
  });
  it("production's state() watermarks are unchanged", () => {
    const { before, after } = both(views);
    expect(entriesDiff(before.watermarks, after.watermarks)).toEqual({ added: [], removed: [] });
  });
  it("production's history() runs and stateHealth() last run are unchanged", () => {
    const { before, after } = both(views);
    expect(entriesDiff(before.runs, after.runs)).toEqual({ added: [], removed: [] });
    expect(after.lastRun).toEqual(before.lastRun);
  });
}

/** Entries (as JSON) that appeared or disappeared, so that a failure names them. */
function entriesDiff(before: unknown, after: unknown): { added: string[]; removed: string[] } {
  const list = (v: unknown) => (Array.isArray(v) ? v : [v]).map((x) => JSON.stringify(x));
  const [b, a] = [list(before), list(after)];
  return { added: a.filter((x) => !b.includes(x)), removed: b.filter((x) => !a.includes(x)) };
}
