// Selector compression: the most readable account selector that selects EXACTLY a given set of
// accounts, never a broader one. Candidates are `all`, `{ ou }`, `{ tags }`, `{ ou, tags }`,
// `{ ou, except }` and the plain list; each is checked with the model's own selector evaluation,
// so what the import writes is what validation resolves.
import { cmp } from "../model/order.js";
import type { RawSelector } from "../model/schema.js";
import { AccountIndex, inOu, selectAccounts } from "../model/selectors.js";
import type { Account } from "../model/types.js";

interface Candidate {
  selector: RawSelector;
  /** Roughly the number of things a reader must hold in mind. */
  cost: number;
  /** Tie-break: lower reads better (all < ou < tags < ou+tags < ou+except < list). */
  rank: number;
}

const sameSet = (a: readonly Account[], ids: ReadonlySet<string>) => a.length === ids.size && a.every((x) => ids.has(x.id));
const depth = (ou: string) => (ou === "" ? 0 : ou.split("/").length);

/** The selector for exactly `ids` among `accounts`; `ids` must be a non-empty subset of them. */
export function compressSelector(ids: ReadonlySet<string>, accounts: readonly Account[]): RawSelector {
  const index = new AccountIndex(accounts);
  const targets = accounts.filter((a) => ids.has(a.id));
  if (targets.length !== ids.size || targets.length === 0) throw new Error("compressSelector: every id must be one of the accounts, and there must be at least one");
  const names = (list: readonly Account[]) => list.map((a) => a.name).sort(cmp);
  const candidates: Candidate[] = [{ selector: names(targets), cost: targets.length, rank: 5 }];
  if (targets.length === accounts.length) candidates.push({ selector: "all", cost: 0, rank: 0 });

  // OUs that hold every target, deepest first: the one most specific to the grant reads best.
  const enclosing = [...index.ous, ""].filter((ou) => targets.every((a) => inOu(a, ou))).sort((a, b) => depth(b) - depth(a) || cmp(a, b));
  for (const ou of enclosing) {
    const members = accounts.filter((a) => inOu(a, ou));
    if (ou !== "" && sameSet(members, ids)) candidates.push({ selector: { ou }, cost: 1, rank: 1 });
    const except = members.filter((a) => !ids.has(a.id));
    if (except.length > 0 && except.length < targets.length) {
      candidates.push({ selector: { ou: ou === "" ? "/" : ou, except: names(except) }, cost: (ou === "" ? 2 : 1) + except.length, rank: 4 });
    }
  }

  // Tag pairs every target carries.
  const shared = Object.entries(targets[0]!.tags).filter(([k, v]) => targets.every((a) => a.tags[k] === v)).sort(([a], [b]) => cmp(a, b));
  for (const [k, v] of shared) {
    const tagged = accounts.filter((a) => a.tags[k] === v);
    if (sameSet(tagged, ids)) candidates.push({ selector: { tags: { [k]: v } }, cost: 1, rank: 2 });
    for (const ou of enclosing) {
      if (ou === "") continue;
      if (sameSet(tagged.filter((a) => inOu(a, ou)), ids)) candidates.push({ selector: { ou, tags: { [k]: v } }, cost: 2, rank: 3 });
    }
  }

  candidates.sort((a, b) => a.cost - b.cost || a.rank - b.rank);
  for (const c of candidates) {
    const selected = selectAccounts(c.selector, index);
    if (selected.problems.length === 0 && sameSet(selected.accounts, ids)) return c.selector;
  }
  return names(targets); // unreachable: the list always selects exactly the targets
}
