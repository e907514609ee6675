// A complete, correct set-up on local fakes, for `access doctor`: the emulator holds Identity
// Center, the Organization, both roles (the bootstrap stack's own policies) and the state
// bucket; the Okta fake holds the app, its pushes and factors; the GitHub fake holds what the
// set-up script makes. Tests break one thing at a time.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { generateKeyPairSync } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { doctorAws } from "../../src/doctor/aws-clients.js";
import { ALL_CHECKS, doctorContextFromEnv, runChecks, type CheckResult } from "../../src/doctor/index.js";
import { loadModel } from "../../src/model/index.js";
import type { ResolvedModel } from "../../src/model/types.js";
import { applyRolePolicy, planRolePolicy, roleSubjects, trustPolicy } from "../../src/setup/role-policies.js";
import { APPROVAL_ENVIRONMENT, AUTOMATION_ENVIRONMENT, GITHUB_ACTIONS_APP_ID, LABELS, mainRuleset, OKTA_SECRETS, PLAN_ENVIRONMENT,
  PRODUCTION_ENVIRONMENT, tagRuleset } from "../../src/setup/repo-settings.js";
import { startEmulator, type Emulator } from "../emulator/index.js";
import { emptyRepo, startFakeGitHub, type FakeGitHub } from "../github-fake/server.js";
import type { FakeUserWithFactors } from "../okta-fake/factors.js";
import { startFakeOkta, type FakeOkta, type FakeOktaState, type FakePushMapping } from "../okta-fake/server.js";

export const ACCOUNT = "999999999999";
export const BUCKET = "acme-access-state";
export const PLAN_ROLE = `arn:aws:iam::${ACCOUNT}:role/access-plan`;
export const APPLY_ROLE = `arn:aws:iam::${ACCOUNT}:role/access-apply`;
export const REPO = { owner: "acme", name: "okta-aws-access" };
const OIDC = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;
const GH_TOKEN = "ghs_doctor";
/** What doctor.yml passes: a workflow's GITHUB_TOKEN, which cannot read secrets or variables. */
export const WORKFLOW_TOKEN = "ghs_doctor_workflow";
export const APPROVAL_APP_ID = 424242;
/** A stored secret as the fake holds it; doctor reads names only. */
export const SEALED = { encrypted_value: "c2VhbGVk", key_id: "k1" };
const keys = generateKeyPairSync("rsa", { modulusLength: 2048 });

/** An ACTIVE push mapping of a group, as Okta lists it. */
export function pushMapping(groupId: string): FakePushMapping {
  return { id: `pm-${groupId}`, sourceGroupId: groupId, targetGroupId: `tg-${groupId}`, status: "ACTIVE", created: "2026-01-01T00:00:00.000Z", lastUpdated: "2026-01-01T00:00:00.000Z" };
}

export interface World {
  dir: string;
  modelDir: string;
  model: ResolvedModel;
  emulator: Emulator;
  okta: FakeOkta;
  oktaState: FakeOktaState & { users: FakeUserWithFactors[] };
  grantedScopes: string[];
  github: FakeGitHub;
  env: NodeJS.ProcessEnv;
  /** Re-reads the model (after a test edits organization.yaml). */
  reload(): void;
  doctor(options?: { beforeFirstApply?: boolean }): Promise<CheckResult[]>;
  close(): Promise<void>;
}

export function setRole(emulator: Emulator, name: string, arn: string, trust: object, policy: object): void {
  emulator.iam.roles.set(name, { name, arn, trustPolicy: JSON.stringify(trust), policies: { [name]: JSON.stringify(policy) } });
}

export async function startWorld(): Promise<World> {
  const dir = mkdtempSync(join(tmpdir(), "access-doctor-"));
  const modelDir = join(dir, "access-model");
  cpSync("access-model", modelDir, { recursive: true });
  writeFileSync(join(modelDir, "organization.yaml"), `${readFileSync(join(modelDir, "organization.yaml"), "utf8")}\n  state:\n    s3:\n      bucket: ${BUCKET}\n      region: us-east-1\n      key_prefix: access/\n`);
  for (const kind of ["identity-center", "okta"]) {
    mkdirSync(join(dir, "terraform", kind), { recursive: true });
    cpSync(join("terraform", kind, "versions.tf"), join(dir, "terraform", kind, "versions.tf"));
  }
  cpSync("terraform/identity-center/.terraform.lock.hcl", join(dir, "terraform/identity-center/.terraform.lock.hcl"));
  writeFileSync(join(dir, "terraform/okta/.terraform.lock.hcl"), `provider "registry.terraform.io/okta/okta" {\n  version     = "6.12.0"\n  constraints = "6.12.0"\n  hashes = []\n}\n`);

  const load = () => {
    const { model } = loadModel(modelDir, { today: "2026-06-01" });
    if (!model) throw new Error("the doctor test model does not load");
    return model;
  };
  let model = load();
  const ic = model.organization.identityCenter;
  const emulator = await startEmulator({ instanceArn: ic.instanceArn, identityStoreId: ic.identityStoreId, ownerAccountId: ACCOUNT });
  const state = { bucket: BUCKET, keyPrefix: "access/" };
  const subjects = roleSubjects(REPO, "classic");
  setRole(emulator, "access-plan", PLAN_ROLE, trustPolicy(OIDC, subjects.plan, "Plan"), planRolePolicy(state, { planRoleArn: PLAN_ROLE, applyRoleArn: APPLY_ROLE }));
  setRole(emulator, "access-apply", APPLY_ROLE, trustPolicy(OIDC, subjects.apply, "Apply"), applyRolePolicy(state));
  emulator.iam.accessKeys.set("AKIAPLANROLE", "access-plan");
  emulator.s3.buckets.set(BUCKET, { name: BUCKET, versioning: "Enabled", encryption: { algorithm: "aws:kms", kmsKeyId: "arn:aws:kms:us-east-1:999999999999:key/1" }, objects: new Map() });

  // Okta: every model group exists; the privileged ones have members with FIDO2 or FastPass.
  const privileged = model.groups.filter((g) => g.privileged).map((g) => g.name);
  const oktaState: FakeOktaState & { users: FakeUserWithFactors[] } = {
    users: [
      { id: "u1", profile: { login: "ada@acme.example", firstName: "Ada", lastName: "L", email: "ada@acme.example" }, factors: [{ id: "f1", factorType: "webauthn", provider: "FIDO" }, { id: "f2", factorType: "push", provider: "OKTA" }] },
      { id: "u2", profile: { login: "bob@acme.example", firstName: "Bob", lastName: "B", email: "bob@acme.example" }, factors: [{ id: "f3", factorType: "signed_nonce", provider: "OKTA" }] },
    ],
    groups: model.groups.map((g, i) => ({ id: `g${i}`, name: g.name, members: privileged.includes(g.name) ? ["u1", "u2"] : ["u2"] })),
    apps: [{ id: "0oaAWS", name: "amazon_aws_sso", label: model.organization.okta.app.label, status: "ACTIVE", pushMappings: [] }],
    pipeline: "idx",
  };
  const pushed = oktaState.groups.slice(0, 3);
  oktaState.apps[0]!.pushMappings = pushed.map((g) => pushMapping(g.id));
  for (const g of pushed) emulator.addGroup(g.name);
  const grantedScopes = ["okta.groups.read", "okta.apps.read", "okta.policies.read", "okta.users.read"];
  const okta = await startFakeOkta(oktaState, { clientId: "0oaDOCTOR", keyId: "kid1", publicKeyPem: keys.publicKey.export({ type: "spki", format: "pem" }).toString(), grantedScopes }, { pageSize: 50 });

  const repo = emptyRepo(REPO.owner, REPO.name);
  repo.rulesets = [
    { ...mainRuleset({ botAppId: 777, approvalAppId: APPROVAL_APP_ID }), id: 1 },
    { ...tagRuleset(777), id: 2 },
  ];
  repo.labels = LABELS.map((l) => ({ ...l }));
  const env = (name: string, reviewers: number[]) => ({
    name,
    reviewers: reviewers.map((id) => ({ type: "Team", id })),
    prevent_self_review: reviewers.length > 0,
    deployment_branch_policy: { protected_branches: false, custom_branch_policies: true },
    branchPolicies: [{ id: 3, name: "main", type: "branch" }],
    variables: {},
    secrets: {} as Record<string, typeof SEALED>,
  });
  repo.environments = {
    [PRODUCTION_ENVIRONMENT]: env(PRODUCTION_ENVIRONMENT, [11]),
    [PLAN_ENVIRONMENT]: env(PLAN_ENVIRONMENT, []),
    [APPROVAL_ENVIRONMENT]: env(APPROVAL_ENVIRONMENT, []),
    [AUTOMATION_ENVIRONMENT]: env(AUTOMATION_ENVIRONMENT, []),
  };
  // Where npm run setup:repo stores each secret.
  repo.secrets = {};
  repo.environments[PLAN_ENVIRONMENT]!.secrets = Object.fromEntries(OKTA_SECRETS.map((n) => [n, SEALED]));
  repo.environments[PRODUCTION_ENVIRONMENT]!.secrets = Object.fromEntries(OKTA_SECRETS.map((n) => [n, SEALED]));
  repo.environments[APPROVAL_ENVIRONMENT]!.secrets = { ACCESS_APPROVAL_APP_PRIVATE_KEY: SEALED };
  repo.environments[AUTOMATION_ENVIRONMENT]!.secrets = { ACCESS_BOT_PRIVATE_KEY: SEALED };
  repo.variables = { ACCESS_APPROVAL_APP_ID: String(APPROVAL_APP_ID) };
  const github = await startFakeGitHub(repo, GH_TOKEN, { [WORKFLOW_TOKEN]: { integrationId: GITHUB_ACTIONS_APP_ID, workflowToken: true } });

  const world: World = {
    dir,
    modelDir,
    model,
    emulator,
    okta,
    oktaState,
    grantedScopes,
    github,
    env: {
      AWS_PLAN_ROLE_ARN: PLAN_ROLE,
      AWS_APPLY_ROLE_ARN: APPLY_ROLE,
      ACCESS_WORKFLOW_REGION: ic.region,
      OKTA_CLIENT_ORGURL: okta.url,
      OKTA_API_CLIENT_ID: "0oaDOCTOR",
      OKTA_API_PRIVATE_KEY_ID: "kid1",
      OKTA_API_PRIVATE_KEY: keys.privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
      OKTA_API_SCOPES: "okta.groups.read,okta.apps.read,okta.policies.read",
      GITHUB_TOKEN: GH_TOKEN,
      GITHUB_REPOSITORY: `${REPO.owner}/${REPO.name}`,
      GITHUB_API_URL: github.url,
      // As in doctor.yml; a test deletes it to act as a person on a laptop.
      GITHUB_ACTIONS: "true",
    },
    reload() {
      model = load();
      world.model = model;
    },
    doctor(options = {}) {
      const aws = doctorAws({ region: model.organization.identityCenter.region, endpoint: emulator.url, credentials: { accessKeyId: "AKIAPLANROLE", secretAccessKey: "local" } });
      const ctx = doctorContextFromEnv(world.model, world.env, { root: dir, beforeFirstApply: options.beforeFirstApply === true, aws });
      return runChecks(ALL_CHECKS, ctx);
    },
    async close() {
      await Promise.all([emulator.close(), okta.close(), github.close()]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return world;
}
