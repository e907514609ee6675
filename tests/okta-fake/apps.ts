// Applications: SAML apps created from an OIN template (settings as sent, activation, the signing
// key and SAML metadata the okta provider reads), app group assignments and the app's sign-on
// (ACCESS_POLICY) link. Shapes follow the API's recorded answers (provider test fixtures).
import { generateKeyPairSync, createHash } from "node:crypto";
import { invalid, newId, notFound, now, oktaError, page, send, sendXml, type Route } from "./http.js";
import type { FakeApp, OrgState } from "./state.js";
import { DEFAULT_ACCESS_POLICY_ID } from "./state.js";

/** OIN templates this org's catalogue knows; another `name` is refused as Okta refuses it. */
export const OIN_CATALOGUE: Record<string, { signOnMode: string; features: string[] }> = {
  amazon_aws_sso: { signOnMode: "SAML_2_0", features: [] },
  amazon_aws: { signOnMode: "SAML_2_0", features: [] },
  bookmark: { signOnMode: "BOOKMARK", features: [] },
};

/** Apps whose template supports group push (SCIM) once provisioning is set up. */
const PUSH_CAPABLE = new Set(["amazon_aws_sso"]);

export function signingKey(): Record<string, any> {
  const { publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwk = publicKey.export({ format: "jwk" }) as { n: string; e: string };
  // An opaque certificate stand-in (the SPKI bytes): the provider stores it without parsing it.
  const der = publicKey.export({ type: "spki", format: "der" });
  const at = now();
  return {
    kty: "RSA",
    created: at,
    lastUpdated: at,
    expiresAt: new Date(Date.now() + 10 * 365 * 86400_000).toISOString().replace(/\.\d+Z$/, ".000Z"),
    kid: createHash("sha256").update(der).digest("base64url").slice(0, 43),
    use: "sig",
    x5c: [der.toString("base64")],
    "x5t#S256": createHash("sha256").update(der).digest("base64url"),
    e: jwk.e,
    n: jwk.n,
  };
}

export function appRoutes(state: OrgState, baseUrl: () => string, pageSize: () => number): Route[] {
  const scope = "okta.apps";
  const find = (id: string) => state.apps.find((a) => a.id === id);

  function appJson(app: FakeApp) {
    const base = baseUrl();
    const body = app.body ?? {};
    const kid = app.keys?.[0]?.kid;
    const status = app.status ?? "ACTIVE";
    return {
      id: app.id,
      name: app.name,
      label: app.label,
      status,
      lastUpdated: app.lastUpdated ?? "2026-01-01T00:00:00.000Z",
      created: app.created ?? "2026-01-01T00:00:00.000Z",
      accessibility: { selfService: false, errorRedirectUrl: null, loginRedirectUrl: null, ...body.accessibility },
      visibility: {
        autoLaunch: false,
        autoSubmitToolbar: false,
        ...body.visibility,
        hide: { iOS: false, web: false, ...body.visibility?.hide },
        appLinks: body.visibility?.appLinks ?? { [`${app.name}_link`]: true },
      },
      features: app.pushMappings ? ["GROUP_PUSH", "PUSH_NEW_USERS"] : [],
      signOnMode: app.signOnMode ?? "SAML_2_0",
      credentials: {
        userNameTemplate: { template: "${source.login}", type: "BUILT_IN", ...body.credentials?.userNameTemplate },
        ...(kid ? { signing: { kid } } : {}),
      },
      settings: {
        app: { ...body.settings?.app },
        notifications: { vpn: { network: { connection: "DISABLED" }, message: null, helpUrl: null } },
        manualProvisioning: false,
        implicitAssignment: body.settings?.implicitAssignment ?? false,
        notes: { admin: null, enduser: null, ...body.settings?.notes },
        signOn: { slo: { enabled: false }, attributeStatements: [], ...body.settings?.signOn },
      },
      _links: {
        metadata: { href: `${base}/api/v1/apps/${app.id}/sso/saml/metadata`, type: "application/xml" },
        appLinks: [{ name: `${app.name}_link`, href: `${base}/home/${app.name}/${app.id}/aln${app.id.slice(3)}`, type: "text/html" }],
        policies: { href: `${base}/api/v1/apps/${app.id}/policies`, hints: { allow: ["PUT"] } },
        groups: { href: `${base}/api/v1/apps/${app.id}/groups` },
        users: { href: `${base}/api/v1/apps/${app.id}/users` },
        accessPolicy: { href: `${base}/api/v1/policies/${app.accessPolicyId ?? DEFAULT_ACCESS_POLICY_ID}` },
        [status === "ACTIVE" ? "deactivate" : "activate"]: { href: `${base}/api/v1/apps/${app.id}/lifecycle/${status === "ACTIVE" ? "deactivate" : "activate"}` },
      },
    };
  }

  function metadataXml(app: FakeApp, key: Record<string, any>): string {
    const entity = `http://www.okta.com/exk${app.id.slice(3)}`;
    const sso = `${baseUrl()}/app/${app.name}/exk${app.id.slice(3)}/sso/saml`;
    return (
      `<?xml version="1.0" encoding="UTF-8"?><md:EntityDescriptor entityID="${entity}" xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata">` +
      `<md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">` +
      `<md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>${key.x5c[0]}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>` +
      `<md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified</md:NameIDFormat>` +
      `<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="${sso}"/>` +
      `<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${sso}"/>` +
      `</md:IDPSSODescriptor></md:EntityDescriptor>`
    );
  }

  function storeBody(app: FakeApp, body: any): void {
    const { id: _id, name: _name, label: _label, status: _status, _links, ...rest } = body ?? {};
    // Okta keeps the signing key it issued; a body without credentials.signing does not drop it.
    app.body = rest;
  }

  const assignmentJson = (app: FakeApp, a: NonNullable<FakeApp["groups"]>[number]) => ({
    id: a.id,
    lastUpdated: now(),
    priority: a.priority ?? 0,
    profile: a.profile ?? {},
    _links: { app: { href: `${baseUrl()}/api/v1/apps/${app.id}` }, group: { href: `${baseUrl()}/api/v1/groups/${a.id}` } },
  });

  return [
    {
      method: "GET",
      pattern: /^\/api\/v1\/apps$/,
      scope,
      handle: ({ res, url }) => {
        const q = url.searchParams.get("q")?.toLowerCase();
        const apps = state.apps.filter((a) => !q || a.label.toLowerCase().startsWith(q) || a.name.toLowerCase().startsWith(q));
        return page(res, url, apps.map(appJson), pageSize());
      },
    },
    {
      method: "POST",
      pattern: /^\/api\/v1\/apps$/,
      scope,
      handle: ({ res, url, body }) => {
        const label = String(body?.label ?? "");
        if (!label) return invalid(res, "label", "The field cannot be left blank.");
        const name = String(body?.name ?? "");
        const template = OIN_CATALOGUE[name];
        if (!template) return invalid(res, "name", `No application with the name ${name} exists in the Okta Integration Network.`);
        const app: FakeApp = {
          id: newId("0oa"),
          name,
          label,
          status: url.searchParams.get("activate") === "false" ? "INACTIVE" : "ACTIVE",
          signOnMode: template.signOnMode,
          keys: [signingKey()],
          groups: [],
          accessPolicyId: DEFAULT_ACCESS_POLICY_ID,
          created: now(),
          lastUpdated: now(),
          ...(PUSH_CAPABLE.has(name) ? { pushMappings: [], targetGroups: [] } : {}),
        };
        storeBody(app, body);
        state.apps.push(app);
        return send(res, 200, appJson(app));
      },
    },
    {
      method: "GET",
      pattern: /^\/api\/v1\/apps\/([^/]+)$/,
      scope,
      handle: ({ res, params }) => {
        const app = find(params[0]!);
        return app ? send(res, 200, appJson(app)) : notFound(res, params[0]!, "AppInstance");
      },
    },
    {
      method: "PUT",
      pattern: /^\/api\/v1\/apps\/([^/]+)$/,
      scope,
      handle: ({ res, params, body }) => {
        const app = find(params[0]!);
        if (!app) return notFound(res, params[0]!, "AppInstance");
        const label = String(body?.label ?? "");
        if (!label) return invalid(res, "label", "The field cannot be left blank.");
        if (body?.name && body.name !== app.name) return invalid(res, "name", "The application name cannot be changed.");
        app.label = label;
        storeBody(app, body);
        app.lastUpdated = now();
        return send(res, 200, appJson(app));
      },
    },
    {
      method: "DELETE",
      pattern: /^\/api\/v1\/apps\/([^/]+)$/,
      scope,
      handle: ({ res, params }) => {
        const app = find(params[0]!);
        if (!app) return notFound(res, params[0]!, "AppInstance");
        if ((app.status ?? "ACTIVE") === "ACTIVE") return oktaError(res, 403, "E0000056", "Delete application forbidden.", ["The application must be deactivated before it is deleted."]);
        state.apps.splice(state.apps.indexOf(app), 1);
        return send(res, 204);
      },
    },
    {
      method: "POST",
      pattern: /^\/api\/v1\/apps\/([^/]+)\/lifecycle\/(activate|deactivate)$/,
      scope,
      handle: ({ res, params }) => {
        const app = find(params[0]!);
        if (!app) return notFound(res, params[0]!, "AppInstance");
        app.status = params[1] === "activate" ? "ACTIVE" : "INACTIVE";
        app.lastUpdated = now();
        return send(res, 200, {});
      },
    },
    {
      method: "GET",
      pattern: /^\/api\/v1\/apps\/([^/]+)\/credentials\/keys$/,
      scope,
      handle: ({ res, params }) => {
        const app = find(params[0]!);
        return app ? send(res, 200, app.keys ?? []) : notFound(res, params[0]!, "AppInstance");
      },
    },
    {
      method: "GET",
      pattern: /^\/api\/v1\/apps\/([^/]+)\/sso\/saml\/metadata$/,
      scope,
      handle: ({ res, url, params }) => {
        const app = find(params[0]!);
        if (!app) return notFound(res, params[0]!, "AppInstance");
        const kid = url.searchParams.get("kid");
        const key = kid ? app.keys?.find((k) => k.kid === kid) : app.keys?.[0];
        if (!key) return notFound(res, kid ?? "(no key)", "AppInstanceKeyCredential");
        return sendXml(res, metadataXml(app, key));
      },
    },
    {
      method: "PUT",
      pattern: /^\/api\/v1\/apps\/([^/]+)\/policies\/([^/]+)$/,
      scope: "okta.apps",
      handle: ({ res, params }) => {
        const app = find(params[0]!);
        if (!app) return notFound(res, params[0]!, "AppInstance");
        const policy = state.policies.find((p) => p.id === params[1]);
        if (!policy) return notFound(res, params[1]!, "Policy");
        if (policy.type !== "ACCESS_POLICY") return invalid(res, "policyId", "Only an ACCESS_POLICY can be assigned to an app.");
        app.accessPolicyId = policy.id;
        return send(res, 204);
      },
    },
    {
      method: "GET",
      pattern: /^\/api\/v1\/apps\/([^/]+)\/groups$/,
      scope,
      handle: ({ res, url, params }) => {
        const app = find(params[0]!);
        if (!app) return notFound(res, params[0]!, "AppInstance");
        return page(res, url, (app.groups ?? []).map((a) => assignmentJson(app, a)), pageSize());
      },
    },
    {
      method: "GET",
      pattern: /^\/api\/v1\/apps\/([^/]+)\/groups\/([^/]+)$/,
      scope,
      handle: ({ res, params }) => {
        const app = find(params[0]!);
        if (!app) return notFound(res, params[0]!, "AppInstance");
        const a = app.groups?.find((g) => g.id === params[1]);
        return a ? send(res, 200, assignmentJson(app, a)) : notFound(res, params[1]!, "ApplicationGroupAssignment");
      },
    },
    {
      method: "PUT",
      pattern: /^\/api\/v1\/apps\/([^/]+)\/groups\/([^/]+)$/,
      scope,
      handle: ({ res, params, body }) => {
        const app = find(params[0]!);
        if (!app) return notFound(res, params[0]!, "AppInstance");
        if (!state.groups.some((g) => g.id === params[1])) return notFound(res, params[1]!, "UserGroup");
        app.groups ??= [];
        let a = app.groups.find((g) => g.id === params[1]);
        if (!a) app.groups.push((a = { id: params[1]! }));
        if (body?.priority !== undefined) a.priority = body.priority;
        if (body?.profile !== undefined) a.profile = body.profile;
        return send(res, 200, assignmentJson(app, a));
      },
    },
    {
      method: "DELETE",
      pattern: /^\/api\/v1\/apps\/([^/]+)\/groups\/([^/]+)$/,
      scope,
      handle: ({ res, params }) => {
        const app = find(params[0]!);
        if (!app) return notFound(res, params[0]!, "AppInstance");
        const before = app.groups?.length ?? 0;
        app.groups = app.groups?.filter((g) => g.id !== params[1]);
        return before === (app.groups?.length ?? 0) ? notFound(res, params[1]!, "ApplicationGroupAssignment") : send(res, 204);
      },
    },
  ];
}
