// A fake Okta org for the model of tests/report/fixture.ts, and the service app's key pair.
import { generateKeyPairSync } from "node:crypto";
import { startFakeOkta, type FakeOkta, type FakeOktaState, type FakePushMapping, type ServiceApp } from "../okta-fake/server.js";

const keys = generateKeyPairSync("rsa", { modulusLength: 2048 });
export const PRIVATE_KEY_PEM = keys.privateKey.export({ type: "pkcs8", format: "pem" }).toString();

export const SERVICE_APP: ServiceApp = {
  clientId: "0oa-readonly-client",
  keyId: "kid-1",
  publicKeyPem: keys.publicKey.export({ type: "spki", format: "pem" }).toString(),
  grantedScopes: ["okta.groups.read", "okta.apps.read", "okta.policies.read"],
};

const user = (n: number, login: string, status = "ACTIVE") => ({
  id: `00u${n}`,
  status,
  profile: { login, firstName: login.split("@")[0]!, lastName: "Example", email: login },
});

export function pushMapping(sourceGroupId: string): FakePushMapping {
  const at = "2026-01-01T00:00:00.000Z";
  return { id: `gpm-${sourceGroupId}`, sourceGroupId, targetGroupId: `t-${sourceGroupId}`, status: "ACTIVE", created: at, lastUpdated: at, lastPush: at };
}

/** bi-analysts: 3 people (more than a page), platform-admin: 1, auditors missing, idle empty and not pushed. */
export function oktaState(): FakeOktaState {
  return {
    users: [user(1, "ann@example.com"), user(2, "bob@example.com"), user(3, "cy@example.com", "SUSPENDED"), user(4, "dee@example.com")],
    groups: [
      { id: "00g-everyone", name: "Everyone", type: "BUILT_IN", members: ["00u1", "00u2", "00u3", "00u4"] },
      { id: "00g-bi", name: "bi-analysts", members: ["00u1", "00u2", "00u3"] },
      { id: "00g-bi-app", name: "bi-analysts", type: "APP_GROUP", members: [] },
      { id: "00g-admin", name: "platform-admin", members: ["00u4"] },
      { id: "00g-idle", name: "idle", members: [] },
      { id: "00g-aws-users", name: "AWS users", members: ["00u1", "00u2", "00u3", "00u4"] },
    ],
    apps: [
      { id: "0oa-other", name: "bookmark", label: "AWS IAM Identity Center docs" },
      { id: "0oa-aws", name: "amazon_aws_sso", label: "AWS IAM Identity Center", pushMappings: [pushMapping("00g-bi")] },
    ],
  };
}

export function oktaEnv(fake: FakeOkta): Record<string, string> {
  return {
    OKTA_CLIENT_ORGURL: fake.url,
    OKTA_API_CLIENT_ID: SERVICE_APP.clientId,
    OKTA_API_PRIVATE_KEY_ID: SERVICE_APP.keyId,
    OKTA_API_PRIVATE_KEY: PRIVATE_KEY_PEM,
    OKTA_API_SCOPES: "okta.groups.read,okta.apps.read,okta.policies.read", // as the plan environment's secret is set (docs/setup.md)
  };
}

export async function startOkta(state = oktaState()): Promise<FakeOkta> {
  return startFakeOkta(state, SERVICE_APP, { pageSize: 2 });
}
