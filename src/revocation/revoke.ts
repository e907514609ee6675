// One revocation, the same for the revoker Lambda and `access leaver --revoke`: resolve the
// person's Identity Store user id, read the deny list, prune what expired, add the entry, write
// back only what changed.
import type { IdentitystoreClient } from "@aws-sdk/client-identitystore";
import type { OrganizationsClient } from "@aws-sdk/client-organizations";
import { addEntry, pruneEntries, untilFor, type AddOutcome, type DenyEntry, type StoredEntry } from "./entries.js";
import { readDenyList, writeDenyList } from "./deny-list-aws.js";
import { findStoreUser } from "./identity-store-user.js";

export interface RevocationTarget {
  organizations: OrganizationsClient;
  identityStore: IdentitystoreClient;
  identityStoreId: string;
  policyPrefix: string;
}

export interface RevokeRequest {
  login: string;
  reason: string;
  revokedAt: Date;
  /** Longest session any permission set the person could use allows, in seconds. */
  longestSessionSeconds: number;
  marginSeconds: number;
  now: Date;
}

export interface RevokeResult {
  login: string;
  /** "no-store-user": the Identity Store has no user of that name (never provisioned, or deleted). */
  outcome: AddOutcome | "no-store-user";
  entry?: DenyEntry;
  pruned: StoredEntry[];
  changedPolicies: string[];
  /** Entries in the list after the write. */
  total: number;
}

export async function revokePerson(target: RevocationTarget, request: RevokeRequest): Promise<RevokeResult> {
  const user = await findStoreUser(target.identityStore, target.identityStoreId, request.login);
  const state = await readDenyList(target.organizations, target.policyPrefix);
  const { kept, pruned } = pruneEntries(state.entries, request.now);
  if (!user) {
    const changedPolicies = pruned.length ? await writeDenyList(target.organizations, state, kept) : [];
    return { login: request.login, outcome: "no-store-user", pruned, changedPolicies, total: kept.length };
  }
  const entry: DenyEntry = {
    person: request.login,
    userId: user.userId,
    reason: request.reason,
    revokedAt: request.revokedAt.toISOString(),
    until: untilFor(request.revokedAt, request.longestSessionSeconds, request.marginSeconds),
  };
  const added = addEntry(kept, entry, request.now);
  const changedPolicies = await writeDenyList(target.organizations, state, added.entries);
  return { login: request.login, outcome: added.outcome, entry, pruned, changedPolicies, total: added.entries.length };
}
