// Maps every change of the Terraform plans to its reason in model terms, from the access diff:
// a granted or revoked triple, an expired grant, a permission-set change (and why it replaces),
// a group added or removed, an Okta setting, an adoption (import), or drift repair (the refresh
// found an out-of-band change and the plan puts it back). Anything else is unexplained.
// Pure: no I/O. Resources are recognised by TYPE and instance KEY, never by block or stack name.
import type { AccessDiff, AccessTriple, GroupChange, PermissionSetChange } from "../diff/types.js";
import type { Drift, Plan, PlannedChange } from "../terraform/plan.js";
import { FORCES_NEW, keyParts, RESOURCE } from "../terraform/resources.js";
import { changedAttributes } from "../terraform/values.js";
import { revokedSince } from "../model/expiry.js";

export type ReasonCode =
  | "granted"
  | "revoked"
  | "expired"
  | "permission-set-added"
  | "permission-set-removed"
  | "permission-set-renamed"
  | "permission-set-changed"
  | "permission-set-replaced"
  | "group-added"
  | "group-removed"
  | "group-changed"
  | "okta-settings-changed"
  | "adoption"
  | "moved-between-stacks"
  | "drift-repair"
  | "tainted"
  | "lookup";

export interface ExplainedChange {
  stack: string;
  address: string;
  type: string;
  key?: string | number;
  action: PlannedChange["action"];
  explained: true;
  code: ReasonCode;
  /** The reason, in model terms. */
  reason: string;
}

export interface UnexplainedChange {
  stack: string;
  address: string;
  type: string;
  key?: string | number;
  action: PlannedChange["action"];
  explained: false;
  /** What is known about the change and why the model does not account for it. */
  reason: string;
}

export type ChangeExplanation = ExplainedChange | UnexplainedChange;

export interface Explanation {
  /** True when every change is explained. */
  explained: boolean;
  changes: ChangeExplanation[];
  unexplained: UnexplainedChange[];
  /** Plans Terraform marked as errored: their changes cannot be trusted to be complete. */
  erroredPlans: string[];
}

type Verdict = { code: ReasonCode; reason: string } | { code: "unexplained"; reason: string };

/** Attributes Terraform or the provider compute, which differ without anyone changing anything. */
const COMPUTED = new Set(["id", "arn", "created_date", "tags_all"]);

const tripleKey = (t: Pick<AccessTriple, "group" | "permission_set" | "account_id">) => `${t.group}|${t.permission_set}|${t.account_id}`;
const q = (s: string | number | undefined) => `"${String(s)}"`;

class DiffIndex {
  readonly granted: Map<string, AccessTriple>;
  readonly revoked: Map<string, AccessTriple>;
  readonly permissionSets = new Map<string, PermissionSetChange>();
  /** Old name -> the renamed permission set's change. */
  readonly renamedFrom = new Map<string, PermissionSetChange>();
  readonly groups: Map<string, GroupChange>;
  readonly oktaSettings: Set<string>;

  constructor(readonly diff: AccessDiff) {
    this.granted = new Map(diff.granted.map((t) => [tripleKey(t), t]));
    this.revoked = new Map(diff.revoked.map((t) => [tripleKey(t), t]));
    for (const c of diff.permission_sets) {
      this.permissionSets.set(c.name, c);
      if (c.change === "renamed" && c.renamed_from) this.renamedFrom.set(c.renamed_from, c);
    }
    this.groups = new Map(diff.groups.map((g) => [g.name, g]));
    this.oktaSettings = new Set(diff.okta.map((o) => o.setting));
  }

  /** Why a permission set comes into existence under `name`, if the diff says so. */
  created(name: string): Verdict | undefined {
    const c = this.permissionSets.get(name);
    if (c?.change === "added") return { code: "permission-set-added", reason: `permission set ${name} is added` };
    if (c?.change === "renamed") return { code: "permission-set-renamed", reason: renamedText(c.renamed_from!, name, "created under the new name") };
    return undefined;
  }

  /** Why a permission set called `name` goes away, if the diff says so. */
  gone(name: string): Verdict | undefined {
    const c = this.permissionSets.get(name);
    if (c?.change === "removed") return { code: "permission-set-removed", reason: `permission set ${name} is removed` };
    const r = this.renamedFrom.get(name);
    if (r) return { code: "permission-set-renamed", reason: renamedText(name, r.name, "the old one is deleted") };
    return undefined;
  }

  modified(name: string): PermissionSetChange | undefined {
    const c = this.permissionSets.get(name);
    return c?.change === "modified" ? c : undefined;
  }
}

function renamedText(from: string, to: string, what: string): string {
  return `permission set ${from} is renamed to ${to}: a permission set cannot be renamed (its name is its identity; UpdatePermissionSet has no name), so ${what} (new ARN, new AWSReservedSSO_${to}_* roles in every account; anything trusting the old role ARN breaks)`;
}

function tripleText(t: AccessTriple): string {
  return `${t.group} ${t.permission_set} in ${t.account_name} (${t.account_id})`;
}


/** The attributes an out-of-band change touched, when the planned change puts exactly them back. */
function driftRepair(change: PlannedChange, drift: Drift | undefined, attrs: string[]): Verdict | undefined {
  if (!drift) return undefined;
  if (drift.after === null || drift.actions.includes("delete")) {
    if (change.action === "create" || change.action === "replace") {
      return { code: "drift-repair", reason: `deleted outside Terraform; the plan re-creates it as the model says` };
    }
    return undefined;
  }
  const drifted = changedAttributes(drift.before, drift.after).filter((a) => !COMPUTED.has(a));
  const own = attrs.filter((a) => !COMPUTED.has(a));
  if (drifted.length === 0 || own.length === 0) return undefined;
  if (!own.every((a) => drifted.includes(a))) return undefined;
  const verb = change.action === "replace" ? "the plan replaces it to put back" : "the plan puts back";
  return { code: "drift-repair", reason: `${own.map((a) => `\`${a}\``).join(", ")} changed outside Terraform; ${verb} the model's value` };
}

/** The attributes of an update that the model's permission-set change accounts for. */
function permissionSetFields(c: PermissionSetChange | undefined): Set<string> {
  const out = new Set<string>();
  if (!c) return out;
  if (c.description) out.add("description");
  if (c.session_duration) out.add("session_duration");
  if (c.relay_state) out.add("relay_state");
  if (c.tags.added.length || c.tags.removed.length) out.add("tags").add("tags_all");
  return out;
}

function explainPermissionSet(rc: PlannedChange, ix: DiffIndex, drift: Drift | undefined): Verdict {
  const name = String(rc.key);
  if (rc.action === "create") return ix.created(name) ?? driftRepair(rc, drift, []) ?? none(`permission set ${name} is created, but the access diff adds no permission set of that name`);
  if (rc.action === "delete") return ix.gone(name) ?? none(`permission set ${name} is deleted, but the access diff neither removes nor renames it`);
  const attrs = changedAttributes(rc.before, rc.after, rc.afterUnknown);
  if (rc.action === "replace") {
    const forced = rc.replacePaths.length ? rc.replacePaths : attrs.filter((a) => FORCES_NEW[rc.type]!.includes(a));
    return (
      driftRepair(rc, drift, forced) ??
      none(`permission set ${name} would be replaced because ${forced.map((a) => `\`${a}\``).join(", ") || "an attribute"} forces a new permission set (new ARN, every assignment re-created), and the access diff does not change that`)
    );
  }
  return explainAttributes(rc, attrs, permissionSetFields(ix.modified(name)), drift, `permission set ${name} changes`, { code: "permission-set-changed", reason: `permission set ${name} changes in the model` });
}

/**
 * An update is explained when each changed attribute is either changed by the model or put back
 * after an out-of-band change; the reason names both kinds.
 */
function explainAttributes(rc: PlannedChange, attrs: string[], byModel: Set<string>, drift: Drift | undefined, what: string, model: Verdict): Verdict {
  const own = attrs.filter((a) => !COMPUTED.has(a) || byModel.has(a));
  const fromModel = own.filter((a) => byModel.has(a));
  const rest = own.filter((a) => !byModel.has(a));
  if (rest.length === 0) {
    return own.length ? { code: model.code as ReasonCode, reason: `${model.reason} (${fromModel.map((a) => `\`${a}\``).join(", ")})` } : model;
  }
  const repaired = driftRepair(rc, drift, rest);
  if (repaired) {
    return fromModel.length
      ? { code: model.code as ReasonCode, reason: `${model.reason} (${fromModel.map((a) => `\`${a}\``).join(", ")}); ${repaired.reason}` }
      : repaired;
  }
  return none(`${what} in ${rest.map((a) => `\`${a}\``).join(", ")}, which neither the access diff nor an out-of-band change found by the refresh accounts for`);
}

function none(reason: string): Verdict {
  return { code: "unexplained", reason };
}

/** A child of a permission set (policy attachment, inline policy, boundary) keyed by its name first. */
function explainAttachment(rc: PlannedChange, ix: DiffIndex, drift: Drift | undefined, replaced: Set<string>, what: string, byModel: (c: PermissionSetChange) => boolean): Verdict {
  const parts = keyParts(rc.key, 2);
  const ps = parts ? parts[0]! : String(rc.key);
  const item = parts ? ` ${parts[1]}` : "";
  const label = `${what}${item} of permission set ${ps}`;
  const modified = ix.modified(ps);
  if (rc.action === "create") {
    const created = ix.created(ps);
    if (created) return { code: created.code as ReasonCode, reason: `${label}: ${created.reason}` };
    if (modified && byModel(modified)) return { code: "permission-set-changed", reason: `${label} is added in the model` };
    return driftRepair(rc, drift, []) ?? none(`${label} is created, but the access diff does not add it`);
  }
  if (rc.action === "delete") {
    const gone = ix.gone(ps);
    if (gone) return { code: gone.code as ReasonCode, reason: `${label}: ${gone.reason}` };
    if (modified && byModel(modified)) return { code: "permission-set-changed", reason: `${label} is removed in the model` };
    return none(`${label} is deleted, but the access diff does not remove it`);
  }
  const attrs = changedAttributes(rc.before, rc.after, rc.afterUnknown);
  if (rc.action === "replace") {
    const forced = rc.replacePaths.length ? rc.replacePaths : attrs.filter((a) => (FORCES_NEW[rc.type] ?? []).includes(a));
    const because = forced.map((a) => `\`${a}\``).join(", ") || "an attribute";
    if (forced.every((a) => a.startsWith("permission_set_arn")) && replaced.has(ps)) {
      return { code: "permission-set-replaced", reason: `${label} is re-created because permission set ${ps} is replaced (${because} forces a new resource)` };
    }
    if (modified && byModel(modified)) {
      return { code: "permission-set-changed", reason: `${label} changes in the model; ${because} cannot be updated in place, so the provider replaces it` };
    }
    return driftRepair(rc, drift, forced) ?? none(`${label} would be replaced because ${because} forces a new resource, and the access diff does not change it`);
  }
  return explainAttributes(rc, attrs, modified && byModel(modified) ? new Set(attrs) : new Set(), drift, `${label} changes`, {
    code: "permission-set-changed",
    reason: `${label} changes in the model`,
  });
}

function explainAssignment(rc: PlannedChange, ix: DiffIndex, drift: Drift | undefined, replaced: Set<string>): Verdict {
  const parts = keyParts(rc.key, 3);
  if (!parts) return none(`an account assignment whose key ${q(rc.key)} is not "<group>|<permission set>|<account id>"`);
  const [group, ps, account] = parts as [string, string, string];
  const key = `${group}|${ps}|${account}`;
  if (rc.action === "create") {
    const t = ix.granted.get(key);
    if (t) {
      const via = ix.created(ps);
      return { code: "granted", reason: `${tripleText(t)} is granted${via?.code === "permission-set-renamed" ? ` (permission set ${ix.permissionSets.get(ps)!.renamed_from} is renamed to ${ps}: new ARN, new roles)` : ""}` };
    }
    return driftRepair(rc, drift, []) ?? none(`assignment ${group} ${ps} in ${account} is created, but the access diff grants no such triple`);
  }
  if (rc.action === "delete") {
    const t = ix.revoked.get(key);
    if (t?.reason === "expired") {
      return { code: "expired", reason: `${tripleText(t)} is revoked: its grant expired on ${t.expires} (revoked since ${revokedSince(t.expires!)})` };
    }
    if (t) {
      const via = ix.gone(ps);
      return { code: "revoked", reason: `${tripleText(t)} is revoked${via?.code === "permission-set-renamed" ? ` (permission set ${ps} is renamed to ${ix.renamedFrom.get(ps)!.name}: the old one is deleted)` : ""}` };
    }
    return none(`assignment ${group} ${ps} in ${account} is deleted, but the access diff revokes no such triple`);
  }
  if (rc.action === "replace") {
    const attrs = rc.replacePaths.length ? rc.replacePaths : changedAttributes(rc.before, rc.after, rc.afterUnknown).filter((a) => FORCES_NEW[rc.type]!.includes(a));
    const because = attrs.map((a) => `\`${a}\``).join(", ") || "an attribute";
    if (attrs.every((a) => a.startsWith("permission_set_arn")) && replaced.has(ps)) {
      return { code: "permission-set-replaced", reason: `assignment ${group} ${ps} in ${account} is re-created because permission set ${ps} is replaced (${because} forces it); access is interrupted meanwhile` };
    }
    const g = ix.groups.get(group);
    if (attrs.every((a) => a.startsWith("principal_id")) && g && (g.source || g.change !== "modified")) {
      return { code: "group-changed", reason: `assignment ${group} ${ps} in ${account} is re-created for the group's new Identity Store id (group ${group} ${g.source ? `changes source ${g.source.before} → ${g.source.after}` : g.change})` };
    }
    return (
      driftRepair(rc, drift, attrs) ??
      none(`assignment ${group} ${ps} in ${account} would be replaced because ${because} changes (access interrupted), and the access diff does not account for it`)
    );
  }
  return driftRepair(rc, drift, changedAttributes(rc.before, rc.after, rc.afterUnknown)) ?? none(`assignment ${group} ${ps} in ${account} is updated in place, which the model never asks for`);
}

function explainGroupResource(rc: PlannedChange, ix: DiffIndex, drift: Drift | undefined, what: string): Verdict {
  const name = String(rc.key);
  const g = ix.groups.get(name);
  if (rc.action === "create" && g && (g.change === "added" || g.source)) {
    return { code: "group-added", reason: `${what} of group ${name}: ${g.change === "added" ? "the group is added" : `its source changes ${g.source!.before} → ${g.source!.after}`}` };
  }
  if (rc.action === "delete" && g && (g.change === "removed" || g.source)) {
    return { code: "group-removed", reason: `${what} of group ${name}: ${g.change === "removed" ? "the group is removed" : `its source changes ${g.source!.before} → ${g.source!.after}`}` };
  }
  const attrs = changedAttributes(rc.before, rc.after, rc.afterUnknown);
  if (rc.action === "create") return driftRepair(rc, drift, []) ?? none(`${what} of group ${name} is created, but the access diff adds no such group`);
  if (rc.action === "delete") return none(`${what} of group ${name} is deleted, but the access diff removes no such group`);
  const byModel = new Set<string>();
  if (g?.description) byModel.add("description");
  if (g?.source) for (const a of attrs) byModel.add(a);
  return explainAttributes(rc, attrs, byModel, drift, `${what} of group ${name} changes`, { code: "group-changed", reason: `group ${name} changes in the model` });
}

/** Only a group the model switches from managed to existing is forgotten: anything else is not the model's doing. */
function explainForgottenOktaGroup(rc: PlannedChange, ix: DiffIndex): Verdict {
  const name = String(rc.key);
  const g = rc.key === undefined ? undefined : ix.groups.get(name);
  if (g?.source?.before === "managed" && g.source.after === "existing") {
    return { code: "group-changed", reason: `group ${name} changes source from managed to existing: no longer managed, kept in Okta with its members` };
  }
  return none(`Okta group ${name} is forgotten (no longer managed, kept in Okta), but the access diff does not switch it from managed to existing`);
}

/** Okta resources that exist once per org and follow Okta settings (and the set of groups). */
function explainOktaSingleton(rc: PlannedChange, ix: DiffIndex, drift: Drift | undefined): Verdict {
  const settings = [...ix.oktaSettings];
  const groupsChanged = ix.diff.groups.some((g) => g.change !== "modified" || g.source || g.privileged);
  const relevant: Record<string, (s: string) => boolean> = {
    okta_app_saml: (s) => s.startsWith("app."),
    okta_app_signon_policy: (s) => s === "app.label" || s === "app.sign_on_policy",
    okta_app_signon_policy_rule: (s) => s.startsWith("sign_on.") || s === "users_group" || s === "app.sign_on_policy",
    okta_app_group_assignments: (s) => s === "users_group" || s.startsWith("app."),
    okta_group: (s) => s === "users_group",
    okta_group_rule: (s) => s === "users_group",
  };
  const hits = settings.filter(relevant[rc.type] ?? (() => false));
  if (hits.length) return { code: "okta-settings-changed", reason: `Okta settings change in the model: ${hits.join(", ")}` };
  // Group rules and the sign-on rules list the groups: they follow groups coming, going or changing privilege.
  if ((rc.type === RESOURCE.oktaGroupRule || rc.type === RESOURCE.oktaSignOnPolicyRule) && groupsChanged && rc.action !== "delete" && rc.action !== "replace") {
    const names = ix.diff.groups.map((g) => `${g.name} ${g.change}`).join(", ");
    return { code: "group-changed", reason: `follows the groups that change in the model (${names})` };
  }
  if (rc.type === RESOURCE.oktaGroupRule && groupsChanged && (rc.action === "create" || rc.action === "delete")) {
    return { code: "group-changed", reason: `the groups' membership rules are re-bucketed as groups are added or removed` };
  }
  const attrs = changedAttributes(rc.before, rc.after, rc.afterUnknown);
  return driftRepair(rc, drift, rc.action === "replace" ? rc.replacePaths : attrs) ?? none(`${rc.type} ${rc.action}s, but no Okta setting or group it follows changes in the access diff`);
}

function explainData(rc: PlannedChange, ix: DiffIndex): Verdict {
  if (rc.type === RESOURCE.identityStoreGroup && rc.key !== undefined) {
    const g = ix.groups.get(String(rc.key));
    if (g?.change === "added") {
      return { code: "lookup", reason: `lookup of new group ${rc.key} runs at apply, once Okta has pushed it (reads change nothing)` };
    }
    return { code: "lookup", reason: `lookup of group ${rc.key} runs at apply${rc.actionReason ? ` (${rc.actionReason})` : ""}; reads change nothing` };
  }
  return { code: "lookup", reason: `data source read at apply${rc.actionReason ? ` (${rc.actionReason})` : ""}; reads change nothing` };
}

function classify(rc: PlannedChange, ix: DiffIndex, drift: Drift | undefined, replaced: Set<string>, importedElsewhere: Map<string, string>): Verdict {
  if (rc.mode === "data") return explainData(rc, ix);
  if (rc.action === "forget" && rc.type === RESOURCE.oktaGroup) return explainForgottenOktaGroup(rc, ix);
  if (rc.action === "forget") {
    const to = importedElsewhere.get(`${rc.type}|${String(rc.key)}`);
    return to
      ? { code: "moved-between-stacks", reason: `no longer managed by stack ${rc.stack}: adopted by stack ${to} in the same run, left in place (nothing changes in AWS)` }
      : { code: "moved-between-stacks", reason: `no longer managed by stack ${rc.stack} (a removed block): left in place, nothing changes in AWS` };
  }
  if (rc.importing && rc.action === "no-op") {
    return { code: "adoption", reason: `adopts the existing object${rc.importing.id ? ` ${rc.importing.id}` : ""} into Terraform state, unchanged` };
  }
  if (rc.actionReason === "replace_because_tainted") {
    return { code: "tainted", reason: `re-created: a previous apply failed part-way and left it tainted` };
  }
  const verdict = classifyManaged(rc, ix, drift, replaced);
  if (rc.importing && verdict.code !== "unexplained") return { code: verdict.code, reason: `adopts the existing object${rc.importing.id ? ` ${rc.importing.id}` : ""}, then ${verdict.reason}` };
  if (rc.importing) return none(`imports the existing object${rc.importing.id ? ` ${rc.importing.id}` : ""}, but then changes it: ${verdict.reason}`);
  return verdict;
}

function classifyManaged(rc: PlannedChange, ix: DiffIndex, drift: Drift | undefined, replaced: Set<string>): Verdict {
  switch (rc.type) {
    case RESOURCE.accountAssignment:
      return explainAssignment(rc, ix, drift, replaced);
    case RESOURCE.permissionSet:
      return explainPermissionSet(rc, ix, drift);
    case RESOURCE.managedPolicyAttachment:
      return explainAttachment(rc, ix, drift, replaced, "managed policy", (c) => c.managed_policies.added.length + c.managed_policies.removed.length > 0);
    case RESOURCE.customerManagedPolicyAttachment:
      return explainAttachment(rc, ix, drift, replaced, "customer managed policy", (c) => c.customer_managed_policies.added.length + c.customer_managed_policies.removed.length > 0);
    case RESOURCE.inlinePolicy:
      return explainAttachment(rc, ix, drift, replaced, "inline policy", (c) => c.inline_policy_statements.added.length + c.inline_policy_statements.removed.length > 0);
    case RESOURCE.permissionsBoundary:
      return explainAttachment(rc, ix, drift, replaced, "permissions boundary", (c) => c.permissions_boundary !== null);
    case RESOURCE.pushMarker:
      return explainGroupResource(rc, ix, drift, "push marker");
    case RESOURCE.oktaPushGroup:
      return explainGroupResource(rc, ix, drift, "Okta push mapping");
    case RESOURCE.oktaGroup:
      return rc.key === undefined ? explainOktaSingleton(rc, ix, drift) : explainGroupResource(rc, ix, drift, "Okta group");
    case RESOURCE.oktaGroupRule:
    case RESOURCE.oktaApp:
    case RESOURCE.oktaSignOnPolicy:
    case RESOURCE.oktaSignOnPolicyRule:
    case RESOURCE.oktaAppGroupAssignments:
      return explainOktaSingleton(rc, ix, drift);
    default:
      return (
        driftRepair(rc, drift, rc.action === "replace" ? rc.replacePaths : changedAttributes(rc.before, rc.after, rc.afterUnknown)) ??
        none(`${rc.type} is not a resource the access model produces`)
      );
  }
}

/** Explains every change of every plan against one access diff. */
export function explainPlans(diff: AccessDiff, plans: readonly Plan[]): Explanation {
  const ix = new DiffIndex(diff);
  const all = plans.flatMap((p) => p.changes);
  // Permission sets replaced anywhere in the run: their children are re-created with them.
  const replaced = new Set(
    all.filter((c) => c.type === RESOURCE.permissionSet && c.action === "replace" && c.key !== undefined).map((c) => String(c.key)),
  );
  const importedElsewhere = new Map(all.filter((c) => c.importing).map((c) => [`${c.type}|${String(c.key)}`, c.stack] as const));
  const changes: ChangeExplanation[] = [];
  for (const plan of plans) {
    for (const rc of plan.changes) {
      const v = classify(rc, ix, plan.drift.get(rc.address), replaced, importedElsewhere);
      const base = { stack: rc.stack, address: rc.address, type: rc.type, ...(rc.key !== undefined ? { key: rc.key } : {}), action: rc.action };
      changes.push(v.code === "unexplained" ? { ...base, explained: false, reason: v.reason } : { ...base, explained: true, code: v.code, reason: v.reason });
    }
  }
  const erroredPlans = plans.filter((p) => p.errored).map((p) => p.stack);
  const unexplained = changes.filter((c): c is UnexplainedChange => !c.explained);
  return { explained: unexplained.length === 0 && erroredPlans.length === 0, changes, unexplained, erroredPlans };
}

/**
 * Narrows what counts as explained to changes whose reason is one of `codes` (data reads, which
 * change nothing, always pass): the expiry job applies only expired revocations.
 */
export function restrictTo(e: Explanation, codes: readonly string[]): Explanation {
  const allowed = new Set<string>([...codes, "lookup"]);
  const changes = e.changes.map((c): ChangeExplanation => {
    if (!c.explained || allowed.has(c.code)) return c;
    const { code, ...rest } = c;
    return { ...rest, explained: false, reason: `${c.reason} — explained (${code}), but only ${codes.join(", ")} changes are allowed here` };
  });
  const unexplained = changes.filter((c): c is UnexplainedChange => !c.explained);
  return { ...e, changes, unexplained, explained: unexplained.length === 0 && e.erroredPlans.length === 0 };
}
