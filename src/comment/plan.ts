// What the PR comment shows of a plan (read by src/terraform/plan.ts): each change's action, the
// counts, and the Identity Center group lookups deferred until a new group is pushed.
import { assignmentOfKey, RESOURCE } from "../terraform/resources.js";
import { readPlan, type Plan, type PlannedChange } from "../terraform/plan.js";

export interface WaitingAssignment {
  address: string;
  /** The group whose Identity Store id is not known until it is pushed; undefined if unknown. */
  group?: string;
}

export interface PlanCounts {
  add: number;
  change: number;
  destroy: number;
  replace: number;
  forget: number;
}

export interface PlanSummary {
  /** The plan as read (explain and the revocation gate use it). */
  plan: Plan;
  /** Every change other than no-op, in the order Terraform listed them. */
  changes: PlannedChange[];
  counts: PlanCounts;
  /** Groups whose `aws_identitystore_group` lookup is deferred to apply (not pushed yet). */
  waitingGroups: string[];
  /** Assignments to be created whose principal_id is only known after the group is pushed. */
  waitingAssignments: WaitingAssignment[];
  /** Terraform marked the plan as errored (it stopped part way). */
  errored: boolean;
}

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function groupOfLookup(c: PlannedChange): string | undefined {
  if (typeof c.key === "string") return c.key;
  const after = c.after;
  if (!after) return undefined;
  const alt = after.alternate_identifier;
  const unique = Array.isArray(alt) && isObject(alt[0]) ? alt[0].unique_attribute : undefined;
  const value = Array.isArray(unique) && isObject(unique[0]) ? unique[0].attribute_value : undefined;
  if (typeof value === "string") return value;
  return typeof after.display_name === "string" ? after.display_name : undefined;
}

const COUNTED: Partial<Record<PlannedChange["action"], keyof PlanCounts>> = {
  create: "add",
  update: "change",
  delete: "destroy",
  replace: "replace",
  forget: "forget",
};

export function summarizePlan(plan: Plan): PlanSummary {
  const summary: PlanSummary = {
    plan,
    changes: [],
    counts: { add: 0, change: 0, destroy: 0, replace: 0, forget: 0 },
    waitingGroups: [],
    waitingAssignments: [],
    errored: plan.errored,
  };
  for (const c of plan.changes) {
    if (c.action === "no-op") continue;
    summary.changes.push(c);
    const counted = COUNTED[c.action];
    if (counted) summary.counts[counted]++;
    if (c.mode === "data" && c.type === RESOURCE.identityStoreGroup && c.action === "read") {
      const group = groupOfLookup(c);
      if (group !== undefined && !summary.waitingGroups.includes(group)) summary.waitingGroups.push(group);
    }
    if (c.type === RESOURCE.accountAssignment && c.action === "create" && c.afterUnknown.principal_id === true) {
      const group = assignmentOfKey(c.key)?.group;
      summary.waitingAssignments.push({ address: c.address, ...(group !== undefined ? { group } : {}) });
    }
  }
  summary.waitingGroups.sort();
  return summary;
}

/** A `terraform show -json` plan, read and summarized for the comment. */
export function summarizePlanJson(json: unknown, stack = ""): PlanSummary {
  return summarizePlan(readPlan(json, stack));
}

/** Addresses that a reviewer must see before merging: every destroy and replace. */
export function destructiveChanges(plan: PlanSummary): PlannedChange[] {
  return plan.changes.filter((c) => c.action === "delete" || c.action === "replace");
}
