import { describe, expect, it } from "vitest";
import { diffModels } from "../../src/diff/diff-models.js";
import type { AccessDiff } from "../../src/diff/types.js";
import { ACCOUNTS, ORG, group, manyAccounts, model, permissionSet } from "./model-fixtures.js";

const RO = permissionSet("ReadOnly", { managedPolicies: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] });
const BI = permissionSet("BIReadOnly", { managedPolicies: ["arn:aws:iam::aws:policy/AmazonAthenaFullAccess"] });
const ADMIN = permissionSet("Admin", {
  managedPolicies: ["arn:aws:iam::aws:policy/AdministratorAccess"],
  privileged: true,
  privilegedReasons: ["attaches AdministratorAccess"],
});

const codes = (d: AccessDiff) => d.risks.map((r) => r.code);

describe("diffModels", () => {
  it("reports nothing and affects no stack when the models are equal", () => {
    const m = model({ groups: [group("ops")], permissionSets: [RO], assignments: [["ops", "ReadOnly", "111111111111"]] });
    const d = diffModels(m, structuredClone(m));
    expect(d).toEqual({ granted: [], revoked: [], permission_sets: [], groups: [], okta: [], risks: [], affected_stacks: [], max_revocation: { share: 0.25, count: 100 } });
  });

  it("lists granted and revoked triples with account names, sorted by group, permission set, account id", () => {
    const base = model({
      groups: [group("ops"), group("bi-analysts")],
      permissionSets: [RO, BI],
      assignments: [["ops", "ReadOnly", "111111111111"], ["ops", "ReadOnly", "222222222222"]],
    });
    const head = model({
      groups: [group("ops"), group("bi-analysts")],
      permissionSets: [RO, BI],
      assignments: [
        ["ops", "ReadOnly", "111111111111"],
        ["bi-analysts", "BIReadOnly", "222222222222"],
        ["bi-analysts", "BIReadOnly", "111111111111"],
      ],
    });
    const d = diffModels(base, head);
    expect(d.granted).toEqual([
      { group: "bi-analysts", permission_set: "BIReadOnly", account_id: "111111111111", account_name: "sandbox" },
      { group: "bi-analysts", permission_set: "BIReadOnly", account_id: "222222222222", account_name: "reporting" },
    ]);
    expect(d.revoked).toEqual([{ group: "ops", permission_set: "ReadOnly", account_id: "222222222222", account_name: "reporting" }]);
    expect(d.affected_stacks).toEqual(["identity-center"]);
  });

  it("treats a missing base as an empty model: everything is new, Okta settings included, and no removal risks", () => {
    const head = model({ groups: [group("ops")], permissionSets: [RO], assignments: [["ops", "ReadOnly", "111111111111"]] });
    const d = diffModels(undefined, head);
    expect(d.granted).toHaveLength(1);
    expect(d.permission_sets.map((c) => [c.name, c.change])).toEqual([["ReadOnly", "added"]]);
    expect(d.groups.map((c) => [c.name, c.change])).toEqual([["ops", "added"]]);
    expect(d.okta.find((c) => c.setting === "app.label")).toEqual({ setting: "app.label", before: null, after: "AWS IAM Identity Center" });
    expect(d.okta).toHaveLength(11);
    expect(codes(d)).toEqual([]);
    expect(d.affected_stacks).toEqual(["identity-center", "okta"]);
  });
});

describe("permission-set changes", () => {
  const assignments: [string, string, string][] = [
    ["ops", "ReadOnly", "111111111111"],
    ["ops", "ReadOnly", "222222222222"],
    ["dev", "ReadOnly", "222222222222"],
  ];
  const base = model({ groups: [group("ops"), group("dev")], permissionSets: [RO], assignments });

  it("reports attached and detached managed and customer managed policies with the accounts the set reaches", () => {
    const changed = permissionSet("ReadOnly", {
      managedPolicies: ["arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"],
      customerManagedPolicies: [{ name: "ReadBuckets", path: "/team/" }],
    });
    const d = diffModels(base, model({ groups: [group("ops"), group("dev")], permissionSets: [changed], assignments }));
    expect(d.permission_sets).toHaveLength(1);
    const c = d.permission_sets[0]!;
    expect(c.change).toBe("modified");
    expect(c.managed_policies).toEqual({
      added: ["arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"],
      removed: ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
    });
    expect(c.customer_managed_policies).toEqual({ added: ["/team/ReadBuckets"], removed: [] });
    expect(c.accounts).toBe(2);
    expect(c.assignments).toBe(3);
    expect(d.granted).toEqual([]);
    expect(d.affected_stacks).toEqual(["identity-center"]);
    expect(codes(d)).toContain("permissions-broadened");
  });

  it("compares inline statements by canonical JSON, so reordered keys are no change and a new statement is one addition", () => {
    const s1 = { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/${aws:username}/*" };
    const s1Reordered = { Resource: "arn:aws:s3:::b/${aws:username}/*", Action: "s3:GetObject", Effect: "Allow" };
    const s2 = { Effect: "Deny", Action: "iam:*", Resource: "*" };
    const withPolicy = (statements: object[]) =>
      model({
        groups: [group("ops"), group("dev")],
        permissionSets: [{ ...RO, inlinePolicy: JSON.stringify({ Version: "2012-10-17", Statement: statements }) }],
        assignments,
      });
    expect(diffModels(withPolicy([s1]), withPolicy([s1Reordered])).permission_sets).toEqual([]);
    const d = diffModels(withPolicy([s1]), withPolicy([s1Reordered, s2]));
    expect(d.permission_sets[0]!.inline_policy_statements).toEqual({ added: [s2], removed: [] });
  });

  it("reports session duration, boundary, relay state, description, tags and privilege as before/after", () => {
    const changed = permissionSet("ReadOnly", {
      ...RO,
      sessionDuration: "PT4H",
      permissionsBoundary: { kind: "customer_managed", name: "Boundary", path: "/" },
      relayState: "https://console.aws.amazon.com/athena",
      description: "read everything",
      tags: { team: "data" },
    });
    const c = diffModels(base, model({ groups: [group("ops"), group("dev")], permissionSets: [changed], assignments })).permission_sets[0]!;
    expect(c.session_duration).toEqual({ before: "PT1H", after: "PT4H" });
    expect(c.permissions_boundary).toEqual({ before: null, after: "/Boundary" });
    expect(c.relay_state).toEqual({ before: null, after: "https://console.aws.amazon.com/athena" });
    expect(c.description).toEqual({ before: null, after: "read everything" });
    expect(c.tags).toEqual({ added: ["team=data"], removed: [] });
    expect(c.privileged).toBeNull();
  });

  it("treats a removed and an added permission set with identical content as a rename, flagged high", () => {
    const renamed = { ...RO, name: "ReadOnlyAccess" };
    const moved = assignments.map(([g, , a]) => [g, "ReadOnlyAccess", a] as [string, string, string]);
    const d = diffModels(base, model({ groups: [group("ops"), group("dev")], permissionSets: [renamed], assignments: moved }));
    expect(d.permission_sets.map((c) => [c.name, c.change, c.renamed_from])).toEqual([["ReadOnlyAccess", "renamed", "ReadOnly"]]);
    const risk = d.risks.find((r) => r.code === "permission-set-renamed");
    expect(risk?.level).toBe("high");
    expect(risk?.message).toContain("AWSReservedSSO_ReadOnlyAccess_<id>");
    expect(risk?.message).toMatch(/lose this access/);
    expect(risk?.message).toMatch(/trusts the old role ARN/);
    expect(codes(d)).not.toContain("permission-set-removed");
  });

  it("does not flag a rename of a privileged set as new privileged or production access for the same holders", () => {
    const admin = permissionSet("Admin", { managedPolicies: ["arn:aws:iam::aws:policy/AdministratorAccess"], privileged: true, privilegedReasons: ["x"] });
    const b = model({ groups: [group("ops")], permissionSets: [admin], assignments: [["ops", "Admin", "333333333333"]] });
    const h = model({ groups: [group("ops"), group("dev")], permissionSets: [{ ...admin, name: "PlatformAdmin" }], assignments: [["ops", "PlatformAdmin", "333333333333"], ["dev", "PlatformAdmin", "111111111111"]] });
    const d = diffModels(b, h);
    expect(d.risks.filter((r) => r.code === "privileged-access-granted").map((r) => r.message)).toEqual([
      "dev gains privileged access PlatformAdmin in 1 account: permission set PlatformAdmin is privileged (x).",
    ]);
    expect(codes(d)).not.toContain("production-access-granted");
    expect(codes(d)).toContain("permission-set-renamed");
  });

  it("flags a removed permission set whose groups move to a new, different one in the same accounts as replaced", () => {
    const replacement = permissionSet("ReadOnlyPlus", { managedPolicies: ["arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::aws:policy/AWSSupportAccess"] });
    const moved = assignments.map(([g, , a]) => [g, "ReadOnlyPlus", a] as [string, string, string]);
    const d = diffModels(base, model({ groups: [group("ops"), group("dev")], permissionSets: [replacement], assignments: moved }));
    expect(d.permission_sets.map((c) => [c.name, c.change])).toEqual([["ReadOnly", "removed"], ["ReadOnlyPlus", "added"]]);
    const risk = d.risks.find((r) => r.code === "permission-set-replaced");
    expect(risk?.level).toBe("high");
    expect(risk?.message).toContain("ReadOnly is replaced by ReadOnlyPlus for 3 group-account pairs");
    expect(codes(d)).not.toContain("permission-set-removed");
  });

  it("flags a removed permission set with the assignments and accounts it takes away", () => {
    const d = diffModels(base, model({ groups: [group("ops"), group("dev")] }));
    expect(d.permission_sets[0]).toMatchObject({ name: "ReadOnly", change: "removed", accounts: 2, assignments: 3 });
    expect(d.permission_sets[0]!.managed_policies.removed).toEqual(["arn:aws:iam::aws:policy/ReadOnlyAccess"]);
    const risk = d.risks.find((r) => r.code === "permission-set-removed");
    expect(risk).toMatchObject({ level: "medium" });
    expect(risk?.message).toContain("3 assignments go");
  });

  it("flags a removed permissions boundary", () => {
    const bounded = { ...RO, permissionsBoundary: { kind: "managed" as const, arn: "arn:aws:iam::aws:policy/PowerUserAccess" } };
    const d = diffModels(
      model({ groups: [group("ops"), group("dev")], permissionSets: [bounded], assignments }),
      model({ groups: [group("ops"), group("dev")], permissionSets: [RO], assignments }),
    );
    expect(d.risks).toContainEqual(expect.objectContaining({ code: "permissions-boundary-removed", level: "high" }));
  });
});

describe("group changes", () => {
  it("reports added, removed, source and privilege changes", () => {
    const base = model({
      groups: [group("ops"), group("old", { source: "existing" }), group("devs", { privileged: true })],
      permissionSets: [RO],
      assignments: [["old", "ReadOnly", "111111111111"]],
    });
    const head = model({
      groups: [group("ops", { source: "existing" }), group("new"), group("devs")],
      permissionSets: [RO],
    });
    const d = diffModels(base, head);
    expect(d.groups).toEqual([
      { name: "devs", change: "modified", assignments: 0, source: null, privileged: { before: true, after: false }, description: null },
      { name: "new", change: "added", assignments: 0, source: { before: null, after: "managed" }, privileged: { before: null, after: false }, description: null },
      { name: "old", change: "removed", assignments: 1, source: { before: "existing", after: null }, privileged: { before: false, after: null }, description: null },
      { name: "ops", change: "modified", assignments: 0, source: { before: "managed", after: "existing" }, privileged: null, description: null },
    ]);
    expect(d.affected_stacks).toEqual(["identity-center", "okta"]);
    expect(codes(d)).toEqual(expect.arrayContaining(["group-removed", "group-source-changed", "group-no-longer-privileged"]));
    expect(codes(d)).not.toContain("managed-okta-group-removed");
    // managed -> existing forgets the Okta group (a removed block): the risk says it stays, not that it may go.
    const toExisting = d.risks.find((r) => r.code === "group-source-changed")!.message;
    expect(toExisting).toContain("no longer managed, kept in Okta with its members");
    expect(toExisting).not.toMatch(/delete it|deleting/);
  });

  it("flags a removed group's Identity Center assignments, and a managed group's lost Okta memberships", () => {
    const base = model({ groups: [group("ops")], permissionSets: [RO], assignments: [["ops", "ReadOnly", "111111111111"], ["ops", "ReadOnly", "222222222222"]] });
    const d = diffModels(base, model({ permissionSets: [RO] }));
    const removed = d.risks.find((r) => r.code === "group-removed");
    expect(removed?.level).toBe("high");
    expect(removed?.message).toContain("its 2 assignments in 2 accounts go");
    const okta = d.risks.find((r) => r.code === "managed-okta-group-removed");
    expect(okta?.level).toBe("high");
    expect(okta?.message).toContain("memberships are lost");
  });
});

describe("Okta changes", () => {
  const withOkta = (okta: Partial<typeof ORG.okta>) => model({ organization: { ...ORG, okta: { ...ORG.okta, ...okta } } });

  it("lists changed settings with before and after, and affects only the okta stack", () => {
    const d = diffModels(model(), withOkta({ app: { ...ORG.okta.app, label: "AWS" } }));
    expect(d.okta).toEqual([{ setting: "app.label", before: "AWS IAM Identity Center", after: "AWS" }]);
    expect(d.affected_stacks).toEqual(["okta"]);
    expect(d.risks).toEqual([]);
  });

  it("flags an adopted app moving to the model's sign-on policy, and a policy the app still uses being dropped", () => {
    const adopted = withOkta({ app: { ...ORG.okta.app, id: "0oa1", signOnPolicy: "existing" } });
    const linked = withOkta({ app: { ...ORG.okta.app, id: "0oa1", signOnPolicy: "managed" } });
    const toManaged = diffModels(adopted, linked);
    expect(toManaged.okta).toEqual([{ setting: "app.sign_on_policy", before: "existing", after: "managed" }]);
    expect(toManaged.risks.map((r) => [r.code, r.level])).toEqual([["okta-sign-on-policy-managed", "medium"]]);
    expect(diffModels(linked, adopted).risks.map((r) => [r.code, r.level])).toEqual([["okta-sign-on-policy-unmanaged", "high"]]);
  });

  it("flags SAML URL changes, a new users group and a weaker sign-on tier", () => {
    const d = diffModels(
      model(),
      withOkta({
        app: { ...ORG.okta.app, acsUrl: "https://other/acs" },
        usersGroup: "Everyone-AWS",
        signOn: { everyone: ORG.okta.signOn.everyone, privileged: { reauthenticateAfter: "PT12H", phishingResistant: false } },
      }),
    );
    expect(codes(d)).toEqual(["okta-saml-settings-changed", "privileged-sign-on-weakened", "okta-users-group-changed"]);
    expect(d.risks.find((r) => r.code === "privileged-sign-on-weakened")).toMatchObject({ level: "high" });
    expect(d.risks.find((r) => r.code === "privileged-sign-on-weakened")?.message).toBe(
      "The privileged sign-on tier is weakened: re-authentication every PT12H instead of PT1H; phishing-resistant factors no longer required.",
    );
  });
});

describe("access risks", () => {
  it("flags privileged access granted through a privileged permission set, with the reason", () => {
    const base = model({ groups: [group("ops")], permissionSets: [ADMIN] });
    const head = model({ groups: [group("ops")], permissionSets: [ADMIN], assignments: [["ops", "Admin", "111111111111"]] });
    const risk = diffModels(base, head).risks.find((r) => r.code === "privileged-access-granted");
    expect(risk).toEqual({
      level: "high",
      code: "privileged-access-granted",
      message: "ops gains privileged access Admin in 1 account: permission set Admin is privileged (attaches AdministratorAccess).",
    });
  });

  it("flags an assigned permission set that becomes privileged as privileged access granted to its holders", () => {
    const assignments: [string, string, string][] = [["ops", "ReadOnly", "111111111111"], ["dev", "ReadOnly", "222222222222"]];
    const admin = { ...RO, managedPolicies: ["arn:aws:iam::aws:policy/AdministratorAccess"], privileged: true, privilegedReasons: ["attaches AdministratorAccess"] };
    const d = diffModels(
      model({ groups: [group("ops"), group("dev")], permissionSets: [RO], assignments }),
      model({ groups: [group("ops"), group("dev")], permissionSets: [admin], assignments }),
    );
    expect(d.granted).toEqual([]);
    expect(d.risks.find((r) => r.code === "privileged-access-granted")).toEqual({
      level: "high",
      code: "privileged-access-granted",
      message: "Permission set ReadOnly becomes privileged (attaches AdministratorAccess): dev, ops gain privileged access in 2 accounts through existing assignments.",
    });
  });

  it("flags grants to a privileged group even through an ordinary permission set", () => {
    const g = group("breakglass", { privileged: true, privilegedReasons: ["marked privileged"] });
    const d = diffModels(model({ groups: [g], permissionSets: [RO] }), model({ groups: [g], permissionSets: [RO], assignments: [["breakglass", "ReadOnly", "111111111111"]] }));
    expect(d.risks.find((r) => r.code === "privileged-access-granted")?.message).toContain("group breakglass is privileged (marked privileged)");
  });

  it("flags access granted to production accounts (tag env=prod) and names them", () => {
    const d = diffModels(
      model({ groups: [group("ops")], permissionSets: [RO] }),
      model({ groups: [group("ops")], permissionSets: [RO], assignments: [["ops", "ReadOnly", "111111111111"], ["ops", "ReadOnly", "333333333333"]] }),
    );
    expect(d.risks).toEqual([
      {
        level: "medium",
        code: "production-access-granted",
        message: "ops gains ReadOnly in 1 production account (tag env=prod): prod-data (333333333333).",
      },
    ]);
  });

  it("flags a privileged session above the guardrail only when the change introduces it", () => {
    const long = { ...ADMIN, sessionDuration: "PT4H" };
    const introduced = diffModels(model({ permissionSets: [ADMIN] }), model({ permissionSets: [long] }));
    expect(introduced.risks.find((r) => r.code === "session-above-guardrail")?.message).toBe(
      "Permission set Admin is privileged and allows sessions of PT4H, above the guardrail privileged_session_max PT1H.",
    );
    const existing = diffModels(model({ permissionSets: [long] }), model({ permissionSets: [{ ...long, description: "x" }] }));
    expect(codes(existing)).not.toContain("session-above-guardrail");
    const unprivileged = diffModels(model({ permissionSets: [RO] }), model({ permissionSets: [{ ...RO, sessionDuration: "PT8H" }] }));
    expect(codes(unprivileged)).not.toContain("session-above-guardrail");
  });

  it("flags revocations above the default 10% share of base assignments, and honours a custom threshold", () => {
    const accounts = manyAccounts(20);
    const all = accounts.map((a) => ["ops", "ReadOnly", a.id] as [string, string, string]);
    const base = model({ accounts, groups: [group("ops")], permissionSets: [RO], assignments: all });
    const minusTwo = model({ accounts, groups: [group("ops")], permissionSets: [RO], assignments: all.slice(2) });
    const minusThree = model({ accounts, groups: [group("ops")], permissionSets: [RO], assignments: all.slice(3) });
    expect(codes(diffModels(base, minusTwo))).not.toContain("mass-revocation"); // exactly 10%
    const d = diffModels(base, minusThree);
    expect(d.risks.find((r) => r.code === "mass-revocation")).toEqual({
      level: "high",
      code: "mass-revocation",
      message: "This change revokes 3 of 20 assignments (15%), above the 10% threshold.",
    });
    expect(codes(diffModels(base, minusThree, { revokeThreshold: 0.2 }))).not.toContain("mass-revocation");
    expect(codes(diffModels(base, minusTwo, { revokeThreshold: 0.05 }))).toContain("mass-revocation");
  });

  it("orders risks high, medium, low, then by code", () => {
    const base = model({ groups: [group("ops")], permissionSets: [RO, ADMIN], assignments: [["ops", "ReadOnly", "111111111111"]] });
    const head = model({
      groups: [group("ops")],
      permissionSets: [{ ...RO, managedPolicies: [...RO.managedPolicies, "arn:aws:iam::aws:policy/AWSSupportAccess"] }, ADMIN],
      assignments: [["ops", "Admin", "333333333333"], ["ops", "ReadOnly", "111111111111"]],
    });
    expect(diffModels(base, head).risks.map((r) => `${r.level}:${r.code}`)).toEqual([
      "high:privileged-access-granted",
      "medium:production-access-granted",
      "low:permissions-broadened",
    ]);
  });

  it("uses the account names of the head for grants and of the base for revocations", () => {
    const base = model({ accounts: ACCOUNTS, groups: [group("ops")], permissionSets: [RO], assignments: [["ops", "ReadOnly", "111111111111"]] });
    const renamedAccounts = ACCOUNTS.map((a) => (a.id === "222222222222" ? { ...a, name: "reports" } : a));
    const head = model({ accounts: renamedAccounts, groups: [group("ops")], permissionSets: [RO], assignments: [["ops", "ReadOnly", "222222222222"]] });
    const d = diffModels(base, head);
    expect(d.granted[0]!.account_name).toBe("reports");
    expect(d.revoked[0]!.account_name).toBe("sandbox");
  });
});

describe("stable output", () => {
  it("prints the same JSON whatever the order of the models' lists", () => {
    const ps = [RO, BI, ADMIN];
    const groups = [group("ops"), group("dev"), group("bi")];
    const assignments: [string, string, string][] = [["ops", "ReadOnly", "222222222222"], ["bi", "BIReadOnly", "111111111111"], ["dev", "Admin", "333333333333"]];
    const base = model({ groups, permissionSets: [RO] });
    const head = model({ groups, permissionSets: ps, assignments });
    const shuffled: typeof head = {
      ...head,
      groups: [...head.groups].reverse(),
      permissionSets: [...head.permissionSets].reverse(),
      assignments: [...head.assignments].reverse(),
    };
    expect(JSON.stringify(diffModels(base, shuffled))).toBe(JSON.stringify(diffModels(base, head)));
    expect(diffModels(base, head).granted.map((t) => t.group)).toEqual(["bi", "dev", "ops"]);
  });
});
