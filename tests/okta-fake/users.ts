// The local Okta's user resources and System Log, real in protocol for what leavers need:
// GET /api/v1/users/{id or login} (okta.users.read), GET /api/v1/users/{id}/groups
// (okta.groups.read), POST /api/v1/users/{id}/lifecycle/{deactivate|suspend|unsuspend|activate|reactivate}
// (okta.users.manage), which changes the user's status and writes a System Log event that the
// log stream, if a test subscribed one, receives as Okta's EventBridge log stream would send it.
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { FakeOktaState, FakeUser } from "./server.js";

export type LogStreamListener = (event: Record<string, unknown>) => void;

const streams = new WeakMap<FakeOktaState, { source: string; listener: LogStreamListener }>();
const changed = new WeakMap<FakeUser, string>();

/** Subscribes an EventBridge-like log stream: every System Log event goes to `listener`, enveloped. */
export function streamSystemLog(state: FakeOktaState, source: string, listener: LogStreamListener): void {
  streams.set(state, { source, listener });
}

type Send = (res: ServerResponse, status: number, body: unknown) => number;

const LIFECYCLE: Record<string, { status: string; eventType: string; message: string }> = {
  deactivate: { status: "DEPROVISIONED", eventType: "user.lifecycle.deactivate", message: "Deactivate Okta user" },
  suspend: { status: "SUSPENDED", eventType: "user.lifecycle.suspend", message: "Suspend Okta user" },
  unsuspend: { status: "ACTIVE", eventType: "user.lifecycle.unsuspend", message: "Unsuspend Okta user" },
  reactivate: { status: "ACTIVE", eventType: "user.lifecycle.reactivate", message: "Reactivate Okta user" },
  activate: { status: "ACTIVE", eventType: "user.lifecycle.activate", message: "Activate Okta user" },
};

/**
 * Answers /api/v1/users/... ; returns undefined for any other path. `scopes` are the caller's
 * token's scopes (undefined: no valid token).
 */
export function routeUsers(req: IncomingMessage, res: ServerResponse, url: URL, state: FakeOktaState, scopes: string[] | undefined, send: Send): number | undefined {
  if (url.pathname === "/api/v1/users") return listUsers(res, url, state, scopes, send);
  const m = /^\/api\/v1\/users\/([^/]+)(\/groups|\/lifecycle\/([a-z]+))?$/.exec(url.pathname);
  if (!m) return undefined;
  if (!scopes) return send(res, 401, { errorCode: "E0000011", errorSummary: "Invalid token provided" });
  const key = decodeURIComponent(m[1]!);
  const user = state.users.find((u) => u.id === key || u.profile.login.toLowerCase() === key.toLowerCase());
  const need = m[3] ? "okta.users.manage" : m[2] ? "okta.groups.read" : "okta.users.read";
  if (!scopes.includes(need)) return send(res, 403, { errorCode: "E0000006", errorSummary: "You do not have permission to perform the requested action" });
  if (!user) return send(res, 404, { errorCode: "E0000007", errorSummary: `Not found: Resource not found: ${key} (User)`, errorCauses: [] });
  if (m[3]) {
    const step = LIFECYCLE[m[3]];
    if (req.method !== "POST" || !step) return send(res, 404, { errorCode: "E0000007", errorSummary: "Not found" });
    user.status = step.status;
    const now = new Date().toISOString();
    changed.set(user, now);
    const stream = streams.get(state);
    if (stream) stream.listener(envelope(stream.source, systemLogEvent(step.eventType, step.message, user, now)));
    return send(res, 200, {});
  }
  if (req.method !== "GET") return send(res, 405, { errorCode: "E0000022", errorSummary: "The endpoint does not support the provided HTTP method" });
  if (m[2]) {
    const groups = state.groups.filter((g) => g.members.includes(user.id));
    return send(
      res,
      200,
      groups.map((g) => ({ id: g.id, type: g.type ?? "OKTA_GROUP", profile: { name: g.name, description: null }, created: "2026-01-01T00:00:00.000Z", lastUpdated: "2026-01-01T00:00:00.000Z", _links: {} })),
    );
  }
  return send(res, 200, userJson(user));
}

/** GET /api/v1/users[?filter=status eq "X"]: without a filter Okta leaves DEPROVISIONED users out. One page. */
function listUsers(res: ServerResponse, url: URL, state: FakeOktaState, scopes: string[] | undefined, send: Send): number {
  if (!scopes) return send(res, 401, { errorCode: "E0000011", errorSummary: "Invalid token provided" });
  if (!scopes.includes("okta.users.read")) return send(res, 403, { errorCode: "E0000006", errorSummary: "You do not have permission to perform the requested action" });
  const filter = url.searchParams.get("filter");
  const m = filter ? /^status eq "([A-Z_]+)"$/.exec(filter) : null;
  if (filter && !m) return send(res, 400, { errorCode: "E0000031", errorSummary: `Invalid search criteria: ${filter}` });
  const users = state.users.filter((u) => (m ? (u.status ?? "ACTIVE") === m[1] : (u.status ?? "ACTIVE") !== "DEPROVISIONED"));
  return send(res, 200, users.map((u) => userJson(u)));
}

function userJson(user: FakeUser) {
  return { id: user.id, status: user.status ?? "ACTIVE", created: "2026-01-01T00:00:00.000Z", statusChanged: changed.get(user) ?? "2026-01-01T00:00:00.000Z", profile: user.profile, _links: {} };
}

function systemLogEvent(eventType: string, displayMessage: string, user: FakeUser, published: string) {
  return {
    uuid: randomUUID(),
    published,
    eventType,
    version: "0",
    severity: "INFO",
    displayMessage,
    actor: { id: "00uadmin0000000000x7", type: "User", alternateId: "hr.admin@example.com", displayName: "HR Admin", detailEntry: null },
    client: { ipAddress: "127.0.0.1", device: "Computer", zone: "null" },
    outcome: { result: "SUCCESS", reason: null },
    target: [{ id: user.id, type: "User", alternateId: user.profile.login, displayName: `${user.profile.firstName} ${user.profile.lastName}`, detailEntry: null }],
    transaction: { type: "WEB", id: randomUUID(), detail: {} },
    debugContext: { debugData: {} },
    authenticationContext: { authenticationStep: 0, externalSessionId: "local" },
    securityContext: {},
    request: { ipChain: [] },
  };
}

function envelope(source: string, detail: Record<string, unknown>) {
  return { version: "0", id: randomUUID(), "detail-type": "SystemLog", source, account: "999999999999", time: new Date().toISOString(), region: "us-east-1", resources: [], detail };
}

/** Sets when a seeded user's status changed (users changed through the lifecycle API get "now"). */
export function setStatusChanged(user: FakeUser, iso: string): void {
  changed.set(user, iso);
}
