// Reads groups, their members and the AWS app's group pushes from Okta through Okta's Node SDK,
// which follows Link pagination and waits out 429s until X-Rate-Limit-Reset.
import { Client, DefaultRequestExecutor } from "@okta/okta-sdk-nodejs";
import type { OktaCredentials } from "./credentials.js";

export interface OktaGroup {
  id: string;
  name: string;
  type: string;
}

export interface OktaPerson {
  id: string;
  login: string;
  name: string;
  email?: string;
  status: string;
}

/** The group pushes of the AWS app, or why they could not be read. */
export type PushedGroups = { readable: true; appId: string; groupIds: ReadonlySet<string> } | { readable: false; reason: string };

export interface OktaReader {
  groups(): Promise<OktaGroup[]>;
  members(groupId: string): Promise<OktaPerson[]>;
  pushedGroups(appLabel: string): Promise<PushedGroups>;
}

const PAGE = 200;

/** How many times a 429 is waited out before the read fails. */
export const MAX_RATE_LIMIT_RETRIES = 4;

/** An SDK client of the service app, asking for `scopes` (default: the credentials' scopes). */
export function oktaClient(creds: OktaCredentials, scopes: string[] = creds.scopes): Client {
  return new Client({
    orgUrl: creds.orgUrl,
    authorizationMode: "PrivateKey",
    clientId: creds.clientId,
    scopes,
    privateKey: creds.privateKey,
    ...(creds.keyId ? { keyId: creds.keyId } : {}),
    // No token in config files or OKTA_CLIENT_TOKEN is ever used: the service app only.
    token: undefined,
    // The SDK's executor waits until X-Rate-Limit-Reset on a 429; its default gives up after 2.
    requestExecutor: new DefaultRequestExecutor({ maxRetries: MAX_RATE_LIMIT_RETRIES, requestTimeout: 0 }),
  } as ConstructorParameters<typeof Client>[0]);
}

export function oktaReader(creds: OktaCredentials): OktaReader {
  const client = oktaClient(creds);
  const all = async <T>(collection: AsyncIterable<T | null>): Promise<T[]> => {
    const out: T[] = [];
    for await (const item of collection) if (item) out.push(item);
    return out;
  };
  return {
    async groups() {
      const groups = await all(await client.groupApi.listGroups({ limit: PAGE }));
      return groups.map((g) => ({ id: g.id!, name: g.profile?.name ?? "", type: String(g.type ?? "") }));
    },
    async members(groupId) {
      const users = await all(await client.groupApi.listGroupUsers({ groupId, limit: PAGE }));
      return users.map((u) => {
        const p = (u.profile ?? {}) as { login?: string; firstName?: string; lastName?: string; email?: string; displayName?: string };
        const name = p.displayName || [p.firstName, p.lastName].filter(Boolean).join(" ") || p.login || u.id!;
        return { id: u.id!, login: p.login ?? u.id!, name, ...(p.email ? { email: p.email } : {}), status: String(u.status ?? "") };
      });
    },
    async pushedGroups(appLabel) {
      const apps = await all(await client.applicationApi.listApplications({ q: appLabel, limit: PAGE }));
      const app = apps.find((a) => a.label === appLabel && (a as { name?: string }).name === "amazon_aws_sso") ?? apps.find((a) => a.label === appLabel);
      if (!app?.id) return { readable: false, reason: `no Okta app labelled "${appLabel}"` };
      try {
        const mappings = await all(await client.groupPushMappingApi.listGroupPushMappings({ appId: app.id }));
        return { readable: true, appId: app.id, groupIds: new Set(mappings.filter((m) => m.status !== "INACTIVE").map((m) => m.sourceGroupId!)) };
      } catch (err) {
        const status = (err as { status?: number }).status;
        if (status === 403 || status === 404 || status === 401) return { readable: false, reason: `the group push mappings of "${appLabel}" cannot be read (HTTP ${status})` };
        throw err;
      }
    },
  };
}
