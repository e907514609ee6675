// Groups (with the starts-with `q` search that data.okta_group uses), their members, and group
// rules with Okta's lifecycle: a rule is created INACTIVE, must be deactivated before it is
// updated or deleted, and an ACTIVE rule adds the members of the groups its expression names.
import { invalid, newId, notFound, now, oktaError, page, send, type Route } from "./http.js";
import type { FakeGroup, FakeGroupRule, OrgState } from "./state.js";

const RULE_NAME_MAX = 50;
const GROUP_NAME_MAX = 255; // Okta's group profile name: 1 to 255 characters

export function groupJson(g: FakeGroup) {
  return {
    id: g.id,
    created: g.created ?? "2026-01-01T00:00:00.000Z",
    lastUpdated: g.lastUpdated ?? "2026-01-01T00:00:00.000Z",
    lastMembershipUpdated: g.lastUpdated ?? "2026-01-01T00:00:00.000Z",
    objectClass: ["okta:user_group"],
    type: g.type ?? "OKTA_GROUP",
    profile: { name: g.name, description: g.description ?? null },
    _links: {},
  };
}

function ruleJson(r: FakeGroupRule) {
  return {
    type: "group_rule",
    id: r.id,
    status: r.status,
    name: r.name,
    created: r.created,
    lastUpdated: r.lastUpdated,
    conditions: { people: { users: { exclude: r.usersExcluded }, groups: { exclude: [] } }, expression: r.expression },
    actions: { assignUserToGroups: { groupIds: r.assignGroupIds } },
    allGroupsValid: true,
  };
}

/** Group ids named by isMemberOfAnyGroup(...) in a rule expression. */
export function groupsInExpression(value: string): string[] {
  const call = /isMemberOfAnyGroup\(([^)]*)\)/.exec(value);
  return call ? [...call[1]!.matchAll(/"([^"]+)"/g)].map((m) => m[1]!) : [];
}

/** A group's members: the ones added directly plus, through ACTIVE rules, members of the groups the rule names. */
export function effectiveMembers(state: OrgState, groupId: string): string[] {
  const group = state.groups.find((g) => g.id === groupId);
  const members = new Set(group?.members ?? []);
  for (const rule of state.groupRules) {
    if (rule.status !== "ACTIVE" || !rule.assignGroupIds.includes(groupId)) continue;
    for (const source of groupsInExpression(rule.expression.value)) {
      for (const user of state.groups.find((g) => g.id === source)?.members ?? []) if (!rule.usersExcluded.includes(user)) members.add(user);
    }
  }
  return [...members];
}

export function groupRoutes(state: OrgState, userJson: (id: string) => unknown, pageSize: () => number): Route[] {
  const scope = "okta.groups";
  const findGroup = (id: string) => state.groups.find((g) => g.id === id);
  const findRule = (id: string) => state.groupRules.find((r) => r.id === id);

  function validateRule(res: Parameters<Route["handle"]>[0]["res"], body: any): number | undefined {
    const name = String(body?.name ?? "");
    if (name.length < 1 || name.length > RULE_NAME_MAX) return invalid(res, "name", `The field name must be between 1 and ${RULE_NAME_MAX} characters.`);
    const ids: string[] = body?.actions?.assignUserToGroups?.groupIds ?? [];
    if (ids.length === 0) return invalid(res, "actions.assignUserToGroups.groupIds", "At least one group must be assigned.");
    const missing = [...ids, ...groupsInExpression(String(body?.conditions?.expression?.value ?? ""))].find((id) => !findGroup(id));
    if (missing) return invalid(res, "conditions.expression.value", `Group ${missing} does not exist.`);
    return undefined;
  }

  function applyRuleBody(rule: FakeGroupRule, body: any): void {
    rule.name = body.name;
    rule.expression = { type: body.conditions?.expression?.type ?? "urn:okta:expression:1.0", value: body.conditions?.expression?.value ?? "" };
    rule.assignGroupIds = [...(body.actions?.assignUserToGroups?.groupIds ?? [])];
    rule.usersExcluded = [...(body.conditions?.people?.users?.exclude ?? [])];
    rule.lastUpdated = now();
  }

  return [
    // Group rules first: /api/v1/groups/rules would otherwise read as a group id.
    { method: "GET", pattern: /^\/api\/v1\/groups\/rules$/, scope, handle: ({ res, url }) => page(res, url, state.groupRules.map(ruleJson), pageSize()) },
    {
      method: "POST",
      pattern: /^\/api\/v1\/groups\/rules$/,
      scope,
      handle: ({ res, body }) => {
        const bad = validateRule(res, body);
        if (bad) return bad;
        const rule: FakeGroupRule = { id: newId("0pr"), name: "", status: "INACTIVE", expression: { type: "", value: "" }, assignGroupIds: [], usersExcluded: [], created: now(), lastUpdated: now() };
        applyRuleBody(rule, body);
        state.groupRules.push(rule);
        return send(res, 200, ruleJson(rule));
      },
    },
    {
      method: "GET",
      pattern: /^\/api\/v1\/groups\/rules\/([^/]+)$/,
      scope,
      handle: ({ res, params }) => {
        const rule = findRule(params[0]!);
        return rule ? send(res, 200, ruleJson(rule)) : notFound(res, params[0]!, "GroupMembershipMappingRule");
      },
    },
    {
      method: "PUT",
      pattern: /^\/api\/v1\/groups\/rules\/([^/]+)$/,
      scope,
      handle: ({ res, params, body }) => {
        const rule = findRule(params[0]!);
        if (!rule) return notFound(res, params[0]!, "GroupMembershipMappingRule");
        if (rule.status === "ACTIVE") return invalid(res, "status", "Cannot update a rule in ACTIVE status. Deactivate the rule first.");
        const bad = validateRule(res, body);
        if (bad) return bad;
        applyRuleBody(rule, body);
        return send(res, 200, ruleJson(rule));
      },
    },
    {
      method: "DELETE",
      pattern: /^\/api\/v1\/groups\/rules\/([^/]+)$/,
      scope,
      handle: ({ res, params }) => {
        const rule = findRule(params[0]!);
        if (!rule) return notFound(res, params[0]!, "GroupMembershipMappingRule");
        if (rule.status === "ACTIVE") return invalid(res, "status", "Cannot delete a rule in ACTIVE status. Deactivate the rule first.");
        state.groupRules.splice(state.groupRules.indexOf(rule), 1);
        return send(res, 202);
      },
    },
    {
      method: "POST",
      pattern: /^\/api\/v1\/groups\/rules\/([^/]+)\/lifecycle\/(activate|deactivate)$/,
      scope,
      handle: ({ res, params }) => {
        const rule = findRule(params[0]!);
        if (!rule) return notFound(res, params[0]!, "GroupMembershipMappingRule");
        if (rule.status === "INVALID") return invalid(res, "status", "Cannot activate or deactivate a Group Rule with the status INVALID");
        rule.status = params[1] === "activate" ? "ACTIVE" : "INACTIVE";
        rule.lastUpdated = now();
        return send(res, 204);
      },
    },
    {
      method: "GET",
      pattern: /^\/api\/v1\/groups$/,
      scope,
      handle: ({ res, url }) => {
        const q = url.searchParams.get("q")?.toLowerCase();
        const type = /type eq "([A-Z_]+)"/.exec(url.searchParams.get("filter") ?? url.searchParams.get("search") ?? "")?.[1];
        const groups = state.groups.filter((g) => (!q || g.name.toLowerCase().startsWith(q)) && (!type || (g.type ?? "OKTA_GROUP") === type));
        return page(res, url, groups.map(groupJson), pageSize());
      },
    },
    {
      method: "POST",
      pattern: /^\/api\/v1\/groups$/,
      scope,
      handle: ({ res, body }) => {
        const name = String(body?.profile?.name ?? "");
        if (!name) return invalid(res, "profile.name", "The field cannot be left blank.");
        if (name.length > GROUP_NAME_MAX) return invalid(res, "profile.name", `The field name must be between 1 and ${GROUP_NAME_MAX} characters.`);
        if (state.groups.some((g) => g.name === name && (g.type ?? "OKTA_GROUP") === "OKTA_GROUP")) return invalid(res, "profile.name", "An object with this field already exists in the current organization");
        const group: FakeGroup = { id: newId("00g"), name, description: body.profile.description || null, type: "OKTA_GROUP", members: [], created: now(), lastUpdated: now() };
        state.groups.push(group);
        return send(res, 200, groupJson(group));
      },
    },
    {
      method: "GET",
      pattern: /^\/api\/v1\/groups\/([^/]+)$/,
      scope,
      handle: ({ res, params }) => {
        const group = findGroup(params[0]!);
        return group ? send(res, 200, groupJson(group)) : notFound(res, params[0]!, "UserGroup");
      },
    },
    {
      method: "PUT",
      pattern: /^\/api\/v1\/groups\/([^/]+)$/,
      scope,
      handle: ({ res, params, body }) => {
        const group = findGroup(params[0]!);
        if (!group) return notFound(res, params[0]!, "UserGroup");
        if ((group.type ?? "OKTA_GROUP") !== "OKTA_GROUP") return oktaError(res, 403, "E0000006", "You do not have permission to perform the requested action");
        const name = String(body?.profile?.name ?? "");
        if (!name) return invalid(res, "profile.name", "The field cannot be left blank.");
        if (name.length > GROUP_NAME_MAX) return invalid(res, "profile.name", `The field name must be between 1 and ${GROUP_NAME_MAX} characters.`);
        if (state.groups.some((g) => g !== group && g.name === name && (g.type ?? "OKTA_GROUP") === "OKTA_GROUP")) return invalid(res, "profile.name", "An object with this field already exists in the current organization");
        group.name = name;
        group.description = body.profile.description || null;
        group.lastUpdated = now();
        return send(res, 200, groupJson(group));
      },
    },
    {
      method: "DELETE",
      pattern: /^\/api\/v1\/groups\/([^/]+)$/,
      scope,
      handle: ({ res, params }) => {
        const group = findGroup(params[0]!);
        if (!group) return notFound(res, params[0]!, "UserGroup");
        if ((group.type ?? "OKTA_GROUP") !== "OKTA_GROUP") return oktaError(res, 403, "E0000006", "You do not have permission to perform the requested action");
        state.groups.splice(state.groups.indexOf(group), 1);
        // What Okta does with what pointed at the group: assignments and push mappings go, rules turn INVALID.
        for (const app of state.apps) {
          app.groups = app.groups?.filter((a) => a.id !== group.id);
          if (app.pushMappings) app.pushMappings = app.pushMappings.filter((m) => m.sourceGroupId !== group.id);
        }
        for (const rule of state.groupRules) {
          if (rule.assignGroupIds.includes(group.id) || groupsInExpression(rule.expression.value).includes(group.id)) rule.status = "INVALID";
        }
        return send(res, 204);
      },
    },
    {
      method: "GET",
      pattern: /^\/api\/v1\/groups\/([^/]+)\/users$/,
      scope,
      handle: ({ res, url, params }) => {
        if (!findGroup(params[0]!)) return notFound(res, params[0]!, "UserGroup");
        return page(res, url, effectiveMembers(state, params[0]!).map(userJson), pageSize());
      },
    },
  ];
}
