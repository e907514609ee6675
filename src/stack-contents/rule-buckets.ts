// Splits the pushed groups across Okta group rules.
//
// Okta's expression language accepts at most 100 group ids in one isMemberOfAnyGroup(...) call,
// and a large org can push more groups than that. Splitting by list position would renumber
// every rule when one group is added; instead a group's rule is chosen by a hash of its name, so
// adding or removing a group touches only its own bucket's rule. Up to the limit there is one
// rule ("all"); beyond it, buckets are the first `width` hex digits of sha256(name), and width
// grows (1 -> 16 buckets, 2 -> 256, ...) only when some bucket would exceed the limit: a one-off
// re-split when the org crosses that size, rather than churn on every change.
import { createHash } from "node:crypto";
import { groupRuleName } from "../model/okta-names.js";
import { byKey } from "../model/order.js";

export const MAX_GROUPS_PER_RULE = 100;

export interface RuleBucket {
  key: string; // hex prefix, the natural key of the rule
  groups: string[]; // group names, sorted
}

export const SINGLE_BUCKET = "all";

export function bucketOf(name: string, width: number): string {
  if (width === 0) return SINGLE_BUCKET;
  return createHash("sha256").update(name, "utf8").digest("hex").slice(0, width);
}

export function ruleBuckets(groupNames: readonly string[], max = MAX_GROUPS_PER_RULE): RuleBucket[] {
  for (let width = 0; width <= 64; width++) {
    const buckets = new Map<string, string[]>();
    for (const name of groupNames) {
      const key = bucketOf(name, width);
      const list = buckets.get(key) ?? [];
      list.push(name);
      buckets.set(key, list);
    }
    if ([...buckets.values()].every((list) => list.length <= max)) {
      return [...buckets.entries()]
        .sort(byKey)
        .map(([key, groups]) => ({ key, groups: groups.sort() }));
    }
  }
  throw new Error("cannot split groups into rules"); // unreachable: 64 hex digits are unique per name
}

/** The rule of a bucket: `<users group>: pushed groups[ <bucket>]`, within Okta's 50 characters (src/model/okta-names.ts). */
export function ruleName(usersGroup: string, bucket: string): string {
  return groupRuleName(usersGroup, bucket === SINGLE_BUCKET ? undefined : bucket);
}
