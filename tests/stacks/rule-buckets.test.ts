// Splitting pushed groups across Okta group rules by a hash of the name, never by position.
import { describe, expect, it } from "vitest";
import { bucketOf, MAX_GROUPS_PER_RULE, ruleBuckets, ruleName } from "../../src/stack-contents/rule-buckets.js";

const names = (n: number, prefix = "team") => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);

describe("group rule buckets", () => {
  it("uses one rule while the groups fit in one isMemberOfAnyGroup call", () => {
    expect(ruleBuckets(names(MAX_GROUPS_PER_RULE))).toEqual([{ key: "all", groups: names(MAX_GROUPS_PER_RULE).sort() }]);
  });

  it("splits by the first hex digits of sha256(name) beyond the limit, each bucket within it", () => {
    const groups = names(1000);
    const buckets = ruleBuckets(groups);
    expect(buckets.length).toBeGreaterThan(1);
    for (const b of buckets) {
      expect(b.groups.length).toBeLessThanOrEqual(MAX_GROUPS_PER_RULE);
      for (const g of b.groups) expect(bucketOf(g, b.key.length)).toBe(b.key);
    }
    expect(buckets.flatMap((b) => b.groups).sort()).toEqual([...groups].sort());
  });

  it("changes only the new group's bucket when a group is added", () => {
    const before = ruleBuckets(names(1000));
    const after = ruleBuckets([...names(1000), "newcomer"]);
    const key = bucketOf("newcomer", before[0].key.length);
    expect(after.map((b) => b.key)).toEqual(before.map((b) => b.key));
    for (const [i, b] of after.entries()) {
      if (b.key === key) expect(b.groups).toEqual([...before[i].groups, "newcomer"].sort());
      else expect(b).toEqual(before[i]);
    }
  });

  it("does not depend on input order", () => {
    expect(ruleBuckets(names(700).reverse())).toEqual(ruleBuckets(names(700)));
  });

  it("names rules within Okta's 50 characters", () => {
    expect(ruleName("AWS users", "all")).toBe("AWS users: pushed groups");
    expect(ruleName("AWS users", "a")).toBe("AWS users: pushed groups a");
    expect(ruleName("x".repeat(80), "3f").length).toBe(50);
  });

  it("never cuts a users group name inside a character (no lone surrogate reaches Okta)", () => {
    // 34 letters then an emoji (2 UTF-16 units) where the 35-unit cut falls.
    const name = ruleName(`${"x".repeat(34)}\u{1F680} platform team`, "all");
    expect(name).toBe(`${"x".repeat(34)}: pushed groups`);
    expect(name).not.toMatch(/[\uD800-\uDFFF]/);
    const fits = ruleName(`${"x".repeat(33)}\u{1F680} platform team`, "all");
    expect([fits, [...fits].length, fits.length]).toEqual([`${"x".repeat(33)}\u{1F680}: pushed groups`, 49, 50]);
  });
});
