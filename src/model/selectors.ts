// Account selectors (`all`, a list of names/ids, or { ou, tags, except }) evaluated against the
// accounts of the model.
import { cmp } from "./order.js";
import type { RawSelector } from "./schema.js";
import type { Account } from "./types.js";

export class AccountIndex {
  readonly byId = new Map<string, Account>();
  readonly byName = new Map<string, Account>();
  /** Every OU path that exists: each account's OU and all of its ancestors. */
  readonly ous = new Set<string>();

  constructor(readonly accounts: readonly Account[]) {
    for (const a of accounts) {
      this.byId.set(a.id, a);
      this.byName.set(a.name, a);
      const parts = a.ou ? a.ou.split("/") : [];
      for (let i = 1; i <= parts.length; i++) this.ous.add(parts.slice(0, i).join("/"));
    }
  }

  lookup(ref: string): Account | undefined {
    return this.byName.get(ref) ?? this.byId.get(ref);
  }

  /** Names and ids, for did-you-mean hints. */
  refs(): string[] {
    return [...this.byName.keys(), ...this.byId.keys()];
  }
}

export interface SelectorProblem {
  path: (string | number)[]; // inside the selector
  kind: "unknown-account" | "unknown-ou";
  ref: string;
}

export interface Selection {
  accounts: Account[]; // sorted by id, unique
  problems: SelectorProblem[];
}

/** OU paths are compared without surrounding slashes; "" is the root. */
export function normalizeOu(ou: string | undefined): string {
  return (ou ?? "").trim().replace(/^\/+|\/+$/g, "");
}

export function inOu(account: Account, ou: string): boolean {
  return ou === "" || account.ou === ou || account.ou.startsWith(`${ou}/`);
}

export function selectAccounts(selector: RawSelector, index: AccountIndex): Selection {
  const problems: SelectorProblem[] = [];
  let chosen: Account[];
  if (selector === "all") {
    chosen = [...index.accounts];
  } else if (Array.isArray(selector)) {
    chosen = [];
    selector.forEach((ref, i) => {
      const acct = index.lookup(ref);
      if (acct) chosen.push(acct);
      else problems.push({ path: [i], kind: "unknown-account", ref });
    });
  } else {
    const ou = selector.ou === undefined ? undefined : normalizeOu(selector.ou);
    if (ou !== undefined && ou !== "" && !index.ous.has(ou)) problems.push({ path: ["ou"], kind: "unknown-ou", ref: ou });
    const excluded = new Set<string>();
    (selector.except ?? []).forEach((ref, i) => {
      const acct = index.lookup(ref);
      if (acct) excluded.add(acct.id);
      else problems.push({ path: ["except", i], kind: "unknown-account", ref });
    });
    const tags = Object.entries(selector.tags ?? {});
    chosen = index.accounts.filter(
      (a) => !excluded.has(a.id) && (ou === undefined || inOu(a, ou)) && tags.every(([k, v]) => a.tags[k] === v),
    );
  }
  const unique = new Map(chosen.map((a) => [a.id, a]));
  return { accounts: [...unique.values()].sort((a, b) => cmp(a.id, b.id)), problems };
}
