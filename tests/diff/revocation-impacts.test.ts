// affected_stacks with organization.leavers: the revocation stack is planned when its settings or
// what its revoker carries (longest session, management-account grants) change; the okta stack
// when the log stream changes; neither when only an unrelated assignment changes.
import { describe, expect, it } from "vitest";
import { affectedStacks } from "../../src/diff/stacks.js";
import type { LeaversConfig, Organization, ResolvedModel } from "../../src/model/types.js";
import { testOrganization } from "../support/organization.js";
import { group, manyAccounts, model, permissionSet } from "./model-fixtures.js";

const ACCOUNTS = manyAccounts(3);
const LEAVERS: LeaversConfig = { eventSource: "aws.partner/okta.com/acme/rev", eventSourceName: "rev", region: "us-east-1", marginSeconds: 900, denyPolicies: 2, scimGraceSeconds: 3600 };
const withLeavers = (leavers?: LeaversConfig): Organization => ({ ...testOrganization(), ...(leavers ? { leavers } : {}) });
const a = (accountId: string): [string, string, string] => ["ops", "RO", accountId];

function build(leavers: LeaversConfig | undefined, session = "PT1H", assignments: [string, string, string][] = [a(ACCOUNTS[0]!.id)]): ResolvedModel {
  return model({ accounts: ACCOUNTS, groups: [group("ops")], permissionSets: [permissionSet("RO", { sessionDuration: session })], organization: withLeavers(leavers), assignments });
}

describe("affected stacks with organization.leavers", () => {
  it("adds the revocation stack and the okta log stream when leavers is turned on", () => {
    expect(affectedStacks(build(undefined), build(LEAVERS))).toEqual(["okta", "revocation"]);
  });

  it("plans the revocation stack when the longest session changes, not for an unrelated assignment", () => {
    expect(affectedStacks(build(LEAVERS), build(LEAVERS, "PT8H"))).toContain("revocation");
    expect(affectedStacks(build(LEAVERS), build(LEAVERS, "PT1H", [a(ACCOUNTS[0]!.id), a(ACCOUNTS[1]!.id)]))).toEqual(["identity-center"]);
  });

  it("plans only the revocation stack for a new margin, and both for a new event source", () => {
    expect(affectedStacks(build(LEAVERS), build({ ...LEAVERS, marginSeconds: 1800 }))).toEqual(["revocation"]);
    expect(affectedStacks(build(LEAVERS), build({ ...LEAVERS, eventSourceName: "other", eventSource: "aws.partner/okta.com/acme/other" }))).toEqual(["okta", "revocation"]);
  });
});
