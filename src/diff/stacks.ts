// Which Terraform stacks a change touches, so the pipeline plans and applies only those.
//
// Each stack's content is derived here from the resolved model the same way the stacks build it,
// and a stack is affected when its content differs between base and head:
// - okta: the Okta settings, and every group's name, description, source and privilege (groups
//   are created or looked up, pushed, folded into the users-group rules, and privileged groups
//   sign in under the privileged tier);
// - identity-center with one shard (monolithic): permission sets and their policies, a push
//   marker and lookup for every group, and every assignment;
// - identity-center with N > 1 shards (the base): permission sets and their policies only;
// - identity-center-shard-NN: the assignments of the accounts that hash to it
//   (src/layout), with the group markers/lookups and permission set lookups those
//   assignments use. A lookup only exists for a group or permission set some assignment in the
//   shard uses, so a new group or permission set reaches a shard exactly through its triples.
// Settings every stack of a kind shares (provider, instance, state backend) affect all of them;
// a change of the shard count moves assignments between stacks and affects every stack of both
// layouts; a change to the code that synthesizes the stacks affects every stack.
import { cmp } from "../model/order.js";
import { assignmentStackOf, BASE_STACK, compareStacks, isSharded, layoutStacks, OKTA_STACK } from "../layout/index.js";
import { assignmentKey, type ResolvedModel, type TerraformImports, type ImportKind } from "../model/types.js";
import { oktaChanges } from "./okta.js";

/**
 * Files whose change can change any stack's Terraform or how it is planned: the code, not the
 * model. The plan and apply workflows' `paths:` filters cover every one
 * (tests/workflows/code-paths.test.ts).
 */
export const CODE_PATHS: readonly string[] = [
  "src/",
  "stacks/",
  "main.ts",
  "terraform/",
  "package.json",
  "package-lock.json",
  "tsconfig.json",
  "cdktf.json",
  "scripts/ci/terraform-plan.sh",
];

/** True for a repository path (as printed by `git diff --name-only`) under CODE_PATHS, or a Terraform lock file. */
export function isCodePath(path: string): boolean {
  const p = path.trim().replace(/^\.\//, "");
  if (p === "") return false;
  if (p.endsWith(".terraform.lock.hcl")) return true;
  return CODE_PATHS.some((prefix) => (prefix.endsWith("/") ? p.startsWith(prefix) : p === prefix));
}

export interface StackImpact {
  stack: string;
  /** Why the stack must be planned, in words, e.g. "2 assignments granted, 1 revoked". */
  reasons: string[];
}

export interface ImpactOptions {
  /** Repository paths the change touches; any under CODE_PATHS affects every stack. */
  changedFiles?: readonly string[];
}

class Impacts {
  private readonly reasons = new Map<string, string[]>();

  add(stacks: Iterable<string>, reason: string): void {
    for (const stack of stacks) {
      const list = this.reasons.get(stack) ?? [];
      if (!list.includes(reason)) list.push(reason);
      this.reasons.set(stack, list);
    }
  }

  list(): StackImpact[] {
    return [...this.reasons].map(([stack, reasons]) => ({ stack, reasons })).sort((a, b) => compareStacks(a.stack, b.stack));
  }
}

function names(list: readonly string[], max = 5): string {
  const shown = list.slice(0, max).join(", ");
  return list.length > max ? `${shown} and ${list.length - max} more` : shown;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** Keyed, comparable content: one canonical string per natural key. */
function changedKeys(base: Map<string, string>, head: Map<string, string>): { added: string[]; removed: string[]; modified: string[] } {
  const added: string[] = [];
  const removed: string[] = [];
  const modified: string[] = [];
  for (const [k, v] of head) {
    const b = base.get(k);
    if (b === undefined) added.push(k);
    else if (b !== v) modified.push(k);
  }
  for (const k of base.keys()) if (!head.has(k)) removed.push(k);
  return { added: added.sort(cmp), removed: removed.sort(cmp), modified: modified.sort(cmp) };
}

function oktaGroups(m: ResolvedModel): Map<string, string> {
  return new Map(m.groups.map((g) => [g.name, JSON.stringify([g.description ?? null, g.source, g.privileged])]));
}

/** What Terraform holds for a permission set in the identity-center (base) stack. */
function permissionSetContent(m: ResolvedModel): Map<string, string> {
  return new Map(
    m.permissionSets.map((ps) => [
      ps.name,
      JSON.stringify([
        ps.description ?? null,
        ps.sessionDuration,
        ps.relayState ?? null,
        Object.entries(ps.tags).sort(([a], [b]) => cmp(a, b)),
        ps.managedPolicies,
        ps.customerManagedPolicies.map((c) => `${c.path}${c.name}`),
        ps.inlinePolicy ?? null,
        ps.permissionsBoundary ?? null,
      ]),
    ]),
  );
}

const PERMISSION_SET_IMPORTS: readonly ImportKind[] = [
  "permission_set",
  "managed_policy",
  "customer_managed_policy",
  "inline_policy",
  "permissions_boundary",
];

function importEntries(imports: TerraformImports | undefined, kinds: readonly ImportKind[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const kind of kinds) for (const [key, id] of imports?.[kind] ?? []) out.set(`${kind}|${key}`, id);
  return out;
}

/**
 * The shard count the deployed states were applied with, while a layout change is under way
 * (`identity_center.migrate_assignments_from`): synthesis then also writes the previous layout's
 * stacks, which forget what moved. Read structurally: older models do not have the field.
 */
export function migratingFrom(m: ResolvedModel): number | undefined {
  const from = (m.organization.identityCenter as { migrateAssignmentsFrom?: unknown }).migrateAssignmentsFrom;
  return typeof from === "number" ? from : undefined;
}

/** The shard counts whose stacks a model synthesizes: its own, and the one it migrates from. */
function layoutsOf(m: ResolvedModel): number[] {
  const from = migratingFrom(m);
  const own = m.organization.identityCenter.assignmentShards;
  return from === undefined || from === own ? [own] : [own, from];
}

function identityCenterSettings(m: ResolvedModel): string {
  const ic = m.organization.identityCenter;
  return JSON.stringify([ic.region, ic.instanceArn, ic.identityStoreId]);
}

/**
 * The stacks a change from `base` to `head` touches, each with its reasons, in apply order.
 * `base` undefined is the first change: every stack of the head's layout is new.
 */
export function stackImpacts(base: ResolvedModel | undefined, head: ResolvedModel, options: ImpactOptions = {}): StackImpact[] {
  const impacts = new Impacts();
  const headShards = head.organization.identityCenter.assignmentShards;
  const headStacks = [...new Set(layoutsOf(head).flatMap(layoutStacks))];
  if (!base) {
    impacts.add(headStacks, "first model: every stack is new");
    return impacts.list();
  }
  const baseShards = base.organization.identityCenter.assignmentShards;
  const bothLayouts = [...new Set([...layoutsOf(base), ...layoutsOf(head)].flatMap(layoutStacks))];
  const identityCenterStacks = bothLayouts.filter((s) => s !== OKTA_STACK);

  const code = (options.changedFiles ?? []).filter(isCodePath).sort(cmp);
  if (code.length) impacts.add(bothLayouts, `code that builds or plans the stacks changed: ${names(code, 3)}`);
  if (JSON.stringify(base.organization.state) !== JSON.stringify(head.organization.state)) {
    impacts.add(bothLayouts, "the Terraform state backend (organization.state) changed");
  }
  // Only Identity Center stacks change, but a new layout is rare and reviewed as a whole: plan all.
  if (baseShards !== headShards) {
    impacts.add(bothLayouts, `assignment_shards changed from ${baseShards} to ${headShards}: assignments move between stacks`);
  }
  if (migratingFrom(base) !== migratingFrom(head)) {
    impacts.add(identityCenterStacks, "migrate_assignments_from changed: the layout migration's moves change");
  }
  if (identityCenterSettings(base) !== identityCenterSettings(head)) {
    impacts.add(identityCenterStacks, "the Identity Center settings (region, instance or identity store) changed");
  }

  // okta
  const settings = oktaChanges(base.organization.okta, head.organization.okta);
  if (settings.length) impacts.add([OKTA_STACK], `Okta settings changed: ${names(settings.map((s) => s.setting))}`);
  const groups = changedKeys(oktaGroups(base), oktaGroups(head));
  if (groups.added.length) impacts.add([OKTA_STACK], `${plural(groups.added.length, "group")} added: ${names(groups.added)}`);
  if (groups.removed.length) impacts.add([OKTA_STACK], `${plural(groups.removed.length, "group")} removed: ${names(groups.removed)}`);
  if (groups.modified.length) {
    impacts.add([OKTA_STACK], `${plural(groups.modified.length, "group")} changed (description, source or sign-on tier): ${names(groups.modified)}`);
  }

  // identity-center: permission sets and their policies live in the base stack in both layouts.
  const sets = changedKeys(permissionSetContent(base), permissionSetContent(head));
  const setNames = [...sets.added, ...sets.removed, ...sets.modified].sort(cmp);
  if (setNames.length) impacts.add([BASE_STACK], `${plural(setNames.length, "permission set")} added, removed or changed: ${names(setNames)}`);
  const setImports = changedKeys(importEntries(base.imports, PERMISSION_SET_IMPORTS), importEntries(head.imports, PERMISSION_SET_IMPORTS));
  if (setImports.added.length + setImports.removed.length + setImports.modified.length) {
    impacts.add([BASE_STACK], "permission set imports changed");
  }

  // Monolithic layout: group markers and lookups for every group sit beside the permission sets.
  if (!isSharded(headShards) && !isSharded(baseShards)) {
    const baseGroups = new Set(base.groups.map((g) => g.name));
    const headGroups = new Set(head.groups.map((g) => g.name));
    const moved = [...[...headGroups].filter((g) => !baseGroups.has(g)), ...[...baseGroups].filter((g) => !headGroups.has(g))].sort(cmp);
    if (moved.length) impacts.add([BASE_STACK], `group lookups added or removed: ${names(moved)}`);
  }

  assignmentImpacts(base, head, impacts);
  return impacts.list();
}

/** Each changed triple or assignment import touches the stack of its account, on both sides. */
function assignmentImpacts(base: ResolvedModel, head: ResolvedModel, impacts: Impacts): void {
  const baseShards = base.organization.identityCenter.assignmentShards;
  const headShards = head.organization.identityCenter.assignmentShards;
  // A changed triple touches its account's stack in every layout either side synthesizes (during a
  // migration the previous layout's stack forgets what moves, so its content follows the triples).
  const layouts = [...new Set([...layoutsOf(base), ...layoutsOf(head)])];
  const stacksOf = (accountId: string) => new Set(layouts.map((n) => assignmentStackOf(accountId, n)));
  const counts = new Map<string, { granted: number; revoked: number }>();
  const count = (stack: string, kind: "granted" | "revoked") => {
    const c = counts.get(stack) ?? { granted: 0, revoked: 0 };
    c[kind]++;
    counts.set(stack, c);
  };
  const baseKeys = new Set(base.assignments.map(assignmentKey));
  const headKeys = new Set(head.assignments.map(assignmentKey));
  for (const a of head.assignments) {
    if (!baseKeys.has(assignmentKey(a))) for (const stack of stacksOf(a.accountId)) count(stack, "granted");
  }
  for (const a of base.assignments) {
    if (!headKeys.has(assignmentKey(a))) for (const stack of stacksOf(a.accountId)) count(stack, "revoked");
  }
  for (const [stack, c] of counts) {
    const parts = [c.granted && `${plural(c.granted, "assignment")} granted`, c.revoked && `${plural(c.revoked, "assignment")} revoked`];
    impacts.add([stack], parts.filter(Boolean).join(", "));
  }

  // Imports of assignments (key ends in the account id) and of group markers (in every stack
  // that assigns the group).
  const imports = changedKeys(importEntries(base.imports, ["assignment", "group_push"]), importEntries(head.imports, ["assignment", "group_push"]));
  for (const entry of [...imports.added, ...imports.removed, ...imports.modified]) {
    const [kind, ...rest] = entry.split("|");
    const key = rest.join("|");
    if (kind === "assignment") {
      impacts.add(stacksOf(key.slice(key.lastIndexOf("|") + 1)), "assignment imports changed");
    } else {
      const stacks = new Set<string>();
      for (const [m, shards] of [[base, baseShards], [head, headShards]] as const) {
        if (!isSharded(shards)) stacks.add(BASE_STACK);
        for (const a of m.assignments) if (a.group === key) for (const stack of stacksOf(a.accountId)) stacks.add(stack);
      }
      impacts.add(stacks, "group marker imports changed");
    }
  }
}

/** The affected stack names, sorted (code-unit order: identity-center, its shards, okta). */
export function affectedStacks(base: ResolvedModel | undefined, head: ResolvedModel, options: ImpactOptions = {}): string[] {
  return stackImpacts(base, head, options)
    .map((i) => i.stack)
    .sort(cmp);
}
