// Provisioned vs latest permission set versions per account, as Identity Center keeps them: an
// edit reaches an account's role only when ProvisionPermissionSet succeeds for it, and a FAILED
// provisioning changes nothing (what terraform-provider-aws #38247 leaves behind). Driven through
// the real AWS SDK client.
import { afterEach, describe, expect, it } from "vitest";
import {
  AttachCustomerManagedPolicyReferenceToPermissionSetCommand,
  AttachManagedPolicyToPermissionSetCommand,
  CreateAccountAssignmentCommand,
  CreatePermissionSetCommand,
  DeleteAccountAssignmentCommand,
  DescribeAccountAssignmentCreationStatusCommand,
  DeleteInlinePolicyFromPermissionSetCommand,
  DeletePermissionsBoundaryFromPermissionSetCommand,
  DescribePermissionSetProvisioningStatusCommand,
  DetachManagedPolicyFromPermissionSetCommand,
  ListAccountsForProvisionedPermissionSetCommand,
  ListPermissionSetsProvisionedToAccountCommand,
  ProvisionPermissionSetCommand,
  PutInlinePolicyToPermissionSetCommand,
  PutPermissionsBoundaryToPermissionSetCommand,
  SSOAdminClient,
  TagResourceCommand,
  UpdatePermissionSetCommand,
  type ProvisioningStatus,
} from "@aws-sdk/client-sso-admin";
import { startEmulator, type Emulator, type EmulatorOptions } from "./index.js";

const INSTANCE = "arn:aws:sso:::instance/ssoins-0123456789abcdef";
const A = "111111111111";
const B = "222222222222";
const POLICY = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}';

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function setup(options: EmulatorOptions = {}) {
  emulator = await startEmulator({ groups: ["sre"], pageSize: 1, ...options, faults: { asyncMs: 0, ...options.faults } });
  const em = emulator;
  const sso = new SSOAdminClient({ endpoint: em.url, region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" }, maxAttempts: 1 });
  const created = await sso.send(new CreatePermissionSetCommand({ InstanceArn: INSTANCE, Name: "Data" }));
  const arn = created.PermissionSet!.PermissionSetArn!;
  const group = em.addGroup("sre");
  const ref = { InstanceArn: INSTANCE, PermissionSetArn: arn };
  const assign = async (account: string) => {
    const key = { ...ref, TargetId: account, TargetType: "AWS_ACCOUNT" as const, PrincipalType: "GROUP" as const, PrincipalId: group };
    await sso.send(new CreateAccountAssignmentCommand(key));
    return key;
  };
  /** Every page of ListAccountsForProvisionedPermissionSet (page size 1 here). */
  const accounts = async (status?: ProvisioningStatus) => {
    const out: string[] = [];
    let NextToken: string | undefined;
    do {
      const page = await sso.send(new ListAccountsForProvisionedPermissionSetCommand({ ...ref, ...(status ? { ProvisioningStatus: status } : {}), NextToken }));
      out.push(...(page.AccountIds ?? []));
      NextToken = page.NextToken;
    } while (NextToken);
    return out;
  };
  const setsIn = async (account: string, status?: ProvisioningStatus) =>
    (await sso.send(new ListPermissionSetsProvisionedToAccountCommand({ InstanceArn: INSTANCE, AccountId: account, ...(status ? { ProvisioningStatus: status } : {}) }))).PermissionSets ?? [];
  const provision = async (target?: string) => {
    const started = await sso.send(new ProvisionPermissionSetCommand({ ...ref, TargetType: target ? "AWS_ACCOUNT" : "ALL_PROVISIONED_ACCOUNTS", ...(target ? { TargetId: target } : {}) }));
    const done = await sso.send(new DescribePermissionSetProvisioningStatusCommand({ InstanceArn: INSTANCE, ProvisionPermissionSetRequestId: started.PermissionSetProvisioningStatus!.RequestId! }));
    return done.PermissionSetProvisioningStatus!;
  };
  const stale = () => accounts("LATEST_PERMISSION_SET_NOT_PROVISIONED");
  return { em, sso, arn, ref, assign, accounts, setsIn, provision, stale };
}

describe("permission set provisioning", () => {
  it("provisions the latest version with an assignment; an edit makes the account stale until it is provisioned again", async () => {
    const { sso, ref, arn, assign, accounts, setsIn, provision, stale, em } = await setup();
    await assign(A);
    await assign(B);
    expect(await accounts()).toEqual([A, B]);
    expect(await accounts("LATEST_PERMISSION_SET_PROVISIONED")).toEqual([A, B]);
    expect(await stale()).toEqual([]);

    await sso.send(new PutInlinePolicyToPermissionSetCommand({ ...ref, InlinePolicy: POLICY }));
    expect(await stale()).toEqual([A, B]);
    expect(await accounts("LATEST_PERMISSION_SET_PROVISIONED")).toEqual([]);
    expect(await accounts()).toEqual([A, B]);
    expect(await setsIn(A, "LATEST_PERMISSION_SET_NOT_PROVISIONED")).toEqual([arn]);
    expect(await setsIn(A, "LATEST_PERMISSION_SET_PROVISIONED")).toEqual([]);
    expect(em.snapshot().staleProvisioning).toEqual([`Data|${A}`, `Data|${B}`]);

    // One account, then all of them.
    expect((await provision(A)).Status).toBe("SUCCEEDED");
    expect(await stale()).toEqual([B]);
    expect(await setsIn(A, "LATEST_PERMISSION_SET_PROVISIONED")).toEqual([arn]);
    expect((await provision()).Status).toBe("SUCCEEDED");
    expect(await stale()).toEqual([]);
    expect(em.snapshot().staleProvisioning).toEqual([]);
  });

  it("counts every edit of what the roles carry, and not tags", async () => {
    const { sso, ref, assign, provision, stale } = await setup();
    await assign(A);
    const edits: Array<[string, () => Promise<unknown>]> = [
      ["attach managed", () => sso.send(new AttachManagedPolicyToPermissionSetCommand({ ...ref, ManagedPolicyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" }))],
      ["detach managed", () => sso.send(new DetachManagedPolicyFromPermissionSetCommand({ ...ref, ManagedPolicyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" }))],
      ["attach customer managed", () => sso.send(new AttachCustomerManagedPolicyReferenceToPermissionSetCommand({ ...ref, CustomerManagedPolicyReference: { Name: "extra", Path: "/" } }))],
      ["put boundary", () => sso.send(new PutPermissionsBoundaryToPermissionSetCommand({ ...ref, PermissionsBoundary: { ManagedPolicyArn: "arn:aws:iam::aws:policy/PowerUserAccess" } }))],
      ["delete boundary", () => sso.send(new DeletePermissionsBoundaryFromPermissionSetCommand(ref))],
      ["put inline", () => sso.send(new PutInlinePolicyToPermissionSetCommand({ ...ref, InlinePolicy: POLICY }))],
      ["delete inline", () => sso.send(new DeleteInlinePolicyFromPermissionSetCommand(ref))],
      ["session duration", () => sso.send(new UpdatePermissionSetCommand({ ...ref, SessionDuration: "PT8H" }))],
    ];
    for (const [name, edit] of edits) {
      await edit();
      expect([name, await stale()]).toEqual([name, [A]]);
      expect((await provision()).Status).toBe("SUCCEEDED");
      expect([name, await stale()]).toEqual([name, []]);
    }
    await sso.send(new TagResourceCommand({ InstanceArn: INSTANCE, ResourceArn: ref.PermissionSetArn, Tags: [{ Key: "team", Value: "data" }] }));
    expect(await stale()).toEqual([]);
  });

  it("changes nothing when provisioning FAILS, and names the account that refused it", async () => {
    const { em, sso, ref, assign, provision, stale } = await setup();
    await assign(A);
    await assign(B);
    await sso.send(new PutInlinePolicyToPermissionSetCommand({ ...ref, InlinePolicy: POLICY }));

    em.faults.provisionFailureRate = 1;
    const failed = await provision();
    expect(failed.Status).toBe("FAILED");
    expect(failed.FailureReason).toMatch(/failure/i);
    expect(await stale()).toEqual([A, B]);

    em.faults.provisionFailureRate = 0;
    em.faults.provisioningFailsIn = [B];
    const refused = await provision();
    expect(refused.Status).toBe("FAILED");
    expect(refused.FailureReason).toContain(B);
    expect(await stale()).toEqual([A, B]);
    expect((await provision(A)).Status).toBe("SUCCEEDED");
    expect(await stale()).toEqual([B]);

    em.faults.provisioningFailsIn = [];
    expect((await provision(B)).Status).toBe("SUCCEEDED");
    expect(await stale()).toEqual([]);
  });

  it("provisions the version requested: an edit made while it runs stays unprovisioned", async () => {
    const { em, sso, ref, assign, stale } = await setup({ faults: { asyncPolls: 1 } });
    await assign(A);
    const creation = [...em.state.operations.keys()][0]!;
    await sso.send(new DescribeAccountAssignmentCreationStatusCommand({ InstanceArn: INSTANCE, AccountAssignmentCreationRequestId: creation }));
    expect(await stale()).toEqual([]);
    const started = await sso.send(new ProvisionPermissionSetCommand({ ...ref, TargetType: "ALL_PROVISIONED_ACCOUNTS" }));
    await sso.send(new PutInlinePolicyToPermissionSetCommand({ ...ref, InlinePolicy: POLICY }));
    const poll = async () => (await sso.send(new DescribePermissionSetProvisioningStatusCommand({ InstanceArn: INSTANCE, ProvisionPermissionSetRequestId: started.PermissionSetProvisioningStatus!.RequestId! }))).PermissionSetProvisioningStatus!.Status;
    expect([await poll(), await poll()]).toEqual(["IN_PROGRESS", "SUCCEEDED"]);
    expect(await stale()).toEqual([A]);
  });

  it("removes the account when its last assignment goes, and refuses an unknown ProvisioningStatus", async () => {
    const { sso, accounts, assign, setsIn } = await setup();
    const key = await assign(A);
    await assign(B);
    await sso.send(new DeleteAccountAssignmentCommand(key));
    expect(await accounts()).toEqual([B]);
    expect(await setsIn(A)).toEqual([]);
    await expect(accounts("LATEST" as ProvisioningStatus)).rejects.toMatchObject({ name: "ValidationException" });
  });
});
