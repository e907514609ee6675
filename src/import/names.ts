// Names the imported model needs that AWS does not guarantee: unique account names the model
// accepts, and file names derived from group and permission set names.
import { cmp } from "../model/order.js";
import type { LiveAccount } from "./estate.js";

const ACCOUNT_NAME_MAX = 50;

/**
 * Account id -> model name. Organizations allows duplicate names, names of any length and names
 * that are 12 digits; the model does not. Such names get the account id appended (and are
 * reported), so every name stays recognisable and the result never depends on read order.
 */
export function accountNames(accounts: readonly LiveAccount[]): { names: Map<string, string>; changed: Array<{ account: LiveAccount; name: string; why: string }> } {
  const counts = new Map<string, number>();
  for (const a of accounts) counts.set(a.name.trim(), (counts.get(a.name.trim()) ?? 0) + 1);
  const names = new Map<string, string>();
  const changed: Array<{ account: LiveAccount; name: string; why: string }> = [];
  for (const a of [...accounts].sort((x, y) => cmp(x.id, y.id))) {
    const base = a.name.trim();
    const why =
      base === "" ? "it has no name" : (counts.get(base) ?? 0) > 1 ? "another account has the same name" : /^\d{12}$/.test(base) ? "a 12-digit name would read as an account id" : base.length > ACCOUNT_NAME_MAX ? `it is longer than ${ACCOUNT_NAME_MAX} characters` : undefined;
    if (why === undefined) {
      names.set(a.id, base);
      continue;
    }
    const name = base === "" ? `account-${a.id}` : `${base.slice(0, ACCOUNT_NAME_MAX - 13)}-${a.id}`;
    names.set(a.id, name);
    changed.push({ account: a, name, why });
  }
  return { names, changed };
}

/** A file name for `name`: lower-case letters, digits, dots, dashes and underscores; unique within `taken`. */
export function fileSlug(name: string, taken: Set<string>): string {
  const base =
    name
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, "-")
      .replace(/^[-.]+|-+$/g, "")
      .slice(0, 80) || "unnamed";
  let slug = base;
  for (let i = 2; taken.has(slug); i++) slug = `${base}-${i}`;
  taken.add(slug);
  return slug;
}
