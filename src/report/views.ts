// The access review as plain data, computed from the resolved model (and, when Okta was read,
// the people in each group). Every renderer (html, csv, markdown, json) prints these views.
import type { Account, AccountId, PermissionSet, ResolvedModel, SourceRef } from "../model/types.js";
import { assignmentKey } from "../model/types.js";
import { cmp } from "../model/order.js";
import { dayOf, expiryEnd, readMoment } from "../model/expiry.js";

export const EXPIRING_WITHIN_DAYS = 30;

export interface Person {
  id: string;
  login: string;
  name: string;
  email?: string;
  status: string;
}

/** Okta's view of the model's groups: members by group name; absent groups are simply missing. */
export interface GroupMembers {
  readonly members: ReadonlyMap<string, readonly Person[]>;
}

export interface Grant {
  group: string;
  permissionSet: string;
  accountId: AccountId;
  accountName: string;
  ou: string;
  tags: Record<string, string>;
  /** The permission set is privileged, or the group is marked privileged. */
  privileged: boolean;
  privilegedReasons: string[];
  expires?: string;
  /** Expires within EXPIRING_WITHIN_DAYS days of the report date. */
  expiringSoon: boolean;
  /** Every model entry that makes this grant (usually one). */
  sources: SourceRef[];
}

export interface MatrixCell {
  group: string;
  accountId: AccountId;
  permissionSets: { name: string; privileged: boolean; expiringSoon: boolean }[];
}

export interface AccountView {
  account: Account;
  definedAt?: SourceRef;
  grants: Grant[];
}

export interface PermissionSetView {
  name: string;
  description?: string;
  sessionDuration: string;
  privileged: boolean;
  privilegedReasons: string[];
  /** What it grants: managed policy ARNs, customer-managed references, inline policy, boundary. */
  managedPolicies: string[];
  customerManagedPolicies: string[];
  inlinePolicy?: string;
  permissionsBoundary?: string;
  definedAt?: SourceRef;
  assignedTo: { group: string; accounts: { id: AccountId; name: string }[] }[];
}

export interface GroupView {
  name: string;
  source: "managed" | "existing";
  privileged: boolean;
  description?: string;
  definedAt?: SourceRef;
  /** Number of people in the group in Okta; undefined when Okta was not read or the group is missing there. */
  people?: number;
  grants: number;
  accounts: number;
}

export interface PersonView {
  person: Person;
  groups: string[];
  access: { accountId: AccountId; accountName: string; permissionSet: string; via: string[]; privileged: boolean; expires?: string }[];
}

export interface AccessReport {
  generatedOn: string; // YYYY-MM-DD the expiry highlights are computed for
  summary: { accounts: number; groups: number; permissionSets: number; grants: number; privilegedGrants: number; expiringSoon: number; people?: number };
  grants: Grant[];
  matrix: { groups: string[]; accounts: { id: AccountId; name: string }[]; cells: MatrixCell[] };
  accounts: AccountView[];
  permissionSets: PermissionSetView[];
  groups: GroupView[];
  /** Present only when Okta was read (--okta). */
  people?: PersonView[];
}

/** YYYY-MM-DD `days` after `day` (a day, or an instant: its UTC day), in UTC. */
export function addDays(day: string, days: number): string {
  const read = readMoment(day);
  if ("problem" in read) throw new Error(`not a date: ${day}`);
  return dayOf(read.ms + days * 86_400_000);
}

function grantsOf(model: ResolvedModel, today: string): Grant[] {
  const accounts = new Map(model.accounts.map((a) => [a.id, a]));
  const sets = new Map(model.permissionSets.map((p) => [p.name, p]));
  const groups = new Map(model.groups.map((g) => [g.name, g]));
  const horizon = addDays(today, EXPIRING_WITHIN_DAYS);
  return model.assignments.map((a) => {
    const acct = accounts.get(a.accountId);
    const ps = sets.get(a.permissionSet);
    const markedGroup = groups.get(a.group)?.privilegedReasons.includes("marked privileged") ?? false;
    const reasons = [...(ps?.privileged ? ps.privilegedReasons.map((r) => `${a.permissionSet}: ${r}`) : []), ...(markedGroup ? [`${a.group}: marked privileged`] : [])];
    return {
      group: a.group,
      permissionSet: a.permissionSet,
      accountId: a.accountId,
      accountName: a.accountName,
      ou: acct?.ou ?? "",
      tags: acct?.tags ?? {},
      privileged: Boolean(ps?.privileged) || markedGroup,
      privilegedReasons: reasons,
      ...(a.expires !== undefined ? { expires: a.expires } : {}),
      expiringSoon: a.expires !== undefined && expiryEnd(a.expires) <= expiryEnd(horizon),
      sources: [...(model.sources?.assignments.get(assignmentKey(a)) ?? [])],
    };
  });
}

function describeBoundary(ps: PermissionSet): string | undefined {
  const b = ps.permissionsBoundary;
  if (!b) return undefined;
  return b.kind === "managed" ? b.arn : `${b.path}${b.name}`;
}

export function buildReport(model: ResolvedModel, options: { today: string; members?: GroupMembers }): AccessReport {
  const grants = grantsOf(model, options.today);
  const accountById = new Map(model.accounts.map((a) => [a.id, a]));

  const groupsWithGrants = [...new Set(grants.map((g) => g.group))].sort(cmp);
  const matrixAccounts = model.accounts.filter((a) => grants.some((g) => g.accountId === a.id)).map((a) => ({ id: a.id, name: a.name }));
  const cellMap = new Map<string, MatrixCell>();
  for (const g of grants) {
    const key = `${g.group}|${g.accountId}`;
    const cell = cellMap.get(key) ?? { group: g.group, accountId: g.accountId, permissionSets: [] };
    cell.permissionSets.push({ name: g.permissionSet, privileged: g.privileged, expiringSoon: g.expiringSoon });
    cellMap.set(key, cell);
  }

  const accounts: AccountView[] = model.accounts.map((account) => ({
    account,
    ...(model.sources?.accounts.get(account.id) ? { definedAt: model.sources.accounts.get(account.id)! } : {}),
    grants: grants.filter((g) => g.accountId === account.id).sort((x, y) => cmp(x.group, y.group) || cmp(x.permissionSet, y.permissionSet)),
  }));

  const permissionSets: PermissionSetView[] = model.permissionSets.map((ps) => {
    const byGroup = new Map<string, { id: AccountId; name: string }[]>();
    for (const g of grants.filter((x) => x.permissionSet === ps.name)) {
      byGroup.set(g.group, [...(byGroup.get(g.group) ?? []), { id: g.accountId, name: g.accountName }]);
    }
    const boundary = describeBoundary(ps);
    const definedAt = model.sources?.permissionSets.get(ps.name);
    return {
      name: ps.name,
      ...(ps.description !== undefined ? { description: ps.description } : {}),
      sessionDuration: ps.sessionDuration,
      privileged: ps.privileged,
      privilegedReasons: ps.privilegedReasons,
      managedPolicies: ps.managedPolicies,
      customerManagedPolicies: ps.customerManagedPolicies.map((c) => `${c.path}${c.name}`),
      ...(ps.inlinePolicy !== undefined ? { inlinePolicy: ps.inlinePolicy } : {}),
      ...(boundary !== undefined ? { permissionsBoundary: boundary } : {}),
      ...(definedAt ? { definedAt } : {}),
      assignedTo: [...byGroup].sort(([a], [b]) => cmp(a, b)).map(([group, accts]) => ({ group, accounts: accts })),
    };
  });

  const groups: GroupView[] = model.groups.map((g) => {
    const mine = grants.filter((x) => x.group === g.name);
    const people = options.members?.members.get(g.name)?.length;
    const definedAt = model.sources?.groups.get(g.name);
    return {
      name: g.name,
      source: g.source,
      privileged: g.privileged,
      ...(g.description !== undefined ? { description: g.description } : {}),
      ...(definedAt ? { definedAt } : {}),
      ...(people !== undefined ? { people } : {}),
      grants: mine.length,
      accounts: new Set(mine.map((x) => x.accountId)).size,
    };
  });

  const people = options.members ? peopleViews(grants, options.members) : undefined;

  return {
    generatedOn: options.today,
    summary: {
      accounts: model.accounts.length,
      groups: model.groups.length,
      permissionSets: model.permissionSets.length,
      grants: grants.length,
      privilegedGrants: grants.filter((g) => g.privileged).length,
      expiringSoon: grants.filter((g) => g.expiringSoon).length,
      ...(people ? { people: people.length } : {}),
    },
    grants,
    matrix: {
      groups: groupsWithGrants,
      accounts: matrixAccounts.sort((a, b) => cmp(accountById.get(a.id)!.name, accountById.get(b.id)!.name) || cmp(a.id, b.id)),
      cells: [...cellMap.values()],
    },
    accounts,
    permissionSets,
    groups,
    ...(people ? { people } : {}),
  };
}

/** Person -> (account, permission set) through any of their groups, sorted by login. */
function peopleViews(grants: Grant[], members: GroupMembers): PersonView[] {
  const byPerson = new Map<string, { person: Person; groups: Set<string> }>();
  for (const [group, list] of members.members) {
    for (const p of list) {
      const entry = byPerson.get(p.id) ?? { person: p, groups: new Set<string>() };
      entry.groups.add(group);
      byPerson.set(p.id, entry);
    }
  }
  const views: PersonView[] = [];
  for (const { person, groups } of byPerson.values()) {
    const access = new Map<string, PersonView["access"][number]>();
    for (const g of grants) {
      if (!groups.has(g.group)) continue;
      const key = `${g.accountId}|${g.permissionSet}`;
      const prev = access.get(key);
      if (prev) {
        prev.via.push(g.group);
        prev.privileged ||= g.privileged;
        prev.expires = prev.expires === undefined || g.expires === undefined ? undefined : prev.expires > g.expires ? prev.expires : g.expires;
        if (prev.expires === undefined) delete prev.expires;
      } else {
        access.set(key, {
          accountId: g.accountId,
          accountName: g.accountName,
          permissionSet: g.permissionSet,
          via: [g.group],
          privileged: g.privileged,
          ...(g.expires !== undefined ? { expires: g.expires } : {}),
        });
      }
    }
    views.push({
      person,
      groups: [...groups].sort(cmp),
      access: [...access.values()].sort((a, b) => cmp(a.accountName, b.accountName) || cmp(a.accountId, b.accountId) || cmp(a.permissionSet, b.permissionSet)),
    });
  }
  return views.sort((a, b) => cmp(a.person.login, b.person.login) || cmp(a.person.id, b.person.id));
}

export function sourceText(ref: SourceRef): string {
  return `${ref.file}:${ref.line}`;
}
