// The local Okta's factors endpoint, GET /api/v1/users/{userId}/factors (scope okta.users.read):
// the factors a user enrolled, as Okta's Factors API lists them (an array, not paged). Factors
// live on the fake's users: `factors` on a FakeUser (FakeUserWithFactors).
import { notFound, send, type Route } from "./http.js";
import type { FakeUser, OrgState } from "./state.js";

export interface FakeFactor {
  id: string;
  /** Okta's factorType: webauthn, signed_nonce (Okta Verify FastPass), push, token:software:totp, sms, ... */
  factorType: string;
  provider: string; // FIDO, OKTA, GOOGLE, ...
  status?: "ACTIVE" | "PENDING_ACTIVATION" | "NOT_SETUP"; // ACTIVE by default
}

export type FakeUserWithFactors = FakeUser & { factors?: FakeFactor[] };

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

export function factorRoutes(state: OrgState): Route[] {
  return [
    {
      method: "GET",
      pattern: /^\/api\/v1\/users\/([^/]+)\/factors$/,
      scope: "okta.users",
      handle: ({ res, params }) => {
        const user = state.users.find((u) => u.id === params[0]) as FakeUserWithFactors | undefined;
        if (!user) return notFound(res, params[0]!, "User");
        return send(res, 200, (user.factors ?? []).map(factorJson));
      },
    },
  ];
}
