// organization.leavers and identity_center.scim_token_expires: resolved with their defaults, and
// bad values reported at file:line:col with what to write instead.
import { describe, expect, it } from "vitest";
import { baseFiles, errors, lines, load, ORG } from "./fixtures.js";

const withLeavers = (leavers: string, ic = "") =>
  baseFiles({ "organization.yaml": ORG.replace("    identity_store_id: d-0123456789\n", `    identity_store_id: d-0123456789\n${ic}`).replace("  guardrails:", `  leavers:\n${leavers}  guardrails:`) });

describe("organization.leavers", () => {
  it("resolves the partner event source and the defaults", () => {
    const { model } = load(withLeavers("    event_source_name: aws_access_revoker\n", "    scim_token_expires: 2027-03-01\n"));
    expect(model!.organization.leavers).toEqual({ eventSource: "aws.partner/okta.com/acme/aws_access_revoker", eventSourceName: "aws_access_revoker", region: "us-east-1", marginSeconds: 900, denyPolicies: 2, scimGraceSeconds: 3600 });
    expect(model!.organization.identityCenter.scimTokenExpires).toBe("2027-03-01");
  });

  it("is absent unless written", () => {
    expect(load(baseFiles()).model!.organization.leavers).toBeUndefined();
  });

  it("reports a bad event source name, too many deny policies and a bad expiry date where they are written", () => {
    const found = lines(errors(withLeavers("    event_source_name: aws access\n    deny_policies: 5\n", "    scim_token_expires: 2027-02-30\n")));
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^organization\.yaml:\d+:\d+: .*event_source_name may contain only letters, digits, \. and _/),
        expect.stringMatching(/^organization\.yaml:\d+:\d+: .*deny_policies must be at most 4: the root takes 5 SCPs and FullAWSAccess holds one/),
        expect.stringMatching(/^organization\.yaml:\d+:\d+: .*not a real calendar date/),
      ]),
    );
  });

  it("refuses a - in the event source name, which the okta provider's validation refuses", () => {
    expect(lines(errors(withLeavers("    event_source_name: aws-access-revoker\n")))).toEqual([expect.stringMatching(/^organization\.yaml:\d+:\d+: .*the okta provider refuses - and spaces/)]);
  });
});
