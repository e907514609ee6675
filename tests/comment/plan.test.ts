import { describe, expect, it } from "vitest";
import { destructiveChanges, summarizePlanJson as readPlan } from "../../src/comment/plan.js";
import { planAction, PlanFormatError } from "../../src/terraform/plan.js";
import { fixturePlan } from "./plan-fixtures.js";

describe("reading terraform show -json plans", () => {
  it("maps every documented actions list to one action", () => {
    expect(planAction(["create"])).toBe("create");
    expect(planAction(["update"])).toBe("update");
    expect(planAction(["delete"])).toBe("delete");
    expect(planAction(["delete", "create"])).toBe("replace");
    expect(planAction(["create", "delete"])).toBe("replace");
    expect(planAction(["no-op"])).toBe("no-op");
    expect(planAction(["read"])).toBe("read");
    expect(planAction(["forget"])).toBe("forget");
  });

  it("treats an unknown combination that deletes as destructive", () => {
    expect(planAction(["delete", "somethingnew"])).toBe("delete");
    expect(planAction(["somethingnew", "delete", "create"])).toBe("replace");
  });

  it("counts creates, updates, deletes and replaces, and leaves out no-ops and reads from the counts", () => {
    const plan = fixturePlan("identity-center.plan.json");
    expect(plan.counts).toEqual({ add: 4, change: 1, destroy: 1, replace: 2, forget: 0 });
    expect(plan.changes.map((c) => c.action)).not.toContain("no-op");
    expect(plan.changes.filter((c) => c.action === "read").map((c) => c.address)).toEqual(['data.aws_identitystore_group.group["bi-analysts"]']);
    expect(plan.errored).toBe(false);
  });

  it("lists destroys and replaces with Terraform's reason", () => {
    const plan = fixturePlan("identity-center.plan.json");
    expect(destructiveChanges(plan).map((c) => [c.action, c.address, c.actionReason])).toEqual([
      ["delete", 'aws_ssoadmin_account_assignment.assignment["ops|ReadOnly|111111111111"]', "delete_because_no_resource_config"],
      ["replace", 'aws_ssoadmin_permission_set.permission_set["Admin"]', "replace_because_cannot_update"],
      ["replace", 'aws_ssoadmin_managed_policy_attachment.managed_policy["Admin|arn:aws:iam::aws:policy/AdministratorAccess"]', "replace_by_triggers"],
    ]);
  });

  it("recognises group lookups deferred to apply and the assignments waiting for their principal id", () => {
    const plan = fixturePlan("identity-center.plan.json");
    expect(plan.waitingGroups).toEqual(["bi-analysts"]);
    expect(plan.waitingAssignments).toEqual([
      { address: 'aws_ssoadmin_account_assignment.assignment["bi-analysts|BIReadOnly|111111111111"]', group: "bi-analysts" },
      { address: 'aws_ssoadmin_account_assignment.assignment["bi-analysts|BIReadOnly|222222222222"]', group: "bi-analysts" },
    ]);
  });

  it("reads a plan without resource_changes as no changes", () => {
    const plan = fixturePlan("no-changes.plan.json");
    expect(plan.changes).toEqual([]);
    expect(plan.counts).toEqual({ add: 0, change: 0, destroy: 0, replace: 0, forget: 0 });
  });

  it("refuses JSON that is not a plan, or a plan of an unsupported major format version", () => {
    expect(() => readPlan({ values: {} })).toThrow(PlanFormatError);
    expect(() => readPlan({ format_version: "2.0", resource_changes: [] })).toThrow(/unsupported/);
    expect(() => readPlan({ format_version: "1.2", resource_changes: [{ address: "x" }] })).toThrow(/change.actions/);
  });

  it("notes a plan Terraform marked as errored", () => {
    expect(readPlan({ format_version: "1.2", errored: true }).errored).toBe(true);
  });
});
