// `access provisioning` against the local Identity Center: the example model's permission sets
// and assignments exist there, an edit's provisioning FAILED (as the aws provider leaves it,
// terraform-provider-aws #38247), and the command finds the accounts behind, provisions them
// again and checks again.
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  CreateAccountAssignmentCommand,
  CreatePermissionSetCommand,
  DescribePermissionSetProvisioningStatusCommand,
  ProvisionPermissionSetCommand,
  PutInlinePolicyToPermissionSetCommand,
  SSOAdminClient,
} from "@aws-sdk/client-sso-admin";
import { loadModel } from "../../src/model/index.js";
import { runAccessAsync } from "../okta/run-async.js";
import { startEmulator, type Emulator } from "../emulator/index.js";

const ROOT = join(import.meta.dirname, "..", "..");
const MODEL = join(ROOT, "access-model");
const POLICY = '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:DeleteObject","Resource":"*"}]}';


let emulator: Emulator;
let sso: SSOAdminClient;
let env: Record<string, string>;
const arns = new Map<string, string>();
const model = loadModel(MODEL).model!;
const INSTANCE = model.organization.identityCenter.instanceArn;
const accountsOf = (set: string) => [...new Set(model.assignments.filter((a) => a.permissionSet === set).map((a) => a.accountId))].sort();

beforeEach(async () => {
  emulator = await startEmulator({ groups: model.groups.map((g) => g.name), pageSize: 2, faults: { asyncMs: 0 } });
  sso = new SSOAdminClient({ endpoint: emulator.url, region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" }, maxAttempts: 5 });
  env = {
    AWS_ENDPOINT_URL_SSO_ADMIN: emulator.url,
    AWS_ACCESS_KEY_ID: "AKIAFAKEFORTESTS0000",
    AWS_SECRET_ACCESS_KEY: "fake-secret-for-tests",
    AWS_REGION: "us-east-1",
    AWS_EC2_METADATA_DISABLED: "true",
    NODE_NO_WARNINGS: "1",
  };
  arns.clear();
  for (const ps of model.permissionSets) {
    arns.set(ps.name, (await sso.send(new CreatePermissionSetCommand({ InstanceArn: INSTANCE, Name: ps.name }))).PermissionSet!.PermissionSetArn!);
  }
  const groupIds = new Map([...emulator.state.groups.values()].map((g) => [g.displayName, g.groupId]));
  for (const a of model.assignments) {
    await sso.send(
      new CreateAccountAssignmentCommand({ InstanceArn: INSTANCE, PermissionSetArn: arns.get(a.permissionSet), TargetId: a.accountId, TargetType: "AWS_ACCOUNT", PrincipalType: "GROUP", PrincipalId: groupIds.get(a.group) }),
    );
  }
  expect(emulator.snapshot().assignments).toHaveLength(model.assignments.length);
  emulator.faults.asyncPolls = 1; // from now on every request answers IN_PROGRESS once
});
afterEach(() => emulator.close());

/** What the aws provider does on an inline policy change: put, provision to all, wait; here the provisioning FAILS. */
async function editWithFailedProvisioning(set: string): Promise<void> {
  await sso.send(new PutInlinePolicyToPermissionSetCommand({ InstanceArn: INSTANCE, PermissionSetArn: arns.get(set), InlinePolicy: POLICY }));
  emulator.faults.provisionFailureRate = 1;
  const started = await sso.send(new ProvisionPermissionSetCommand({ InstanceArn: INSTANCE, PermissionSetArn: arns.get(set), TargetType: "ALL_PROVISIONED_ACCOUNTS" }));
  let status: string | undefined;
  do {
    status = (await sso.send(new DescribePermissionSetProvisioningStatusCommand({ InstanceArn: INSTANCE, ProvisionPermissionSetRequestId: started.PermissionSetProvisioningStatus!.RequestId }))).PermissionSetProvisioningStatus!.Status;
  } while (status === "IN_PROGRESS");
  expect(status).toBe("FAILED");
  emulator.faults.provisionFailureRate = 0;
}

describe("access provisioning", () => {
  it("passes when every account is on the latest version, provisioning nothing", async () => {
    const res = await runAccessAsync(["provisioning", "--model", MODEL], env);
    expect(res.stderr).toBe("");
    expect(res.code).toBe(0);
    expect(res.stdout).toContain(`every account is on the latest version of ${model.permissionSets.length} permission sets`);
    expect(emulator.calls.ProvisionPermissionSet ?? 0).toBe(0);
  });

  it("reports the accounts a failed provisioning left behind with --check-only, exit 1, provisioning nothing", async () => {
    await editWithFailedProvisioning("BIReadOnly");
    emulator.resetCalls();
    const res = await runAccessAsync(["provisioning", "--model", MODEL, "--check-only"], env);
    expect(res.code).toBe(1);
    for (const account of accountsOf("BIReadOnly")) expect(res.stderr).toContain(`BIReadOnly in account ${account}: not provisioned to the latest version`);
    expect(emulator.calls.ProvisionPermissionSet ?? 0).toBe(0);
    expect(emulator.snapshot().staleProvisioning).toEqual(accountsOf("BIReadOnly").map((a) => `BIReadOnly|${a}`));
  });

  it("provisions the accounts behind again through throttling, checks again and exits 0", async () => {
    await editWithFailedProvisioning("BIReadOnly");
    await editWithFailedProvisioning("PlatformAdmin");
    expect(emulator.snapshot().staleProvisioning).toHaveLength(accountsOf("BIReadOnly").length + accountsOf("PlatformAdmin").length);
    emulator.faults.throttleRate = 0.2; // the SDK's standard retry mode waits these out
    const res = await runAccessAsync(["provisioning", "--model", MODEL], { ...env, AWS_MAX_ATTEMPTS: "10" });
    expect(res.stderr).toBe("");
    expect(res.code).toBe(0);
    expect(res.stdout).toContain(`behind: BIReadOnly in account ${accountsOf("BIReadOnly")[0]}`);
    expect(res.stdout).toMatch(/provisioned again: \d+ accounts; every account is on the latest version now/);
    expect(emulator.snapshot().staleProvisioning).toEqual([]);
    expect(Object.values(emulator.throttled).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  });

  it("checks only the permission sets named with --permission-set", async () => {
    await editWithFailedProvisioning("BIReadOnly");
    const res = await runAccessAsync(["provisioning", "--model", MODEL, "--permission-set", "PlatformAdmin", "--check-only"], env);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain("every account is on the latest version of 1 permission set");
  });

  it("exits 1 naming the permission set, the account and the reason when provisioning keeps failing there", async () => {
    const [good, bad] = accountsOf("BIReadOnly");
    await editWithFailedProvisioning("BIReadOnly");
    emulator.faults.provisioningFailsIn = [bad!];
    const res = await runAccessAsync(["provisioning", "--model", MODEL, "--attempts", "2"], env);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("1 account is still not on the latest version after 2 rounds");
    expect(res.stderr).toContain(`BIReadOnly in account ${bad}: Request failed for account ${bad}`);
    expect(res.stderr).not.toContain(good!);
    expect(emulator.snapshot().staleProvisioning).toEqual([`BIReadOnly|${bad}`]);
  });

  it("fails at once, naming the call, on an error retrying cannot fix", async () => {
    const res = await runAccessAsync(["provisioning", "--model", MODEL], { ...env, AWS_ENDPOINT_URL_SSO_ADMIN: "http://127.0.0.1:9", AWS_MAX_ATTEMPTS: "1" });
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/^access provisioning: listing the permission sets failed: /m);
  });

  it("rejects a bad --attempts as a usage error", async () => {
    emulator.resetCalls();
    const res = await runAccessAsync(["provisioning", "--model", MODEL, "--attempts", "none"], env);
    expect(res.code).toBe(2);
    expect(emulator.calls).toEqual({});
  });
});
