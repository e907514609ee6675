// Reads what `explain` and the revocation threshold need from `terraform show -json <planfile>`
// (Terraform's JSON plan format 1.x): every resource change with its type, instance key, actions,
// import, replace paths and values, the refresh's `resource_drift`, and the assignments in the
// prior state. Resources are identified by TYPE and instance KEY only, never by block or module
// name, so split blocks (`assignment_3`) and shard stacks read the same.
import { planAction, assertPlanJson, PlanFormatError, type PlanAction } from "../comment/plan.js";

type Json = Record<string, unknown>;

export interface ResourceChange {
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

export interface PlanFile {
  stack: string;
  /** Every change except plain no-ops (an import with no other change is kept). */
  changes: ResourceChange[];
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

export function readPlanFile(json: unknown, stack: string): PlanFile {
  assertPlanJson(json);
  const raw = json.resource_changes ?? [];
  const changes: ResourceChange[] = [];
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
    .filter((r) => r.mode === "managed" && r.type === "aws_ssoadmin_account_assignment")
    .map((r) => (typeof r.index === "string" ? r.index : String(r.address)));
  return { stack, changes, drift, managedAssignments, errored: json.errored === true };
}

/** Top-level attributes whose values differ between two objects (an unknown value counts). */
export function changedAttributes(before: Json | null, after: Json | null, afterUnknown: Json = {}): string[] {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {}), ...Object.keys(afterUnknown)]);
  const out: string[] = [];
  for (const k of keys) {
    const unknown = afterUnknown[k];
    if (unknown === true || (isObject(unknown) && Object.keys(unknown).length > 0)) {
      if (before?.[k] !== undefined || after?.[k] === undefined) out.push(k);
      continue;
    }
    if (!sameValue(before?.[k] ?? null, after?.[k] ?? null)) out.push(k);
  }
  return out.sort();
}

/** Deep equality of JSON values; JSON-encoded strings (policies) compare by meaning. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === "string" && typeof b === "string" && a !== b && /^\s*[[{]/.test(a) && /^\s*[[{]/.test(b)) {
    try {
      return sameValue(JSON.parse(a), JSON.parse(b));
    } catch {
      return false;
    }
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => sameValue(v, b[i]));
  }
  if (isObject(a) || isObject(b)) {
    if (!isObject(a) || !isObject(b)) return false;
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((k) => sameValue(a[k] ?? null, b[k] ?? null));
  }
  // Terraform shows an absent optional string as null or "" depending on the provider.
  if ((a === null && b === "") || (a === "" && b === null)) return true;
  return a === b;
}
