// The local Okta's user resources and System Log, real in protocol for what leavers need:
// GET /api/v1/users/{id or login} (okta.users.read), GET /api/v1/users/{id}/groups
// (okta.groups.read), POST /api/v1/users/{id}/lifecycle/{deactivate|suspend|unsuspend|activate|reactivate}
// (okta.users.manage), which changes the user's status and writes a System Log event that the
// log stream, if a test subscribed one, receives as Okta's EventBridge log stream would send it.
import { randomUUID } from "node:crypto";
import { notFound, oktaError, send, type Route } from "./http.js";
import type { FakeOktaState, FakeUser, OrgState } from "./state.js";

export type LogStreamListener = (event: Record<string, unknown>) => void;

const streams = new WeakMap<FakeOktaState, { source: string; listener: LogStreamListener }>();
const changed = new WeakMap<FakeUser, string>();

/** Subscribes an EventBridge-like log stream: every System Log event goes to `listener`, enveloped. */
export function streamSystemLog(state: FakeOktaState, source: string, listener: LogStreamListener): void {
  streams.set(state, { source, listener });
}

const LIFECYCLE: Record<string, { status: string; eventType: string; message: string }> = {
  deactivate: { status: "DEPROVISIONED", eventType: "user.lifecycle.deactivate", message: "Deactivate Okta user" },
  suspend: { status: "SUSPENDED", eventType: "user.lifecycle.suspend", message: "Suspend Okta user" },
  unsuspend: { status: "ACTIVE", eventType: "user.lifecycle.unsuspend", message: "Unsuspend Okta user" },
  reactivate: { status: "ACTIVE", eventType: "user.lifecycle.reactivate", message: "Reactivate Okta user" },
  activate: { status: "ACTIVE", eventType: "user.lifecycle.activate", message: "Activate Okta user" },
};

const findUser = (state: OrgState, key: string) => state.users.find((u) => u.id === key || u.profile.login.toLowerCase() === key.toLowerCase());

export function userRoutes(state: OrgState): Route[] {
  return [
    // Without a filter Okta leaves DEPROVISIONED users out. One page.
    {
      method: "GET",
      pattern: /^\/api\/v1\/users$/,
      scope: "okta.users",
      handle: ({ res, url }) => {
        const filter = url.searchParams.get("filter");
        const m = filter ? /^status eq "([A-Z_]+)"$/.exec(filter) : null;
        if (filter && !m) return oktaError(res, 400, "E0000031", `Invalid search criteria: ${filter}`);
        const users = state.users.filter((u) => (m ? (u.status ?? "ACTIVE") === m[1] : (u.status ?? "ACTIVE") !== "DEPROVISIONED"));
        return send(res, 200, users.map((u) => userJson(u)));
      },
    },
    {
      method: "GET",
      pattern: /^\/api\/v1\/users\/([^/]+)$/,
      scope: "okta.users",
      handle: ({ res, params }) => {
        const key = decodeURIComponent(params[0]!);
        const user = findUser(state, key);
        return user ? send(res, 200, userJson(user)) : notFound(res, key, "User");
      },
    },
    {
      method: "GET",
      pattern: /^\/api\/v1\/users\/([^/]+)\/groups$/,
      scope: "okta.groups",
      handle: ({ res, params }) => {
        const key = decodeURIComponent(params[0]!);
        const user = findUser(state, key);
        if (!user) return notFound(res, key, "User");
        const groups = state.groups.filter((g) => g.members.includes(user.id));
        return send(
          res,
          200,
          groups.map((g) => ({ id: g.id, type: g.type ?? "OKTA_GROUP", profile: { name: g.name, description: null }, created: "2026-01-01T00:00:00.000Z", lastUpdated: "2026-01-01T00:00:00.000Z", _links: {} })),
        );
      },
    },
    {
      method: "POST",
      pattern: /^\/api\/v1\/users\/([^/]+)\/lifecycle\/([a-z]+)$/,
      scope: "okta.users",
      handle: ({ res, params }) => {
        const key = decodeURIComponent(params[0]!);
        const user = findUser(state, key);
        if (!user) return notFound(res, key, "User");
        const step = LIFECYCLE[params[1]!];
        if (!step) return notFound(res, params[1]!, "Lifecycle operation");
        user.status = step.status;
        const at = new Date().toISOString();
        changed.set(user, at);
        const stream = streams.get(state);
        if (stream) stream.listener(envelope(stream.source, systemLogEvent(step.eventType, step.message, user, at)));
        return send(res, 200, {});
      },
    },
  ];
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
