// terraform-provider-aws #38247 for real: a permission set edit whose provisioning FAILS is
// recorded by the aws provider as applied, so the next plan is empty while the accounts' roles
// keep the old policies. The post-apply provisioning check (src/aws/provisioning.ts, what
// `access provisioning` runs after the identity-center applies) finds those accounts, provisions
// them again and leaves every account on the latest version, the plan still empty.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SSOAdminClient } from "@aws-sdk/client-sso-admin";
import { checkProvisioning } from "../../src/aws/provisioning.js";
import { startEmulator, type Emulator } from "../emulator/index.js";
import { comparableState, desiredState } from "./support/desired.js";
import { fixtureModel } from "./support/fixture-model.js";
import { actionsByAddress } from "./support/plan-assert.js";
import { removeScratch } from "./support/scratch.js";
import { synthResolved } from "./support/synth.js";
import { requireTerraformAndMirror, TerraformWorkspace } from "./support/workspace.js";

let emulator: Emulator;
let ws: TerraformWorkspace;
const model = fixtureModel();
const sets = model.permissionSets.map((p) => p.name);

beforeAll(async () => {
  requireTerraformAndMirror();
  emulator = await startEmulator({
    instanceArn: model.organization.identityCenter.instanceArn,
    identityStoreId: model.organization.identityCenter.identityStoreId,
    groups: model.groups.map((g) => g.name),
  });
  ws = new TerraformWorkspace("provisioning", emulator.url, 10);
  ws.useStack(synthResolved(model).stackDir);
  const res = await ws.apply();
  if (res.status !== 0) throw new Error(`apply failed:\n${res.stderr}\n${res.stdout.slice(-3000)}`);
});

afterAll(async () => {
  await emulator?.close();
  ws?.dispose();
  removeScratch();
});

const check = (checkOnly: boolean) =>
  checkProvisioning({
    sso: new SSOAdminClient({ endpoint: emulator.url, region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" }, maxAttempts: 10 }),
    instanceArn: model.organization.identityCenter.instanceArn,
    permissionSets: sets,
    checkOnly,
    initialDelayMs: 100,
  });

describe("a permission set edit whose provisioning failed", () => {
  it("starts with every account on the latest version", async () => {
    expect(emulator.snapshot().staleProvisioning).toEqual([]);
    expect((await check(true)).failed).toEqual([]);
  });

  it("is recorded as applied by the aws provider, leaving the accounts behind with an empty plan; the check repairs it", async () => {
    const edited = fixtureModel();
    const readOnly = edited.permissionSets.find((p) => p.name === "ReadOnly")!;
    readOnly.inlinePolicy = '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:DeleteObject","Resource":"*"}]}';
    const accounts = [...new Set(edited.assignments.filter((a) => a.permissionSet === "ReadOnly").map((a) => a.accountId))].sort();
    expect(accounts.length).toBeGreaterThan(0);

    emulator.faults.provisionFailureRate = 1;
    ws.useStack(synthResolved(edited).stackDir);
    const failed = await ws.apply();
    emulator.faults.provisionFailureRate = 0;
    // The provider reports the failed provisioning ...
    expect(failed.status).not.toBe(0);
    expect(failed.stderr).toMatch(/provision/i);
    // ... yet the edit is live and recorded: the next plan wants nothing, the roles are old.
    expect(comparableState(emulator.snapshot())).toEqual(comparableState(desiredState(edited)));
    expect(actionsByAddress(await ws.plan())).toEqual({});
    expect(emulator.snapshot().staleProvisioning).toEqual(accounts.map((a) => `ReadOnly|${a}`));

    const audit = await check(true);
    expect(audit.failed.map((f) => `${f.permissionSet}|${f.accountId}`)).toEqual(accounts.map((a) => `ReadOnly|${a}`));

    const repaired = await check(false);
    expect(repaired.stale).toHaveLength(accounts.length);
    expect(repaired.failed).toEqual([]);
    expect(emulator.snapshot().staleProvisioning).toEqual([]);
    expect(actionsByAddress(await ws.plan())).toEqual({});
    expect(emulator.unknownOperations).toEqual([]);
  });
});
