// The estate -> model files step: repeatable to the byte, whatever order AWS listed things in,
import { parse } from "yaml";
// and it writes what it cannot represent into the report instead of dropping it.
import { describe, expect, it } from "vitest";
import { buildModel } from "../../src/import/build.js";
import type { LiveEstate } from "../../src/import/estate.js";
import { seededRandom } from "../support/random.js";

const INSTANCE = "arn:aws:sso:::instance/ssoins-0123456789abcdef";
const ps = (id: string) => `arn:aws:sso:::permissionSet/ssoins-0123456789abcdef/ps-${id}`;

function estate(): LiveEstate {
  return {
    identityCenter: {
      region: "us-east-1",
      instanceArn: INSTANCE,
      identityStoreId: "d-0123456789",
      permissionSets: [
        { arn: ps("aaaa"), name: "Admin", sessionDuration: "PT4H", tags: {}, managedPolicies: ["arn:aws:iam::aws:policy/AdministratorAccess"], customerManagedPolicies: [] },
        {
          arn: ps("bbbb"),
          name: "Read Only",
          description: "read",
          sessionDuration: "PT1H",
          tags: { team: "x" },
          managedPolicies: ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
          customerManagedPolicies: [{ name: "extra", path: "/a/" }],
          inlinePolicy: '{"Version":"2012-10-17","Statement":[]}',
          permissionsBoundary: { kind: "managed", arn: "arn:aws:iam::aws:policy/ReadOnlyAccess" },
        },
      ],
      assignments: [
        { permissionSetArn: ps("aaaa"), accountId: "111111111111", principalType: "GROUP", principalId: "g-admins" },
        { permissionSetArn: ps("aaaa"), accountId: "222222222222", principalType: "GROUP", principalId: "g-admins" },
        { permissionSetArn: ps("bbbb"), accountId: "111111111111", principalType: "GROUP", principalId: "g-readers" },
        { permissionSetArn: ps("bbbb"), accountId: "111111111111", principalType: "USER", principalId: "u-1" },
        { permissionSetArn: ps("bbbb"), accountId: "333333333333", principalType: "GROUP", principalId: "g-readers" },
        { permissionSetArn: ps("bbbb"), accountId: "999999999999", principalType: "GROUP", principalId: "g-readers" },
        { permissionSetArn: ps("bbbb"), accountId: "222222222222", principalType: "GROUP", principalId: "g-gone" },
      ],
      groupNames: { "g-admins": "admins", "g-readers": "readers" },
    },
    organization: {
      managementAccountId: "999999999999",
      accounts: [
        { id: "111111111111", name: "prod", state: "ACTIVE", ou: "Workloads", tags: { env: "prod" } },
        { id: "222222222222", name: "dev", state: "ACTIVE", ou: "Workloads", tags: { env: "dev" } },
        { id: "333333333333", name: "old", state: "SUSPENDED", ou: "Workloads", tags: {} },
        { id: "444444444444", name: "dev", state: "ACTIVE", ou: "", tags: {} },
        { id: "999999999999", name: "management", state: "ACTIVE", ou: "", tags: {} },
      ],
    },
  };
}

function shuffled<T>(list: T[], random: () => number): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe("buildModel", () => {
  it("gives byte-identical files for the same estate, whatever order it was listed in", () => {
    const first = buildModel(estate());
    const random = seededRandom(88);
    for (let i = 0; i < 20; i++) {
      const e = estate();
      e.identityCenter.assignments = shuffled(e.identityCenter.assignments, random);
      e.identityCenter.permissionSets = shuffled(e.identityCenter.permissionSets, random);
      e.organization.accounts = shuffled(e.organization.accounts, random);
      expect(buildModel(e).files).toEqual(first.files);
    }
  });

  it("adopts the Okta app under the sign-on policy it has (sign_on_policy: existing)", () => {
    const { files } = buildModel(estate(), { orgName: "acme", appId: "0oa1", acsUrl: "https://a/acs", entityId: "https://a/e" });
    const app = (parse(files.get("organization.yaml")!) as any).organization.okta.app;
    expect(app).toMatchObject({ id: "0oa1", sign_on_policy: "existing" });
  });

  it("lists every live thing it cannot represent, each with what to do", () => {
    const { report } = buildModel(estate(), { orgName: "acme", appId: "0oa1", acsUrl: "https://a/acs", entityId: "https://a/e" });
    expect(report.map((r) => `${r.kind}: ${r.subject}`)).toEqual([
      "guardrail-raised: guardrails.privileged_session_max is PT4H, the longest session of a privileged permission set today",
      "inactive-account: account 333333333333 (old) is SUSPENDED",
      "inactive-account: group readers has Read Only in 333333333333 (old, SUSPENDED)",
      "management-account: group readers has Read Only in 999999999999 (management), the management account",
      'renamed-account: account 222222222222 "dev" is written as "dev-222222222222"',
      'renamed-account: account 444444444444 "dev" is written as "dev-444444444444"',
      "unnamed-group: GROUP g-gone, unknown to the Identity Store, has Read Only in 222222222222 (dev)",
      "user-assignment: USER u-1 has Read Only in 111111111111 (prod)",
    ]);
    expect(report.every((r) => r.action.length > 20)).toBe(true);
  });
});
