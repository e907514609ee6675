// Policies of type ACCESS_POLICY (app sign-on policies) and their rules. A new policy gets its
// system "Catch-all Rule", always last; the other rules keep priorities 1..n, a rule created or
// moved to priority p pushing the ones at p and after down, as Okta renumbers them.
import { invalid, newId, notFound, now, oktaError, send, type Route, type RouteContext } from "./http.js";
import { catchAllRule, type FakePolicy, type FakePolicyRule, type OrgState } from "./state.js";

const ISO_DURATION = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/;
const CONSTRAINT_VALUES = new Set(["REQUIRED", "OPTIONAL"]);

export function policyJson(p: FakePolicy, base: string) {
  return {
    id: p.id,
    status: p.status,
    name: p.name,
    description: p.description ?? null,
    priority: p.priority,
    system: p.system,
    conditions: null,
    created: p.created,
    lastUpdated: p.lastUpdated,
    _links: {
      self: { href: `${base}/api/v1/policies/${p.id}` },
      rules: { href: `${base}/api/v1/policies/${p.id}/rules` },
      mappings: { href: `${base}/api/v1/policies/${p.id}/mappings` },
    },
    _embedded: { resourceType: "APP" },
    type: p.type,
  };
}

export function ruleJson(policy: FakePolicy, r: FakePolicyRule, base: string) {
  const conditions = r.system
    ? null
    : {
        people: { users: { exclude: [] }, ...r.conditions?.people },
        network: { connection: "ANYWHERE", ...r.conditions?.network },
        platform: { include: [], exclude: [], ...r.conditions?.platform },
        userType: { include: [], exclude: [], ...r.conditions?.userType },
        ...Object.fromEntries(Object.entries(r.conditions ?? {}).filter(([k]) => !["people", "network", "platform", "userType"].includes(k))),
      };
  const signOn = r.actions.appSignOn ?? {};
  return {
    id: r.id,
    status: r.status,
    name: r.name,
    priority: r.priority,
    created: r.created,
    lastUpdated: r.lastUpdated,
    system: r.system,
    conditions,
    actions: { appSignOn: { ...signOn, keepMeSignedIn: signOn.keepMeSignedIn ?? { postAuth: "NOT_ALLOWED" } } },
    _links: { self: { href: `${base}/api/v1/policies/${policy.id}/rules/${r.id}` } },
    type: r.type,
  };
}

/** Puts `rule` at `priority` among the non-system rules and renumbers them 1..n; system rules stay last. */
function place(policy: FakePolicy, rule: FakePolicyRule, priority: number | undefined): void {
  const others = policy.rules.filter((r) => !r.system && r !== rule).sort((a, b) => a.priority - b.priority);
  const at = Math.min(Math.max((priority ?? others.length + 1) - 1, 0), others.length);
  others.splice(at, 0, rule);
  renumber(policy, others);
}

function renumber(policy: FakePolicy, ordered = policy.rules.filter((r) => !r.system).sort((a, b) => a.priority - b.priority)): void {
  ordered.forEach((r, i) => (r.priority = i + 1));
  policy.rules = [...ordered, ...policy.rules.filter((r) => r.system)];
}

export function policyRoutes(state: OrgState, baseUrl: () => string): Route[] {
  const scope = "okta.policies";
  const findPolicy = (id: string) => state.policies.find((p) => p.id === id);

  function validateRule(ctx: RouteContext, policy: FakePolicy, body: any, existing?: FakePolicyRule): number | undefined {
    const { res } = ctx;
    const name = String(body?.name ?? "");
    if (!name) return invalid(res, "name", "The field cannot be left blank.");
    if (name.length > 255) return invalid(res, "name", "The field name must be at most 255 characters.");
    if (policy.rules.some((r) => r !== existing && r.name === name)) return invalid(res, "name", "A rule with this name already exists in the policy.");
    const method = body?.actions?.appSignOn?.verificationMethod ?? {};
    for (const field of ["reauthenticateIn", "inactivityPeriod"] as const) {
      if (method[field] && !ISO_DURATION.test(method[field])) return invalid(res, `actions.appSignOn.verificationMethod.${field}`, `'${method[field]}' is not a valid ISO 8601 duration.`);
    }
    if (method.factorMode && !["1FA", "2FA"].includes(method.factorMode)) return invalid(res, "actions.appSignOn.verificationMethod.factorMode", "The factor mode must be 1FA or 2FA.");
    for (const c of method.constraints ?? []) {
      for (const kind of ["possession", "knowledge"]) {
        const value = c?.[kind]?.phishingResistant;
        if (value !== undefined && !CONSTRAINT_VALUES.has(value)) return invalid(res, "actions.appSignOn.verificationMethod.constraints", `phishingResistant must be REQUIRED or OPTIONAL, not ${value}.`);
      }
    }
    if (method.factorMode === "1FA" && (method.constraints ?? []).some((c: any) => c?.possession?.phishingResistant === "REQUIRED" && c?.knowledge)) {
      return invalid(res, "actions.appSignOn.verificationMethod.constraints", "A 1FA rule cannot require two factor types.");
    }
    const groups: string[] = [...(body?.conditions?.people?.groups?.include ?? []), ...(body?.conditions?.people?.groups?.exclude ?? [])];
    const missing = groups.find((id) => !state.groups.some((g) => g.id === id));
    if (missing) return invalid(res, "conditions.people.groups.include", `Group ${missing} does not exist.`);
    return undefined;
  }

  return [
    {
      method: "GET",
      pattern: /^\/api\/v1\/policies$/,
      scope,
      handle: ({ res, url }) => {
        const type = url.searchParams.get("type");
        if (!type) return invalid(res, "type", "The policy type is required.");
        return send(res, 200, state.policies.filter((p) => p.type === type).map((p) => policyJson(p, baseUrl())));
      },
    },
    {
      method: "POST",
      pattern: /^\/api\/v1\/policies$/,
      scope,
      handle: ({ res, body }) => {
        if (body?.type !== "ACCESS_POLICY") return invalid(res, "type", `Policies of type ${body?.type} are not supported by this org.`);
        const name = String(body?.name ?? "");
        if (!name) return invalid(res, "name", "The field cannot be left blank.");
        if (state.policies.some((p) => p.type === body.type && p.name === name)) return invalid(res, "name", "A policy with this name already exists.");
        const at = now();
        const policy: FakePolicy = {
          id: newId("rst"),
          type: "ACCESS_POLICY",
          name,
          description: body.description,
          priority: body.priority || 1,
          status: "ACTIVE",
          system: false,
          rules: [catchAllRule(newId("rul"), "ALLOW", at)],
          created: at,
          lastUpdated: at,
        };
        state.policies.push(policy);
        return send(res, 200, policyJson(policy, baseUrl()));
      },
    },
    {
      method: "GET",
      pattern: /^\/api\/v1\/policies\/([^/]+)$/,
      scope,
      handle: ({ res, params }) => {
        const p = findPolicy(params[0]!);
        return p ? send(res, 200, policyJson(p, baseUrl())) : notFound(res, params[0]!, "Policy");
      },
    },
    {
      method: "PUT",
      pattern: /^\/api\/v1\/policies\/([^/]+)$/,
      scope,
      handle: ({ res, params, body }) => {
        const p = findPolicy(params[0]!);
        if (!p) return notFound(res, params[0]!, "Policy");
        const name = String(body?.name ?? "");
        if (!name) return invalid(res, "name", "The field cannot be left blank.");
        p.name = name;
        p.description = body.description;
        if (body.priority) p.priority = body.priority;
        p.lastUpdated = now();
        return send(res, 200, policyJson(p, baseUrl()));
      },
    },
    {
      method: "DELETE",
      pattern: /^\/api\/v1\/policies\/([^/]+)$/,
      scope,
      handle: ({ res, params }) => {
        const p = findPolicy(params[0]!);
        if (!p) return notFound(res, params[0]!, "Policy");
        if (p.system) return oktaError(res, 403, "E0000006", "You do not have permission to perform the requested action", ["A system policy cannot be deleted."]);
        const user = state.apps.find((a) => a.accessPolicyId === p.id);
        if (user) return invalid(res, "policy", `The policy is in use by the app ${user.label}; assign the app another policy first.`);
        state.policies.splice(state.policies.indexOf(p), 1);
        return send(res, 204);
      },
    },
    {
      method: "GET",
      pattern: /^\/api\/v1\/policies\/([^/]+)\/rules$/,
      scope,
      handle: ({ res, params }) => {
        const p = findPolicy(params[0]!);
        if (!p) return notFound(res, params[0]!, "Policy");
        return send(res, 200, p.rules.map((r) => ruleJson(p, r, baseUrl())));
      },
    },
    {
      method: "POST",
      pattern: /^\/api\/v1\/policies\/([^/]+)\/rules$/,
      scope,
      handle: (ctx) => {
        const p = findPolicy(ctx.params[0]!);
        if (!p) return notFound(ctx.res, ctx.params[0]!, "Policy");
        const bad = validateRule(ctx, p, ctx.body);
        if (bad) return bad;
        const at = now();
        const rule: FakePolicyRule = {
          id: newId("rul"),
          name: ctx.body.name,
          priority: 0,
          status: ctx.body.status === "INACTIVE" ? "INACTIVE" : "ACTIVE",
          system: false,
          type: ctx.body.type ?? p.type,
          conditions: ctx.body.conditions ?? {},
          actions: ctx.body.actions ?? {},
          created: at,
          lastUpdated: at,
        };
        place(p, rule, ctx.body.priority || undefined);
        return send(ctx.res, 200, ruleJson(p, rule, baseUrl()));
      },
    },
    {
      method: "GET",
      pattern: /^\/api\/v1\/policies\/([^/]+)\/rules\/([^/]+)$/,
      scope,
      handle: ({ res, params }) => {
        const p = findPolicy(params[0]!);
        if (!p) return notFound(res, params[0]!, "Policy");
        const r = p.rules.find((x) => x.id === params[1]);
        return r ? send(res, 200, ruleJson(p, r, baseUrl())) : notFound(res, params[1]!, "PolicyRule");
      },
    },
    {
      method: "PUT",
      pattern: /^\/api\/v1\/policies\/([^/]+)\/rules\/([^/]+)$/,
      scope,
      handle: (ctx) => {
        const p = findPolicy(ctx.params[0]!);
        if (!p) return notFound(ctx.res, ctx.params[0]!, "Policy");
        const r = p.rules.find((x) => x.id === ctx.params[1]);
        if (!r) return notFound(ctx.res, ctx.params[1]!, "PolicyRule");
        const body = ctx.body ?? {};
        if (r.system) {
          // Only the catch-all rule's actions can change.
          r.actions = body.actions ?? r.actions;
        } else {
          const bad = validateRule(ctx, p, body, r);
          if (bad) return bad;
          r.name = body.name;
          r.conditions = body.conditions ?? {};
          r.actions = body.actions ?? {};
          if (body.priority) place(p, r, body.priority);
        }
        r.lastUpdated = now();
        return send(ctx.res, 200, ruleJson(p, r, baseUrl()));
      },
    },
    {
      method: "DELETE",
      pattern: /^\/api\/v1\/policies\/([^/]+)\/rules\/([^/]+)$/,
      scope,
      handle: ({ res, params }) => {
        const p = findPolicy(params[0]!);
        if (!p) return notFound(res, params[0]!, "Policy");
        const r = p.rules.find((x) => x.id === params[1]);
        if (!r) return notFound(res, params[1]!, "PolicyRule");
        if (r.system) return oktaError(res, 403, "E0000006", "You do not have permission to perform the requested action", ["The default rule cannot be deleted."]);
        p.rules.splice(p.rules.indexOf(r), 1);
        renumber(p);
        return send(res, 204);
      },
    },
    {
      method: "POST",
      pattern: /^\/api\/v1\/policies\/([^/]+)\/rules\/([^/]+)\/lifecycle\/(activate|deactivate)$/,
      scope,
      handle: ({ res, params }) => {
        const p = findPolicy(params[0]!);
        const r = p?.rules.find((x) => x.id === params[1]);
        if (!p || !r) return notFound(res, params[1]!, "PolicyRule");
        r.status = params[2] === "activate" ? "ACTIVE" : "INACTIVE";
        return send(res, 204);
      },
    },
  ];
}
