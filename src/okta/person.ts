// One person in Okta, read-only: status (and since when) and the groups they are in, by login.
// Needs okta.users.read (the user) and okta.groups.read (their groups).
import { Client, DefaultRequestExecutor } from "@okta/okta-sdk-nodejs";
import type { OktaCredentials } from "./credentials.js";
import { MAX_RATE_LIMIT_RETRIES } from "./directory.js";

export const PERSON_SCOPES = ["okta.users.read", "okta.groups.read"] as const;

export interface OktaUser {
  id: string;
  login: string;
  /** ACTIVE, SUSPENDED, DEPROVISIONED, LOCKED_OUT, PASSWORD_EXPIRED, RECOVERY, STAGED, PROVISIONED. */
  status: string;
  /** When the status last changed (ISO-8601), when Okta says. */
  statusChanged?: string;
}

/** Statuses in which a person cannot sign in to Okta, and so cannot start a new AWS session. */
export const SIGNED_OUT_STATUSES = new Set(["SUSPENDED", "DEPROVISIONED"]);

export class OktaPersonNotFound extends Error {}

export interface OktaPersonReader {
  /** Throws OktaPersonNotFound when no user has that login (or id). */
  user(login: string): Promise<OktaUser>;
  groups(userId: string): Promise<string[]>;
  /** Every user with this status (e.g. DEPROVISIONED), all pages. */
  usersWithStatus(status: string): Promise<OktaUser[]>;
}

function toUser(u: { id?: string; status?: unknown; statusChanged?: unknown; profile?: unknown }, fallbackLogin: string): OktaUser {
  const profile = (u.profile ?? {}) as { login?: string };
  const changed = u.statusChanged ? new Date(u.statusChanged as string).toISOString() : undefined;
  return { id: u.id!, login: profile.login ?? fallbackLogin, status: String(u.status ?? ""), ...(changed ? { statusChanged: changed } : {}) };
}

export function oktaPersonReader(creds: OktaCredentials): OktaPersonReader {
  const client = new Client({
    orgUrl: creds.orgUrl,
    authorizationMode: "PrivateKey",
    clientId: creds.clientId,
    scopes: creds.scopes,
    privateKey: creds.privateKey,
    ...(creds.keyId ? { keyId: creds.keyId } : {}),
    token: undefined,
    requestExecutor: new DefaultRequestExecutor({ maxRetries: MAX_RATE_LIMIT_RETRIES, requestTimeout: 0 }),
  } as ConstructorParameters<typeof Client>[0]);
  return {
    async user(login) {
      try {
        return toUser(await client.userApi.getUser({ userId: login }), login);
      } catch (err) {
        if ((err as { status?: number }).status === 404) throw new OktaPersonNotFound(`Okta has no user with login ${login}`);
        throw err;
      }
    },
    async groups(userId) {
      const names: string[] = [];
      for await (const g of await client.userApi.listUserGroups({ userId })) if (g?.profile?.name) names.push(g.profile.name);
      return names.sort();
    },
    async usersWithStatus(status) {
      if (!/^[A-Z_]+$/.test(status)) throw new Error(`not an Okta user status: ${status}`);
      const out: OktaUser[] = [];
      for await (const u of await client.userApi.listUsers({ filter: `status eq "${status}"`, limit: 200 })) if (u) out.push(toUser(u, u.id ?? ""));
      return out;
    },
  };
}
