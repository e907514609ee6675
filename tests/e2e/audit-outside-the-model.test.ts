// Access made outside Terraform: the identity-center stack is applied for real to the local
// Identity Center, then assignments are made through the API behind Terraform's back (to a user,
// to a group the model does not know, and an extra account for a managed group with a managed
// permission set). Terraform's plan stays empty (it cannot see them); `access audit` lists them
// with its call count, and `--revoke --yes` removes exactly the managed-permission-set one.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ListPermissionSetsCommand, DescribePermissionSetCommand } from "@aws-sdk/client-sso-admin";
import { startEmulator, type Emulator } from "../emulator/index.js";
import { assign, sdkClient } from "../audit/live-fixture.js";
import { baseFiles, ORG, writeModel } from "../model/fixtures.js";
import { runAccess } from "./support/access-cli.js";
import { comparableState, desiredState } from "./support/desired.js";
import { actionsByAddress } from "./support/plan-assert.js";
import { removeScratch } from "./support/scratch.js";
import { synthModel } from "./support/synth.js";
import { requireTerraformAndMirror, TerraformWorkspace } from "./support/workspace.js";

const MODEL_DIR = writeModel(
  baseFiles({
    // One identity-center stack: the audit reads the live estate, not the layout.
    "organization.yaml": ORG.replace("    identity_store_id: d-0123456789\n", "    identity_store_id: d-0123456789\n    assignment_shards: 1\n"),
    "assignments.yaml":
      "assignments:\n  - { group: bi-analysts, permission_set: BIReadOnly, accounts: [data-platform, reporting] }\n" +
      "  - { group: platform-admin, permission_set: PlatformAdmin, accounts: [production] }\n",
  }),
);

let emulator: Emulator;
let ws: TerraformWorkspace;
let cliEnv: NodeJS.ProcessEnv;

beforeAll(async () => {
  requireTerraformAndMirror();
  const { model, stackDir } = synthModel(MODEL_DIR);
  emulator = await startEmulator({
    instanceArn: model.organization.identityCenter.instanceArn,
    identityStoreId: model.organization.identityCenter.identityStoreId,
    groups: [...model.groups.map((g) => g.name), "contractors"],
    pageSize: 2,
  });
  ws = new TerraformWorkspace("audit", emulator.url, 10);
  ws.useStack(stackDir);
  const applied = await ws.apply();
  if (applied.status !== 0) throw new Error(`apply failed:\n${applied.stderr}\n${applied.stdout.slice(-3000)}`);
  expect(comparableState(emulator.snapshot())).toEqual(comparableState(desiredState(model)));
  // The AWS SDK's standard settings: one endpoint for every service, dummy credentials, no profile files.
  cliEnv = {
    AWS_ENDPOINT_URL: emulator.url,
    AWS_ACCESS_KEY_ID: "test",
    AWS_SECRET_ACCESS_KEY: "test",
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_CONFIG_FILE: "/dev/null",
    AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
    ACCESS_MODEL_DIR: MODEL_DIR,
  };
});

afterAll(async () => {
  await emulator?.close();
  ws?.dispose();
  removeScratch();
});

async function permissionSetArn(name: string): Promise<string> {
  const c = sdkClient(emulator);
  const { instanceArn } = emulator.state;
  for (const arn of (await c.send(new ListPermissionSetsCommand({ InstanceArn: instanceArn, MaxResults: 100 }))).PermissionSets ?? []) {
    if ((await c.send(new DescribePermissionSetCommand({ InstanceArn: instanceArn, PermissionSetArn: arn }))).PermissionSet?.Name === name) return arn;
  }
  throw new Error(`no permission set ${name}`);
}

describe("access made outside the model", () => {
  it("is invisible to Terraform, listed by access audit with its call count, and --revoke --yes removes exactly the managed-permission-set one", async () => {
    const c = sdkClient(emulator);
    const { instanceArn } = emulator.state;
    const bi = await permissionSetArn("BIReadOnly");
    const groupId = (name: string) => [...emulator.state.groups.values()].find((g) => g.displayName === name)!.groupId;
    await assign(c, instanceArn, bi, "222222222222", "USER", emulator.addUser("alice@example.com"));
    await assign(c, instanceArn, bi, "111111111111", "GROUP", groupId("contractors"));
    await assign(c, instanceArn, bi, "333333333333", "GROUP", groupId("bi-analysts"));

    // Drift detection by plan sees nothing: Terraform only reads the assignments it manages.
    expect(actionsByAddress(await ws.plan())).toEqual({});

    emulator.resetCalls();
    const json = await runAccess(["audit", "--format", "json"], cliEnv);
    expect(json.stderr).not.toMatch(/access audit:/);
    expect(json.status).toBe(0);
    const result = JSON.parse(json.stdout);
    expect(result.unmanaged.map((a: Record<string, unknown>) => [a.kind, a.principalName, a.permissionSet, a.accountId, a.revocable])).toEqual([
      ["extra", "bi-analysts", "BIReadOnly", "333333333333", true],
      ["unknown-group", "contractors", "BIReadOnly", "111111111111", false],
      ["user", "alice@example.com", "BIReadOnly", "222222222222", false],
    ]);
    expect(result.unmanagedPermissionSets).toEqual([]);
    // The count it reports is the calls the service saw, and assignments were listed only where provisioned.
    const seen = Object.values(emulator.calls).reduce((s, n) => s + n, 0);
    expect(result.calls.total).toBe(seen);
    expect(result.calls.byOperation).toEqual(Object.fromEntries(Object.entries(emulator.calls).sort(([a], [b]) => (a < b ? -1 : 1))));
    // BIReadOnly: 3 accounts in pages of 2; PlatformAdmin: 1; then the accounts behind, one page each.
    expect(emulator.calls.ListAccountsForProvisionedPermissionSet).toBe(5);
    expect(emulator.calls.ListAccountAssignments).toBe(4); // one page for each provisioned (permission set, account) pair, none for the others

    const text = await runAccess(["audit", "--detailed-exitcode"], cliEnv);
    expect(text.status).toBe(2);
    expect(text.stdout).toMatch(/read 6 assignments of 2 permission sets in 3 accounts with \d+ API calls/);
    expect(text.stdout).toContain("* group bi-analysts has BIReadOnly in production (333333333333): not granted by the model");

    // Without --yes and without anyone to answer, nothing is deleted.
    const refused = await runAccess(["audit", "--revoke"], cliEnv);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/will DELETE 1 assignment[\s\S]*not confirmed; nothing deleted/);
    expect(emulator.snapshot().assignments).toHaveLength(6);

    // Per-service endpoint variables work as well as AWS_ENDPOINT_URL.
    const { AWS_ENDPOINT_URL: _, ...rest } = cliEnv;
    const revoked = await runAccess(["audit", "--revoke", "--yes"], { ...rest, AWS_ENDPOINT_URL_SSO_ADMIN: emulator.url, AWS_ENDPOINT_URL_IDENTITYSTORE: emulator.url });
    expect(revoked.stderr).toMatch(/deleted group bi-analysts BIReadOnly in 333333333333/);
    expect(revoked.stderr).toMatch(/1 deleted, 0 failed/);
    expect(revoked.status).toBe(0);
    const left = emulator.snapshot().assignments.map((a) => `${a.group}|${a.permissionSet}|${a.accountId}`);
    expect(left).not.toContain("bi-analysts|BIReadOnly|333333333333");
    expect(left).toHaveLength(5);

    const after = JSON.parse((await runAccess(["audit", "--format", "json"], cliEnv)).stdout);
    expect(after.unmanaged.map((a: Record<string, unknown>) => a.kind)).toEqual(["unknown-group", "user"]);
    // What the model manages was not touched.
    expect(actionsByAddress(await ws.plan())).toEqual({});
  });
});
