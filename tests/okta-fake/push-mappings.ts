// Group push mappings of an app: create (to a new downstream group named after the source, or
// linked to an existing one), ACTIVE/INACTIVE, and delete, which Okta allows only for an INACTIVE
// mapping and which deletes the downstream group only when asked (deleteTargetGroup=true).
import { invalid, newId, notFound, now, oktaError, page, send, type Route } from "./http.js";
import type { FakeApp, FakePushMapping, OrgState } from "./state.js";

/**
 * Told when an ACTIVE push mapping (re)starts pushing a group ("push"), and when a deleted mapping
 * takes its downstream group with it ("delete-target"), e.g. to mirror both in a local Identity Store.
 */
export type PushListener = (event: { kind: "push" | "delete-target"; app: FakeApp; mapping: FakePushMapping; groupName: string; targetGroupName: string }) => void;

export function pushMappingJson(m: FakePushMapping) {
  return { id: m.id, sourceGroupId: m.sourceGroupId, targetGroupId: m.targetGroupId, status: m.status, created: m.created, lastUpdated: m.lastUpdated, lastPush: m.lastPush ?? null, _links: {} };
}

export function pushRoutes(state: OrgState, pageSize: () => number, listeners: PushListener[]): Route[] {
  const scope = "okta.apps";
  const withApp = (res: Parameters<Route["handle"]>[0]["res"], id: string): FakeApp | number => {
    const app = state.apps.find((a) => a.id === id);
    if (!app) return notFound(res, id, "AppInstance");
    if (!app.pushMappings) return oktaError(res, 403, "E0000006", "You do not have permission to perform the requested action");
    return app;
  };
  const notify = (app: FakeApp, m: FakePushMapping) => {
    if (m.status !== "ACTIVE") return;
    m.lastPush = now();
    const groupName = state.groups.find((g) => g.id === m.sourceGroupId)?.name ?? "";
    const targetGroupName = app.targetGroups?.find((t) => t.id === m.targetGroupId)?.name ?? groupName;
    for (const listener of listeners) listener({ kind: "push", app, mapping: m, groupName, targetGroupName });
  };

  return [
    {
      method: "GET",
      pattern: /^\/api\/v1\/apps\/([^/]+)\/group-push\/mappings$/,
      scope,
      handle: ({ res, url, params }) => {
        const app = withApp(res, params[0]!);
        if (typeof app === "number") return app;
        const source = url.searchParams.get("sourceGroupId");
        const status = url.searchParams.get("status");
        const all = app.pushMappings!.filter((m) => (!source || m.sourceGroupId === source) && (!status || m.status === status));
        return page(res, url, all.map(pushMappingJson), pageSize());
      },
    },
    {
      method: "POST",
      pattern: /^\/api\/v1\/apps\/([^/]+)\/group-push\/mappings$/,
      scope,
      handle: ({ res, params, body }) => {
        const app = withApp(res, params[0]!);
        if (typeof app === "number") return app;
        const source = state.groups.find((g) => g.id === body?.sourceGroupId);
        if (!source) return invalid(res, "sourceGroupId", `Group ${body?.sourceGroupId} does not exist.`);
        if (app.pushMappings!.some((m) => m.sourceGroupId === source.id)) return invalid(res, "sourceGroupId", "A push mapping for this group already exists for this app.");
        app.targetGroups ??= [];
        let targetId: string;
        if (body.targetGroupId) {
          if (!app.targetGroups.some((t) => t.id === body.targetGroupId)) return invalid(res, "targetGroupId", `Target group ${body.targetGroupId} does not exist in the app.`);
          targetId = body.targetGroupId;
        } else {
          const name = String(body.targetGroupName ?? "");
          if (!name) return invalid(res, "targetGroupName", "Either targetGroupId or targetGroupName is required.");
          const target = { id: newId("tgt"), name };
          app.targetGroups.push(target);
          targetId = target.id;
        }
        const status = body.status === "INACTIVE" ? "INACTIVE" : "ACTIVE";
        const mapping: FakePushMapping = { id: newId("gPm"), sourceGroupId: source.id, targetGroupId: targetId, status, created: now(), lastUpdated: now() };
        app.pushMappings!.push(mapping);
        notify(app, mapping);
        return send(res, 200, pushMappingJson(mapping));
      },
    },
    {
      method: "GET",
      pattern: /^\/api\/v1\/apps\/([^/]+)\/group-push\/mappings\/([^/]+)$/,
      scope,
      handle: ({ res, params }) => {
        const app = withApp(res, params[0]!);
        if (typeof app === "number") return app;
        const m = app.pushMappings!.find((x) => x.id === params[1]);
        return m ? send(res, 200, pushMappingJson(m)) : notFound(res, params[1]!, "GroupPushMapping");
      },
    },
    {
      method: "PATCH",
      pattern: /^\/api\/v1\/apps\/([^/]+)\/group-push\/mappings\/([^/]+)$/,
      scope,
      handle: ({ res, params, body }) => {
        const app = withApp(res, params[0]!);
        if (typeof app === "number") return app;
        const m = app.pushMappings!.find((x) => x.id === params[1]);
        if (!m) return notFound(res, params[1]!, "GroupPushMapping");
        if (body?.status !== "ACTIVE" && body?.status !== "INACTIVE") return invalid(res, "status", "The status must be ACTIVE or INACTIVE.");
        const was = m.status;
        m.status = body.status;
        m.lastUpdated = now();
        if (was !== "ACTIVE") notify(app, m);
        return send(res, 200, pushMappingJson(m));
      },
    },
    {
      method: "DELETE",
      pattern: /^\/api\/v1\/apps\/([^/]+)\/group-push\/mappings\/([^/]+)$/,
      scope,
      handle: ({ res, url, params }) => {
        const app = withApp(res, params[0]!);
        if (typeof app === "number") return app;
        const m = app.pushMappings!.find((x) => x.id === params[1]);
        if (!m) return notFound(res, params[1]!, "GroupPushMapping");
        if (m.status === "ACTIVE") return invalid(res, "status", "Only an INACTIVE group push mapping can be deleted.");
        app.pushMappings!.splice(app.pushMappings!.indexOf(m), 1);
        if (url.searchParams.get("deleteTargetGroup") === "true") {
          const target = app.targetGroups?.find((t) => t.id === m.targetGroupId);
          app.targetGroups = app.targetGroups?.filter((t) => t !== target);
          const groupName = state.groups.find((g) => g.id === m.sourceGroupId)?.name ?? "";
          for (const listener of listeners) listener({ kind: "delete-target", app, mapping: m, groupName, targetGroupName: target?.name ?? groupName });
        }
        return send(res, 204);
      },
    },
  ];
}
