// Which Terraform stacks a change touches, so the pipeline plans and applies only those.
//
// A stack is affected when what it is built from (src/stack-contents: the data the stacks translate
// into Terraform) differs between base and head, or when it exists on one side only. Over that, a
// change of the shard count moves assignments between stacks and affects every stack of both
// layouts, a change of migrate_assignments_from every Identity Center stack of both, and a change
// to the code that synthesizes the stacks every stack.
import { cmp } from "../model/order.js";
import { compareStacks } from "../layout/index.js";
import { assignmentKey, type ImportKind, type OktaConfig, type ResolvedModel, type TerraformImports } from "../model/types.js";
import {
  contentList,
  migratingFrom,
  stackContents,
  type AssignmentTriple,
  type BaseStackContent,
  type OktaStackContent,
  type RevocationStackContent,
  type ShardStackContent,
  type StackContent,
} from "../stack-contents/index.js";
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

  has(stack: string): boolean {
    return this.reasons.has(stack);
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

/** Content as comparable text: import maps as their entries. */
function same(a: unknown, b: unknown): boolean {
  const text = (v: unknown) => JSON.stringify(v, (_k, x: unknown) => (x instanceof Map ? [...x] : x));
  return text(a) === text(b);
}

/** Items keyed by a natural key: which keys were added, removed or changed. */
function changedKeys<T>(base: readonly T[], head: readonly T[], keyOf: (item: T) => string): { added: string[]; removed: string[]; modified: string[] } {
  const before = new Map(base.map((x) => [keyOf(x), x]));
  const after = new Map(head.map((x) => [keyOf(x), x]));
  const added = [...after.keys()].filter((k) => !before.has(k));
  const removed = [...before.keys()].filter((k) => !after.has(k));
  const modified = [...after].filter(([k, x]) => before.has(k) && !same(before.get(k), x)).map(([k]) => k);
  return { added: added.sort(cmp), removed: removed.sort(cmp), modified: modified.sort(cmp) };
}

const STATE = "the Terraform state backend (organization.state) changed";
const IDENTITY_CENTER = "the Identity Center settings (region, instance or identity store) changed";
const MOVES = "the accounts the layout migration moves (migrate_assignments_from) changed";

const PERMISSION_SET_IMPORTS: readonly ImportKind[] = ["permission_set", "managed_policy", "customer_managed_policy", "inline_policy", "permissions_boundary"];

function importReasons(base: TerraformImports, head: TerraformImports): string[] {
  const kinds = [...new Set([...Object.keys(base), ...Object.keys(head)] as ImportKind[])].filter((k) => !same(base[k], head[k]));
  return [
    ...(kinds.some((k) => PERMISSION_SET_IMPORTS.includes(k)) ? ["permission set imports changed"] : []),
    ...(kinds.includes("assignment") ? ["assignment imports changed"] : []),
    ...(kinds.includes("group_push") ? ["group marker imports changed"] : []),
  ];
}

function assignmentReasons(base: readonly AssignmentTriple[], head: readonly AssignmentTriple[]): string[] {
  const { added, removed } = changedKeys(base, head, assignmentKey);
  const parts = [added.length && `${plural(added.length, "assignment")} granted`, removed.length && `${plural(removed.length, "assignment")} revoked`];
  return parts.some(Boolean) ? [parts.filter(Boolean).join(", ")] : [];
}

/**
 * Per part of a stack's content, the reasons a change of it gives. A part that changed without a
 * describer here, or whose describer finds nothing to name, still counts: the stack is affected.
 */
type Describers<C> = { [K in keyof C]?: (base: C[K], head: C[K]) => string[] };

/** Sign-on tiers for settings the okta part of the content leaves out (they are in `signOnPolicy`). */
const NO_TIERS: OktaConfig["signOn"] = { everyone: { reauthenticateAfter: "", phishingResistant: false }, privileged: { reauthenticateAfter: "", phishingResistant: false } };

const OKTA: Describers<OktaStackContent> = {
  okta: (b, h) => {
    const settings = oktaChanges({ ...b, signOn: NO_TIERS }, { ...h, signOn: NO_TIERS });
    return settings.length ? [`Okta settings changed: ${names(settings.map((s) => s.setting))}`] : [];
  },
  groups: (b, h) => {
    const g = changedKeys(b, h, (x) => x.name);
    return [
      ...(g.added.length ? [`${plural(g.added.length, "group")} added: ${names(g.added)}`] : []),
      ...(g.removed.length ? [`${plural(g.removed.length, "group")} removed: ${names(g.removed)}`] : []),
      ...(g.modified.length ? [`${plural(g.modified.length, "group")} changed (description or source): ${names(g.modified)}`] : []),
    ];
  },
  // The rules follow from the groups and the users group; the forgotten groups from the groups' sources.
  signOnPolicy: (b, h) => {
    if (!b || !h) return [`the app's sign-on policy (app.sign_on_policy) changes to ${h ? "managed" : "existing"}`];
    const privileged = changedKeys(b.privilegedGroups, h.privilegedGroups, (g) => g);
    const moved = [...privileged.added, ...privileged.removed].sort(cmp);
    return [
      ...(same([b.everyone, b.privileged], [h.everyone, h.privileged]) ? [] : ["the sign-on tiers (sign_on) changed"]),
      ...(moved.length ? [`groups under the privileged sign-on tier changed: ${names(moved)}`] : []),
    ];
  },
  logStream: () => ["the leaver log stream (organization.leavers) changed"],
  state: () => [STATE],
};

const BASE: Describers<BaseStackContent> = {
  region: () => [IDENTITY_CENTER],
  instanceArn: () => [IDENTITY_CENTER],
  state: () => [STATE],
  permissionSets: (b, h) => {
    const sets = changedKeys(b, h, (ps) => ps.name);
    const changed = [...sets.added, ...sets.removed, ...sets.modified].sort(cmp);
    return [`${plural(changed.length, "permission set")} added, removed or changed: ${names(changed)}`];
  },
  // With one shard: group markers and lookups for every group sit beside the permission sets.
  assignments: (b, h) => {
    const groups = changedKeys(b?.groups ?? [], h?.groups ?? [], (g) => g);
    const moved = [...groups.added, ...groups.removed].sort(cmp);
    return [
      ...(b?.identityStoreId !== h?.identityStoreId ? [IDENTITY_CENTER] : []),
      ...(moved.length ? [`group lookups added or removed: ${names(moved)}`] : []),
      ...assignmentReasons(b?.assignments ?? [], h?.assignments ?? []),
      ...(same(b?.takeOver, h?.takeOver) ? [] : [MOVES]),
    ];
  },
  forgetMonolithic: () => [MOVES],
  forgetAccounts: () => [MOVES],
  imports: importReasons,
};

const SHARD: Describers<ShardStackContent> = {
  region: () => [IDENTITY_CENTER],
  instance: (b, h) => (b && h ? [IDENTITY_CENTER] : []),
  state: () => [STATE],
  assignments: assignmentReasons,
  moves: () => [MOVES],
  draining: () => [MOVES],
  imports: importReasons,
};

const REVOCATION: Describers<RevocationStackContent> = {
  state: () => [STATE],
  leavers: () => [REVOKER],
  identityStore: () => [REVOKER],
  usersGroup: () => [REVOKER],
  managementAccount: () => [REVOKER],
  longestSessionSeconds: () => [REVOKER],
  managementAccountPermissionSets: () => [REVOKER],
};
const REVOKER = "the revocation deny list or its revoker (organization.leavers, sessions, management account grants) changed";

/**
 * Why a stack present on both sides changed, by the parts of its content that differ. Parts that
 * follow from another (a shard's lookups from its assignments) give no reason of their own; content
 * that differs with no reason named still affects the stack.
 */
function contentReasons(base: StackContent, head: StackContent): string[] {
  const describers = { okta: OKTA, base: BASE, shard: SHARD, revocation: REVOCATION }[head.kind] as Record<string, ((b: unknown, h: unknown) => string[]) | undefined>;
  const reasons: string[] = [];
  const changed: string[] = [];
  for (const part of new Set([...Object.keys(base), ...Object.keys(head)])) {
    const b = (base as unknown as Record<string, unknown>)[part];
    const h = (head as unknown as Record<string, unknown>)[part];
    if (same(b, h)) continue;
    changed.push(part);
    reasons.push(...(describers[part]?.(b, h) ?? []));
  }
  if (reasons.length === 0 && changed.length > 0) reasons.push(`its content changed: ${names(changed)}`);
  return [...new Set(reasons)];
}

/**
 * The stacks a change from `base` to `head` touches, each with its reasons, in apply order.
 * `base` undefined is the first change: every stack of the head's layout is new.
 */
export function stackImpacts(base: ResolvedModel | undefined, head: ResolvedModel, options: ImpactOptions = {}): StackImpact[] {
  const impacts = new Impacts();
  const after = new Map(contentList(stackContents(head)).map((c) => [c.name, c]));
  if (!base) {
    impacts.add(after.keys(), "first model: every stack is new");
    return impacts.list();
  }
  const before = new Map(contentList(stackContents(base)).map((c) => [c.name, c]));
  const bothLayouts = [...new Set([...before.keys(), ...after.keys()])];
  const identityCenterStacks = bothLayouts.filter((s) => {
    const kind = (after.get(s) ?? before.get(s))!.kind;
    return kind === "base" || kind === "shard";
  });

  const code = (options.changedFiles ?? []).filter(isCodePath).sort(cmp);
  if (code.length) impacts.add(bothLayouts, `code that builds or plans the stacks changed: ${names(code, 3)}`);
  const baseShards = base.organization.identityCenter.assignmentShards;
  const headShards = head.organization.identityCenter.assignmentShards;
  // Only Identity Center stacks change, but a new layout is rare and reviewed as a whole: plan all.
  if (baseShards !== headShards) {
    impacts.add(bothLayouts, `assignment_shards changed from ${baseShards} to ${headShards}: assignments move between stacks`);
  }
  if (migratingFrom(base) !== migratingFrom(head)) {
    impacts.add(identityCenterStacks, "migrate_assignments_from changed: the layout migration's moves change");
  }

  for (const stack of bothLayouts) {
    const b = before.get(stack);
    const h = after.get(stack);
    if (b && h) {
      if (!same(b, h)) for (const reason of contentReasons(b, h)) impacts.add([stack], reason);
    } else if (!impacts.has(stack)) {
      const kind = (h ?? b)!.kind;
      impacts.add([stack], kind === "revocation" ? REVOKER : h ? "the stack is new in this change" : "the stack is no longer synthesized");
    }
  }
  return impacts.list();
}

/** The affected stack names, sorted (code-unit order: identity-center, its shards, okta). */
export function affectedStacks(base: ResolvedModel | undefined, head: ResolvedModel, options: ImpactOptions = {}): string[] {
  return stackImpacts(base, head, options)
    .map((i) => i.stack)
    .sort(cmp);
}
