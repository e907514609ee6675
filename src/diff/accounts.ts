// The "Accounts" section of the access diff: accounts added, removed, moved between OUs, renamed
// or retagged between base and head, each with the grants it gains and loses. Everything comes
// from the resolved models, so the grants are exactly the triples the diff reports.
import { assignmentKey, type Account, type Assignment, type ResolvedModel } from "../model/types.js";
import { cmp } from "../model/order.js";

/** A grant an account gains or loses: the group and permission set (the account is the entry's). */
export interface AccountGrant {
  group: string;
  permission_set: string;
}

export interface AccountEntry {
  id: string;
  name: string;
  ou: string;
  /** Added: the grants it brings. Moved, renamed, retagged: the grants it gains. */
  granted: AccountGrant[];
  /** Removed: the grants it takes away. Moved, renamed, retagged: the grants it loses. */
  revoked: AccountGrant[];
}

export interface AccountMove extends AccountEntry {
  from_ou: string;
}

export interface AccountRename extends AccountEntry {
  from_name: string;
}

export interface AccountRetag extends AccountEntry {
  tags: { added: string[]; removed: string[] }; // "key=value"
}

export interface AccountsChange {
  added: AccountEntry[];
  removed: AccountEntry[];
  moved: AccountMove[];
  renamed: AccountRename[];
  retagged: AccountRetag[];
}

export function accountsChange(base: ResolvedModel | undefined, head: ResolvedModel): AccountsChange {
  const before = new Map((base?.accounts ?? []).map((a) => [a.id, a]));
  const after = new Map(head.accounts.map((a) => [a.id, a]));
  const grantsBefore = byAccount(base?.assignments ?? []);
  const grantsAfter = byAccount(head.assignments);
  const delta = (id: string) => {
    const b = grantsBefore.get(id) ?? new Map<string, Assignment>();
    const a = grantsAfter.get(id) ?? new Map<string, Assignment>();
    return {
      granted: [...a].filter(([k]) => !b.has(k)).map(([, t]) => grantOf(t)),
      revoked: [...b].filter(([k]) => !a.has(k)).map(([, t]) => grantOf(t)),
    };
  };
  const out: AccountsChange = { added: [], removed: [], moved: [], renamed: [], retagged: [] };
  for (const acct of head.accounts) {
    const old = before.get(acct.id);
    if (!old) {
      out.added.push({ ...entryOf(acct), ...delta(acct.id) });
      continue;
    }
    const d = delta(acct.id);
    if (old.ou !== acct.ou) out.moved.push({ ...entryOf(acct), from_ou: old.ou, ...d });
    if (old.name !== acct.name) out.renamed.push({ ...entryOf(acct), from_name: old.name, ...d });
    const tags = tagChange(old, acct);
    if (tags.added.length || tags.removed.length) out.retagged.push({ ...entryOf(acct), tags, ...d });
  }
  for (const old of base?.accounts ?? []) if (!after.has(old.id)) out.removed.push({ ...entryOf(old), ...delta(old.id) });
  return out;
}

/** The section as Markdown lines, one per account; `esc` escapes text from the model. */
export function accountLines(c: AccountsChange | undefined, esc: (text: string) => string): string[] {
  if (!c) return [];
  const grants = (verb: string, list: AccountGrant[]) => (list.length ? `${verb} ${list.map((g) => `${esc(g.group)} ${esc(g.permission_set)}`).join(", ")}` : undefined);
  const line = (a: AccountEntry, what: string) => {
    const parts = [grants("brings", a.granted), grants("takes away", a.revoked)].filter(Boolean);
    return `- **${esc(a.name)}** (${a.id}) ${what}${parts.length ? `: ${parts.join("; ")}` : ": no grant changes"}`;
  };
  const ou = (o: string) => (o === "" ? "the root" : esc(o));
  return [
    ...c.added.map((a) => line(a, `added in ${ou(a.ou)}`)),
    ...c.moved.map((a) => line(a, `moved from ${ou(a.from_ou)} to ${ou(a.ou)}`)),
    ...c.renamed.map((a) => line(a, `renamed from ${esc(a.from_name)}`)),
    ...c.retagged.map((a) => line(a, `retagged (${[...a.tags.added.map((t) => `+${esc(t)}`), ...a.tags.removed.map((t) => `-${esc(t)}`)].join(", ")})`)),
    ...c.removed.map((a) => line({ ...a, granted: [] }, `removed from ${ou(a.ou)}`)),
  ];
}

/** True when the section has nothing to say. */
export function noAccountChange(c: AccountsChange): boolean {
  return !c.added.length && !c.removed.length && !c.moved.length && !c.renamed.length && !c.retagged.length;
}

function byAccount(assignments: readonly Assignment[]): Map<string, Map<string, Assignment>> {
  const out = new Map<string, Map<string, Assignment>>();
  for (const t of assignments) {
    const m = out.get(t.accountId) ?? new Map<string, Assignment>();
    m.set(assignmentKey(t), t);
    out.set(t.accountId, m);
  }
  return out;
}

function grantOf(t: Assignment): AccountGrant {
  return { group: t.group, permission_set: t.permissionSet };
}

function entryOf(a: Account): Pick<AccountEntry, "id" | "name" | "ou"> {
  return { id: a.id, name: a.name, ou: a.ou };
}

function tagChange(a: Account, b: Account): { added: string[]; removed: string[] } {
  const pairs = (t: Record<string, string>) => new Set(Object.entries(t).map(([k, v]) => `${k}=${v}`));
  const x = pairs(a.tags);
  const y = pairs(b.tags);
  return { added: [...y].filter((p) => !x.has(p)).sort(cmp), removed: [...x].filter((p) => !y.has(p)).sort(cmp) };
}
