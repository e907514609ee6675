// Whether a leaver's AWS access has provably ended, from the facts `access leaver` gathered.
// Never "ended" when unsure: every gap (still active in Okta, a session that may outlive the
// deny, no Identity Store id to deny, the management account) is a reason it is not.
import type { StoredEntry } from "../revocation/entries.js";

export interface LeaverFacts {
  okta: { status: string; statusChanged?: string };
  /** Okta statuses in which nobody can sign in (SUSPENDED, DEPROVISIONED). */
  signedOutStatuses: ReadonlySet<string>;
  store?: { userId: string; status: string };
  storeGroups: string[];
  /** Longest session any reachable permission set allows (model and live), in seconds. */
  longestSessionSeconds: number;
  deny?: StoredEntry;
  managementAccountPermissionSets: string[];
  now: Date;
}

export interface LeaverVerdict {
  ended: boolean;
  /** Why access is not (provably) ended; empty when ended. */
  gaps: string[];
  /** What is worth knowing either way (SCIM lagging, when sessions run out). */
  notes: string[];
  /** When the last session issued before the status change ends, if known. */
  sessionsEndBy?: string;
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.000Z$/, "Z");

export function leaverVerdict(f: LeaverFacts): LeaverVerdict {
  const gaps: string[] = [];
  const notes: string[] = [];
  const now = f.now.getTime();
  const signedOut = f.signedOutStatuses.has(f.okta.status);
  if (!signedOut) gaps.push(`the person is ${f.okta.status} in Okta: they can still sign in and start new AWS sessions`);

  const changed = signedOut && f.okta.statusChanged ? Date.parse(f.okta.statusChanged) : NaN;
  const endBy = Number.isFinite(changed) ? changed + f.longestSessionSeconds * 1000 : undefined;
  const expiredByThemselves = endBy !== undefined && endBy <= now;
  const covered = f.deny !== undefined && Date.parse(f.deny.until) > now && (endBy === undefined || Date.parse(f.deny.until) >= endBy);

  if (f.store?.status === "ENABLED") notes.push("the Identity Store user is still ENABLED: SCIM has not deprovisioned it (check the SCIM token and the app's provisioning)");
  if (f.storeGroups.length) notes.push(`the Identity Store still lists them in ${f.storeGroups.length} group${f.storeGroups.length === 1 ? "" : "s"}: ${f.storeGroups.join(", ")}`);
  if (endBy !== undefined) notes.push(`sessions issued before ${f.okta.statusChanged} end by ${iso(endBy)} at the latest (longest session ${f.longestSessionSeconds / 3600} h)`);

  if (signedOut && !expiredByThemselves) {
    if (covered) notes.push(`deny entry for ${f.deny!.userId} until ${f.deny!.until} covers every member account`);
    else if (!f.store) gaps.push("the Identity Store has no user for this login, so no deny entry can name them: sessions issued earlier may still be live; end them in the IAM Identity Center console");
    else if (f.deny && Date.parse(f.deny.until) > now) gaps.push(`the deny entry ends ${f.deny.until}, before the last session may end (${endBy ? iso(endBy) : "unknown"}): run access leaver --revoke`);
    else gaps.push(`no deny entry covers Identity Store user ${f.store.userId}: sessions may still be live${endBy ? ` until ${iso(endBy)}` : ""}; run access leaver --revoke`);
    if (f.managementAccountPermissionSets.length) {
      gaps.push(`service control policies do not bind the management account, where they hold ${f.managementAccountPermissionSets.join(", ")}: end those sessions in the IAM Identity Center console (Users, Active sessions)`);
    }
  }
  if (signedOut && expiredByThemselves) notes.push("every session issued before the status change has run out");
  return { ended: gaps.length === 0, gaps, notes, ...(endBy !== undefined ? { sessionsEndBy: iso(endBy) } : {}) };
}
