// A local Okta Management API on 127.0.0.1, real in protocol for what this project reads and
// what the okta provider needs to plan and apply the okta stack: the OAuth 2.0 token endpoint
// (private-key JWT), groups and group rules, apps from OIN templates with their keys, metadata,
// group assignments and sign-on policy, group push mappings, ACCESS_POLICY policies and rules.
// Every answer carries X-Rate-Limit-* headers; over the budget Okta's 429 follows; 5xx faults and
// single 429s can be injected. The okta provider reaches it through its `http_proxy` setting
// (OKTA_HTTP_PROXY), which becomes its org URL. One module per API area; add an area with one line
// in `routes` below.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { appRoutes } from "./apps.js";
import { factorRoutes } from "./factors.js";
import { TokenIssuer, type ServiceApp } from "./auth.js";
import { groupRoutes } from "./groups.js";
import { oktaError, send, type Route } from "./http.js";
import { policyRoutes } from "./policies.js";
import { pushRoutes, type PushListener } from "./push-mappings.js";
import { userRoutes } from "./users.js";
import { withDefaults, type FakeOktaState, type FakeUser, type OrgState } from "./state.js";

export type { FakeApp, FakeGroup, FakeGroupRule, FakeOktaState, FakePolicy, FakePolicyRule, FakePushMapping, FakeUser } from "./state.js";
export type { ServiceApp } from "./auth.js";

export interface LoggedRequest {
  method: string;
  path: string; // with query
  status: number;
  at: number; // ms since epoch
  retryCount?: string;
}

export interface FaultPlan {
  /** Share of matching requests that fail, 0..1. */
  share: number;
  status: 500 | 502 | 503 | 504;
  /** Methods that fail; default: the writes (POST, PUT, PATCH, DELETE). */
  methods?: string[];
  /** Source of randomness (a seeded one keeps a test repeatable). */
  random: () => number;
}

export interface FakeOkta {
  url: string;
  state: OrgState;
  requests: LoggedRequest[];
  /** The next request whose path starts with `prefix` answers 429 (once per call). */
  rateLimitNext(prefix: string): void;
  /** The next request whose path starts with `prefix` (and method, when given) answers `status`. */
  failNext(prefix: string, status?: number, method?: string): void;
  /** Requests per window before Okta's 429 (X-Rate-Limit-Limit); the window resets every `windowSeconds`. */
  rateLimit: { limit: number; windowSeconds: number };
  /** Random 5xx answers, off when undefined. */
  faults: FaultPlan | undefined;
  /** Largest page the fake returns, whatever `limit` asks (Okta caps `limit` per endpoint too). */
  pageSize: number;
  tokensIssued: number;
  /** Called when an ACTIVE push mapping pushes a group. */
  onPush(listener: PushListener): void;
  /** Called after every answered request, with the state already changed by it. */
  onRequest(listener: (request: LoggedRequest) => void): void;
  close(): Promise<void>;
}

const WRITES = ["POST", "PUT", "PATCH", "DELETE"];

export async function startFakeOkta(
  initial: FakeOktaState,
  app: ServiceApp,
  options: { pageSize?: number; rateLimit?: { limit: number; windowSeconds: number } } = {},
): Promise<FakeOkta> {
  const state = withDefaults(initial);
  const issuer = new TokenIssuer(app);
  const throttled: string[] = [];
  const failing: { prefix: string; status: number; method?: string }[] = [];
  const pushListeners: PushListener[] = [];
  const requestListeners: ((request: LoggedRequest) => void)[] = [];
  let window = { start: Date.now(), used: 0 };
  let budget = options.rateLimit ?? { limit: 600, windowSeconds: 60 };

  const fake: FakeOkta = {
    url: "",
    state,
    requests: [],
    pageSize: options.pageSize ?? 200,
    get rateLimit() {
      return budget;
    },
    set rateLimit(value) {
      // A new budget starts a new window.
      budget = value;
      window = { start: Date.now(), used: 0 };
    },
    faults: undefined,
    get tokensIssued() {
      return issuer.issued;
    },
    rateLimitNext: (prefix) => throttled.push(prefix),
    failNext: (prefix, status = 500, method) => failing.push({ prefix, status, method }),
    onPush: (listener) => pushListeners.push(listener),
    onRequest: (listener) => requestListeners.push(listener),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const pageSize = () => fake.pageSize;
  const baseUrl = () => fake.url;
  const userJson = (id: string) => {
    const u = state.users.find((x) => x.id === id) as FakeUser;
    return { id: u.id, status: u.status ?? "ACTIVE", created: "2026-01-01T00:00:00.000Z", profile: u.profile, _links: {} };
  };

  const routes: Route[] = [
    // "idx": Okta Identity Engine; "v1": Classic (no app sign-on policies).
    { method: "GET", pattern: /^\/\.well-known\/okta-organization$/, handle: ({ res }) => send(res, 200, { id: "00o-local-org", pipeline: state.pipeline, _links: { organization: { href: fake.url } }, settings: {} }) },
    ...groupRoutes(state, userJson, pageSize),
    ...appRoutes(state, baseUrl, pageSize),
    ...pushRoutes(state, pageSize, pushListeners),
    ...policyRoutes(state, baseUrl),
    ...userRoutes(state),
    ...factorRoutes(state),
  ];

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      // Through `http_proxy` the provider sends absolute-form targets (http://host:port/path).
      const url = new URL(req.url ?? "/", fake.url);
      const method = req.method ?? "GET";
      const log = (status: number) => {
        const entry: LoggedRequest = { method, path: url.pathname === "/oauth2/v1/token" ? url.pathname : url.pathname + url.search, status, at: Date.now(), ...(req.headers["x-okta-retry-count"] ? { retryCount: String(req.headers["x-okta-retry-count"]) } : {}) };
        fake.requests.push(entry);
        for (const listener of requestListeners) listener(entry);
      };
      const raw = Buffer.concat(chunks).toString("utf8");
      try {
        log(handle(req.headers.authorization, method, url, raw, req, res));
      } catch (err) {
        log(oktaError(res, 500, "E0000009", `Internal Server Error: ${err instanceof Error ? err.message : String(err)}`));
      }
    });
  });

  function handle(authorization: string | undefined, method: string, url: URL, raw: string, req: Parameters<Route["handle"]>[0]["req"], res: Parameters<Route["handle"]>[0]["res"]): number {
    // Okta reads the token request's parameters from the form body or, as one SDK sends them, the query.
    if (method === "POST" && url.pathname === "/oauth2/v1/token") return issuer.token(res, raw || url.search.slice(1), `${fake.url}/oauth2/v1/token`);

    const nowMs = Date.now();
    if (nowMs - window.start >= fake.rateLimit.windowSeconds * 1000) window = { start: nowMs, used: 0 };
    const reset = Math.ceil((window.start + fake.rateLimit.windowSeconds * 1000) / 1000);
    res.setHeader("X-Rate-Limit-Limit", String(fake.rateLimit.limit));
    res.setHeader("X-Rate-Limit-Reset", String(reset));
    const idx = throttled.findIndex((p) => url.pathname.startsWith(p));
    if (idx >= 0 || window.used >= fake.rateLimit.limit) {
      if (idx >= 0) {
        throttled.splice(idx, 1);
        // A single injected 429 resets at once, so a client's wait is short.
        res.setHeader("X-Rate-Limit-Reset", String(Math.floor(nowMs / 1000) + 1));
      }
      res.setHeader("X-Rate-Limit-Remaining", "0");
      return oktaError(res, 429, "E0000047", "API call exceeded rate limit due to too many requests.");
    }
    window.used++;
    res.setHeader("X-Rate-Limit-Remaining", String(Math.max(0, fake.rateLimit.limit - window.used)));

    const fail = failing.findIndex((f) => url.pathname.startsWith(f.prefix) && (!f.method || f.method === method));
    if (fail >= 0) return oktaError(res, failing.splice(fail, 1)[0]!.status, "E0000009", "Internal Server Error");
    const faults = fake.faults;
    if (faults && (faults.methods ?? WRITES).includes(method) && faults.random() < faults.share) return oktaError(res, faults.status, "E0000009", "Internal Server Error");

    const candidates = routes.filter((r) => r.pattern.test(url.pathname));
    if (candidates.length === 0) return oktaError(res, 404, "E0000007", `Not found: Resource not found: ${url.pathname} (Route)`);
    const route = candidates.find((r) => r.method === method);
    if (!route) return oktaError(res, 405, "E0000022", "The endpoint does not support the provided HTTP method");
    if (route.scope) {
      const scopes = issuer.scopesOf(authorization);
      if (!scopes) return oktaError(res, 401, "E0000011", "Invalid token provided");
      const ok = method === "GET" ? scopes.includes(`${route.scope}.read`) || scopes.includes(`${route.scope}.manage`) : scopes.includes(`${route.scope}.manage`);
      if (!ok) return oktaError(res, 403, "E0000006", "You do not have permission to perform the requested action");
    }
    let body: unknown;
    if (raw) {
      try {
        body = JSON.parse(raw);
      } catch {
        return oktaError(res, 400, "E0000003", "The request body was not well-formed.");
      }
    }
    return route.handle({ req, res, url, body, params: route.pattern.exec(url.pathname)!.slice(1) });
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}

