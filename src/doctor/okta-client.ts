// What `access doctor` reads from Okta, through Okta's Node SDK with the read-only service app:
// a token with the configured scopes, whether the org runs Identity Engine, the AWS app, its
// group pushes, the members of groups and their enrolled factors.
import type { Client } from "@okta/okta-sdk-nodejs";
import type { OktaCredentials } from "../okta/credentials.js";
import { oktaClient, oktaReader, type OktaReader } from "../okta/directory.js";

export interface OktaFactor {
  factorType: string;
  provider?: string;
  status: string;
}

export interface DoctorOkta {
  orgUrl: string;
  scopes: string[];
  reader: OktaReader;
  /** Throws the token endpoint's error when the app cannot get a token with `scopes`. */
  token(): Promise<void>;
  /** "idx" for Identity Engine, "v1" for Classic (the public /.well-known/okta-organization). */
  pipeline(): Promise<string>;
  app(appId: string): Promise<{ id: string; label: string; status: string; name: string } | undefined>;
  /** Factors of one user: needs okta.users.read, asked for in a token of its own. */
  factors(userId: string): Promise<OktaFactor[]>;
  /** Whether the app is granted `scope`: a token for it alone is issued (true) or refused with invalid_scope (false). */
  granted(scope: string): Promise<boolean>;
}

export function doctorOkta(creds: OktaCredentials): DoctorOkta {
  const client = (scopes: string[]) => oktaClient(creds, scopes);
  const main = client(creds.scopes);
  let users: Client | undefined;
  return {
    orgUrl: creds.orgUrl,
    scopes: creds.scopes,
    reader: oktaReader(creds),
    async token() {
      const answer = (await main.oauth.getAccessToken()) as { access_token?: string; error?: string; error_description?: string };
      if (!answer?.access_token) throw new Error(`${answer?.error ?? "no access token"}: ${answer?.error_description ?? "the token endpoint returned none"}`);
    },
    async pipeline() {
      const res = await fetch(`${creds.orgUrl}/.well-known/okta-organization`, { headers: { accept: "application/json" } });
      if (!res.ok) throw new Error(`GET /.well-known/okta-organization: HTTP ${res.status}`);
      return String(((await res.json()) as { pipeline?: string }).pipeline ?? "");
    },
    async app(appId) {
      try {
        const app = (await main.applicationApi.getApplication({ appId })) as { id?: string; label?: string; status?: string; name?: string };
        return { id: app.id ?? appId, label: app.label ?? "", status: String(app.status ?? ""), name: app.name ?? "" };
      } catch (err) {
        if ((err as { status?: number }).status === 404) return undefined;
        throw err;
      }
    },
    async granted(scope) {
      let answer: { access_token?: string; error?: string; error_description?: string } | undefined;
      try {
        answer = (await client([scope]).oauth.getAccessToken()) as typeof answer;
      } catch (err) {
        answer = err as typeof answer;
      }
      if (answer?.access_token) return true;
      const why = `${answer?.error ?? ""} ${answer?.error_description ?? ""} ${(answer as { message?: string } | undefined)?.message ?? ""}`;
      if (/invalid_scope|scopes are not allowed/i.test(why)) return false;
      throw new Error(`token request for ${scope}: ${why.trim() || "no answer"}`);
    },
    async factors(userId) {
      users ??= client(["okta.users.read"]);
      const list: { factorType?: unknown; provider?: unknown; status?: unknown }[] = [];
      for await (const f of await users.userFactorApi.listFactors({ userId })) if (f) list.push(f as never);
      return list.map((f) => ({ factorType: String(f.factorType ?? ""), ...(f.provider ? { provider: String(f.provider) } : {}), status: String(f.status ?? "") }));
    },
  };
}
