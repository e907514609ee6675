// Scenario 6 of issue 5: a throttled, half-failing Identity Center. 30% of calls answer
// ThrottlingException, 10% of async operations end FAILED, at most 8 assignment operations may be
// outstanding. Each apply either succeeds or fails cleanly; re-running apply converges to exactly
// the desired state, first from nothing, then through a change that removes and adds assignments.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ResolvedModel } from "../../src/model/types.js";
import { startEmulator, type Emulator } from "../emulator/index.js";
import { comparableState, desiredState } from "./support/desired.js";
import { copyModel, writeYaml } from "./support/model-dir.js";
import { actionsByAddress } from "./support/plan-assert.js";
import { removeScratch } from "./support/scratch.js";
import { synthModel } from "./support/synth.js";
import { requireTerraformAndMirror, TerraformWorkspace } from "./support/workspace.js";

const MAX_APPLIES = 6;

let emulator: Emulator;
let ws: TerraformWorkspace;
let modelDir: string;

/** The example org's permission sets, groups and accounts with a handful of assignments: small on purpose. */
function smallAssignments(dir: string, entries: Array<{ group: string; permission_set: string; accounts: string[] }>): void {
  rmSync(join(dir, "assignments"), { recursive: true, force: true });
  writeYaml(dir, "assignments/e2e.yaml", { assignments: entries });
}

beforeAll(async () => {
  requireTerraformAndMirror();
  modelDir = copyModel("throttled");
  const { model } = synthModel(modelDir);
  emulator = await startEmulator({
    instanceArn: model.organization.identityCenter.instanceArn,
    identityStoreId: model.organization.identityCenter.identityStoreId,
    groups: model.groups.map((g) => g.name),
    seed: 6,
    faults: { throttleRate: 0.3, asyncFailureRate: 0.1, maxOutstandingAssignmentOps: 8, latencyMs: 5 },
  });
  ws = new TerraformWorkspace("throttled", emulator.url, 10);
});

afterAll(async () => {
  await emulator?.close();
  ws?.dispose();
  removeScratch();
});

interface Attempt {
  status: number;
  errors: string[];
}

/** Errors an apply may end with here: each must be an API failure the provider reported, never a crash. */
const CLEAN_FAILURE = /ThrottlingException|Injected failure|too many requests|retry quota exceeded|exceeded maximum number of attempts|unexpected state 'FAILED'/i;

async function applyUntilConverged(model: ResolvedModel): Promise<Attempt[]> {
  const attempts: Attempt[] = [];
  for (let i = 0; i < MAX_APPLIES; i++) {
    const res = await ws.apply();
    const errors = res.stderr.split("\n").filter((l) => /Error:/.test(l));
    attempts.push({ status: res.status, errors });
    expect(res.stderr).not.toMatch(/panic|Plugin did not respond|crash|state lock/i);
    if (res.status === 0) break;
    expect(errors.length, res.stderr).toBeGreaterThan(0);
    for (const line of res.stderr.split("\n").filter((l) => /Error:/.test(l))) {
      const block = res.stderr.slice(res.stderr.indexOf(line), res.stderr.indexOf(line) + 1500);
      expect(block).toMatch(CLEAN_FAILURE);
    }
    expectNoStrayAssignments(model);
  }
  expect(attempts.at(-1)?.status, JSON.stringify(attempts, null, 2)).toBe(0);
  return attempts;
}

/** Between attempts: every assignment in Identity Center is desired or still in Terraform state (nothing orphaned). */
function expectNoStrayAssignments(model: ResolvedModel): void {
  const desired = new Set(model.assignments.map((a) => `${a.group}|${a.permissionSet}|${a.accountId}`));
  const inState = new Set<string>();
  for (const r of ((ws.state().resources ?? []) as Array<{ type: string; instances: Array<{ index_key: string }> }>)) {
    if (r.type === "aws_ssoadmin_account_assignment") for (const i of r.instances) inState.add(i.index_key);
  }
  for (const a of emulator.snapshot().assignments) {
    const key = `${a.group}|${a.permissionSet}|${a.accountId}`;
    expect(desired.has(key) || inState.has(key), `stray assignment ${key}`).toBe(true);
  }
}

describe("6. applying against a throttled, half-failing Identity Center", () => {
  it("converges from nothing to exactly the desired state, then through a change that removes and adds assignments", async () => {
    smallAssignments(modelDir, [
      { group: "sre-oncall", permission_set: "SREOncall", accounts: ["data-platform", "reporting", "ml-platform-prod"] },
      { group: "platform-admin", permission_set: "PlatformAdmin", accounts: ["data-platform", "reporting"] },
      { group: "bi-analysts", permission_set: "BIReadOnly", accounts: ["data-platform", "reporting"] },
      { group: "read-only-exec", permission_set: "ExecReadOnly", accounts: ["data-platform"] },
      { group: "finance-data", permission_set: "FinanceDataReadWrite", accounts: ["reporting"] },
    ]);
    const first = synthModel(modelDir);
    ws.useStack(first.stackDir);
    const attempts = await applyUntilConverged(first.model);
    // The seeded dice fail the 8th async operation, and this phase starts far more than 8: the
    // first apply cannot have succeeded, so recovery really was exercised.
    expect([...emulator.state.operations.values()].some((op) => op.status === "FAILED")).toBe(true);
    expect(attempts.length).toBeGreaterThan(1);
    expect(emulator.throttled && Object.values(emulator.throttled).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(comparableState(emulator.snapshot())).toEqual(comparableState(desiredState(first.model)));
    expect(emulator.unknownOperations).toEqual([]);
    expect(actionsByAddress(await ws.plan())).toEqual({});

    smallAssignments(modelDir, [
      { group: "sre-oncall", permission_set: "SREOncall", accounts: ["data-platform", "ml-platform-prod", "finance-warehouse"] },
      { group: "platform-admin", permission_set: "PlatformAdmin", accounts: ["data-platform"] },
      { group: "bi-analysts", permission_set: "BIReadOnly", accounts: ["data-platform", "reporting", "ml-platform-dev"] },
      { group: "finance-data", permission_set: "FinanceDataReadWrite", accounts: ["reporting"] },
    ]);
    const second = synthModel(modelDir);
    ws.useStack(second.stackDir);
    const more = await applyUntilConverged(second.model);
    expect(comparableState(emulator.snapshot())).toEqual(comparableState(desiredState(second.model)));
    expect(emulator.snapshot().inProgressOperations).toBe(0);
    expect(actionsByAddress(await ws.plan())).toEqual({});
    // For the record in the test output: how many applies each phase took.
    const failures = [...attempts, ...more].flatMap((a) => a.errors).map((e) => e.replace(/RequestID: [0-9a-f-]+/, "RequestID: …"));
    console.log(`throttled e2e: ${attempts.length} + ${more.length} applies; errors on the way:\n${failures.join("\n")}\nthrottled calls ${JSON.stringify(emulator.throttled)}`);
  });
});
