// access audit's reading and comparison against the local Identity Center (no Terraform): the
// calls it makes, every page, and how each assignment outside the model is classified.
import { IdentitystoreClient } from "@aws-sdk/client-identitystore";
import { DescribePermissionSetProvisioningStatusCommand, ProvisionPermissionSetCommand, PutInlinePolicyToPermissionSetCommand, SSOAdminClient } from "@aws-sdk/client-sso-admin";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compareWithModel, isClean } from "../../src/audit/compare.js";
import { readIdentityCenter, type AuditClients } from "../../src/audit/live.js";
import { renderAuditMarkdown, renderAuditText } from "../../src/audit/render.js";
import { revokeAssignments } from "../../src/audit/revoke.js";
import { startEmulator, type Emulator } from "../emulator/index.js";
import { baseFiles, load } from "../model/fixtures.js";
import { assign, createPermissionSet, sdkClient } from "./live-fixture.js";

const MODEL = load(
  baseFiles({
    "assignments.yaml":
      "assignments:\n  - { group: bi-analysts, permission_set: BIReadOnly, accounts: [data-platform, reporting] }\n" +
      "  - { group: platform-admin, permission_set: PlatformAdmin, accounts: [production] }\n",
  }),
).model!;
const { instanceArn, identityStoreId } = MODEL.organization.identityCenter;

let emulator: Emulator;
let clients: () => AuditClients;
const ids: Record<string, string> = {};

beforeAll(async () => {
  emulator = await startEmulator({ instanceArn, identityStoreId, pageSize: 1, groups: ["bi-analysts", "platform-admin", "contractors"] });
  for (const g of emulator.state.groups.values()) ids[g.displayName] = g.groupId;
  ids.alice = emulator.addUser("alice@example.com");
  const c = sdkClient(emulator);
  const bi = await createPermissionSet(c, instanceArn, "BIReadOnly");
  const admin = await createPermissionSet(c, instanceArn, "PlatformAdmin");
  const legacy = await createPermissionSet(c, instanceArn, "LegacyAdmin");
  await createPermissionSet(c, instanceArn, "Unused"); // never provisioned: no account is listed for it
  await assign(c, instanceArn, bi, "111111111111", "GROUP", ids["bi-analysts"]!);
  await assign(c, instanceArn, bi, "222222222222", "GROUP", ids["bi-analysts"]!);
  await assign(c, instanceArn, admin, "333333333333", "GROUP", ids["platform-admin"]!);
  // outside the model
  await assign(c, instanceArn, bi, "222222222222", "USER", ids.alice!);
  await assign(c, instanceArn, bi, "111111111111", "GROUP", ids.contractors!);
  await assign(c, instanceArn, bi, "333333333333", "GROUP", ids["bi-analysts"]!);
  await assign(c, instanceArn, admin, "444444444444", "GROUP", ids["platform-admin"]!); // an account the model does not know
  await assign(c, instanceArn, legacy, "222222222222", "GROUP", ids["platform-admin"]!);
  clients = () => ({
    ssoAdmin: new SSOAdminClient({ region: "us-east-1", endpoint: emulator.url, credentials: { accessKeyId: "t", secretAccessKey: "t" }, maxAttempts: 10 }),
    identityStore: new IdentitystoreClient({ region: "us-east-1", endpoint: emulator.url, credentials: { accessKeyId: "t", secretAccessKey: "t" }, maxAttempts: 10 }),
  });
});

afterAll(() => emulator?.close());

describe("access audit against the local Identity Center", () => {
  it("lists accounts per permission set before listing assignments, reads every page and counts every call", async () => {
    emulator.resetCalls();
    const live = await readIdentityCenter(clients(), instanceArn, identityStoreId);
    expect(live.permissionSets.map((p) => [p.name, p.accounts])).toEqual([
      ["BIReadOnly", ["111111111111", "222222222222", "333333333333"]],
      ["LegacyAdmin", ["222222222222"]],
      ["PlatformAdmin", ["333333333333", "444444444444"]],
      ["Unused", []],
    ]);
    expect(live.assignments).toHaveLength(8);
    // Page size 1: one ListAccountAssignments page per assignment, and none for accounts it is not provisioned to.
    expect(emulator.calls.ListAccountAssignments).toBe(8);
    expect(emulator.calls.ListPermissionSets).toBe(4);
    // Accounts per permission set (3 + 2 + 1 + 1 pages), then the accounts behind for each set provisioned somewhere (3).
    expect(emulator.calls.ListAccountsForProvisionedPermissionSet).toBe(3 + 2 + 1 + 1 + 3);
    // Principal names: one lookup per distinct principal, not per assignment.
    expect(emulator.calls.DescribeGroup).toBe(3);
    expect(emulator.calls.DescribeUser).toBe(1);
    expect(live.calls).toEqual(Object.fromEntries(Object.entries(emulator.calls)));
    expect(live.assignments.find((a) => a.principalType === "USER")!.principalName).toBe("alice@example.com");
  });

  it("classifies users, unknown groups, unmanaged permission sets and extra triples, and lists unmanaged permission sets", async () => {
    const result = compareWithModel(MODEL, await readIdentityCenter(clients(), instanceArn, identityStoreId));
    expect(result.unmanaged.map((a) => [a.kind, a.principalName, a.permissionSet, a.accountId, a.revocable])).toEqual([
      ["extra", "bi-analysts", "BIReadOnly", "333333333333", true],
      ["extra", "platform-admin", "PlatformAdmin", "444444444444", true],
      ["unknown-group", "contractors", "BIReadOnly", "111111111111", false],
      ["unmanaged-permission-set", "platform-admin", "LegacyAdmin", "222222222222", false],
      ["user", "alice@example.com", "BIReadOnly", "222222222222", false],
    ]);
    expect(result.unmanagedPermissionSets.map((p) => [p.name, p.accounts])).toEqual([
      ["LegacyAdmin", 1],
      ["Unused", 0],
    ]);
    expect(result.live).toEqual({ permissionSets: 4, accounts: 4, assignments: 8 });
    expect(isClean(result)).toBe(false);
    const text = renderAuditText(result);
    expect(text).toMatch(/read 8 assignments of 4 permission sets in 4 accounts with \d+ API calls \(DescribeGroup 3, DescribePermissionSet 4, DescribeUser 1, ListAccountAssignments 8/);
    expect(text).toContain("* group bi-analysts has BIReadOnly in production (333333333333): not granted by the model");
    expect(text).toContain("- user alice@example.com has BIReadOnly in reporting (222222222222): assigned to a user");
    expect(text).toContain("PlatformAdmin in 444444444444 (not in the model)");
    expect(renderAuditMarkdown(result)).toMatch(/\| group contractors \| BIReadOnly \| data-platform \(111111111111\) \| group not in the model \| no \|/);
    expect(result.staleProvisioning).toEqual([]);
  });

  it("reports the accounts behind a permission set's latest version, a clean estate included", async () => {
    const c = sdkClient(emulator);
    const admin = [...emulator.state.permissionSets.values()].find((p) => p.name === "PlatformAdmin")!.arn;
    await c.send(new PutInlinePolicyToPermissionSetCommand({ InstanceArn: instanceArn, PermissionSetArn: admin, InlinePolicy: '{"Version":"2012-10-17","Statement":[]}' }));
    try {
      const result = compareWithModel(MODEL, await readIdentityCenter(clients(), instanceArn, identityStoreId));
      expect(result.staleProvisioning).toEqual([
        { permissionSet: "PlatformAdmin", accountId: "333333333333", accountName: "production" },
        { permissionSet: "PlatformAdmin", accountId: "444444444444" },
      ]);
      expect(renderAuditText(result)).toContain("Accounts behind their permission set (2):\n  - PlatformAdmin in production (333333333333): not on its permission set's latest version");
      expect(renderAuditMarkdown(result)).toContain("#### Accounts behind their permission set (2)");
      expect(isClean({ ...result, unmanaged: [], unmanagedPermissionSets: [] })).toBe(false);
    } finally {
      const started = await c.send(new ProvisionPermissionSetCommand({ InstanceArn: instanceArn, PermissionSetArn: admin, TargetType: "ALL_PROVISIONED_ACCOUNTS" }));
      const id = started.PermissionSetProvisioningStatus!.RequestId!;
      while ((await c.send(new DescribePermissionSetProvisioningStatusCommand({ InstanceArn: instanceArn, ProvisionPermissionSetRequestId: id }))).PermissionSetProvisioningStatus!.Status === "IN_PROGRESS") {
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(emulator.snapshot().staleProvisioning).toEqual([]);
    }
  });

  it("counts retried calls too when the service throttles", async () => {
    emulator.resetCalls();
    emulator.faults.throttleRate = 0.2;
    try {
      const live = await readIdentityCenter(clients(), instanceArn, identityStoreId);
      expect(live.assignments).toHaveLength(8);
      expect(Object.values(emulator.throttled).reduce((s, n) => s + n, 0)).toBeGreaterThan(0);
      expect(live.calls).toEqual(Object.fromEntries(Object.entries(emulator.calls)));
    } finally {
      emulator.faults.throttleRate = 0;
    }
  });

  it("revokes only revocable assignments and refuses anything else", async () => {
    const result = compareWithModel(MODEL, await readIdentityCenter(clients(), instanceArn, identityStoreId));
    const user = result.unmanaged.find((a) => a.kind === "user")!;
    await expect(revokeAssignments(clients().ssoAdmin, instanceArn, [user])).rejects.toThrow(/not a revocable assignment/);
    const extra = result.unmanaged.filter((a) => a.revocable);
    const outcomes = await revokeAssignments(clients().ssoAdmin, instanceArn, extra, { pollMs: 10 });
    expect(outcomes.map((o) => o.status)).toEqual(["SUCCEEDED", "SUCCEEDED"]);
    const after = compareWithModel(MODEL, await readIdentityCenter(clients(), instanceArn, identityStoreId));
    expect(after.unmanaged.map((a) => a.kind)).toEqual(["unknown-group", "unmanaged-permission-set", "user"]);
    expect(after.live.assignments).toBe(6);
  });
});
