// The read-only Okta service app: private-key JWT OAuth 2.0, from the same variables as the
// Terraform okta provider. Only read scopes are ever requested.
/** Groups and their members (okta.groups.read), the AWS app and its group pushes (okta.apps.read). */
export const READ_SCOPES = ["okta.groups.read", "okta.apps.read"] as const;

export interface OktaCredentials {
  orgUrl: string;
  clientId: string;
  keyId?: string;
  privateKey: string; // PEM or JWK text; never printed
  scopes: string[];
}

export class OktaConfigError extends Error {}

/**
 * Credentials from OKTA_API_CLIENT_ID, OKTA_API_PRIVATE_KEY_ID, OKTA_API_PRIVATE_KEY and
 * OKTA_API_SCOPES (default: the read scopes); undefined when no client id is set (Okta not
 * available). The org URL is https://<org_name>.<base_url> from the model, or $OKTA_CLIENT_ORGURL
 * (the Okta SDK's own variable) when set, e.g. for a preview org or a local test server.
 */
export function oktaCredentialsFromEnv(env: NodeJS.ProcessEnv, org: { orgName: string; baseUrl: string }): OktaCredentials | undefined {
  const clientId = env.OKTA_API_CLIENT_ID?.trim();
  if (!clientId) return undefined;
  const privateKey = env.OKTA_API_PRIVATE_KEY;
  if (!privateKey?.trim()) throw new OktaConfigError("OKTA_API_CLIENT_ID is set but OKTA_API_PRIVATE_KEY is empty: set the service app's private key (PEM or JWK)");
  const scopes = (env.OKTA_API_SCOPES?.trim() ? env.OKTA_API_SCOPES.split(/[\s,]+/).filter(Boolean) : [...READ_SCOPES]);
  const writable = scopes.filter((s) => !s.endsWith(".read"));
  if (writable.length) {
    throw new OktaConfigError(`reading Okta needs read-only scopes, but OKTA_API_SCOPES asks for ${writable.join(", ")}: use the read-only service app (${READ_SCOPES.join(" ")})`);
  }
  const orgUrl = (env.OKTA_CLIENT_ORGURL?.trim() || `https://${org.orgName}.${org.baseUrl}`).replace(/\/+$/, "");
  const keyId = env.OKTA_API_PRIVATE_KEY_ID?.trim();
  return { orgUrl, clientId, privateKey, scopes, ...(keyId ? { keyId } : {}) };
}
