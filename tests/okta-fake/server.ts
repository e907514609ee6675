// A local Okta management API on 127.0.0.1, real in protocol for what we read: the OAuth 2.0
// token endpoint with a private-key JWT client assertion (RS256, checked against the service
// app's public key), groups, group members, apps and group push mappings, Link-header pagination
// with `limit`/`after`, X-Rate-Limit-* headers on every answer and injectable 429s.
import { createPublicKey, randomBytes, verify, type KeyObject } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { factorsRoute } from "./factors.js";
import { routeUsers } from "./users.js";
import { doctorRoute } from "./doctor-routes.js";

export interface FakeUser {
  id: string;
  status?: string; // ACTIVE by default
  profile: { login: string; firstName: string; lastName: string; email: string };
}

export interface FakeGroup {
  id: string;
  name: string;
  type?: "OKTA_GROUP" | "APP_GROUP" | "BUILT_IN";
  members: string[]; // user ids
}

export interface FakeApp {
  id: string;
  name: string; // OIN key, e.g. amazon_aws_sso
  label: string;
  /** Source group ids pushed by this app; undefined: the app has no push mapping API (403). */
  pushed?: string[];
}

export interface FakeOktaState {
  users: FakeUser[];
  groups: FakeGroup[];
  apps: FakeApp[];
}

export interface ServiceApp {
  clientId: string;
  keyId: string;
  publicKeyPem: string;
  /** Scopes the app was granted; asking for others fails with invalid_scope. */
  grantedScopes: string[];
}

export interface LoggedRequest {
  method: string;
  path: string; // with query
  status: number;
  at: number; // ms since epoch
  retryCount?: string;
}

export interface FakeOkta {
  url: string;
  state: FakeOktaState;
  requests: LoggedRequest[];
  /** The next request whose path starts with `prefix` answers 429 (once per call). */
  rateLimitNext(prefix: string): void;
  /** Largest page the fake returns, whatever `limit` asks (Okta caps `limit` per endpoint too). */
  pageSize: number;
  tokensIssued: number;
  close(): Promise<void>;
}

const RATE_LIMIT = 600;

const SCOPE_FOR: [RegExp, string][] = [
  [/^\/api\/v1\/groups\/[^/]+\/users$/, "okta.groups.read"],
  [/^\/api\/v1\/groups$/, "okta.groups.read"],
  [/^\/api\/v1\/apps\/[^/]+\/group-push\/mappings$/, "okta.apps.read"],
  [/^\/api\/v1\/apps$/, "okta.apps.read"],
];

export async function startFakeOkta(state: FakeOktaState, app: ServiceApp, options: { pageSize?: number } = {}): Promise<FakeOkta> {
  const publicKey = createPublicKey(app.publicKeyPem);
  const tokens = new Map<string, string[]>(); // access token -> scopes
  const throttled: string[] = [];
  const seenJti = new Set<string>();
  const fake: FakeOkta = {
    url: "",
    state,
    requests: [],
    pageSize: options.pageSize ?? 2,
    tokensIssued: 0,
    rateLimitNext: (prefix) => throttled.push(prefix),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  let remaining = RATE_LIMIT;

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", fake.url);
      const log = (status: number) =>
        fake.requests.push({ method: req.method ?? "", path: url.pathname + url.search, status, at: Date.now(), ...(req.headers["x-okta-retry-count"] ? { retryCount: String(req.headers["x-okta-retry-count"]) } : {}) });
      const reset = Math.floor(Date.now() / 1000) + 1;
      res.setHeader("X-Rate-Limit-Limit", String(RATE_LIMIT));
      res.setHeader("X-Rate-Limit-Reset", String(reset));
      const idx = throttled.findIndex((p) => url.pathname.startsWith(p));
      if (idx >= 0) {
        throttled.splice(idx, 1);
        res.setHeader("X-Rate-Limit-Remaining", "0");
        log(429);
        return send(res, 429, { errorCode: "E0000047", errorSummary: "API call exceeded rate limit due to too many requests." });
      }
      res.setHeader("X-Rate-Limit-Remaining", String(Math.max(0, --remaining)));
      try {
        const status = route(req, res, url, Buffer.concat(chunks).toString("utf8"));
        log(status);
      } catch (err) {
        log(500);
        send(res, 500, { errorCode: "E0000009", errorSummary: String(err) });
      }
    });
  });

  function route(req: IncomingMessage, res: ServerResponse, url: URL, body: string): number {
    const doctor = doctorRoute(req.method ?? "", url.pathname, tokens.get((req.headers.authorization ?? "").replace(/^Bearer /, "")), state);
    if (doctor) return send(res, doctor[0], doctor[1]);
    if (req.method === "POST" && url.pathname === "/oauth2/v1/token") return token(res, body);
    const users = routeUsers(req, res, url, state, tokens.get((req.headers.authorization ?? "").replace(/^Bearer /, "")), send);
    if (users !== undefined) return users;
    if (req.method !== "GET") return send(res, 405, { errorCode: "E0000022", errorSummary: "The endpoint does not support the provided HTTP method" });
    const auth = req.headers.authorization ?? "";
    const scopes = tokens.get(auth.replace(/^Bearer /, ""));
    if (!auth.startsWith("Bearer ") || !scopes) return send(res, 401, { errorCode: "E0000011", errorSummary: "Invalid token provided" });
    const factors = factorsRoute(url.pathname, scopes, state);
    if (factors) return send(res, factors.status, factors.body);
    const need = SCOPE_FOR.find(([re]) => re.test(url.pathname))?.[1];
    if (!need) return send(res, 404, { errorCode: "E0000007", errorSummary: `Not found: Resource not found: ${url.pathname} (Route)` });
    if (!scopes.includes(need)) return send(res, 403, { errorCode: "E0000006", errorSummary: "You do not have permission to perform the requested action" });

    let m: RegExpExecArray | null;
    if (url.pathname === "/api/v1/groups") {
      return page(res, url, state.groups.map(groupJson));
    }
    if ((m = /^\/api\/v1\/groups\/([^/]+)\/users$/.exec(url.pathname))) {
      const group = state.groups.find((g) => g.id === m![1]);
      if (!group) return send(res, 404, { errorCode: "E0000007", errorSummary: `Not found: Resource not found: ${m[1]} (UserGroup)` });
      return page(res, url, group.members.map((id) => userJson(state.users.find((u) => u.id === id)!)));
    }
    if (url.pathname === "/api/v1/apps") {
      const q = url.searchParams.get("q")?.toLowerCase();
      const apps = state.apps.filter((a) => !q || a.label.toLowerCase().startsWith(q) || a.name.toLowerCase().startsWith(q));
      return page(res, url, apps.map((a) => ({ id: a.id, name: a.name, label: a.label, status: "ACTIVE", signOnMode: "SAML_2_0", _links: {} })));
    }
    if ((m = /^\/api\/v1\/apps\/([^/]+)\/group-push\/mappings$/.exec(url.pathname))) {
      const appEntry = state.apps.find((a) => a.id === m![1]);
      if (!appEntry) return send(res, 404, { errorCode: "E0000007", errorSummary: `Not found: Resource not found: ${m[1]} (AppInstance)` });
      if (!appEntry.pushed) return send(res, 403, { errorCode: "E0000006", errorSummary: "You do not have permission to perform the requested action" });
      return page(
        res,
        url,
        appEntry.pushed.map((gid, i) => ({ id: `gpm${i}${gid}`, sourceGroupId: gid, targetGroupId: `t-${gid}`, status: "ACTIVE", created: "2026-01-01T00:00:00.000Z", lastUpdated: "2026-01-01T00:00:00.000Z", lastPush: "2026-01-01T00:00:00.000Z" })),
      );
    }
    return send(res, 404, { errorCode: "E0000007", errorSummary: "Not found" });
  }

  function token(res: ServerResponse, body: string): number {
    const form = new URLSearchParams(body);
    const fail = (error: string, description: string) => send(res, error === "invalid_client" ? 401 : 400, { error, error_description: description });
    if (form.get("grant_type") !== "client_credentials") return fail("unsupported_grant_type", "grant_type must be client_credentials");
    if (form.get("client_assertion_type") !== "urn:ietf:params:oauth:client-assertion-type:jwt-bearer") return fail("invalid_client", "client_assertion_type is missing or wrong");
    const problem = checkAssertion(form.get("client_assertion") ?? "", app, publicKey, `${fake.url}/oauth2/v1/token`, seenJti);
    if (problem) return fail("invalid_client", problem);
    const scopes = (form.get("scope") ?? "").split(" ").filter(Boolean);
    const unknown = scopes.filter((s) => !app.grantedScopes.includes(s));
    if (scopes.length === 0 || unknown.length) return fail("invalid_scope", `The following scopes are not allowed: ${unknown.join(", ") || "(none requested)"}`);
    const accessToken = randomBytes(24).toString("base64url");
    tokens.set(accessToken, scopes);
    fake.tokensIssued++;
    return send(res, 200, { token_type: "Bearer", expires_in: 3600, access_token: accessToken, scope: scopes.join(" ") });
  }

  function page(res: ServerResponse, url: URL, all: unknown[]): number {
    const limit = Math.min(Number(url.searchParams.get("limit") ?? fake.pageSize) || fake.pageSize, fake.pageSize);
    const start = Number(url.searchParams.get("after") ?? 0) || 0;
    const items = all.slice(start, start + limit);
    const self = new URL(url);
    const links = [`<${self.href}>; rel="self"`];
    if (start + limit < all.length) {
      const next = new URL(url);
      next.searchParams.set("after", String(start + limit));
      next.searchParams.set("limit", String(limit));
      links.push(`<${next.href}>; rel="next"`);
    }
    res.setHeader("Link", links);
    return send(res, 200, items);
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}

function send(res: ServerResponse, status: number, body: unknown): number {
  res.statusCode = status;
  res.setHeader("Content-Type", "application/json");
  res.end(JSON.stringify(body));
  return status;
}

function groupJson(g: FakeGroup) {
  return {
    id: g.id,
    created: "2026-01-01T00:00:00.000Z",
    lastUpdated: "2026-01-01T00:00:00.000Z",
    lastMembershipUpdated: "2026-01-01T00:00:00.000Z",
    objectClass: ["okta:user_group"],
    type: g.type ?? "OKTA_GROUP",
    profile: { name: g.name, description: null },
    _links: {},
  };
}

function userJson(u: FakeUser) {
  return { id: u.id, status: u.status ?? "ACTIVE", created: "2026-01-01T00:00:00.000Z", profile: u.profile, _links: {} };
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
