// Okta's OAuth 2.0 token endpoint for service apps: client_credentials with a private-key JWT
// client assertion (RS256, checked against the service app's public key), as the okta provider
// and the read-only client use it.
import { createPublicKey, randomBytes, verify, type KeyObject } from "node:crypto";
import { send } from "./http.js";
import type { ServerResponse } from "node:http";

export interface ServiceApp {
  clientId: string;
  keyId: string;
  publicKeyPem: string;
  /** Scopes the app was granted; asking for others fails with invalid_scope. */
  grantedScopes: string[];
}

export class TokenIssuer {
  private readonly publicKey: KeyObject;
  private readonly tokens = new Map<string, string[]>(); // access token -> scopes
  private readonly seenJti = new Set<string>();
  issued = 0;

  constructor(private readonly app: ServiceApp) {
    this.publicKey = createPublicKey(app.publicKeyPem);
  }

  /** Scopes of a bearer token, or undefined when Okta would answer 401. */
  scopesOf(authorization: string | undefined): string[] | undefined {
    if (!authorization?.startsWith("Bearer ")) return undefined;
    return this.tokens.get(authorization.slice("Bearer ".length));
  }

  token(res: ServerResponse, body: string, audience: string): number {
    const form = new URLSearchParams(body);
    const fail = (error: string, description: string) => send(res, error === "invalid_client" ? 401 : 400, { error, error_description: description });
    if (form.get("grant_type") !== "client_credentials") return fail("unsupported_grant_type", "grant_type must be client_credentials");
    if (form.get("client_assertion_type") !== "urn:ietf:params:oauth:client-assertion-type:jwt-bearer") return fail("invalid_client", "client_assertion_type is missing or wrong");
    const problem = checkAssertion(form.get("client_assertion") ?? "", this.app, this.publicKey, audience, this.seenJti);
    if (problem) return fail("invalid_client", problem);
    const scopes = (form.get("scope") ?? "").split(" ").filter(Boolean);
    const unknown = scopes.filter((s) => !this.app.grantedScopes.includes(s));
    if (scopes.length === 0 || unknown.length) return fail("invalid_scope", `The following scopes are not allowed: ${unknown.join(", ") || "(none requested)"}`);
    const accessToken = randomBytes(24).toString("base64url");
    this.tokens.set(accessToken, scopes);
    this.issued++;
    return send(res, 200, { token_type: "Bearer", expires_in: 3600, access_token: accessToken, scope: scopes.join(" ") });
  }
}

/** Checks an RS256 client assertion the way Okta does: signature, kid, iss = sub = client id, aud, exp, single-use jti. */
function checkAssertion(jwt: string, app: ServiceApp, key: KeyObject, audience: string, seen: Set<string>): string | undefined {
  const parts = jwt.split(".");
  if (parts.length !== 3) return "client_assertion is not a JWT";
  const [h, p, sig] = parts as [string, string, string];
  let header: { alg?: string; kid?: string };
  let claims: { iss?: string; sub?: string; aud?: string; exp?: number; iat?: number; jti?: string };
  try {
    header = JSON.parse(Buffer.from(h, "base64url").toString("utf8"));
    claims = JSON.parse(Buffer.from(p, "base64url").toString("utf8"));
  } catch {
    return "client_assertion is not valid JSON";
  }
  if (header.alg !== "RS256") return `unsupported alg ${header.alg}`;
  if (header.kid !== undefined && header.kid !== app.keyId) return `no key with kid ${header.kid}`;
  if (!verify("RSA-SHA256", Buffer.from(`${h}.${p}`), key, Buffer.from(sig, "base64url"))) return "The client_assertion signature is invalid.";
  if (claims.iss !== app.clientId || claims.sub !== app.clientId) return "iss and sub must be the client id";
  if (claims.aud !== audience) return `aud must be ${audience}`;
  const now = Date.now() / 1000;
  if (typeof claims.exp !== "number" || claims.exp < now || claims.exp > now + 3600) return "The client_assertion token is expired or lives too long.";
  if (claims.jti) {
    if (seen.has(claims.jti)) return "The client_assertion token has already been used.";
    seen.add(claims.jti);
  }
  return undefined;
}
