// What the identity-center stack declares: one for_each block per type, keyed by natural keys.
import { afterAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { AWS_PROVIDER_CONSTRAINT } from "../../stacks/providers.js";
import { fixtureModel } from "./fixture.js";
import { stackJson, synthModel, type Json, removeTempDirs } from "./helpers.js";

afterAll(removeTempDirs);

describe("identity-center stack", () => {
  const outdir = synthModel(fixtureModel());
  const stack = stackJson(outdir, "identity-center");
  const r = stack.resource;
  const ARN = "arn:aws:sso:::instance/ssoins-1234567890abcdef";
  const PS_ARN = "${aws_ssoadmin_permission_set.permission_set[each.value.permission_set].arn}";

  it("depends on the okta stack (okta applies first)", () => {
    const manifest: Json = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8"));
    expect(manifest.stacks["identity-center"].dependencies).toEqual(["okta"]);
    expect(manifest.stacks.okta.dependencies).toEqual([]);
  });

  it("uses the model's region and an AWS constraint admitting 5.100 and 6.x", () => {
    expect(stack.provider.aws).toEqual([{ region: "eu-west-1" }]);
    expect(stack.terraform.required_providers.aws).toEqual({ source: "hashicorp/aws", version: AWS_PROVIDER_CONSTRAINT });
  });

  it("declares one block per resource type, and one assignment block per account", () => {
    const names = Object.fromEntries(Object.entries<Json>(r).map(([type, byName]) => [type, Object.keys(byName)]));
    expect(names).toEqual({
      aws_ssoadmin_account_assignment: ["assignment_111111111111", "assignment_222222222222"],
      aws_ssoadmin_customer_managed_policy_attachment: ["customer_managed_policy"],
      aws_ssoadmin_managed_policy_attachment: ["managed_policy"],
      aws_ssoadmin_permission_set: ["permission_set"],
      aws_ssoadmin_permission_set_inline_policy: ["inline_policy"],
      aws_ssoadmin_permissions_boundary_attachment: ["permissions_boundary"],
      terraform_data: ["group_push"],
    });
    expect(Object.keys(stack.data).sort()).toEqual(["aws_identitystore_group", "aws_identitystore_groups"]);
  });

  it("keys permission sets by name and their attachments by permission set and policy", () => {
    expect(r.aws_ssoadmin_permission_set.permission_set.for_each.ReadOnly).toEqual({
      name: "ReadOnly",
      description: "Read only",
      session_duration: "PT4H",
      relay_state: "https://console.aws.amazon.com/cloudwatch/home",
      tags: { team: "platform" },
    });
    expect(r.aws_ssoadmin_permission_set.permission_set.instance_arn).toBe(ARN);
    expect(Object.keys(r.aws_ssoadmin_managed_policy_attachment.managed_policy.for_each)).toEqual([
      "AdministratorAccess|arn:aws:iam::aws:policy/AdministratorAccess",
      "ReadOnly|arn:aws:iam::aws:policy/ReadOnlyAccess",
      "ReadOnly|arn:aws:iam::aws:policy/job-function/ViewOnlyAccess",
    ]);
    expect(Object.keys(r.aws_ssoadmin_customer_managed_policy_attachment.customer_managed_policy.for_each)).toEqual(["ReadOnly|/teams/team-read"]);
    expect(Object.keys(r.aws_ssoadmin_permission_set_inline_policy.inline_policy.for_each)).toEqual(["ReadOnly"]);
    for (const block of [
      r.aws_ssoadmin_managed_policy_attachment.managed_policy,
      r.aws_ssoadmin_customer_managed_policy_attachment.customer_managed_policy,
      r.aws_ssoadmin_permission_set_inline_policy.inline_policy,
      r.aws_ssoadmin_permissions_boundary_attachment.permissions_boundary,
    ]) {
      expect(block.permission_set_arn).toBe(PS_ARN);
      expect(block.instance_arn).toBe(ARN);
    }
  });

  it("attaches managed and customer-managed permissions boundaries from one block", () => {
    const b = r.aws_ssoadmin_permissions_boundary_attachment.permissions_boundary;
    expect(b.for_each).toEqual({
      AdministratorAccess: { permission_set: "AdministratorAccess", managed_policy_arn: null, customer_managed: [{ name: "boundary", path: "/" }] },
      ReadOnly: { permission_set: "ReadOnly", managed_policy_arn: "arn:aws:iam::aws:policy/PowerUserAccess", customer_managed: [] },
    });
  });

  it("reads group ids from one listing of the store in the model, and looks up by name only the groups it lacks", () => {
    expect(stack.data.aws_identitystore_groups.listed.identity_store_id).toBe("d-1234567890");
    expect(stack.locals.listed_group_ids).toBe("${{ for g in (data.aws_identitystore_groups.listed.groups == null ? [] : data.aws_identitystore_groups.listed.groups) : g.display_name => g.group_id }}");
    const g = stack.data.aws_identitystore_group.group;
    expect(g.for_each).toBe("${{ for name in keys(local.pushed_group_names) : name => name if !contains(keys(local.listed_group_ids), name) }}");
    expect(g.identity_store_id).toBe("d-1234567890");
    expect(g.alternate_identifier.unique_attribute).toEqual({ attribute_path: "DisplayName", attribute_value: "${local.pushed_group_names[each.key]}" });
    expect(stack.locals.pushed_group_names).toBe("${{ for name, marker in terraform_data.group_push : name => coalesce(marker.output, name) }}");
    expect(stack.locals.groups).toBe("${{ for name in keys(local.pushed_group_names) : name => { group_id = try(local.listed_group_ids[name], data.aws_identitystore_group.group[name].group_id) } }}");
    expect(r.terraform_data.group_push.for_each).toEqual({ "aws-admins": "aws-admins", "aws-developers": "aws-developers", finance: "finance" });
  });

  it("assigns groups to accounts keyed group|permission set|account, one block per account", () => {
    const blocks = r.aws_ssoadmin_account_assignment;
    expect(Object.keys(blocks.assignment_111111111111.for_each)).toEqual(["aws-admins|AdministratorAccess|111111111111", "aws-developers|ReadOnly|111111111111", "finance|ReadOnly|111111111111"]);
    expect(blocks.assignment_222222222222.for_each).toEqual({ "aws-developers|ReadOnly|222222222222": { group: "aws-developers", permission_set: "ReadOnly" } });
    for (const [name, a] of Object.entries<Json>(blocks)) {
      expect(a).toEqual({
        for_each: a.for_each,
        instance_arn: ARN,
        permission_set_arn: PS_ARN,
        principal_type: "GROUP",
        principal_id: "${local.groups[each.value.group].group_id}",
        target_type: "AWS_ACCOUNT",
        target_id: name.replace("assignment_", ""),
      });
    }
  });

  it("moves every assignment from the single block earlier versions declared, instance by instance", () => {
    expect(stack.moved).toEqual(
      fixtureModel().assignments.map((a) => {
        const key = `${a.group}|${a.permissionSet}|${a.accountId}`;
        return { from: `aws_ssoadmin_account_assignment.assignment[${JSON.stringify(key)}]`, to: `aws_ssoadmin_account_assignment.assignment_${a.accountId}[${JSON.stringify(key)}]` };
      }).sort((x, y) => (x.to < y.to ? -1 : 1)),
    );
  });

  it("has no removed or import blocks without a layout migration", () => {
    expect(stack.removed).toBeUndefined();
    expect(stack.import).toBeUndefined();
  });
});

describe("identity-center stack adopting live resources", () => {
  const PS = "arn:aws:sso:::permissionSet/ssoins-1234567890abcdef/ps-0000000000000001";
  const INST = "arn:aws:sso:::instance/ssoins-1234567890abcdef";
  const model = {
    ...fixtureModel(),
    imports: {
      permission_set: new Map([["ReadOnly", `${PS},${INST}`], ["Gone", "never,declared"]]),
      assignment: new Map([["finance|ReadOnly|111111111111", `gid-1,GROUP,111111111111,AWS_ACCOUNT,${PS},${INST}`]]),
      group_push: new Map([["finance", "finance"]]),
    },
  };
  const stack = stackJson(synthModel(model), "identity-center");

  it("emits one import block per declared instance listed in the imports, sorted by address", () => {
    expect(stack.import).toEqual([
      { to: 'aws_ssoadmin_account_assignment.assignment_111111111111["finance|ReadOnly|111111111111"]', id: `gid-1,GROUP,111111111111,AWS_ACCOUNT,${PS},${INST}` },
      { to: 'aws_ssoadmin_permission_set.permission_set["ReadOnly"]', id: `${PS},${INST}` },
      { to: 'terraform_data.group_push["finance"]', id: "finance" },
    ]);
  });

  it("ignores input changes of the push marker so an imported marker is not updated", () => {
    expect(stack.resource.terraform_data.group_push.lifecycle).toEqual({ ignore_changes: ["input"] });
  });
});

describe("identity-center stack without imports", () => {
  it("has no import blocks", () => {
    expect(stackJson(synthModel(fixtureModel()), "identity-center").import).toBeUndefined();
  });
});
