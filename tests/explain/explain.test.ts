// `explain` on real plans of every change kind (tests/explain/fixtures, made by generate.ts with
// real terraform against the local Identity Center) and on the same plans against the wrong diff.
import { describe, expect, it } from "vitest";
import { explainPlans, restrictTo, type Explanation } from "../../src/explain/index.js";
import type { AccessDiff, GroupChange } from "../../src/diff/types.js";
import { diffOf, EMPTY_DIFF, plan, type Json } from "./support.js";

const byAddress = (e: Explanation) => Object.fromEntries(e.changes.map((c) => [c.address, c.explained ? c.code : "UNEXPLAINED"]));
const reasonOf = (e: Explanation, address: string) => e.changes.find((c) => c.address === address)!.reason;

describe("explain on real plans", () => {
  it("maps grants, revocations, permission-set edits and a boundary replacement to the model", () => {
    const e = explainPlans(diffOf("model-changes"), [plan("model-changes")]);
    expect(e.explained).toBe(true);
    expect(byAddress(e)).toEqual({
      'aws_ssoadmin_account_assignment.assignment["admins|Admin|222222222222"]': "granted",
      'aws_ssoadmin_account_assignment.assignment["readers|ReadOnly|222222222222"]': "revoked",
      'aws_ssoadmin_managed_policy_attachment.managed_policy["ReadOnly|arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"]': "permission-set-changed",
      'aws_ssoadmin_permission_set.permission_set["ReadOnly"]': "permission-set-changed",
      'aws_ssoadmin_permission_set_inline_policy.inline_policy["ReadOnly"]': "permission-set-changed",
      'aws_ssoadmin_permissions_boundary_attachment.permissions_boundary["ReadOnly"]': "permission-set-changed",
    });
    expect(reasonOf(e, 'aws_ssoadmin_account_assignment.assignment["admins|Admin|222222222222"]')).toBe("admins Admin in prod (222222222222) is granted");
    expect(reasonOf(e, 'aws_ssoadmin_permission_set.permission_set["ReadOnly"]')).toContain("`session_duration`");
    // The boundary cannot be updated in place: the reason names the attribute that forces it.
    const boundary = reasonOf(e, 'aws_ssoadmin_permissions_boundary_attachment.permissions_boundary["ReadOnly"]');
    expect(boundary).toContain("`permissions_boundary` cannot be updated in place, so the provider replaces it");
  });

  it("explains a rename as what it is: the old permission set deleted, a new one created, assignments moved", () => {
    const e = explainPlans(diffOf("rename"), [plan("rename")]);
    expect(e.explained).toBe(true);
    const codes = byAddress(e);
    expect(codes['aws_ssoadmin_permission_set.permission_set["Admin"]']).toBe("permission-set-renamed");
    expect(codes['aws_ssoadmin_permission_set.permission_set["Administrator"]']).toBe("permission-set-renamed");
    expect(codes['aws_ssoadmin_account_assignment.assignment["admins|Admin|111111111111"]']).toBe("revoked");
    expect(codes['aws_ssoadmin_account_assignment.assignment["admins|Administrator|111111111111"]']).toBe("granted");
    const why = reasonOf(e, 'aws_ssoadmin_permission_set.permission_set["Administrator"]');
    expect(why).toContain("Admin is renamed to Administrator");
    expect(why).toContain("a permission set cannot be renamed");
    expect(why).toContain("new ARN");
  });

  it("reports a console edit and an out-of-band deletion as drift repair, naming the attributes", () => {
    const e = explainPlans(diffOf("drift"), [plan("drift")]);
    expect(e.explained).toBe(true);
    expect(byAddress(e)).toEqual({
      'aws_ssoadmin_account_assignment.assignment["admins|Admin|333333333333"]': "drift-repair",
      'aws_ssoadmin_permission_set.permission_set["ReadOnly"]': "drift-repair",
    });
    expect(reasonOf(e, 'aws_ssoadmin_permission_set.permission_set["ReadOnly"]')).toBe(
      "`description`, `session_duration` changed outside Terraform; the plan puts back the model's value",
    );
    expect(reasonOf(e, 'aws_ssoadmin_account_assignment.assignment["admins|Admin|333333333333"]')).toContain("deleted outside Terraform");
  });

  it("without the refresh's drift record the same changes are unexplained", () => {
    const e = explainPlans(diffOf("drift"), [plan("drift", "identity-center", (j) => delete j.resource_drift)]);
    expect(e.explained).toBe(false);
    expect(e.unexplained.map((c) => c.address).sort()).toEqual([
      'aws_ssoadmin_account_assignment.assignment["admins|Admin|333333333333"]',
      'aws_ssoadmin_permission_set.permission_set["ReadOnly"]',
    ]);
    expect(e.unexplained.find((c) => c.type === "aws_ssoadmin_permission_set")!.reason).toContain("`description`, `session_duration`");
  });

  it("explains revocations of expired grants with the grant's date", () => {
    const e = explainPlans(diffOf("expired"), [plan("expired")]);
    expect(e.explained).toBe(true);
    expect(e.changes.map((c) => (c.explained ? c.code : "x"))).toEqual(["expired", "expired", "expired"]);
    expect(e.changes[0]!.reason).toBe("readers ReadOnly in dev (111111111111) is revoked: its grant expired on 2026-06-30 (revoked since 2026-07-01)");
  });

  it("explains a group added (push marker, deferred lookup, grant) and a group removed", () => {
    const e = explainPlans(diffOf("groups"), [plan("groups")]);
    expect(e.explained).toBe(true);
    expect(byAddress(e)).toMatchObject({
      'data.aws_identitystore_group.group["auditors"]': "lookup",
      'terraform_data.group_push["auditors"]': "group-added",
      'terraform_data.group_push["readers"]': "group-removed",
      'aws_ssoadmin_account_assignment.assignment["auditors|ReadOnly|111111111111"]': "granted",
    });
  });

  it("explains an import that changes nothing as adoption", () => {
    const e = explainPlans(diffOf("adoption"), [plan("adoption")]);
    expect(e.explained).toBe(true);
    expect(byAddress(e)).toEqual({
      'aws_ssoadmin_permission_set.permission_set["ReadOnly"]': "adoption",
      'terraform_data.group_push["admins"]': "adoption",
    });
    expect(reasonOf(e, 'terraform_data.group_push["admins"]')).toContain("adopts the existing object admins");
  });

  it("explains the okta stack's group resources from the same diff", () => {
    const e = explainPlans(diffOf("groups"), [plan("okta", "okta")]);
    expect(byAddress(e)).toEqual({
      'okta_group.group["auditors"]': "group-added",
      'okta_push_group.push_group["auditors"]': "group-added",
      'okta_push_group.push_group["readers"]': "group-removed",
      'okta_group_rule.users_rule["a"]': "group-changed",
    });
  });
});

describe("a managed group that becomes existing", () => {
  const forgotten = () =>
    plan("okta", "okta", (j) => {
      j.resource_drift = [];
      j.resource_changes = [
        {
          address: 'okta_group.no_longer_managed["finance"]',
          previous_address: 'okta_group.group["finance"]',
          mode: "managed",
          type: "okta_group",
          index: "finance",
          change: { actions: ["forget"], before: { name: "finance" }, after: null },
        },
      ];
    });
  const toExisting = (source: GroupChange["source"]): AccessDiff => ({
    ...EMPTY_DIFF,
    groups: [{ name: "finance", change: "modified", assignments: 2, source, privileged: null, description: null }],
  });

  it("is explained as no longer managed and kept in Okta, not as a deletion", () => {
    const e = explainPlans(toExisting({ before: "managed", after: "existing" }), [forgotten()]);
    expect(e.explained).toBe(true);
    expect(e.changes.map((c) => [c.action, c.explained && c.code, c.reason])).toEqual([
      ["forget", "group-changed", "group finance changes source from managed to existing: no longer managed, kept in Okta with its members"],
    ]);
  });

  it("a forgotten Okta group the diff does not switch to existing is unexplained", () => {
    expect(explainPlans(EMPTY_DIFF, [forgotten()]).unexplained.map((c) => c.address)).toEqual(['okta_group.no_longer_managed["finance"]']);
    expect(explainPlans(toExisting({ before: "existing", after: "managed" }), [forgotten()]).explained).toBe(false);
  });
});

describe("what explain refuses to explain", () => {
  it("lists every change of a plan the diff does not account for, with its address, and is not explained", () => {
    const e = explainPlans(EMPTY_DIFF, [plan("model-changes")]);
    expect(e.explained).toBe(false);
    expect(e.unexplained).toHaveLength(e.changes.length);
    expect(e.unexplained.map((c) => c.address)).toContain('aws_ssoadmin_account_assignment.assignment["readers|ReadOnly|222222222222"]');
    expect(e.unexplained.find((c) => c.address.includes("readers|ReadOnly|222222222222"))!.reason).toContain("the access diff revokes no such triple");
  });

  it("does not let one explained attribute cover another changed attribute of the same resource", () => {
    const diff = diffOf("model-changes");
    const ps = diff.permission_sets.find((p) => p.name === "ReadOnly")!;
    ps.session_duration = null; // the model changes the description and tags only
    const e = explainPlans(diff, [plan("model-changes")]);
    const c = e.changes.find((x) => x.address === 'aws_ssoadmin_permission_set.permission_set["ReadOnly"]')!;
    expect(c.explained).toBe(false);
    expect(c.reason).toContain("`session_duration`");
    expect(c.reason).not.toContain("`description`");
  });

  it("flags an Okta app change when no Okta setting changed", () => {
    const e = explainPlans(diffOf("groups"), [
      plan("okta", "okta", (j) =>
        (j.resource_changes as Json[]).push({
          address: "okta_app_saml.app",
          mode: "managed",
          type: "okta_app_saml",
          name: "app",
          change: { actions: ["update"], before: { label: "AWS" }, after: { label: "AWS (edited)" }, after_unknown: {} },
        }),
      ),
    ]);
    expect(e.unexplained.map((c) => c.address)).toEqual(["okta_app_saml.app"]);
  });

  it("an assignment replaced for an unknown principal_id (a lookup deferred for an existing group) is unexplained", () => {
    const replaced = plan("expired", "identity-center", (j) => {
      j.resource_changes = [
        {
          address: 'aws_ssoadmin_account_assignment.assignment["readers|ReadOnly|111111111111"]',
          mode: "managed",
          type: "aws_ssoadmin_account_assignment",
          index: "readers|ReadOnly|111111111111",
          change: { actions: ["delete", "create"], before: { principal_id: "g-1" }, after: {}, after_unknown: { principal_id: true }, replace_paths: [["principal_id"]] },
        },
      ];
    });
    const e = explainPlans(EMPTY_DIFF, [replaced]);
    expect(e.explained).toBe(false);
    expect(e.unexplained[0]!.reason).toContain("would be replaced because `principal_id` changes (access interrupted)");
  });

  it("an errored plan is never 'explained'", () => {
    const e = explainPlans(diffOf("expired"), [plan("expired", "identity-center", (j) => (j.errored = true))]);
    expect(e.unexplained).toEqual([]);
    expect(e.explained).toBe(false);
    expect(e.erroredPlans).toEqual(["identity-center"]);
  });

  it("--only expired turns every other reason into a refusal (the expiry job)", () => {
    expect(restrictTo(explainPlans(diffOf("expired"), [plan("expired")]), ["expired"]).explained).toBe(true);
    const groups = restrictTo(explainPlans(diffOf("groups"), [plan("groups")]), ["expired"]);
    expect(groups.explained).toBe(false);
    // The deferred lookup is a read: it changes nothing, so it never blocks.
    expect(groups.unexplained.map((c) => c.address)).not.toContain('data.aws_identitystore_group.group["auditors"]');
    expect(groups.unexplained.length).toBe(groups.changes.length - 1);
  });
});

describe("resources are identified by type and instance key, not by block or stack", () => {
  it("explains split assignment blocks in shard stacks and modules exactly as the single block", () => {
    const reshard = (j: Json) => {
      for (const rc of j.resource_changes as Json[]) {
        if (rc.type !== "aws_ssoadmin_account_assignment") continue;
        rc.name = "assignment_3";
        rc.address = `module.shard.aws_ssoadmin_account_assignment.assignment_3[${JSON.stringify(rc.index)}]`;
      }
    };
    const single = explainPlans(diffOf("groups"), [plan("groups")]);
    const sharded = explainPlans(diffOf("groups"), [plan("groups", "identity-center-shard-03", reshard)]);
    expect(sharded.explained).toBe(true);
    const codes = (e: Explanation) => e.changes.map((c) => `${c.type}|${String(c.key)}|${c.explained ? c.code : "x"}`).sort();
    expect(codes(sharded)).toEqual(codes(single));
    expect(sharded.changes.every((c) => c.stack === "identity-center-shard-03")).toBe(true);
  });

  it("across plans: a permission set replaced in one stack explains its assignments replaced in a shard", () => {
    const diff = EMPTY_DIFF;
    const psReplaced = plan("drift", "identity-center", (j) => {
      j.resource_drift = [
        { address: 'aws_ssoadmin_permission_set.permission_set["ReadOnly"]', change: { actions: ["update"], before: { name: "ReadOnly" }, after: { name: "ReadOnly-console" } } },
      ];
      j.resource_changes = [
        {
          address: 'aws_ssoadmin_permission_set.permission_set["ReadOnly"]',
          mode: "managed",
          type: "aws_ssoadmin_permission_set",
          index: "ReadOnly",
          change: { actions: ["delete", "create"], before: { name: "ReadOnly-console" }, after: { name: "ReadOnly" }, after_unknown: { arn: true }, replace_paths: [["name"]] },
        },
      ];
    });
    const shard = plan("drift", "identity-center-shard-01", (j) => {
      j.resource_drift = [];
      j.resource_changes = [
        {
          address: 'aws_ssoadmin_account_assignment.assignment_1["readers|ReadOnly|111111111111"]',
          mode: "managed",
          type: "aws_ssoadmin_account_assignment",
          index: "readers|ReadOnly|111111111111",
          change: { actions: ["delete", "create"], before: { permission_set_arn: "arn:old" }, after: {}, after_unknown: { permission_set_arn: true }, replace_paths: [["permission_set_arn"]] },
        },
      ];
    });
    const e = explainPlans(diff, [psReplaced, shard]);
    expect(byAddress(e)).toEqual({
      'aws_ssoadmin_permission_set.permission_set["ReadOnly"]': "drift-repair",
      'aws_ssoadmin_account_assignment.assignment_1["readers|ReadOnly|111111111111"]': "permission-set-replaced",
    });
    // The shard alone cannot know why its assignment is replaced.
    expect(explainPlans(diff, [shard]).explained).toBe(false);
  });

  it("a resource moved between stacks (forgotten by one, imported by another) is explained", () => {
    const forget = plan("expired", "identity-center", (j) => {
      j.resource_changes = [
        { address: 'aws_ssoadmin_account_assignment.assignment["readers|ReadOnly|111111111111"]', mode: "managed", type: "aws_ssoadmin_account_assignment", index: "readers|ReadOnly|111111111111", change: { actions: ["forget"], before: {}, after: null } },
      ];
    });
    const adopt = plan("expired", "identity-center-shard-00", (j) => {
      j.resource_changes = [
        { address: 'aws_ssoadmin_account_assignment.assignment_0["readers|ReadOnly|111111111111"]', mode: "managed", type: "aws_ssoadmin_account_assignment", index: "readers|ReadOnly|111111111111", change: { actions: ["no-op"], before: {}, after: {}, importing: { id: "x" } } },
      ];
    });
    const e = explainPlans(EMPTY_DIFF, [forget, adopt]);
    expect(e.explained).toBe(true);
    expect(e.changes[0]!.reason).toContain("adopted by stack identity-center-shard-00");
  });
});
