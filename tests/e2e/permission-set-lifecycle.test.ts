// Beyond the six scenarios: every permission-set attribute through create, update and removal,
// with a hand-built resolved model (a managed-policy boundary, which the example org lacks, and
// `${...}` text that must reach the service literally), synthesized by the real stacks.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ResolvedModel } from "../../src/model/types.js";
import { startEmulator, type Emulator } from "../emulator/index.js";
import { comparableState, desiredState } from "./support/desired.js";
import { fixtureModel } from "./support/fixture-model.js";
import { actionsByAddress } from "./support/plan-assert.js";
import { removeScratch } from "./support/scratch.js";
import { synthResolved } from "./support/synth.js";
import { requireTerraformAndMirror, TerraformWorkspace } from "./support/workspace.js";

let emulator: Emulator;
let ws: TerraformWorkspace;

beforeAll(async () => {
  requireTerraformAndMirror();
  const model = fixtureModel();
  emulator = await startEmulator({
    instanceArn: model.organization.identityCenter.instanceArn,
    identityStoreId: model.organization.identityCenter.identityStoreId,
    groups: model.groups.map((g) => g.name),
  });
  ws = new TerraformWorkspace("lifecycle", emulator.url, 10);
});

afterAll(async () => {
  await emulator?.close();
  ws?.dispose();
  removeScratch();
});

async function converge(model: ResolvedModel): Promise<void> {
  ws.useStack(synthResolved(model).stackDir);
  const res = await ws.apply();
  if (res.status !== 0) throw new Error(`apply failed:\n${res.stderr}\n${res.stdout.slice(-3000)}`);
  expect(comparableState(emulator.snapshot())).toEqual(comparableState(desiredState(model)));
  expect(actionsByAddress(await ws.plan())).toEqual({});
  expect(emulator.unknownOperations).toEqual([]);
}

describe("permission set attributes end to end", () => {
  it("creates every attribute kind, with ${...} text arriving literally", async () => {
    const model = fixtureModel();
    await converge(model);
    const readOnly = emulator.snapshot().permissionSets.find((p) => p.name === "ReadOnly")!;
    expect(readOnly.description).toBe("Reads ${aws:username} literally");
    expect(JSON.parse(readOnly.inlinePolicy!).Statement[0].Resource).toBe("arn:aws:s3:::home/${aws:username}/*");
    expect(readOnly.permissionsBoundary).toEqual({ kind: "managed", arn: "arn:aws:iam::aws:policy/PowerUserAccess" });
  });

  it("updates session, relay state, tags, policies and boundary, and removes an inline policy, converging to the model", async () => {
    const model = fixtureModel();
    const readOnly = model.permissionSets.find((p) => p.name === "ReadOnly")!;
    readOnly.sessionDuration = "PT4H";
    delete readOnly.relayState;
    delete readOnly.inlinePolicy;
    readOnly.tags = { team: "data", "cost-center": "42" };
    readOnly.customerManagedPolicies = [];
    readOnly.managedPolicies = ["arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"];
    readOnly.permissionsBoundary = { kind: "customer_managed", name: "data-boundary", path: "/boundaries/" };
    const admin = model.permissionSets.find((p) => p.name === "Admin")!;
    delete admin.permissionsBoundary;
    admin.tags = {};
    emulator.resetCalls();
    await converge(model);
    for (const op of ["UpdatePermissionSet", "TagResource", "UntagResource", "DeleteInlinePolicyFromPermissionSet", "DetachCustomerManagedPolicyReferenceFromPermissionSet", "DeletePermissionsBoundaryFromPermissionSet", "ProvisionPermissionSet"]) {
      expect(emulator.calls[op], op).toBeGreaterThan(0);
    }
  });

  it("removes a permission set with its assignments (assignments first, as the service demands)", async () => {
    const model = fixtureModel();
    model.permissionSets = model.permissionSets.filter((p) => p.name !== "ReadOnly");
    model.assignments = model.assignments.filter((a) => a.permissionSet !== "ReadOnly");
    await converge(model);
    expect(emulator.snapshot().permissionSets.map((p) => p.name)).toEqual(["Admin"]);
  });
});
