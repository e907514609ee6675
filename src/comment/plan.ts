// Reads the JSON of `terraform show -json <planfile>` (Terraform's documented JSON plan format,
// format_version 1.x) into what the PR comment needs: each resource's action, the counts, and the
// Identity Center group lookups deferred until a new group is pushed.

export type PlanAction = "create" | "update" | "delete" | "replace" | "read" | "forget" | "no-op";

export interface PlannedChange {
  address: string;
  action: PlanAction;
  /** The raw actions list, e.g. ["delete","create"]. */
  actions: string[];
  mode: "managed" | "data";
  type: string;
  index?: string | number;
  /** Terraform's action_reason, when given (e.g. "replace_because_cannot_update"). */
  reason?: string;
}

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

export class PlanFormatError extends Error {}

const COMBINED: Record<string, PlanAction> = {
  "no-op": "no-op",
  create: "create",
  read: "read",
  update: "update",
  delete: "delete",
  forget: "forget",
  "delete,create": "replace",
  "create,delete": "replace",
  // The old object is left in place outside Terraform and a new one is created.
  "create,forget": "create",
  "forget,create": "create",
};

export function planAction(actions: readonly string[]): PlanAction {
  const known = COMBINED[actions.join(",")];
  if (known) return known;
  // A future combination: be loud rather than quiet about anything that deletes.
  if (actions.includes("delete")) return actions.includes("create") ? "replace" : "delete";
  return "update";
}

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function groupOfLookup(rc: Json, change: Json): string | undefined {
  if (typeof rc.index === "string") return rc.index;
  const after = change.after;
  if (!isObject(after)) return undefined;
  const alt = after.alternate_identifier;
  const unique = Array.isArray(alt) && isObject(alt[0]) ? alt[0].unique_attribute : undefined;
  const value = Array.isArray(unique) && isObject(unique[0]) ? unique[0].attribute_value : undefined;
  if (typeof value === "string") return value;
  return typeof after.display_name === "string" ? after.display_name : undefined;
}

/** Assignment keys are "<group>|<permission set>|<account id>" (see assignmentKey). */
function groupOfAssignment(rc: Json): string | undefined {
  if (typeof rc.index !== "string") return undefined;
  const parts = rc.index.split("|");
  return parts.length === 3 ? parts[0] : undefined;
}

/** Checks that `json` is a `terraform show -json` plan of format 1.x with a list of resource_changes. */
export function assertPlanJson(json: unknown): asserts json is Record<string, unknown> & { resource_changes?: unknown[] } {
  if (!isObject(json) || typeof json.format_version !== "string") {
    throw new PlanFormatError("not a Terraform JSON plan (no format_version); produce it with `terraform show -json <planfile>`");
  }
  if (!json.format_version.startsWith("1.")) {
    throw new PlanFormatError(`unsupported Terraform JSON plan format_version ${json.format_version} (1.x is supported)`);
  }
  const raw = json.resource_changes ?? [];
  if (!Array.isArray(raw)) throw new PlanFormatError("resource_changes is not a list");
}

export function readPlan(json: unknown): PlanSummary {
  assertPlanJson(json);
  const raw = json.resource_changes ?? [];

  const summary: PlanSummary = {
    changes: [],
    counts: { add: 0, change: 0, destroy: 0, replace: 0, forget: 0 },
    waitingGroups: [],
    waitingAssignments: [],
    errored: json.errored === true,
  };
  for (const rc of raw) {
    if (!isObject(rc) || typeof rc.address !== "string" || !isObject(rc.change) || !Array.isArray(rc.change.actions)) {
      throw new PlanFormatError("a resource_changes entry has no address or change.actions");
    }
    const change = rc.change;
    const actions = (change.actions as unknown[]).map(String);
    const action = planAction(actions);
    if (action === "no-op") continue;
    const type = typeof rc.type === "string" ? rc.type : "";
    const mode = rc.mode === "data" ? "data" : "managed";
    summary.changes.push({
      address: rc.address,
      action,
      actions,
      mode,
      type,
      ...(typeof rc.index === "string" || typeof rc.index === "number" ? { index: rc.index } : {}),
      ...(typeof rc.action_reason === "string" ? { reason: rc.action_reason } : {}),
    });
    switch (action) {
      case "create":
        summary.counts.add++;
        break;
      case "update":
        summary.counts.change++;
        break;
      case "delete":
        summary.counts.destroy++;
        break;
      case "replace":
        summary.counts.replace++;
        break;
      case "forget":
        summary.counts.forget++;
        break;
    }
    if (mode === "data" && type === "aws_identitystore_group" && action === "read") {
      const group = groupOfLookup(rc, change);
      if (group !== undefined && !summary.waitingGroups.includes(group)) summary.waitingGroups.push(group);
    }
    const unknown = change.after_unknown;
    if (type === "aws_ssoadmin_account_assignment" && action === "create" && isObject(unknown) && unknown.principal_id === true) {
      const group = groupOfAssignment(rc);
      summary.waitingAssignments.push({ address: rc.address, ...(group !== undefined ? { group } : {}) });
    }
  }
  summary.waitingGroups.sort();
  return summary;
}

/** Addresses that a reviewer must see before merging: every destroy and replace. */
export function destructiveChanges(plan: PlanSummary): PlannedChange[] {
  return plan.changes.filter((c) => c.action === "delete" || c.action === "replace");
}
