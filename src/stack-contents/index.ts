// What each Terraform stack is built from: the resolved model cut into one piece of plain data per
// stack that synthesis writes (src/layout names them). The stacks (stacks/) translate exactly
// this into Terraform and read nothing else of the model; the access diff (src/diff/stacks.ts)
// calls a stack affected when its content differs between the live model and the change. So what
// a stack holds and whether a change touches it cannot disagree.
// Break-glass and org-events are left out: applied by hand, never planned by the workflows.
import { assignmentStackOf, BASE_STACK, identityCenterStacks, isSharded, OKTA_STACK, REVOCATION_STACK, shardStacks } from "../layout/index.js";
import type {
  AccountId,
  Assignment,
  CustomerManagedPolicyRef,
  ImportKind,
  LeaversConfig,
  OktaConfig,
  PermissionsBoundary,
  ResolvedModel,
  SignOnTier,
  StateBackend,
  TerraformImports,
} from "../model/types.js";
import { cmp } from "../model/order.js";
import { assignmentKey, IMPORT_KINDS } from "../model/types.js";
import { ruleBuckets, ruleName } from "./rule-buckets.js";
import { longestSessionSeconds, managementAccountPermissionSets } from "../revocation/model-facts.js";

/** The triple an assignment stack declares; the account's name and the grant's expiry are not in Terraform. */
export type AssignmentTriple = Pick<Assignment, "group" | "permissionSet" | "accountId">;

/** The Identity Center instance and identity store a stack's lookups and assignments point at. */
export interface IdentityCenterInstance {
  instanceArn: string;
  identityStoreId: string;
}

export interface OktaGroupContent {
  name: string;
  description?: string;
  source: "managed" | "existing";
}

/** One group rule that makes every member of the pushed groups in it a member of the users group. */
export interface OktaGroupRuleContent {
  /** The bucket (rule-buckets.ts): the rule's natural key. */
  key: string;
  /** The rule's name as Okta gets it, within its 50 characters (src/model/okta-names.ts). */
  name: string;
  groups: string[];
}

/** The app's sign-on policy built from `sign_on`, and its tiers. */
export interface OktaSignOnPolicyContent {
  /** `<label> sign-on`. */
  name: string;
  everyone: SignOnTier;
  privileged: SignOnTier;
  /** The groups under the privileged tier, sorted. */
  privilegedGroups: string[];
}

export interface OktaStackContent {
  kind: "okta";
  name: string;
  /** The org, the app and the users group; the sign-on tiers are in `signOnPolicy`, the only part that uses them. */
  okta: Omit<OktaConfig, "signOn">;
  state: StateBackend;
  groups: OktaGroupContent[];
  groupRules: OktaGroupRuleContent[];
  /**
   * With `app.sign_on_policy: managed`; absent with `existing`: an adopted app keeps the policy it has
   * in Okta, and no policy, rule or tier is built.
   */
  signOnPolicy?: OktaSignOnPolicyContent;
  /**
   * The `existing` groups, sorted: a group of that name that this stack managed is forgotten (kept
   * in Okta with its members), never deleted; a no-op for a group never managed here.
   */
  forgetManaged: string[];
  /** With organization.leavers: the System Log stream to the management account's event bus. */
  logStream?: { eventSourceName: string; region: string; accountId: AccountId };
}

export interface PermissionSetContent {
  name: string;
  description?: string;
  sessionDuration: string;
  relayState?: string;
  tags: Record<string, string>;
  managedPolicies: string[];
  customerManagedPolicies: CustomerManagedPolicyRef[];
  inlinePolicy?: string;
  permissionsBoundary?: PermissionsBoundary;
}

/** Accounts whose assignments move between stacks in a layout change (`migrate_assignments_from`). */
export interface StackMoves {
  /** Accounts whose assignments this stack held and now forgets. */
  forget: AccountId[];
  /** Accounts whose assignments this stack takes over. */
  takeOver: AccountId[];
}

export interface BaseStackContent {
  kind: "base";
  name: string;
  region: string;
  state: StateBackend;
  instanceArn: string;
  permissionSets: PermissionSetContent[];
  /** Monolithic layout only: a marker and lookup for every group, and every assignment. */
  assignments?: { identityStoreId: string; groups: string[]; assignments: AssignmentTriple[]; takeOver: AccountId[] };
  /** Sharded, migrating from one stack: the old single assignment block and the group markers move out. */
  forgetMonolithic: boolean;
  /** Sharded, migrating: accounts whose assignments moved to a shard. */
  forgetAccounts: AccountId[];
  /** The import ids of what this stack declares: the model's, and with `takeOver` every group marker's. */
  imports: TerraformImports;
}

export interface ShardStackContent {
  kind: "shard";
  name: string;
  region: string;
  state: StateBackend;
  /** Present when the shard holds assignments: where its lookups and assignments point. */
  instance?: IdentityCenterInstance;
  /** The assignments of the accounts that hash here; none in a draining stack. */
  assignments: AssignmentTriple[];
  /** The groups and permission sets those assignments use: each has a lookup here. */
  groups: string[];
  permissionSets: string[];
  moves: StackMoves;
  /** A stack of the previous layout that the new one no longer has: it only forgets. */
  draining: boolean;
  /**
   * The import ids of what this stack declares: the model's assignments and group markers, and
   * `permission_set` for the marker of each permission set the model adopts (its id is the name).
   * With `takeOver`, every marker.
   */
  imports: TerraformImports;
}

export interface RevocationStackContent {
  kind: "revocation";
  name: string;
  leavers: LeaversConfig;
  state: StateBackend;
  /** What the revoker's environment carries from the rest of the model. */
  identityStore: { region: string; identityStoreId: string };
  usersGroup: string;
  managementAccount: AccountId;
  longestSessionSeconds: number;
  managementAccountPermissionSets: string[];
}

export type StackContent = OktaStackContent | BaseStackContent | ShardStackContent | RevocationStackContent;

export interface StackContents {
  okta: OktaStackContent;
  base: BaseStackContent;
  /** The shards of the layout (every one, also an empty one), then draining stacks of the previous layout. */
  shards: ShardStackContent[];
  /** Present with organization.leavers. */
  revocation?: RevocationStackContent;
}

/** Every stack's content, in apply order. */
export function contentList(c: StackContents): StackContent[] {
  return [c.okta, c.base, ...c.shards, ...(c.revocation ? [c.revocation] : [])];
}

/** The shard count the deployed states were applied with while a layout change is under way; else undefined. */
export function migratingFrom(m: ResolvedModel): number | undefined {
  const ic = m.organization.identityCenter;
  return ic.migrateAssignmentsFrom === undefined || ic.migrateAssignmentsFrom === ic.assignmentShards ? undefined : ic.migrateAssignmentsFrom;
}

interface LayoutMigration {
  previousShards: number;
  /** Per stack name (the previous layout's and the new one's). */
  moves: Map<string, StackMoves>;
  /** Stacks of the previous layout the new one no longer has: they only forget. */
  draining: string[];
}

/**
 * Changing the assignment layout without touching a single assignment: every account whose stack
 * changes is forgotten by its old stack (`removed` with destroy = false) and imported by its new
 * one (`import` with an id from the lookups). Undefined when the model migrates nothing.
 */
function layoutMigration(model: ResolvedModel): LayoutMigration | undefined {
  const ic = model.organization.identityCenter;
  const previous = migratingFrom(model);
  if (previous === undefined) return undefined;
  const moves = new Map<string, StackMoves>();
  const of = (stack: string) => {
    let m = moves.get(stack);
    if (!m) moves.set(stack, (m = { forget: [], takeOver: [] }));
    return m;
  };
  for (const account of [...new Set(model.assignments.map((a) => a.accountId))].sort()) {
    const from = assignmentStackOf(account, previous);
    const to = assignmentStackOf(account, ic.assignmentShards);
    if (from === to) continue;
    of(from).forget.push(account);
    of(to).takeOver.push(account);
  }
  const current = new Set(identityCenterStacks(ic.assignmentShards));
  const draining = identityCenterStacks(previous).filter((s) => !current.has(s));
  return { previousShards: previous, moves, draining };
}

/** The imports of each kind whose natural key is among the given keys (a stack adopts only what it declares). */
function importsOf(imports: TerraformImports | undefined, wanted: Partial<Record<ImportKind, Iterable<string>>>): TerraformImports {
  const out: { [K in ImportKind]?: Map<string, string> } = {};
  // In the order of the content's keys, so equal imports make equal maps.
  for (const [kind, keys] of Object.entries(wanted) as Array<[ImportKind, Iterable<string>]>) {
    const ids = imports?.[kind];
    if (!ids || ids.size === 0) continue;
    const picked = new Map<string, string>();
    for (const key of keys) {
      const id = ids.get(key);
      if (id !== undefined) picked.set(key, id);
    }
    if (picked.size > 0) out[kind] = picked;
  }
  return out;
}

const unique = (names: readonly string[]) => [...new Set(names)].sort(cmp);
// Sorted by natural key: what a stack holds does not depend on the order of the model's lists.
const byName = <T extends { name: string }>(items: readonly T[]): T[] => [...items].sort((a, b) => cmp(a.name, b.name));
const sortedTriples = (assignments: readonly AssignmentTriple[]): AssignmentTriple[] =>
  assignments.map((a) => ({ group: a.group, permissionSet: a.permissionSet, accountId: a.accountId })).sort((a, b) => cmp(assignmentKey(a), assignmentKey(b)));
const NO_MOVES: StackMoves = { forget: [], takeOver: [] };

export function oktaContent(m: ResolvedModel): OktaStackContent {
  const org = m.organization;
  const { signOn, ...okta } = org.okta;
  const groups = byName(m.groups);
  return {
    kind: "okta",
    name: OKTA_STACK,
    okta,
    state: org.state,
    // An existing group is looked up by name: its description stays Okta's.
    groups: groups.map((g) => ({ name: g.name, ...(g.source === "managed" && g.description !== undefined ? { description: g.description } : {}), source: g.source })),
    groupRules: ruleBuckets(groups.map((g) => g.name)).map((b) => ({ key: b.key, name: ruleName(okta.usersGroup, b.key), groups: b.groups })),
    ...(okta.app.signOnPolicy === "managed"
      ? { signOnPolicy: { name: `${okta.app.label} sign-on`, everyone: signOn.everyone, privileged: signOn.privileged, privilegedGroups: unique(groups.filter((g) => g.privileged).map((g) => g.name)) } }
      : {}),
    forgetManaged: groups.filter((g) => g.source === "existing").map((g) => g.name),
    ...(org.leavers ? { logStream: { eventSourceName: org.leavers.eventSourceName, region: org.leavers.region, accountId: org.managementAccount } } : {}),
  };
}

export function baseContent(m: ResolvedModel, migration = layoutMigration(m)): BaseStackContent {
  const ic = m.organization.identityCenter;
  const sets = byName(m.permissionSets);
  const monolithic = !isSharded(ic.assignmentShards);
  const groups = byName(m.groups).map((g) => g.name);
  const assignments = sortedTriples(m.assignments);
  const moves = migration?.moves.get(BASE_STACK) ?? NO_MOVES;
  const content: BaseStackContent = {
    kind: "base",
    name: BASE_STACK,
    region: ic.region,
    state: m.organization.state,
    instanceArn: ic.instanceArn,
    permissionSets: sets.map((ps) => ({
      name: ps.name,
      ...(ps.description !== undefined ? { description: ps.description } : {}),
      sessionDuration: ps.sessionDuration,
      ...(ps.relayState !== undefined ? { relayState: ps.relayState } : {}),
      tags: ps.tags,
      managedPolicies: ps.managedPolicies,
      customerManagedPolicies: ps.customerManagedPolicies,
      ...(ps.inlinePolicy !== undefined ? { inlinePolicy: ps.inlinePolicy } : {}),
      ...(ps.permissionsBoundary !== undefined ? { permissionsBoundary: ps.permissionsBoundary } : {}),
    })),
    ...(monolithic ? { assignments: { identityStoreId: ic.identityStoreId, groups, assignments, takeOver: moves.takeOver } } : {}),
    forgetMonolithic: !monolithic && migration !== undefined && !isSharded(migration.previousShards),
    forgetAccounts: !monolithic && migration ? moves.forget : [],
    imports: importsOf(m.imports, {
      permission_set: sets.map((ps) => ps.name),
      managed_policy: sets.flatMap((ps) => ps.managedPolicies.map((arn) => `${ps.name}|${arn}`)),
      customer_managed_policy: sets.flatMap((ps) => ps.customerManagedPolicies.map((c) => `${ps.name}|${c.path}${c.name}`)),
      inline_policy: sets.filter((ps) => ps.inlinePolicy !== undefined).map((ps) => ps.name),
      permissions_boundary: sets.filter((ps) => ps.permissionsBoundary !== undefined).map((ps) => ps.name),
      ...(monolithic ? { group_push: groups, assignment: assignments.map(assignmentKey) } : {}),
    }),
  };
  if (monolithic && moves.takeOver.length > 0) content.imports = inKindOrder({ ...content.imports, group_push: withMarkers(content.imports.group_push, groups) });
  return content;
}

/**
 * A stack that takes over accounts imports the markers of every group (and permission set) it
 * looks up: markers new to its state would defer the lookups and leave the takeover's import ids
 * unknown at plan time. An id the model gives wins; a marker's own id is its name.
 */
function withMarkers(ids: ReadonlyMap<string, string> | undefined, names: readonly string[]): Map<string, string> {
  const out = new Map(ids ?? []);
  for (const name of names) if (!out.has(name)) out.set(name, name);
  return new Map([...out].sort(([a], [b]) => cmp(a, b)));
}

/** The same imports, kinds in one fixed order: equal imports compare equal. */
function inKindOrder(imports: TerraformImports): TerraformImports {
  return Object.fromEntries(IMPORT_KINDS.flatMap((kind) => (imports[kind] ? [[kind, imports[kind]]] : [])));
}

function shardImports(imports: TerraformImports | undefined, groups: string[], permissionSets: string[], assignments: readonly AssignmentTriple[], moves: StackMoves): TerraformImports {
  const adopted = importsOf(imports, { group_push: groups, assignment: assignments.map(assignmentKey), permission_set: permissionSets });
  const takeOver = moves.takeOver.length > 0 && assignments.length > 0;
  const groupMarkers = takeOver ? withMarkers(adopted.group_push, groups) : adopted.group_push;
  const setMarkers = withMarkers(undefined, [...(adopted.permission_set?.keys() ?? []), ...(takeOver ? permissionSets : [])]);
  return inKindOrder({
    ...(adopted.assignment ? { assignment: adopted.assignment } : {}),
    ...(groupMarkers?.size ? { group_push: groupMarkers } : {}),
    ...(setMarkers.size ? { permission_set: setMarkers } : {}),
  });
}

function shardContent(m: ResolvedModel, name: string, assignments: readonly AssignmentTriple[], moves: StackMoves, draining: boolean): ShardStackContent {
  const ic = m.organization.identityCenter;
  const groups = unique(assignments.map((a) => a.group));
  const permissionSets = unique(assignments.map((a) => a.permissionSet));
  return {
    kind: "shard",
    name,
    region: ic.region,
    state: m.organization.state,
    ...(assignments.length > 0 ? { instance: { instanceArn: ic.instanceArn, identityStoreId: ic.identityStoreId } } : {}),
    assignments: [...assignments],
    groups,
    permissionSets,
    moves,
    draining,
    imports: shardImports(m.imports, groups, permissionSets, assignments, moves),
  };
}

/** The shard stacks of the model's layout and, while migrating, the draining stacks of the previous one. */
function shardContents(m: ResolvedModel, migration = layoutMigration(m)): ShardStackContent[] {
  const shardCount = m.organization.identityCenter.assignmentShards;
  // Every shard, also an empty one: its state may still hold assignments to delete.
  const byStack = new Map<string, AssignmentTriple[]>(shardStacks(shardCount).map((name) => [name, []]));
  for (const a of sortedTriples(m.assignments)) byStack.get(assignmentStackOf(a.accountId, shardCount))?.push(a);
  return [
    ...[...byStack].map(([name, assignments]) => shardContent(m, name, assignments, migration?.moves.get(name) ?? NO_MOVES, false)),
    ...(migration?.draining ?? []).map((name) => shardContent(m, name, [], migration!.moves.get(name) ?? NO_MOVES, true)),
  ];
}

function revocationContent(m: ResolvedModel): RevocationStackContent | undefined {
  const org = m.organization;
  if (!org.leavers) return undefined;
  return {
    kind: "revocation",
    name: REVOCATION_STACK,
    leavers: org.leavers,
    state: org.state,
    identityStore: { region: org.identityCenter.region, identityStoreId: org.identityCenter.identityStoreId },
    usersGroup: org.okta.usersGroup,
    managementAccount: org.managementAccount,
    longestSessionSeconds: longestSessionSeconds(m),
    managementAccountPermissionSets: managementAccountPermissionSets(m),
  };
}

/** Every stack's content for a resolved model. */
export function stackContents(m: ResolvedModel): StackContents {
  const migration = layoutMigration(m);
  const revocation = revocationContent(m);
  return { okta: oktaContent(m), base: baseContent(m, migration), shards: shardContents(m, migration), ...(revocation ? { revocation } : {}) };
}
