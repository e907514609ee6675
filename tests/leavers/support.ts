// A small world for leaver tests: the example model with organization.leavers, the local Okta
// (users with lifecycle and System Log) and the local Identity Center/Identity Store/Organizations
// with the deny-list shells the revocation stack creates, one leaver and one stayer.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateKeyPairSync } from "node:crypto";
import { AttachPolicyCommand, CreatePolicyCommand, DescribePolicyCommand, ListPoliciesForTargetCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { CreateAccountAssignmentCommand, CreatePermissionSetCommand, SSOAdminClient } from "@aws-sdk/client-sso-admin";
import { CreateGroupMembershipCommand, IdentitystoreClient } from "@aws-sdk/client-identitystore";
import { Client } from "@okta/okta-sdk-nodejs";
import { startEmulator, type Emulator } from "../emulator/index.js";
import { startFakeOkta, type FakeOkta, type ServiceApp } from "../okta-fake/server.js";
import { loadModel } from "../../src/model/index.js";
import type { ResolvedModel } from "../../src/model/types.js";
import { EMPTY_DENY_POLICY, parseDenyPolicy } from "../../src/revocation/policy-document.js";

const keys = generateKeyPairSync("rsa", { modulusLength: 2048 });
const PRIVATE_KEY = keys.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
export const SERVICE_APP: ServiceApp = {
  clientId: "0oa-leavers",
  keyId: "kid-leavers",
  publicKeyPem: keys.publicKey.export({ type: "spki", format: "pem" }).toString(),
  grantedScopes: ["okta.users.read", "okta.groups.read", "okta.users.manage"],
};
export const EVENT_SOURCE = "aws.partner/okta.com/acme/aws_access_revoker";
const STORE = "d-0123456789";
const INSTANCE = "arn:aws:sso:::instance/ssoins-0123456789abcdef";
const creds = { accessKeyId: "t", secretAccessKey: "t" };

export interface World {
  modelDir: string;
  model: ResolvedModel;
  okta: FakeOkta;
  emulator: Emulator;
  leaverId: string;
  org: OrganizationsClient;
  env: Record<string, string>;
  /** HR deactivates the person in Okta (through the API, as the admin console does). */
  deactivate(login: string): Promise<void>;
  /** ... and activates them again. */
  activate(login: string): Promise<void>;
  close(): Promise<void>;
}

export async function startWorld(): Promise<World> {
  const modelDir = mkdtempSync(join(tmpdir(), "access-leavers-model-"));
  cpSync("access-model", modelDir, { recursive: true });
  const orgFile = join(modelDir, "organization.yaml");
  writeFileSync(orgFile, readFileSync(orgFile, "utf8").replace("  guardrails:", "  leavers:\n    event_source_name: aws_access_revoker\n    margin: PT15M\n\n  guardrails:"));
  const { model } = loadModel(modelDir, { today: "2026-06-01" });
  if (!model) throw new Error("the example model with leavers does not load");

  const person = (id: string, login: string) => ({ id, status: "ACTIVE", profile: { login, firstName: login.split("@")[0]!, lastName: "Example", email: login } });
  const okta = await startFakeOkta(
    {
      users: [person("00uleaver", "leaver@example.com"), person("00ustayer", "stayer@example.com")],
      groups: [
        { id: "00gbi", name: "bi-analysts", members: ["00uleaver", "00ustayer"] },
        { id: "00gusers", name: "AWS users", members: ["00uleaver", "00ustayer"] },
      ],
      apps: [],
    },
    SERVICE_APP,
  );

  const emulator = await startEmulator({ faults: { asyncMs: 0 } });
  const org = new OrganizationsClient({ endpoint: emulator.url, region: "us-east-1", credentials: creds });
  for (const n of [1, 2]) {
    const id = (await org.send(new CreatePolicyCommand({ Name: `access-revocation-deny-${n}`, Description: "x", Type: "SERVICE_CONTROL_POLICY", Content: EMPTY_DENY_POLICY }))).Policy!.PolicySummary!.Id!;
    await org.send(new AttachPolicyCommand({ PolicyId: id, TargetId: "r-a1b2" }));
  }
  // SCIM has provisioned both people and the pushed group; the group holds BIReadOnly in the data accounts.
  const leaverId = emulator.addUser("leaver@example.com");
  const stayerId = emulator.addUser("stayer@example.com");
  const groupId = emulator.addGroup("bi-analysts");
  const store = new IdentitystoreClient({ endpoint: emulator.url, region: "us-east-1", credentials: creds });
  for (const userId of [leaverId, stayerId]) await store.send(new CreateGroupMembershipCommand({ IdentityStoreId: STORE, GroupId: groupId, MemberId: { UserId: userId } }));
  store.destroy();
  const sso = new SSOAdminClient({ endpoint: emulator.url, region: "us-east-1", credentials: creds });
  const bi = model.permissionSets.find((p) => p.name === "BIReadOnly")!;
  const psArn = (await sso.send(new CreatePermissionSetCommand({ InstanceArn: INSTANCE, Name: bi.name, SessionDuration: bi.sessionDuration }))).PermissionSet!.PermissionSetArn!;
  for (const a of model.assignments.filter((x) => x.group === "bi-analysts")) {
    await sso.send(new CreateAccountAssignmentCommand({ InstanceArn: INSTANCE, PermissionSetArn: psArn, TargetId: a.accountId, TargetType: "AWS_ACCOUNT", PrincipalId: groupId, PrincipalType: "GROUP" }));
  }
  sso.destroy();

  const admin = new Client({ orgUrl: okta.url, authorizationMode: "PrivateKey", clientId: SERVICE_APP.clientId, keyId: SERVICE_APP.keyId, privateKey: PRIVATE_KEY, scopes: ["okta.users.manage"], token: undefined } as ConstructorParameters<typeof Client>[0]);
  return {
    modelDir,
    model,
    okta,
    emulator,
    leaverId,
    org,
    env: {
      ACCESS_MODEL_DIR: modelDir,
      ACCESS_TODAY: "2026-06-01",
      OKTA_CLIENT_ORGURL: okta.url,
      OKTA_API_CLIENT_ID: SERVICE_APP.clientId,
      OKTA_API_PRIVATE_KEY_ID: SERVICE_APP.keyId,
      OKTA_API_PRIVATE_KEY: PRIVATE_KEY,
      OKTA_API_SCOPES: "okta.users.read okta.groups.read",
      AWS_ENDPOINT_URL: emulator.url,
      AWS_ACCESS_KEY_ID: "t",
      AWS_SECRET_ACCESS_KEY: "t",
      AWS_REGION: "us-east-1",
      AWS_MAX_ATTEMPTS: "2",
    },
    deactivate: async (login) => {
      await admin.userApi.deactivateUser({ userId: login });
    },
    activate: async (login) => {
      await admin.userApi.activateUser({ userId: login, sendEmail: false });
    },
    close: async () => {
      org.destroy();
      await okta.close();
      await emulator.close();
    },
  };
}

/** The deny entries in the root's deny-list policies, read straight from the emulated Organizations. */
export async function denyEntries(world: World) {
  const attached = await world.org.send(new ListPoliciesForTargetCommand({ TargetId: "r-a1b2", Filter: "SERVICE_CONTROL_POLICY" }));
  const out = [];
  for (const p of attached.Policies!.filter((x) => x.Name!.startsWith("access-revocation-deny-"))) {
    out.push(...parseDenyPolicy((await world.org.send(new DescribePolicyCommand({ PolicyId: p.Id! }))).Policy!.Content!, p.Name!));
  }
  return out;
}
