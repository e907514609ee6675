// Privilege by capability: the classifier reads the policies' actual statements (AWS managed
// documents from the catalogue, inline statements, declared customer policies), combined per
// permission set, and matches them against the real action catalogue.
import { describe, expect, it } from "vitest";
import { wildcardMatch } from "../../src/model/action-patterns.js";
import { serviceActions } from "../../src/model/iam-catalogue.js";
import { classifyPermissionSet, type PermissionSetPolicies } from "../../src/model/privilege.js";
import { baseFiles, errors, lines, load } from "./fixtures.js";

const arn = (name: string) => `arn:aws:iam::aws:policy/${name}`;
const allow = (action: unknown, resource: unknown = "*", extra: Record<string, unknown> = {}) => ({ Effect: "Allow", Action: action, Resource: resource, ...extra });
const doc = (...statements: Record<string, unknown>[]) => ({ Version: "2012-10-17", Statement: statements });
const managed = (...names: string[]): PermissionSetPolicies => ({ managedPolicies: names.map(arn), customerManagedPolicies: [] });
const inline = (...statements: Record<string, unknown>[]): PermissionSetPolicies => ({ managedPolicies: [], customerManagedPolicies: [], inlinePolicy: doc(...statements) });

/** Every IAM action of the catalogue, grouped by first letter into patterns: `iam:A*`, `iam:C*`, ... */
const iamByLetter = [...new Set(serviceActions("iam").map((a) => a[0]))].map((l) => `iam:${l}*`);

// [what, policies, privileged?, a reason that must be among the reasons]
const TABLE: [string, PermissionSetPolicies, boolean, string?][] = [
  // AWS managed policies the issue lists: decided from their documents.
  ["AdministratorAccess", managed("AdministratorAccess"), true, "AWS managed policy AdministratorAccess grants every action"],
  ["PowerUserAccess", managed("PowerUserAccess"), true, "AWS managed policy PowerUserAccess grants every sso action"],
  ["IAMFullAccess", managed("IAMFullAccess"), true, "AWS managed policy IAMFullAccess grants every iam action"],
  ["AWSOrganizationsFullAccess", managed("AWSOrganizationsFullAccess"), true, "AWS managed policy AWSOrganizationsFullAccess grants every organizations action"],
  ["AWSSSOMasterAccountAdministrator", managed("AWSSSOMasterAccountAdministrator"), true, "AWS managed policy AWSSSOMasterAccountAdministrator grants every sso action"],
  ["AWSSSOMemberAccountAdministrator", managed("AWSSSOMemberAccountAdministrator"), true, "AWS managed policy AWSSSOMemberAccountAdministrator grants every sso action"],
  ["AWSSSODirectoryAdministrator", managed("AWSSSODirectoryAdministrator"), true, "AWS managed policy AWSSSODirectoryAdministrator grants every identitystore action"],
  ["AdministratorAccess-Amplify", managed("AdministratorAccess-Amplify"), true, "AWS managed policy AdministratorAccess-Amplify grants iam:PassRole on *"],
  ["AWSLambda_FullAccess", managed("AWSLambda_FullAccess"), true, "AWS managed policy AWSLambda_FullAccess grants iam:PassRole on *"],
  ["job-function/DataScientist", managed("job-function/DataScientist"), true, "AWS managed policy job-function/DataScientist grants iam:PassRole on *"],
  ["AmazonSageMakerFullAccess", managed("AmazonSageMakerFullAccess"), true, "AWS managed policy AmazonSageMakerFullAccess grants iam:PassRole on arn:aws:iam::*:role/*"],
  // AWS managed policies that are not privileged.
  ["ReadOnlyAccess", managed("ReadOnlyAccess"), false],
  ["job-function/ViewOnlyAccess", managed("job-function/ViewOnlyAccess"), false],
  ["SecurityAudit", managed("SecurityAudit"), false],
  ["AmazonS3FullAccess", managed("AmazonS3FullAccess"), false],
  ["AmazonEC2FullAccess (service-linked roles only)", managed("AmazonEC2FullAccess"), false],
  ["AmazonAthenaFullAccess", managed("AmazonAthenaFullAccess"), false],
  ["job-function/Billing", managed("job-function/Billing"), false],
  ["AmazonDynamoDBReadOnlyAccess", managed("AmazonDynamoDBReadOnlyAccess"), false],
  ["CloudWatchReadOnlyAccess", managed("CloudWatchReadOnlyAccess"), false],
  ["ReadOnlyAccess + AmazonS3FullAccess", managed("ReadOnlyAccess", "AmazonS3FullAccess"), false],
  // Inline statements, matched against the real catalogue.
  ["iam:??* (the shortest IAM action has 7 characters)", inline(allow("iam:??*")), true, "inline policy grants every iam action"],
  ["*:??* (every action in AWS)", inline(allow("*:??*")), true, "inline policy grants every action"],
  ["* on *", inline(allow("*")), true, "inline policy grants every action"],
  ["iam:** ", inline(allow("iam:**")), true, "inline policy grants every iam action"],
  ["NotAction s3:* with Allow", inline({ Effect: "Allow", NotAction: "s3:*", Resource: "*" }), true, "inline policy grants every iam action"],
  ["iam:A*, iam:C*, ... one statement each", inline(...iamByLetter.map((p) => allow(p))), true, "inline policy grants every iam action"],
  ["every catalogued IAM action listed", inline(allow(serviceActions("iam").map((a) => `iam:${a}`))), true, "inline policy grants every iam action"],
  ["escalation set: CreateRole + AttachRolePolicy + PassRole + lambda:*", inline(allow(["iam:CreateRole", "iam:AttachRolePolicy", "iam:PassRole", "lambda:*"])), true, "inline policy grants iam:PassRole on *"],
  ["iam:PutRolePolicy", inline(allow("iam:PutRolePolicy")), true, "inline policy can write iam (iam:PutRolePolicy)"],
  ["iam:CreateAccessKey", inline(allow("iam:CreateAccessKey")), true, "inline policy can write iam (iam:CreateAccessKey)"],
  ["iam:UpdateAssumeRolePolicy", inline(allow("iam:UpdateAssumeRolePolicy")), true, "inline policy can write iam (iam:UpdateAssumeRolePolicy)"],
  ["sts:AssumeRole on OrganizationAccountAccessRole", inline(allow("sts:AssumeRole", "arn:aws:iam::*:role/OrganizationAccountAccessRole")), true, "inline policy grants sts:AssumeRole on arn:aws:iam::*:role/OrganizationAccountAccessRole"],
  ["sts:AssumeRole on *", inline(allow("sts:AssumeRole")), true, "inline policy grants sts:AssumeRole on *"],
  ["sso:C*, sso:P*, sso:A*", inline(allow(["sso:C*", "sso:P*", "sso:A*"])), true, "inline policy can write sso"],
  ["identitystore:CreateGroupMembership", inline(allow("identitystore:CreateGroupMembership")), true, "inline policy can write identitystore"],
  ["organizations:InviteAccountToOrganization", inline(allow("organizations:InviteAccountToOrganization")), true, "inline policy can write organizations"],
  ["a condition does not lower it", inline(allow("iam:PassRole", "*", { Condition: { StringEquals: { "iam:PassedToService": "lambda.amazonaws.com" } } })), true, "inline policy grants iam:PassRole on *"],
  ["read-only IAM", inline(allow(["iam:Get*", "iam:List*"])), false],
  ["s3 and dynamodb", inline(allow(["s3:*", "dynamodb:*"])), false],
  ["a pattern matching no IAM action", inline(allow("iam:Zz*")), false],
  ["sts:AssumeRole on one named role", inline(allow("sts:AssumeRole", "arn:aws:iam::123456789012:role/reporting-reader")), false],
  ["iam:CreateServiceLinkedRole only", inline(allow("iam:CreateServiceLinkedRole")), false],
  ["Deny NotAction alone grants nothing", inline({ Effect: "Deny", NotAction: "s3:*", Resource: "*" }), false],
  // Deny lowers only when provable.
  ["unconditional Deny iam:* on * removes IAM", inline(allow(["iam:*", "s3:*"]), { Effect: "Deny", Action: "iam:*", Resource: "*" }), false],
  ["a conditional Deny does not lower", inline(allow("iam:*"), { Effect: "Deny", Action: "iam:*", Resource: "*", Condition: { Bool: { "aws:MultiFactorAuthPresent": "false" } } }), true, "inline policy grants every iam action"],
  ["a Deny on one resource does not lower", inline(allow("iam:*"), { Effect: "Deny", Action: "iam:*", Resource: "arn:aws:iam::*:role/x" }), true, "inline policy grants every iam action"],
  ["a Deny in a managed policy applies to the inline one", { ...inline(allow("iam:PutRolePolicy")), managedPolicies: [arn("AWSDenyAll")] }, false],
  // Combined per permission set.
  ["two halves of IAM in two places", { ...inline(allow(iamByLetter.slice(0, 3))), customerManagedPolicies: [{ name: "rest", path: "/", grants: iamByLetter.slice(3) }] }, true, "its policies together grant every iam action"],
  // Customer managed policies: privileged unless the model declares what they grant.
  ["an undeclared customer managed policy", { managedPolicies: [], customerManagedPolicies: [{ name: "team-policy", path: "/" }] }, true, "customer managed policy /team-policy: its contents are unknown here"],
  ["a declared read-only customer managed policy", { managedPolicies: [], customerManagedPolicies: [{ name: "team-policy", path: "/", grants: ["s3:Get*", "s3:List*"] }] }, false],
  ["a declared customer managed policy that writes IAM", { managedPolicies: [], customerManagedPolicies: [{ name: "p", path: "/x/", grants: ["iam:AttachRolePolicy"] }] }, true, "customer managed policy /x/p (as declared) can write iam (iam:AttachRolePolicy)"],
  // A permissions boundary lowers only when its document is known.
  ["AdministratorAccess bounded by ReadOnlyAccess", { ...managed("AdministratorAccess"), boundary: { kind: "managed", arn: arn("ReadOnlyAccess") } }, false],
  ["AdministratorAccess bounded by a customer managed boundary", { ...managed("AdministratorAccess"), boundary: { kind: "customer_managed", name: "b", path: "/" } }, true, "AWS managed policy AdministratorAccess grants every action"],
  ["ReadOnlyAccess bounded by AdministratorAccess", { ...managed("ReadOnlyAccess"), boundary: { kind: "managed", arn: arn("AdministratorAccess") } }, false],
];

describe("privilege classifier (table)", () => {
  it("covers at least 40 permission sets, admin-equivalent and not", () => {
    expect(TABLE.length).toBeGreaterThanOrEqual(40);
    expect(TABLE.filter((t) => t[2]).length).toBeGreaterThan(15);
    expect(TABLE.filter((t) => !t[2]).length).toBeGreaterThan(15);
  });

  it.each(TABLE)("%s", (_what, policies, privileged, reason) => {
    const c = classifyPermissionSet(policies);
    expect(c.privileged, c.reasons.join("; ")).toBe(privileged);
    if (reason !== undefined) expect(c.reasons.some((r) => r.startsWith(reason)), `${reason} not in ${JSON.stringify(c.reasons)}`).toBe(true);
    if (!privileged) expect(c.reasons).toEqual([]);
  });
});

describe("wildcard matching", () => {
  it("matches like IAM: case-insensitive, * and ? across the colon", () => {
    expect(wildcardMatch("s3:Get*", "s3:getobject")).toBe(true);
    expect(wildcardMatch("s?:Get*", "s3:GetObject")).toBe(true);
    expect(wildcardMatch("s3:Get?", "s3:GetObject")).toBe(false);
    expect(wildcardMatch("iam:??*", "iam:PassRole")).toBe(true);
  });
});

describe("privilege in the model", () => {
  it("puts a NotAction set under the session guardrail, naming the reason, and its groups in the privileged tier", () => {
    const ps = 'permission_sets:\n  - name: Sneaky\n    session_duration: PT4H\n    inline_policy: { Version: "2012-10-17", Statement: [{ Effect: Allow, NotAction: ["s3:*"], Resource: "*" }] }\n';
    expect(lines(errors(baseFiles({ "ps.yaml": ps })))[0]).toMatch(/^ps\.yaml:3:23: privileged permission set Sneaky \(inline policy grants every iam action/);
    const ok = ps.replace("PT4H", "PT1H");
    const { model } = load(baseFiles({ "ps.yaml": ok, "a.yaml": "assignments:\n  - { group: bi-analysts, permission_set: Sneaky, accounts: [reporting] }\n" }));
    expect(model!.groups.find((g) => g.name === "bi-analysts")!.privileged).toBe(true);
  });

  it("counts iam:??* as privileged: the session guardrail applies", () => {
    const ps = 'permission_sets:\n  - name: Sneaky\n    session_duration: PT4H\n    inline_policy: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: "iam:??*", Resource: "*" }] }\n';
    expect(lines(errors(baseFiles({ "ps.yaml": ps })))[0]).toMatch(/privileged permission set Sneaky \(inline policy grants every iam action/);
  });

  it("classifies AWSOrganizationsFullAccess from its document and names the reason in the resolved model", () => {
    const ps = "permission_sets:\n  - name: OrgAdmin\n    managed_policies: [AWSOrganizationsFullAccess]\n";
    const { model } = load(baseFiles({ "ps.yaml": ps }));
    const set = model!.permissionSets.find((p) => p.name === "OrgAdmin")!;
    expect(set.privileged).toBe(true);
    expect(set.privilegedReasons).toEqual(["AWS managed policy AWSOrganizationsFullAccess grants every organizations action"]);
  });

  it("refuses privileged: false on an admin-equivalent set at file:line:col", () => {
    const ps = "permission_sets:\n  - name: Lambda\n    managed_policies: [AWSLambda_FullAccess]\n    privileged: false\n";
    expect(lines(errors(baseFiles({ "ps.yaml": ps })))).toEqual([
      'ps.yaml:4:17: permission set Lambda is privileged by what it grants (AWS managed policy AWSLambda_FullAccess grants iam:PassRole on *): remove "privileged: false"; it cannot be marked otherwise',
    ]);
  });

  it("accepts privileged: false on a read-only set, and declared customer policy grants", () => {
    const ps = "permission_sets:\n  - name: Reader\n    managed_policies: [ReadOnlyAccess]\n    customer_managed_policies: [{ name: team-read, grants: [s3:Get*] }]\n    privileged: false\n";
    const { model, findings } = load(baseFiles({ "ps.yaml": ps }));
    expect(findings.filter((f) => f.severity === "error")).toEqual([]);
    expect(model!.permissionSets.find((p) => p.name === "Reader")!.privileged).toBe(false);
  });

  it("checks declared customer policy grants against the action catalogue", () => {
    const ps = "permission_sets:\n  - name: Reader\n    customer_managed_policies: [{ name: team-read, grants: [s3:GetObjekt] }]\n";
    expect(lines(errors(baseFiles({ "ps.yaml": ps })))[0]).toMatch(/^ps\.yaml:3:61: "s3:GetObjekt" is not a known s3 action \(did you mean "s3:GetObject"\?\)/);
  });
});
