// The plan comment with hour expiries: the head resolved at an hour (plan.yml passes
// YYYY-MM-DDTHH:00Z) and an elevation ending at an hour, called out with its end in UTC.
import { describe, expect, it } from "vitest";
import { renderComment } from "../../src/comment/render.js";
import type { AccessDiff } from "../../src/diff/types.js";

const diff: AccessDiff = {
  granted: [{ group: "sre-oncall", permission_set: "PlatformAdmin", account_id: "111111111111", account_name: "payments-prod", expires: "2027-01-05T17:00Z" }],
  revoked: [],
  permission_sets: [],
  groups: [],
  okta: [],
  risks: [],
  affected_stacks: [],
};

describe("the plan comment and hour expiries", () => {
  it("flags a grant that ends at an hour, with the hour in UTC, when the head is resolved at an hour", () => {
    const md = renderComment({ diff, stacks: [], today: "2027-01-05T14:00Z" });
    expect(md).toContain("sre-oncall gains PlatformAdmin in 1 account until 2027-01-05T17:00Z, revoked automatically at 2027-01-05 17:00 UTC by the hourly expiry run");
  });
});
