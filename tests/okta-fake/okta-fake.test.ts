// The local Okta answers as Okta's Management API does, checked with Okta's own Node SDK where
// it has the call, and with plain HTTP for the wire details (headers, error bodies).
import { generateKeyPairSync } from "node:crypto";
import { Client, DefaultRequestExecutor } from "@okta/okta-sdk-nodejs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seededRandom } from "../support/random.js";
import { startFakeOkta, type FakeOkta, type ServiceApp } from "./server.js";

const keys = generateKeyPairSync("rsa", { modulusLength: 2048 });
const APP: ServiceApp = {
  clientId: "0oa-fake-test",
  keyId: "kid-test",
  publicKeyPem: keys.publicKey.export({ type: "spki", format: "pem" }).toString(),
  grantedScopes: ["okta.groups.manage", "okta.apps.manage", "okta.policies.manage"],
};

let fake: FakeOkta;
let client: Client;

async function rejection(p: Promise<unknown>): Promise<{ status: number; errorCode: string; errorSummary: string; errorCauses: { errorSummary: string }[] }> {
  try {
    await p;
  } catch (err) {
    return err as never;
  }
  throw new Error("expected the call to fail");
}

beforeAll(async () => {
  fake = await startFakeOkta({ users: [{ id: "00u1", profile: { login: "ann@example.com", firstName: "Ann", lastName: "E", email: "ann@example.com" } }], groups: [], apps: [] }, APP, { pageSize: 2 });
  client = new Client({
    orgUrl: fake.url,
    authorizationMode: "PrivateKey",
    clientId: APP.clientId,
    scopes: APP.grantedScopes,
    privateKey: keys.privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    keyId: APP.keyId,
    token: undefined,
    requestExecutor: new DefaultRequestExecutor({ maxRetries: 0, requestTimeout: 0 }),
  } as ConstructorParameters<typeof Client>[0]);
});

afterAll(() => fake.close());

describe("local Okta: groups and group rules", () => {
  it("creates groups, finds them by name prefix as data.okta_group does, and refuses a second group of a name or a name over 255 characters with Okta's error body", async () => {
    const admins = await client.groupApi.createGroup({ group: { profile: { name: "platform-admin", description: "admins" } } });
    await client.groupApi.createGroup({ group: { profile: { name: "platform-audit" } } });
    const found = [];
    for await (const g of await client.groupApi.listGroups({ q: "platform-ad" })) found.push(g!.profile!.name);
    expect(found).toEqual(["platform-admin"]);
    const err = await rejection(client.groupApi.createGroup({ group: { profile: { name: "platform-admin" } } }));
    expect(err.status).toBe(400);
    expect(err.errorCode).toBe("E0000001");
    expect(err.errorSummary).toBe("Api validation failed: profile.name");
    expect(err.errorCauses[0]!.errorSummary).toMatch(/already exists/);
    expect(admins.id).toMatch(/^00g/);
    const long = await rejection(client.groupApi.createGroup({ group: { profile: { name: "x".repeat(256) } } }));
    expect([long.status, long.errorCode, long.errorSummary, long.errorCauses[0]!.errorSummary]).toEqual([
      400,
      "E0000001",
      "Api validation failed: profile.name",
      "profile.name: The field name must be between 1 and 255 characters.",
    ]);
    const renamed = await rejection(client.groupApi.replaceGroup({ groupId: admins.id!, group: { profile: { name: "x".repeat(256) } } }));
    expect(renamed.status).toBe(400);
    expect((await client.groupApi.createGroup({ group: { profile: { name: "x".repeat(255) } } })).profile!.name).toHaveLength(255);
  });

  it("creates a rule INACTIVE; an ACTIVE rule adds members and must be deactivated before update or delete; a name over 50 characters is refused", async () => {
    const source = await client.groupApi.createGroup({ group: { profile: { name: "pushed" } } });
    const users = await client.groupApi.createGroup({ group: { profile: { name: "AWS users" } } });
    fake.state.groups.find((g) => g.id === source.id)!.members.push("00u1");
    const body = (name: string) => ({
      type: "group_rule",
      name,
      conditions: { expression: { type: "urn:okta:expression:1.0", value: `isMemberOfAnyGroup("${source.id}")` } },
      actions: { assignUserToGroups: { groupIds: [users.id!] } },
    });
    const rule = await client.groupApi.createGroupRule({ groupRule: body("AWS users: pushed groups") as never });
    expect(rule.status).toBe("INACTIVE");
    await client.groupApi.activateGroupRule({ ruleId: rule.id! });
    const members = [];
    for await (const u of await client.groupApi.listGroupUsers({ groupId: users.id! })) members.push(u!.id);
    expect(members).toEqual(["00u1"]);
    const update = await rejection(client.groupApi.replaceGroupRule({ ruleId: rule.id!, groupRule: body("renamed") as never }));
    expect([update.status, update.errorSummary]).toEqual([400, "Api validation failed: status"]);
    expect((await rejection(client.groupApi.deleteGroupRule({ ruleId: rule.id! }))).status).toBe(400);
    await client.groupApi.deactivateGroupRule({ ruleId: rule.id! });
    expect((await client.groupApi.replaceGroupRule({ ruleId: rule.id!, groupRule: body("renamed") as never })).name).toBe("renamed");
    const long = await rejection(client.groupApi.createGroupRule({ groupRule: body("x".repeat(51)) as never }));
    expect([long.status, long.errorCode, long.errorCauses[0]!.errorSummary]).toEqual([400, "E0000001", "name: The field name must be between 1 and 50 characters."]);
    // Deleting a group a rule names makes the rule INVALID, which can then be neither activated nor deactivated.
    await client.groupApi.deleteGroup({ groupId: source.id! });
    expect(fake.state.groupRules.find((r) => r.id === rule.id)!.status).toBe("INVALID");
    expect((await rejection(client.groupApi.activateGroupRule({ ruleId: rule.id! }))).errorCauses[0]!.errorSummary).toMatch(/status INVALID/);
  });
});

describe("local Okta: apps and push mappings", () => {
  it("creates an app from an OIN template, active, with a signing key; refuses an unknown template", async () => {
    const app = await client.applicationApi.createApplication({
      application: { name: "amazon_aws_sso", label: "AWS IAM Identity Center", signOnMode: "SAML_2_0", settings: { app: { acsURL: "https://acs", entityID: "urn:e" } } } as never,
    });
    expect(app.status).toBe("ACTIVE");
    expect((app as { credentials?: { signing?: { kid?: string } } }).credentials?.signing?.kid).toBe(fake.state.apps.find((a) => a.id === app.id)!.keys![0]!.kid);
    const err = await rejection(client.applicationApi.createApplication({ application: { name: "amazon_aws_ssoo", label: "x", signOnMode: "SAML_2_0" } as never }));
    expect([err.status, err.errorSummary]).toEqual([400, "Api validation failed: name"]);
  });

  it("push mappings: an ACTIVE mapping cannot be deleted; deleting keeps the downstream group unless deleteTargetGroup is true", async () => {
    const app = fake.state.apps.find((a) => a.name === "amazon_aws_sso")!;
    const groups = [await client.groupApi.createGroup({ group: { profile: { name: "g1" } } }), await client.groupApi.createGroup({ group: { profile: { name: "g2" } } })];
    const mappings = [];
    for (const g of groups) mappings.push(await client.groupPushMappingApi.createGroupPushMapping({ appId: app.id, body: { sourceGroupId: g.id!, targetGroupName: g.profile!.name!, status: "ACTIVE" } as never }));
    expect(app.targetGroups!.map((t) => t.name)).toEqual(["g1", "g2"]);
    const active = await rejection(client.groupPushMappingApi.deleteGroupPushMapping({ appId: app.id, mappingId: mappings[0]!.id!, deleteTargetGroup: false }));
    expect(active.status).toBe(400);
    for (const m of mappings) await client.groupPushMappingApi.updateGroupPushMapping({ appId: app.id, mappingId: m.id!, body: { status: "INACTIVE" } as never });
    await client.groupPushMappingApi.deleteGroupPushMapping({ appId: app.id, mappingId: mappings[0]!.id!, deleteTargetGroup: false });
    await client.groupPushMappingApi.deleteGroupPushMapping({ appId: app.id, mappingId: mappings[1]!.id!, deleteTargetGroup: true });
    expect(app.pushMappings).toEqual([]);
    expect(app.targetGroups!.map((t) => t.name)).toEqual(["g1"]);
  });
});

describe("local Okta: ACCESS_POLICY policies", () => {
  it("gives a new policy its catch-all rule, last; a rule created at a priority pushes the others down; rule names are unique", async () => {
    const policy = await client.policyApi.createPolicy({ policy: { type: "ACCESS_POLICY", name: "AWS sign-on", description: "d" } as never });
    const rule = (name: string, priority: number) => ({ type: "ACCESS_POLICY", name, priority, actions: { appSignOn: { access: "ALLOW", verificationMethod: { factorMode: "2FA", type: "ASSURANCE", reauthenticateIn: "PT1H" } } } });
    await client.policyApi.createPolicyRule({ policyId: policy.id!, policyRule: rule("everyone", 1) as never });
    await client.policyApi.createPolicyRule({ policyId: policy.id!, policyRule: rule("privileged", 1) as never });
    const rules = [];
    for await (const r of await client.policyApi.listPolicyRules({ policyId: policy.id! })) rules.push([r!.name, r!.priority, r!.system]);
    expect(rules).toEqual([["privileged", 1, false], ["everyone", 2, false], ["Catch-all Rule", 99, true]]);
    const twice = await rejection(client.policyApi.createPolicyRule({ policyId: policy.id!, policyRule: rule("everyone", 3) as never }));
    expect([twice.status, twice.errorSummary, twice.errorCauses[0]!.errorSummary]).toEqual([400, "Api validation failed: name", "name: A rule with this name already exists in the policy."]);
  });
});

describe("local Okta: the wire", () => {
  it("sends X-Rate-Limit-* on every answer and Okta's 429 over the budget; 5xx faults when configured", async () => {
    fake.rateLimit = { limit: 2, windowSeconds: 60 };
    const answers = [];
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${fake.url}/api/v1/groups`);
      answers.push([res.status, res.headers.get("x-rate-limit-limit"), res.headers.get("x-rate-limit-remaining"), (await res.json()).errorCode]);
    }
    expect(answers).toEqual([
      [401, "2", "1", "E0000011"],
      [401, "2", "0", "E0000011"],
      [429, "2", "0", "E0000047"],
    ]);
    fake.rateLimit = { limit: 600, windowSeconds: 60 };
    fake.faults = { share: 1, status: 503, methods: ["GET"], random: seededRandom(1) };
    const faulty = await fetch(`${fake.url}/api/v1/groups`);
    fake.faults = undefined;
    expect([faulty.status, (await faulty.json()).errorCode]).toEqual([503, "E0000009"]);
  });

  it("pages with Link rel=next", async () => {
    const res = await fetch(`${fake.url}/.well-known/okta-organization`);
    const org = await res.json();
    expect(org.pipeline, JSON.stringify(org)).toBe("idx");
    const pages = [];
    for await (const g of await client.groupApi.listGroups({ limit: 2 })) pages.push(g!.profile!.name);
    expect(pages.length).toBe(fake.state.groups.length);
    expect(fake.requests.filter((r) => r.path.startsWith("/api/v1/groups?") && r.path.includes("after=")).length).toBeGreaterThan(0);
  });
});
