// Protocol behaviour of the local Identity Center: what the AWS SDK and the Terraform provider
// rely on. Identity Store through the real AWS SDK client; SSO Admin through raw AWS JSON 1.1.
import { afterEach, describe, expect, it } from "vitest";
import { GetGroupIdCommand, IdentitystoreClient, ListGroupsCommand, DescribeGroupCommand } from "@aws-sdk/client-identitystore";
import { startEmulator, type Emulator, type EmulatorOptions } from "./index.js";

const INSTANCE = "arn:aws:sso:::instance/ssoins-0123456789abcdef";
const STORE = "d-0123456789";

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function start(options: EmulatorOptions = {}): Promise<Emulator> {
  emulator = await startEmulator(options);
  return emulator;
}

interface Reply {
  status: number;
  type?: string;
  body: Record<string, any>;
}

async function call(em: Emulator, target: string, input: Record<string, unknown>): Promise<Reply> {
  const res = await fetch(em.url, {
    method: "POST",
    headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": target },
    body: JSON.stringify(input),
  });
  const body = (await res.json()) as Record<string, any>;
  return { status: res.status, type: body.__type, body };
}

const sso = (em: Emulator, op: string, input: Record<string, unknown>) => call(em, `SWBExternalService.${op}`, { InstanceArn: INSTANCE, ...input });

async function ok(em: Emulator, op: string, input: Record<string, unknown>): Promise<Record<string, any>> {
  const r = await sso(em, op, input);
  if (r.status !== 200) throw new Error(`${op} answered ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

async function createPermissionSet(em: Emulator, name: string, extra: Record<string, unknown> = {}): Promise<string> {
  const out = await ok(em, "CreatePermissionSet", { Name: name, ...extra });
  return out.PermissionSet.PermissionSetArn as string;
}

function client(em: Emulator): IdentitystoreClient {
  return new IdentitystoreClient({
    endpoint: em.url,
    region: "us-east-1",
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
    maxAttempts: 10,
  });
}

describe("identity store through the AWS SDK", () => {
  it("does not find a group until the simulated push adds it, then resolves and describes it", async () => {
    const em = await start();
    const sdk = client(em);
    const lookup = new GetGroupIdCommand({ IdentityStoreId: STORE, AlternateIdentifier: { UniqueAttribute: { AttributePath: "DisplayName", AttributeValue: "sre" } } });
    await expect(sdk.send(lookup)).rejects.toMatchObject({ name: "ResourceNotFoundException" });
    const id = em.addGroup("sre", "on call");
    const found = await sdk.send(lookup);
    expect(found.GroupId).toBe(id);
    const described = await sdk.send(new DescribeGroupCommand({ IdentityStoreId: STORE, GroupId: id }));
    expect({ name: described.DisplayName, description: described.Description }).toEqual({ name: "sre", description: "on call" });
  });

  it("filters and pages ListGroups by display name", async () => {
    const em = await start({ groups: ["a", "b", "c", "d", "e"], pageSize: 2 });
    const sdk = client(em);
    const names: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await sdk.send(new ListGroupsCommand({ IdentityStoreId: STORE, NextToken: token }));
      names.push(...(page.Groups ?? []).map((g) => g.DisplayName!));
      token = page.NextToken;
      pages++;
    } while (token);
    expect(names).toEqual(["a", "b", "c", "d", "e"]);
    expect(pages).toBe(3);
    const filtered = await sdk.send(new ListGroupsCommand({ IdentityStoreId: STORE, Filters: [{ AttributePath: "DisplayName", AttributeValue: "c" }] }));
    expect(filtered.Groups?.map((g) => g.DisplayName)).toEqual(["c"]);
  });

  it("answers a wrong identity store id with ResourceNotFoundException", async () => {
    const em = await start({ groups: ["a"] });
    const lookup = new GetGroupIdCommand({ IdentityStoreId: "d-9999999999", AlternateIdentifier: { UniqueAttribute: { AttributePath: "DisplayName", AttributeValue: "a" } } });
    await expect(client(em).send(lookup)).rejects.toMatchObject({ name: "ResourceNotFoundException" });
  });

  it("throttles a seeded share of calls, which the SDK retries to success", async () => {
    const em = await start({ groups: ["a"], seed: 7, faults: { throttleRate: 0.3 } });
    const sdk = client(em);
    for (let i = 0; i < 6; i++) {
      await sdk.send(new GetGroupIdCommand({ IdentityStoreId: STORE, AlternateIdentifier: { UniqueAttribute: { AttributePath: "DisplayName", AttributeValue: "a" } } }));
    }
    expect(em.throttled.GetGroupId).toBeGreaterThan(0);
    expect(em.calls.GetGroupId).toBe(6 + em.throttled.GetGroupId!);
  });
});

describe("throttling dice", () => {
  it("throttles the same calls for the same seed, and different ones for another seed", async () => {
    const pattern = async (seed: number) => {
      const em = await startEmulator({ seed, faults: { throttleRate: 0.3 } });
      const out: string[] = [];
      for (let i = 0; i < 40; i++) out.push((await sso(em, "ListInstances", {})).type ?? "ok");
      await em.close();
      return out;
    };
    const a = await pattern(42);
    expect(await pattern(42)).toEqual(a);
    expect(await pattern(43)).not.toEqual(a);
    const share = a.filter((t) => t === "ThrottlingException").length / a.length;
    expect(share).toBeGreaterThan(0.1);
    expect(share).toBeLessThan(0.5);
  });

  it("sends ThrottlingException as an AWS JSON error with the error type header", async () => {
    const em = await start({ faults: { throttleRate: 1 } });
    const res = await fetch(em.url, { method: "POST", headers: { "x-amz-target": "SWBExternalService.ListInstances" }, body: "{}" });
    expect(res.status).toBe(400);
    expect(res.headers.get("x-amzn-errortype")).toBe("ThrottlingException");
    expect(await res.json()).toEqual({ __type: "ThrottlingException", message: "Rate exceeded" });
  });
});

describe("permission sets", () => {
  it("creates, describes, updates, tags and lists a permission set", async () => {
    const em = await start();
    const arn = await createPermissionSet(em, "Admin", { Description: "d", SessionDuration: "PT4H", RelayState: "https://x", Tags: [{ Key: "team", Value: "sre" }] });
    expect(arn).toMatch(/^arn:aws:sso:::permissionSet\/ssoins-0123456789abcdef\/ps-[0-9a-f]{16}$/);
    const described = (await ok(em, "DescribePermissionSet", { PermissionSetArn: arn })).PermissionSet;
    expect(described).toMatchObject({ Name: "Admin", Description: "d", SessionDuration: "PT4H", RelayState: "https://x" });
    expect(typeof described.CreatedDate).toBe("number");
    await ok(em, "UpdatePermissionSet", { PermissionSetArn: arn, Description: "e", SessionDuration: "PT2H" });
    await ok(em, "TagResource", { ResourceArn: arn, Tags: [{ Key: "env", Value: "prod" }] });
    await ok(em, "UntagResource", { ResourceArn: arn, TagKeys: ["team"] });
    expect((await ok(em, "ListTagsForResource", { ResourceArn: arn })).Tags).toEqual([{ Key: "env", Value: "prod" }]);
    expect((await ok(em, "ListPermissionSets", {})).PermissionSets).toEqual([arn]);
    // An update without RelayState clears it, as the service does.
    expect(em.snapshot().permissionSets).toEqual([
      { name: "Admin", description: "e", sessionDuration: "PT2H", tags: { env: "prod" }, managedPolicies: [], customerManagedPolicies: [] },
    ]);
  });

  it.each([
    ["a name longer than 32 characters", { Name: "x".repeat(33) }],
    ["a name outside [\\w+=,.@-]", { Name: "has space" }],
    ["a session shorter than PT1H", { Name: "ok", SessionDuration: "PT30M" }],
    ["a session longer than PT12H", { Name: "ok", SessionDuration: "PT13H" }],
    ["a session that is not ISO-8601", { Name: "ok", SessionDuration: "8 hours" }],
    ["a description longer than 700 characters", { Name: "ok", Description: "d".repeat(701) }],
    ["a malformed instance ARN", { Name: "ok", InstanceArn: "arn:aws:sso:::instance/nope" }],
  ])("refuses %s with ValidationException", async (_label, input) => {
    const em = await start();
    const r = await sso(em, "CreatePermissionSet", input);
    expect({ status: r.status, type: r.type }).toEqual({ status: 400, type: "ValidationException" });
    expect(em.snapshot().permissionSets).toEqual([]);
  });

  it("refuses a second permission set of the same name with ConflictException", async () => {
    const em = await start();
    await createPermissionSet(em, "Admin");
    expect((await sso(em, "CreatePermissionSet", { Name: "Admin" })).type).toBe("ConflictException");
  });

  it("answers an unknown permission set ARN with ResourceNotFoundException", async () => {
    const em = await start();
    const r = await sso(em, "DescribePermissionSet", { PermissionSetArn: "arn:aws:sso:::permissionSet/ssoins-0123456789abcdef/ps-0000000000000000" });
    expect(r.type).toBe("ResourceNotFoundException");
  });

  it("keeps managed, customer-managed, inline and boundary policies", async () => {
    const em = await start();
    const arn = await createPermissionSet(em, "Data");
    await ok(em, "AttachManagedPolicyToPermissionSet", { PermissionSetArn: arn, ManagedPolicyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" });
    expect((await sso(em, "AttachManagedPolicyToPermissionSet", { PermissionSetArn: arn, ManagedPolicyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" })).type).toBe("ConflictException");
    expect((await sso(em, "AttachManagedPolicyToPermissionSet", { PermissionSetArn: arn, ManagedPolicyArn: "ReadOnlyAccess" })).type).toBe("ValidationException");
    await ok(em, "AttachCustomerManagedPolicyReferenceToPermissionSet", { PermissionSetArn: arn, CustomerManagedPolicyReference: { Name: "extra", Path: "/team/" } });
    await ok(em, "PutInlinePolicyToPermissionSet", { PermissionSetArn: arn, InlinePolicy: '{"Version":"2012-10-17","Statement":[]}' });
    expect((await sso(em, "PutInlinePolicyToPermissionSet", { PermissionSetArn: arn, InlinePolicy: "{not json" })).type).toBe("ValidationException");
    expect((await sso(em, "GetPermissionsBoundaryForPermissionSet", { PermissionSetArn: arn })).type).toBe("ResourceNotFoundException");
    await ok(em, "PutPermissionsBoundaryToPermissionSet", { PermissionSetArn: arn, PermissionsBoundary: { ManagedPolicyArn: "arn:aws:iam::aws:policy/PowerUserAccess" } });
    expect((await ok(em, "ListManagedPoliciesInPermissionSet", { PermissionSetArn: arn })).AttachedManagedPolicies).toEqual([{ Arn: "arn:aws:iam::aws:policy/ReadOnlyAccess", Name: "ReadOnlyAccess" }]);
    expect((await ok(em, "ListCustomerManagedPolicyReferencesInPermissionSet", { PermissionSetArn: arn })).CustomerManagedPolicyReferences).toEqual([{ Name: "extra", Path: "/team/" }]);
    expect((await ok(em, "GetInlinePolicyForPermissionSet", { PermissionSetArn: arn })).InlinePolicy).toBe('{"Version":"2012-10-17","Statement":[]}');
    expect((await ok(em, "GetPermissionsBoundaryForPermissionSet", { PermissionSetArn: arn })).PermissionsBoundary).toEqual({ ManagedPolicyArn: "arn:aws:iam::aws:policy/PowerUserAccess" });
    await ok(em, "DetachManagedPolicyFromPermissionSet", { PermissionSetArn: arn, ManagedPolicyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" });
    await ok(em, "DeleteInlinePolicyFromPermissionSet", { PermissionSetArn: arn });
    await ok(em, "DeletePermissionsBoundaryFromPermissionSet", { PermissionSetArn: arn });
    expect(em.snapshot().permissionSets[0]).toEqual({ name: "Data", sessionDuration: "PT1H", tags: {}, managedPolicies: [], customerManagedPolicies: [{ name: "extra", path: "/team/" }] });
  });

  it("provisions asynchronously and reports the status by request id", async () => {
    const em = await start({ faults: { asyncPolls: 1, asyncMs: 0 } });
    const arn = await createPermissionSet(em, "Data");
    const started = (await ok(em, "ProvisionPermissionSet", { PermissionSetArn: arn, TargetType: "ALL_PROVISIONED_ACCOUNTS" })).PermissionSetProvisioningStatus;
    expect(started.Status).toBe("IN_PROGRESS");
    const poll = async () => (await ok(em, "DescribePermissionSetProvisioningStatus", { ProvisionPermissionSetRequestId: started.RequestId })).PermissionSetProvisioningStatus.Status;
    expect([await poll(), await poll()]).toEqual(["IN_PROGRESS", "SUCCEEDED"]);
  });
});

describe("account assignments", () => {
  async function setup(options: EmulatorOptions = {}) {
    const em = await start({ groups: ["sre"], ...options });
    const arn = await createPermissionSet(em, "Admin");
    const group = em.addGroup("sre");
    const key = { PermissionSetArn: arn, TargetId: "111111111111", TargetType: "AWS_ACCOUNT", PrincipalType: "GROUP", PrincipalId: group };
    return { em, arn, group, key };
  }

  it("creates asynchronously: IN_PROGRESS for the configured polls, then SUCCEEDED, visible only then", async () => {
    const { em, arn, group, key } = await setup({ faults: { asyncPolls: 2, asyncMs: 0 } });
    const status = (await ok(em, "CreateAccountAssignment", key)).AccountAssignmentCreationStatus;
    expect(status).toMatchObject({ Status: "IN_PROGRESS", TargetId: "111111111111", TargetType: "AWS_ACCOUNT", PermissionSetArn: arn, PrincipalType: "GROUP", PrincipalId: group });
    expect(status.RequestId).toMatch(/^[0-9a-f-]{36}$/);
    const list = async () => (await ok(em, "ListAccountAssignments", { PermissionSetArn: arn, AccountId: "111111111111" })).AccountAssignments;
    const poll = async () => (await ok(em, "DescribeAccountAssignmentCreationStatus", { AccountAssignmentCreationRequestId: status.RequestId })).AccountAssignmentCreationStatus.Status;
    expect(await list()).toEqual([]);
    expect(await poll()).toBe("IN_PROGRESS");
    expect(await list()).toEqual([]);
    expect([await poll(), await poll()]).toEqual(["IN_PROGRESS", "SUCCEEDED"]);
    expect(await list()).toEqual([{ AccountId: "111111111111", PermissionSetArn: arn, PrincipalType: "GROUP", PrincipalId: group }]);
    expect(em.snapshot().assignments).toEqual([{ group: "sre", permissionSet: "Admin", accountId: "111111111111" }]);
  });

  it("refuses to delete a permission set that still has assignments, then deletes it once they are gone", async () => {
    const { em, arn, key } = await setup({ faults: { asyncMs: 0 } });
    await ok(em, "CreateAccountAssignment", key);
    expect((await sso(em, "DeletePermissionSet", { PermissionSetArn: arn })).type).toBe("ConflictException");
    const del = (await ok(em, "DeleteAccountAssignment", key)).AccountAssignmentDeletionStatus;
    expect((await ok(em, "DescribeAccountAssignmentDeletionStatus", { AccountAssignmentDeletionRequestId: del.RequestId })).AccountAssignmentDeletionStatus.Status).toBe("SUCCEEDED");
    await ok(em, "DeletePermissionSet", { PermissionSetArn: arn });
    expect(em.snapshot().permissionSets).toEqual([]);
  });

  it("pages ListAccountAssignments", async () => {
    const em = await start({ pageSize: 2, faults: { asyncMs: 0 } });
    const arn = await createPermissionSet(em, "Admin");
    const ids = ["g1", "g2", "g3", "g4", "g5"].map((g) => em.addGroup(g));
    for (const id of ids) {
      await ok(em, "CreateAccountAssignment", { PermissionSetArn: arn, TargetId: "111111111111", TargetType: "AWS_ACCOUNT", PrincipalType: "GROUP", PrincipalId: id });
    }
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await ok(em, "ListAccountAssignments", { PermissionSetArn: arn, AccountId: "111111111111", ...(token ? { NextToken: token } : {}) });
      seen.push(...page.AccountAssignments.map((a: { PrincipalId: string }) => a.PrincipalId));
      token = page.NextToken;
      pages++;
    } while (token);
    expect(seen.sort()).toEqual([...ids].sort());
    expect(pages).toBe(3);
  });

  it("ends a share of operations FAILED with a reason, leaving nothing behind", async () => {
    const { em, arn, key } = await setup({ faults: { asyncMs: 0, asyncFailureRate: 1 } });
    const status = (await ok(em, "CreateAccountAssignment", key)).AccountAssignmentCreationStatus;
    const final = (await ok(em, "DescribeAccountAssignmentCreationStatus", { AccountAssignmentCreationRequestId: status.RequestId })).AccountAssignmentCreationStatus;
    expect(final.Status).toBe("FAILED");
    expect(final.FailureReason).toMatch(/failure/i);
    expect((await ok(em, "ListAccountAssignments", { PermissionSetArn: arn, AccountId: "111111111111" })).AccountAssignments).toEqual([]);
  });

  it("caps outstanding assignment operations with the configured error", async () => {
    const { em, arn } = await setup({ faults: { asyncMs: 60_000, maxOutstandingAssignmentOps: 2 } });
    const ids = ["a", "b", "c"].map((g) => em.addGroup(g));
    const create = (id: string) => sso(em, "CreateAccountAssignment", { PermissionSetArn: arn, TargetId: "111111111111", TargetType: "AWS_ACCOUNT", PrincipalType: "GROUP", PrincipalId: id });
    const types = [];
    for (const id of ids) types.push((await create(id)).type ?? "ok");
    expect(types).toEqual(["ok", "ok", "ThrottlingException"]);
    em.faults.outstandingCapError = "ConflictException";
    expect((await create(ids[2]!)).type).toBe("ConflictException");
    expect(em.snapshot().inProgressOperations).toBe(2);
  });

  it("refuses a principal the Identity Store does not know and a malformed account id", async () => {
    const { em, key } = await setup();
    expect((await sso(em, "CreateAccountAssignment", { ...key, PrincipalId: "00000000-0000-0000-0000-000000000000" })).type).toBe("ResourceNotFoundException");
    expect((await sso(em, "CreateAccountAssignment", { ...key, TargetId: "1234" })).type).toBe("ValidationException");
  });
});

describe("unknown requests", () => {
  it("answers an operation it does not implement with a clear error and records it", async () => {
    const em = await start();
    const r = await sso(em, "CreateApplication", {});
    expect(r.type).toBe("UnknownOperationException");
    expect(r.body.message).toContain("SWBExternalService.CreateApplication");
    expect(em.unknownOperations).toEqual(["SSOAdmin.CreateApplication"]);
  });

  it("answers STS GetCallerIdentity in the query protocol", async () => {
    const em = await start({ ownerAccountId: "123456789012" });
    const res = await fetch(em.url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "Action=GetCallerIdentity&Version=2011-06-15" });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("<Account>123456789012</Account>");
    expect(em.unknownOperations).toEqual([]);
  });
});
