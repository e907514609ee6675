// The local Okta's factors endpoint, GET /api/v1/users/{userId}/factors (scope okta.users.read):
// the factors a user enrolled, as Okta's Factors API lists them (an array, not paged). Factors
// live on the fake's users: `factors` on a FakeUser (FakeUserWithFactors).
import type { FakeOktaState, FakeUser } from "./server.js";

export interface FakeFactor {
  id: string;
  /** Okta's factorType: webauthn, signed_nonce (Okta Verify FastPass), push, token:software:totp, sms, ... */
  factorType: string;
  provider: string; // FIDO, OKTA, GOOGLE, ...
  status?: "ACTIVE" | "PENDING_ACTIVATION" | "NOT_SETUP"; // ACTIVE by default
}

export type FakeUserWithFactors = FakeUser & { factors?: FakeFactor[] };

const PATH = /^\/api\/v1\/users\/([^/]+)\/factors$/;
const SCOPE = "okta.users.read";

function factorJson(f: FakeFactor) {
  return {
    id: f.id,
    factorType: f.factorType,
    provider: f.provider,
    vendorName: f.provider,
    status: f.status ?? "ACTIVE",
    created: "2026-01-01T00:00:00.000Z",
    lastUpdated: "2026-01-01T00:00:00.000Z",
    profile: {},
    _links: {},
  };
}

/** Answers the factors route (after the token was checked), or undefined for any other path. */
export function factorsRoute(pathname: string, scopes: string[], state: FakeOktaState): { status: number; body: unknown } | undefined {
  const m = PATH.exec(pathname);
  if (!m) return undefined;
  if (!scopes.includes(SCOPE)) return { status: 403, body: { errorCode: "E0000006", errorSummary: "You do not have permission to perform the requested action", errorCauses: [] } };
  const user = state.users.find((u) => u.id === m[1]) as FakeUserWithFactors | undefined;
  if (!user) return { status: 404, body: { errorCode: "E0000007", errorSummary: `Not found: Resource not found: ${m[1]} (User)`, errorCauses: [] } };
  return { status: 200, body: (user.factors ?? []).map(factorJson) };
}
