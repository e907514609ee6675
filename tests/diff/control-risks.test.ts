// Risky changes that are not grants come out high, and privileged grants name their reason.
import { describe, expect, it } from "vitest";
import { diffModels } from "../../src/diff/diff-models.js";
import type { AccessDiff } from "../../src/diff/types.js";
import type { ResolvedModel } from "../../src/model/types.js";
import { baseFiles, load } from "../model/fixtures.js";
import { ACCOUNTS, ORG, account, group, model, permissionSet } from "./model-fixtures.js";

const ADMIN = permissionSet("Admin", { privileged: true, privilegedReasons: ["AWS managed policy AdministratorAccess grants every action"], managedPolicies: ["arn:aws:iam::aws:policy/AdministratorAccess"] });
const RO = permissionSet("ReadOnly", { managedPolicies: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] });
const high = (d: AccessDiff, code: string) => d.risks.filter((r) => r.code === code && r.level === "high");

function withExpiry(m: ResolvedModel, expires: string | undefined): ResolvedModel {
  const out = structuredClone(m);
  for (const a of out.assignments) {
    if (expires === undefined) delete a.expires;
    else a.expires = expires;
  }
  return out;
}

describe("risky changes that are not grants", () => {
  const admins = model({ groups: [group("ops")], permissionSets: [ADMIN], assignments: [["ops", "Admin", "111111111111"]] });

  it("flags removing or extending expires on a privileged grant, not shortening it", () => {
    const base = withExpiry(admins, "2026-12-31");
    expect(high(diffModels(base, withExpiry(admins, undefined)), "privileged-expiry-extended")[0]!.message).toBe(
      "ops keeps privileged Admin in sandbox (111111111111) for good: its expiry 2026-12-31 is removed.",
    );
    expect(high(diffModels(base, withExpiry(admins, "2027-06-30")), "privileged-expiry-extended")[0]!.message).toContain("expiry 2026-12-31 becomes 2027-06-30");
    expect(high(diffModels(base, withExpiry(admins, "2026-12-01")), "privileged-expiry-extended")).toEqual([]);
  });

  it("does not flag extending a grant that is privileged on neither side", () => {
    const readers = model({ groups: [group("ops")], permissionSets: [RO], assignments: [["ops", "ReadOnly", "111111111111"]] });
    expect(high(diffModels(withExpiry(readers, "2026-12-31"), withExpiry(readers, undefined)), "privileged-expiry-extended")).toEqual([]);
  });

  it("flags a longer session of a set privileged in base or head (the stricter side), and a raised privileged_session_max", () => {
    const longer = model({ groups: [group("ops")], permissionSets: [{ ...ADMIN, sessionDuration: "PT2H" }], assignments: [["ops", "Admin", "111111111111"]] });
    expect(high(diffModels(admins, longer), "privileged-session-raised")[0]!.message).toBe("Privileged permission set Admin allows sessions of PT2H instead of PT1H.");
    // Marked unprivileged in the head, privileged in the base: still flagged.
    const unmarked = model({ groups: [group("ops")], permissionSets: [{ ...ADMIN, sessionDuration: "PT2H", privileged: false, privilegedReasons: [] }], assignments: [["ops", "Admin", "111111111111"]] });
    expect(high(diffModels(admins, unmarked), "privileged-session-raised")).toHaveLength(1);
    const raised = model({ ...{ groups: [group("ops")], permissionSets: [ADMIN], assignments: [["ops", "Admin", "111111111111"]] }, organization: { ...ORG, guardrails: { ...ORG.guardrails, privilegedSessionMax: "PT8H" } } });
    expect(high(diffModels(admins, raised), "privileged-session-raised")[0]!.message).toContain("raised from PT1H to PT8H");
  });

  it("flags the privileged sign-on tier losing phishing resistance or re-authenticating less often", () => {
    const weaker = model({ organization: { ...ORG, okta: { ...ORG.okta, signOn: { ...ORG.okta.signOn, privileged: { reauthenticateAfter: "PT1H", phishingResistant: false } } } } });
    expect(high(diffModels(model(), weaker), "privileged-sign-on-weakened")[0]!.message).toBe("The privileged sign-on tier is weakened: phishing-resistant factors no longer required.");
  });

  it("flags a relay state outside the AWS console domains, not one inside", () => {
    const at = (url: string) => model({ permissionSets: [{ ...RO, relayState: url }] });
    expect(high(diffModels(model({ permissionSets: [RO] }), at("https://aws-login.example.com/athena")), "relay-state-outside-aws")).toHaveLength(1);
    expect(high(diffModels(model({ permissionSets: [RO] }), at("https://console.aws.amazon.com.evil.example/x")), "relay-state-outside-aws")).toHaveLength(1);
    expect(high(diffModels(model({ permissionSets: [RO] }), at("https://us-east-1.console.aws.amazon.com/athena/home")), "relay-state-outside-aws")).toEqual([]);
  });

  it("flags any grant in the management account", () => {
    const mgmt = account(ORG.managementAccount, "management");
    const head = model({ accounts: [...ACCOUNTS, mgmt], groups: [group("ops")], permissionSets: [RO], assignments: [["ops", "ReadOnly", ORG.managementAccount]] });
    const d = diffModels(model({ accounts: [...ACCOUNTS, mgmt], groups: [group("ops")], permissionSets: [RO] }), head);
    expect(high(d, "management-account-access-granted")[0]!.message).toContain(`ops gains ReadOnly in the management account management (${ORG.managementAccount})`);
  });

  it("flags a boundary swapped to an admin-equivalent or unknown policy", () => {
    const assignments: [string, string, string][] = [["ops", "ReadOnly", "111111111111"]];
    const bounded = (arn: string) => model({ groups: [group("ops")], permissionSets: [{ ...RO, permissionsBoundary: { kind: "managed", arn } }], assignments });
    const d = diffModels(bounded("arn:aws:iam::aws:policy/ReadOnlyAccess"), bounded("arn:aws:iam::aws:policy/AdministratorAccess"));
    expect(high(d, "permissions-boundary-loosened")[0]!.message).toContain("swaps its permissions boundary arn:aws:iam::aws:policy/ReadOnlyAccess for arn:aws:iam::aws:policy/AdministratorAccess");
    expect(high(diffModels(bounded("arn:aws:iam::aws:policy/AdministratorAccess"), bounded("arn:aws:iam::aws:policy/ReadOnlyAccess")), "permissions-boundary-loosened")).toEqual([]);
  });

  it("flags raising max_revocation", () => {
    const raised = model({ organization: { ...ORG, guardrails: { ...ORG.guardrails, maxRevocation: { share: 0.9, count: 100 } } } });
    expect(high(diffModels(model(), raised), "max-revocation-raised")).toHaveLength(1);
    const lowered = model({ organization: { ...ORG, guardrails: { ...ORG.guardrails, maxRevocation: { share: 0.1, count: 100 } } } });
    expect(high(diffModels(model(), lowered), "max-revocation-raised")).toEqual([]);
  });
});

describe("privileged grants name the classifier's reason", () => {
  it("AWSOrganizationsFullAccess granted: high, with the reason in the message", () => {
    const ps = "permission_sets:\n  - name: OrgAdmin\n    managed_policies: [AWSOrganizationsFullAccess]\n";
    const base = load(baseFiles({ "ps.yaml": ps })).model!;
    const head = load(baseFiles({ "ps.yaml": ps, "a.yaml": "assignments:\n  - { group: bi-analysts, permission_set: OrgAdmin, accounts: [reporting] }\n" })).model!;
    const risk = diffModels(base, head).risks.find((r) => r.code === "privileged-access-granted")!;
    expect(risk.level).toBe("high");
    expect(risk.message).toContain("AWS managed policy AWSOrganizationsFullAccess grants every organizations action");
  });
});
