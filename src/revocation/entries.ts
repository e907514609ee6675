// The revocation deny list as plain data: who is denied, until when, and the pure operations on it
// (add, prune). The SCP documents hold only the user id and `until` of each entry; who and why
// travel with the entry into the audit trail (CloudWatch log, repository_dispatch).

/** What the policies hold: enough to enforce and to expire. */
export interface StoredEntry {
  /** Identity Store user id (the `identitystore:userId` condition value). */
  userId: string;
  /** ISO-8601 UTC instant on a quarter hour: after it the entry has no effect and is pruned. */
  until: string;
}

/** An entry as the revoker or `access leaver --revoke` creates it. */
export interface DenyEntry extends StoredEntry {
  /** Okta login of the person. */
  person: string;
  /** Why, e.g. "user.lifecycle.deactivate" or "access leaver --revoke by alice". */
  reason: string;
  /** ISO-8601 UTC instant the access was revoked (the Okta event's `published`). */
  revokedAt: string;
}

/** Identity Store user ids: optional 10-hex prefix and a UUID (the service's pattern). */
export const USER_ID = /^([0-9a-f]{10}-|)[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/;

const QUARTER_HOUR = 15 * 60_000;

/**
 * Until = revocation time + the longest session the person may hold + margin, rounded up to the
 * quarter hour, so entries revoked close together share one statement of the policy (a mass
 * deactivation fits ~100 people per policy instead of ~20).
 */
export function untilFor(revokedAt: Date, longestSessionSeconds: number, marginSeconds: number): string {
  if (!Number.isFinite(revokedAt.getTime())) throw new Error("revocation time is not a valid date");
  if (!(longestSessionSeconds > 0) || !(marginSeconds >= 0)) throw new Error("session and margin must be positive numbers of seconds");
  const end = revokedAt.getTime() + (longestSessionSeconds + marginSeconds) * 1000;
  return new Date(Math.ceil(end / QUARTER_HOUR) * QUARTER_HOUR).toISOString().replace(/\.000Z$/, "Z");
}

export type AddOutcome = "added" | "extended" | "unchanged" | "expired";

/**
 * Adds an entry. Replays and duplicates change nothing; an entry already covering the id until
 * the same time or later is kept (an out-of-order older event never shortens a deny); an entry
 * that would end in the past is not added.
 */
export function addEntry(entries: readonly StoredEntry[], entry: StoredEntry, now: Date): { entries: StoredEntry[]; outcome: AddOutcome } {
  if (!USER_ID.test(entry.userId)) throw new Error(`"${entry.userId}" is not an Identity Store user id`);
  if (Date.parse(entry.until) <= now.getTime()) return { entries: [...entries], outcome: "expired" };
  const existing = entries.find((e) => e.userId === entry.userId);
  if (existing && Date.parse(existing.until) >= Date.parse(entry.until)) return { entries: [...entries], outcome: "unchanged" };
  const rest = entries.filter((e) => e.userId !== entry.userId);
  return { entries: sortEntries([...rest, { userId: entry.userId, until: entry.until }]), outcome: existing ? "extended" : "added" };
}

/** Removes the entries whose `until` has passed; keeps every other one. */
export function pruneEntries(entries: readonly StoredEntry[], now: Date): { kept: StoredEntry[]; pruned: StoredEntry[] } {
  const kept: StoredEntry[] = [];
  const pruned: StoredEntry[] = [];
  for (const e of entries) (Date.parse(e.until) > now.getTime() ? kept : pruned).push(e);
  return { kept, pruned };
}

/** The one order entries are kept and rendered in: by until, then user id. */
export function sortEntries(entries: readonly StoredEntry[]): StoredEntry[] {
  return [...entries].sort((a, b) => (a.until < b.until ? -1 : a.until > b.until ? 1 : a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
}

/** The entry covering a user id at `now`, if any. */
export function coverOf(entries: readonly StoredEntry[], userId: string, now: Date): StoredEntry | undefined {
  return entries.find((e) => e.userId === userId && Date.parse(e.until) > now.getTime());
}
