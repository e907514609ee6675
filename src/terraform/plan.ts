// The one reader of `terraform show -json <planfile>` (Terraform's JSON plan format 1.x): every
// resource change with its type, instance key, actions, import, replace paths and values, the
// refresh's `resource_drift`, and the assignments in the prior state. Explain, the revocation
// gate and the PR comment all read plans through here. Resources are identified by TYPE and
// instance KEY only, never by block or module name, so split blocks (`assignment_3`) and shard
// stacks read the same.
import { RESOURCE } from "./resources.js";

export type PlanAction = "create" | "update" | "delete" | "replace" | "read" | "forget" | "no-op";

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

/** One word for Terraform's list of actions. */
export function planAction(actions: readonly string[]): PlanAction {
  const known = COMBINED[actions.join(",")];
  if (known) return known;
  // A future combination: be loud rather than quiet about anything that deletes.
  if (actions.includes("delete")) return actions.includes("create") ? "replace" : "delete";
  return "update";
}

type Json = Record<string, unknown>;

/** One resource change of a plan. */
export interface PlannedChange {
  /** Label of the plan it came from (the stack, or the file name). */
  stack: string;
  address: string;
  mode: "managed" | "data";
  type: string;
  /** The for_each key (a natural key) or count index; undefined for a single instance. */
  key?: string | number;
  action: PlanAction;
  actions: string[];
  /** Terraform's action_reason, e.g. "replace_because_tainted". */
  actionReason?: string;
  /** The import id when the change imports an existing object (an `import` block). */
  importing?: { id?: string; identity?: unknown };
  /** Attribute paths that force the replacement (replace_paths), as dotted strings. */
  replacePaths: string[];
  before: Json | null;
  after: Json | null;
  afterUnknown: Json;
}

export interface Drift {
  address: string;
  actions: string[];
  before: Json | null;
  after: Json | null;
}

/** A plan as read: its changes, the drift the refresh found, what the stack manages now. */
export interface Plan {
  stack: string;
  /** Every change except plain no-ops (an import with no other change is kept). */
  changes: PlannedChange[];
  /** Out-of-band changes the refresh found, by address. */
  drift: Map<string, Drift>;
  /** Instance keys of account assignments in the prior state (what the stack manages now). */
  managedAssignments: string[];
  errored: boolean;
}

function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function objectOrNull(v: unknown): Json | null {
  return isObject(v) ? v : null;
}

function pathText(path: unknown): string {
  return Array.isArray(path) ? path.map(String).join(".") : String(path);
}

/** Every resource of a module tree (`root_module` with `child_modules`). */
function moduleResources(module: unknown): Json[] {
  if (!isObject(module)) return [];
  const own = Array.isArray(module.resources) ? module.resources.filter(isObject) : [];
  const children = Array.isArray(module.child_modules) ? module.child_modules.flatMap(moduleResources) : [];
  return [...own, ...children];
}

/** Checks that `json` is a `terraform show -json` plan of format 1.x with a list of resource_changes. */
function assertPlanJson(json: unknown): asserts json is Record<string, unknown> & { resource_changes?: unknown[] } {
  if (!isObject(json) || typeof json.format_version !== "string") {
    throw new PlanFormatError("not a Terraform JSON plan (no format_version); produce it with `terraform show -json <planfile>`");
  }
  if (!json.format_version.startsWith("1.")) {
    throw new PlanFormatError(`unsupported Terraform JSON plan format_version ${json.format_version} (1.x is supported)`);
  }
  const raw = json.resource_changes ?? [];
  if (!Array.isArray(raw)) throw new PlanFormatError("resource_changes is not a list");
}

/** Reads a plan; `stack` labels it (the stack, or the file name). */
export function readPlan(json: unknown, stack: string): Plan {
  assertPlanJson(json);
  const raw = json.resource_changes ?? [];
  const changes: PlannedChange[] = [];
  for (const rc of raw) {
    if (!isObject(rc) || typeof rc.address !== "string" || !isObject(rc.change) || !Array.isArray(rc.change.actions)) {
      throw new PlanFormatError("a resource_changes entry has no address or change.actions");
    }
    const c = rc.change;
    const actions = (c.actions as unknown[]).map(String);
    const action = planAction(actions);
    const importing = isObject(c.importing) ? c.importing : undefined;
    if (action === "no-op" && !importing) continue;
    changes.push({
      stack,
      address: rc.address,
      mode: rc.mode === "data" ? "data" : "managed",
      type: typeof rc.type === "string" ? rc.type : "",
      ...(typeof rc.index === "string" || typeof rc.index === "number" ? { key: rc.index } : {}),
      action,
      actions,
      ...(typeof rc.action_reason === "string" ? { actionReason: rc.action_reason } : {}),
      ...(importing ? { importing: { ...(typeof importing.id === "string" ? { id: importing.id } : {}), ...(importing.identity !== undefined ? { identity: importing.identity } : {}) } } : {}),
      // The top-level attribute of each path is what a reader needs ("permissions_boundary").
      replacePaths: Array.isArray(c.replace_paths) ? [...new Set(c.replace_paths.map((p) => pathText(p).split(".")[0]!))].sort() : [],
      before: objectOrNull(c.before),
      after: objectOrNull(c.after),
      afterUnknown: isObject(c.after_unknown) ? c.after_unknown : {},
    });
  }
  const drift = new Map<string, Drift>();
  for (const d of Array.isArray(json.resource_drift) ? json.resource_drift : []) {
    if (!isObject(d) || typeof d.address !== "string" || !isObject(d.change)) continue;
    drift.set(d.address, {
      address: d.address,
      actions: Array.isArray(d.change.actions) ? d.change.actions.map(String) : [],
      before: objectOrNull(d.change.before),
      after: objectOrNull(d.change.after),
    });
  }
  const prior = isObject(json.prior_state) && isObject(json.prior_state.values) ? json.prior_state.values.root_module : undefined;
  const managedAssignments = moduleResources(prior)
    .filter((r) => r.mode === "managed" && r.type === RESOURCE.accountAssignment)
    .map((r) => (typeof r.index === "string" ? r.index : String(r.address)));
  return { stack, changes, drift, managedAssignments, errored: json.errored === true };
}
