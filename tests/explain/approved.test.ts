// The hand-off from the gate job to the applying jobs: a plan made again just before apply may
// hold only changes the gates approved (real plans of the local Identity Center as fixtures).
import { describe, expect, it } from "vitest";
import { approvePlans, changesOutside, readApproval } from "../../src/explain/approved.js";
import { plan, type Json } from "./support.js";

const PERMISSION_SET = 'aws_ssoadmin_permission_set.permission_set["ReadOnly"]';
const ASSIGNMENT = 'aws_ssoadmin_account_assignment.assignment["auditors|ReadOnly|111111111111"]';

function changeOf(json: Json, address: string): Json {
  const rc = (json.resource_changes as Json[]).find((r) => r.address === address);
  if (!rc) throw new Error(`no ${address} in the fixture`);
  return rc.change as Json;
}

describe("approved changes", () => {
  it("the plan the gates saw is within its own approval", () => {
    for (const name of ["groups", "groups-recreated", "model-changes", "rename", "expired", "drift"]) {
      const p = plan(name);
      expect(changesOutside(approvePlans([p]), p), name).toEqual([]);
    }
  });

  it("an import-only adoption approves imports and nothing else", () => {
    const approval = approvePlans([plan("adoption")]);
    expect(approval.plans["identity-center"]!.every((c) => c.importing && c.action === "no-op")).toBe(true);
    expect(changesOutside(approval, plan("groups")).length).toBeGreaterThan(0);
  });

  it("a change the gates did not see is refused, naming stack, address and action", () => {
    const outside = changesOutside(approvePlans([plan("groups")]), plan("model-changes"));
    expect(outside.length).toBeGreaterThan(0);
    expect(outside).toContainEqual(expect.objectContaining({ stack: "identity-center", address: PERMISSION_SET, action: "update", why: "the gate saw no change here" }));
  });

  it("the same address with another action is refused (a create approved, a replace planned)", () => {
    const approval = approvePlans([plan("groups")]);
    const replanned = plan("groups", "identity-center", (json) => {
      changeOf(json, ASSIGNMENT).actions = ["delete", "create"];
    });
    expect(changesOutside(approval, replanned)).toEqual([
      expect.objectContaining({ address: ASSIGNMENT, action: "replace", why: "the gate approved create, not replace" }),
    ]);
  });

  it("an update may change only the attributes the approved update changed", () => {
    const approval = approvePlans([plan("model-changes")]);
    const approvedAttributes = approval.plans["identity-center"]!.find((c) => c.address === PERMISSION_SET)!.attributes!;
    expect(approvedAttributes.length).toBeGreaterThan(0);
    expect(approvedAttributes).toEqual(["description", "session_duration", "tags", "tags_all"]);
    const widened = plan("model-changes", "identity-center", (json) => {
      (changeOf(json, PERMISSION_SET).after as Json).relay_state = "https://evil.example/";
    });
    expect(changesOutside(approval, widened)).toEqual([
      expect.objectContaining({ address: PERMISSION_SET, why: "changes relay_state, which the approved update did not" }),
    ]);
    // Fewer attributes than approved (an earlier phase applied some of them) is within it.
    const narrower = plan("model-changes", "identity-center", (json) => {
      const c = changeOf(json, PERMISSION_SET);
      c.after = { ...(c.after as Json), description: (c.before as Json).description };
    });
    expect(changesOutside(approval, narrower)).toEqual([]);
  });

  it("a value unknown at the gate and known when planned again (a group pushed in between) stays approved", () => {
    const approval = approvePlans([plan("groups")]);
    const replanned = plan("groups", "identity-center", (json) => {
      const c = changeOf(json, ASSIGNMENT);
      c.after_unknown = { id: true };
      (c.after as Json).principal_id = "90676d0f-0000-0000-0000-000000000001";
    });
    expect(changesOutside(approval, replanned)).toEqual([]);
  });

  it("data-source reads are neither approved nor refused", () => {
    const p = plan("groups");
    expect(p.changes.some((c) => c.action === "read")).toBe(true);
    expect(approvePlans([p]).plans["identity-center"]!.some((c) => c.action === "read")).toBe(false);
    const noReads = plan("groups", "identity-center", (json) => {
      json.resource_changes = (json.resource_changes as Json[]).filter((r) => r.mode !== "data");
    });
    expect(changesOutside(approvePlans([noReads]), p)).toEqual([]);
  });

  it("a plan under a label the gates never saw is refused; an errored plan is neither approved nor applied", () => {
    const approval = approvePlans([plan("groups")]);
    const shard = plan("groups", "identity-center-shard-07");
    expect(changesOutside(approval, shard)[0]).toMatchObject({ stack: "identity-center-shard-07", why: "no plan labelled identity-center-shard-07 was gated in this run" });
    const errored = plan("groups", "identity-center", (json) => {
      json.errored = true;
    });
    expect(() => approvePlans([errored])).toThrow(/errored/);
    expect(changesOutside(approval, errored)).toEqual([{ stack: "identity-center", why: "the plan errored" }]);
  });

  it("an approval round-trips through JSON, and anything else is refused", () => {
    const approval = approvePlans([plan("model-changes"), plan("okta", "okta")]);
    expect(readApproval(JSON.parse(JSON.stringify(approval)))).toEqual(approval);
    expect(() => readApproval({ format: 2, plans: {} })).toThrow(/not a gate approval/);
    expect(() => readApproval({ format: 1, plans: { okta: [{ address: "x" }] } })).toThrow(/lacks address, action or importing/);
    expect(() => readApproval({ format: 1, plans: { okta: [{ address: "x", action: "update", importing: false, attributes: [1] }] } })).toThrow(/malformed/);
  });
});
