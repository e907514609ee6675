// What `access doctor` reads from the local Okta beyond groups and pushes: the org's pipeline
// (public /.well-known/okta-organization: "idx" is Identity Engine, "v1" Classic) and one app by
// id. Factors are the factors module's (factors.ts). Registered in server.ts with one line.
import type { FakeOktaState } from "./server.js";

/** Optional parts of the fake's state that only these routes read. */
export interface DoctorOktaState {
  pipeline?: "idx" | "v1";
  /** app id -> status, ACTIVE by default */
  appStatus?: Record<string, string>;
}

const err = (status: number, errorCode: string, errorSummary: string): [number, unknown] => [status, { errorCode, errorSummary, errorCauses: [] }];

/** [status, body] when the request is one of these routes, else undefined. `scopes`: the bearer token's, if any. */
export function doctorRoute(method: string, path: string, scopes: string[] | undefined, state: FakeOktaState): [number, unknown] | undefined {
  const extra = state as FakeOktaState & DoctorOktaState;
  if (method === "GET" && path === "/.well-known/okta-organization") {
    return [200, { id: "00o1fakeorg", pipeline: extra.pipeline ?? "idx", _links: { organization: { href: "http://127.0.0.1" } } }];
  }
  let m: RegExpExecArray | null;
  const needs = (scope: string) => (!scopes ? err(401, "E0000011", "Invalid token provided") : !scopes.includes(scope) ? err(403, "E0000006", "You do not have permission to perform the requested action") : undefined);
  if (method === "GET" && (m = /^\/api\/v1\/apps\/([^/]+)$/.exec(path))) {
    const denied = needs("okta.apps.read");
    if (denied) return denied;
    const app = state.apps.find((a) => a.id === m![1]);
    if (!app) return err(404, "E0000007", `Not found: Resource not found: ${m[1]} (AppInstance)`);
    return [200, { id: app.id, name: app.name, label: app.label, status: extra.appStatus?.[app.id] ?? "ACTIVE", signOnMode: "SAML_2_0", _links: {} }];
  }
  return undefined;
}
