// Assignment shards against a local Identity Center, one state per stack carried from step to step
// as a real repository's would be: a state written by the single-block layout, its move to one
// block per account, the migration to shards (0 assignments deleted or created), then changes in
// the sharded layout (one account, a new permission set and group, a throttled multi-shard apply,
// removing a permission set in phases),
// and the way back to one stack. Real terraform, the real hashicorp/aws provider.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keepRemovedPermissionSets } from "../../src/model/phases.js";
import { shardOf } from "../../src/layout/index.js";
import type { Assignment, ResolvedModel } from "../../src/model/types.js";
import { startEmulator, type Emulator } from "../emulator/index.js";
import { toLegacyLayout } from "../support/legacy-layout.js";
import { comparableState, desiredState } from "./support/desired.js";
import { fixtureModel } from "./support/fixture-model.js";
import { removeScratch } from "./support/scratch.js";
import { StackSet, synthLayout, type SynthesizedLayout } from "./support/stack-set.js";
import { requireTerraformAndMirror, type Plan } from "./support/workspace.js";

const SHARDS = 2;
const BASE = "identity-center";

/** Four accounts, two in each of the two shards (ids chosen by the shard hash itself). */
function accountsAcrossShards(): { id: string; name: string }[] {
  const picked: { id: string; name: string }[] = [];
  const perShard = [0, 0];
  for (let i = 1; picked.length < 4; i++) {
    const id = String(300000000000 + i * 1013);
    const shard = shardOf(id, SHARDS);
    if (perShard[shard]! >= 2) continue;
    perShard[shard]! += 1;
    picked.push({ id, name: `acct-${picked.length}` });
  }
  return picked;
}

const ACCOUNTS = accountsAcrossShards();
const shardOfAccount = (i: number) => `identity-center-shard-${shardOf(ACCOUNTS[i]!.id, SHARDS)}`;

function model(assignments: Array<[string, string, number]>, shards: number, migrateFrom?: number, extra: (m: ResolvedModel) => void = () => {}): ResolvedModel {
  const base = fixtureModel();
  const m: ResolvedModel = {
    ...base,
    organization: { ...base.organization, identityCenter: { ...base.organization.identityCenter, assignmentShards: shards, ...(migrateFrom ? { migrateAssignmentsFrom: migrateFrom } : {}) } },
    accounts: ACCOUNTS.map((a) => ({ id: a.id, name: a.name, ou: "workloads", tags: {} })),
    assignments: assignments.map(([group, permissionSet, i]): Assignment => ({ group, permissionSet, accountId: ACCOUNTS[i]!.id, accountName: ACCOUNTS[i]!.name })),
  };
  extra(m);
  return m;
}

/** Adds the Audit permission set and the auditors group (resolved models keep both sorted by name). */
function withPermissionSet(name: string, group?: string): (m: ResolvedModel) => void {
  return (m) => {
    m.permissionSets = [...m.permissionSets, { name, sessionDuration: "PT2H", managedPolicies: ["arn:aws:iam::aws:policy/SecurityAudit"], customerManagedPolicies: [], tags: {}, privileged: false, privilegedReasons: [] }].sort((a, b) => (a.name < b.name ? -1 : 1));
    if (group) m.groups = [...m.groups, { name: group, source: "managed" as const, privileged: false, privilegedReasons: [] }].sort((a, b) => (a.name < b.name ? -1 : 1));
  };
}
const withAudit = withPermissionSet("Audit", "auditors");
/** The assignments from the throttled apply on. */
const next: Array<[string, string, number]> = [["admins", "Admin", 0], ["admins", "Admin", 1], ["admins", "Admin", 3], ["readers", "ReadOnly", 1], ["readers", "ReadOnly", 2], ["auditors", "Audit", 0], ["auditors", "Audit", 2], ["auditors", "Audit", 3], ["readers", "Audit", 3], ["auditors", "ReadOnly", 2]];

const INITIAL: Array<[string, string, number]> = [
  ["admins", "Admin", 0],
  ["admins", "Admin", 2],
  ["readers", "ReadOnly", 0],
  ["readers", "ReadOnly", 1],
  ["readers", "ReadOnly", 2],
  ["readers", "ReadOnly", 3],
];

let emulator: Emulator;
let set: StackSet;

beforeAll(async () => {
  requireTerraformAndMirror();
  const m = fixtureModel();
  emulator = await startEmulator({ instanceArn: m.organization.identityCenter.instanceArn, identityStoreId: m.organization.identityCenter.identityStoreId, groups: ["admins", "readers"], seed: 12 });
  set = new StackSet("shards", emulator.url);
});

afterAll(async () => {
  await emulator?.close();
  set?.dispose();
  removeScratch();
});

type Json = Record<string, any>;
const changes = (plan: Plan): Json[] => (plan.raw.resource_changes ?? []) as Json[];
/** Changes that write to Identity Center: aws_* resources with an action other than no-op or forget (terraform_data markers make no API call). */
const writes = (plan: Plan) => changes(plan).filter((c) => c.mode === "managed" && c.type.startsWith("aws_") && !["no-op", "forget"].includes(c.change.actions.join(",")));
/** Managed changes of any kind (deferred lookups, data reads, are not changes). */
const anyChange = (plan: Plan) => changes(plan).filter((c) => c.mode === "managed" && (c.change.actions.join(",") !== "no-op" || c.change.importing || c.previous_address));
const isEmpty = (plan: Plan) => changes(plan).every((c) => c.change.actions.join(",") === "no-op" && !c.change.importing && !c.previous_address);

function expectEmulatorEquals(m: ResolvedModel): void {
  const snap = emulator.snapshot();
  expect(comparableState(snap)).toEqual(comparableState(desiredState(m)));
  expect(snap.inProgressOperations).toBe(0);
  expect(emulator.unknownOperations).toEqual([]);
}

async function applyStack(layout: SynthesizedLayout, stack: string): Promise<Plan> {
  const ws = set.use(layout, stack);
  const plan = await ws.plan();
  if (!isEmpty(plan)) {
    const res = await ws.applyPlan();
    if (res.status !== 0) throw new Error(`apply of ${stack} failed:\n${res.stderr}\n${res.stdout.slice(-3000)}`);
  }
  return plan;
}

async function applyLayout(layout: SynthesizedLayout): Promise<Map<string, Plan>> {
  const plans = new Map<string, Plan>();
  for (const stack of layout.stacks) plans.set(stack, await applyStack(layout, stack));
  return plans;
}

async function expectEveryPlanEmpty(layout: SynthesizedLayout): Promise<void> {
  for (const [stack, plan] of await set.planAll(layout)) expect(changes(plan).filter((c) => c.change.actions.join(",") !== "no-op" || c.change.importing || c.previous_address), stack).toEqual([]);
}

describe("assignment shards against a local Identity Center", () => {
  it("the precondition: the accounts spread over both shards", () => {
    expect(new Set(ACCOUNTS.map((_, i) => shardOfAccount(i))).size).toBe(SHARDS);
  });

  it("moves a state written by the single assignment block to one block per account without touching Identity Center", async () => {
    const m = model(INITIAL, 1);
    const layout = synthLayout(m);
    expect(layout.stacks).toEqual([BASE]);
    set.use(layout, BASE, toLegacyLayout);
    const legacyPlan = await set.workspace(BASE).plan();
    expect(legacyPlan.effective.filter((c) => c.type === "aws_ssoadmin_account_assignment")).toHaveLength(INITIAL.length);
    expect((await set.workspace(BASE).applyPlan()).status).toBe(0);
    expectEmulatorEquals(m);

    emulator.resetCalls();
    const plan = await set.use(layout, BASE).plan();
    expect(writes(plan)).toEqual([]);
    const moved = changes(plan).filter((c) => c.previous_address);
    expect(moved.map((c) => [c.previous_address, c.address]).sort()).toEqual(
      m.assignments.map((a) => [`aws_ssoadmin_account_assignment.assignment["${a.group}|${a.permissionSet}|${a.accountId}"]`, `aws_ssoadmin_account_assignment.assignment_${a.accountId}["${a.group}|${a.permissionSet}|${a.accountId}"]`]).sort(),
    );
    expect((await set.workspace(BASE).applyPlan()).status).toBe(0);
    expect(emulator.calls.CreateAccountAssignment ?? 0).toBe(0);
    expect(emulator.calls.DeleteAccountAssignment ?? 0).toBe(0);
  });

  it("migrates one stack to shards with 0 assignments deleted or created, then every plan is empty", async () => {
    const m = model(INITIAL, SHARDS, 1);
    const layout = synthLayout(m);
    expect(layout.stacks).toEqual([BASE, "identity-center-shard-0", "identity-center-shard-1"]);
    emulator.resetCalls();
    const plans = await applyLayout(layout);
    for (const [stack, plan] of plans) expect(writes(plan), stack).toEqual([]);
    const forgotten = changes(plans.get(BASE)!).filter((c) => c.change.actions.join(",") === "forget");
    expect(forgotten.filter((c) => c.type === "aws_ssoadmin_account_assignment")).toHaveLength(INITIAL.length);
    const imported = [...plans.values()].flatMap((p) => changes(p).filter((c) => c.change.importing && c.type === "aws_ssoadmin_account_assignment"));
    expect(imported).toHaveLength(INITIAL.length);
    expect(emulator.calls.CreateAccountAssignment ?? 0).toBe(0);
    expect(emulator.calls.DeleteAccountAssignment ?? 0).toBe(0);
    expectEmulatorEquals(m);
    expect(set.stateAddresses(BASE).filter((a) => a.startsWith("aws_ssoadmin_account_assignment"))).toEqual([]);
    for (let i = 0; i < ACCOUNTS.length; i++) {
      const mine = m.assignments.filter((a) => a.accountId === ACCOUNTS[i]!.id).map((a) => `aws_ssoadmin_account_assignment.assignment_${a.accountId}["${a.group}|${a.permissionSet}|${a.accountId}"]`);
      expect(set.stateAddresses(shardOfAccount(i))).toEqual(expect.arrayContaining(mine));
    }
  });

  it("after the migration, a change to one account (migrate_assignments_from removed) plans changes in that account's shard only", async () => {
    const m = model([...INITIAL, ["admins", "Admin", 1]], SHARDS);
    const layout = synthLayout(m);
    const plans = await set.planAll(layout);
    const changed = [...plans].filter(([, p]) => anyChange(p).length > 0).map(([s]) => s);
    expect(changed).toEqual([shardOfAccount(1)]);
    // The assignment, and the markers of a group and permission set new to this shard (no API call).
    expect(anyChange(plans.get(shardOfAccount(1))!).map((c) => [c.address, c.change.actions.join(",")]).sort()).toEqual(
      [
        [`aws_ssoadmin_account_assignment.assignment_${ACCOUNTS[1]!.id}["admins|Admin|${ACCOUNTS[1]!.id}"]`, "create"],
        ...([0, 2].some((i) => shardOfAccount(i) === shardOfAccount(1)) ? [] : [['terraform_data.group_push["admins"]', "create"], ['terraform_data.permission_set_seen["Admin"]', "create"]]),
      ].sort(),
    );
    await applyLayout(layout);
    expectEmulatorEquals(m);
  });

  it("a new permission set and a new group with their assignments plan before either exists and apply without replacing anything", async () => {
    const withAudit = (m: ResolvedModel) => {
      // Resolved models keep permission sets sorted by name.
      m.permissionSets = [...m.permissionSets, { name: "Audit", sessionDuration: "PT2H", managedPolicies: ["arn:aws:iam::aws:policy/SecurityAudit"], customerManagedPolicies: [], tags: {}, privileged: false, privilegedReasons: [] }].sort((a, b) => (a.name < b.name ? -1 : 1));
      m.groups.push({ name: "auditors", source: "managed", privileged: false, privilegedReasons: [] });
    };
    const next: Array<[string, string, number]> = [...INITIAL, ["admins", "Admin", 1], ["auditors", "Audit", 0], ["auditors", "Audit", 1], ["readers", "Audit", 3], ["auditors", "ReadOnly", 2]];
    const m = model(next, SHARDS, undefined, withAudit);
    const layout = synthLayout(m);
    // The PR plan: base has not created Audit, Okta has not pushed auditors.
    const plans = await set.planAll(layout);
    for (const [stack, plan] of plans) {
      for (const c of writes(plan)) expect(c.change.actions, `${stack} ${c.address}`).toEqual(["create"]);
    }
    const created = [...plans.values()].flatMap((p) => writes(p).filter((c) => c.type === "aws_ssoadmin_account_assignment").map((c) => c.index));
    expect(created.sort()).toEqual(["auditors|Audit|" + ACCOUNTS[0]!.id, "auditors|Audit|" + ACCOUNTS[1]!.id, "auditors|ReadOnly|" + ACCOUNTS[2]!.id, "readers|Audit|" + ACCOUNTS[3]!.id].sort());
    // Apply on merge: base, the push, then the shards.
    emulator.addGroup("auditors");
    emulator.resetCalls();
    const applied = await applyLayout(layout);
    for (const [stack, plan] of applied) for (const c of writes(plan)) expect(c.change.actions, `${stack} ${c.address}`).toEqual(["create"]);
    expect(emulator.calls.DeleteAccountAssignment ?? 0).toBe(0);
    expectEmulatorEquals(m);
    await expectEveryPlanEmpty(layout);
  });

  it("a throttled multi-shard apply converges when the failed shards are re-run", async () => {
    const m = model(next, SHARDS, undefined, withAudit);
    const layout = synthLayout(m);
    Object.assign(emulator.faults, { throttleRate: 0.1, asyncFailureRate: 0.5, maxOutstandingAssignmentOps: 4 });
    const failures: string[] = [];
    try {
      for (const stack of layout.stacks) {
        let done = false;
        for (let attempt = 1; attempt <= 8 && !done; attempt++) {
          const ws = set.use(layout, stack);
          const res = await ws.apply();
          done = res.status === 0;
          if (!done) failures.push(`${stack} attempt ${attempt}: ${(res.stderr.match(/Error: .*/g) ?? []).slice(0, 2).join("; ")}`);
        }
        expect(done, `${stack} did not converge:\n${failures.join("\n")}`).toBe(true);
      }
    } finally {
      Object.assign(emulator.faults, { throttleRate: 0, asyncFailureRate: 0, maxOutstandingAssignmentOps: Infinity });
    }
    console.log(`throttled multi-shard apply: ${failures.length} failed attempt(s) before converging\n${failures.join("\n")}`);
    // Half the async operations fail: at least one shard's first apply must have failed and been re-run.
    expect(failures.length).toBeGreaterThan(0);
    expect(Object.values(emulator.throttled).reduce((n, x) => n + x, 0)).toBeGreaterThan(0);
    expectEmulatorEquals(m);
    await expectEveryPlanEmpty(layout);
  });

  it("removing a permission set the shards assign applies in phases: keep base, shards, final base, with no failure", async () => {
    const withTemp = (m: ResolvedModel) => {
      withAudit(m);
      withPermissionSet("Temp")(m);
    };
    const before = model([...next, ["readers", "Temp", 0], ["readers", "Temp", 1], ["readers", "Temp", 2], ["readers", "Temp", 3]], SHARDS, undefined, withTemp);
    await applyLayout(synthLayout(before));
    expectEmulatorEquals(before);

    const head = model(next, SHARDS, undefined, withAudit);
    const keep = keepRemovedPermissionSets(before, head);
    expect(keep.permissionSets.map((p) => p.name)).toContain("Temp");
    const final = synthLayout(head);
    // Keep phase: nothing to do for the base (Temp stays while the shards assign it).
    expect(writes(await applyStack(synthLayout(keep), BASE))).toEqual([]);
    for (const shard of final.stacks.filter((s) => s !== BASE)) await applyStack(final, shard);
    // Final phase: the base deletes Temp, now unassigned.
    const deleted = writes(await applyStack(final, BASE));
    expect(deleted.map((c) => `${c.type}.${c.name} ${c.change.actions.join(",")}`)).toContain("aws_ssoadmin_permission_set.permission_set delete");
    expectEmulatorEquals(head);
    await expectEveryPlanEmpty(final);
  });

  it("migrates back from shards to one stack with 0 assignments deleted or created; the shards only forget", async () => {
    const m = model(next, 1, SHARDS, withAudit);
    const layout = synthLayout(m);
    expect(layout.stacks).toEqual([BASE, "identity-center-shard-0", "identity-center-shard-1"]);
    emulator.resetCalls();
    const plans = await applyLayout(layout);
    for (const [stack, plan] of plans) expect(writes(plan), stack).toEqual([]);
    expect(emulator.calls.CreateAccountAssignment ?? 0).toBe(0);
    expect(emulator.calls.DeleteAccountAssignment ?? 0).toBe(0);
    expectEmulatorEquals(m);
    for (const shard of ["identity-center-shard-0", "identity-center-shard-1"]) expect(set.stateAddresses(shard)).toEqual([]);
    const after = await set.use(synthLayout(model(next, 1, undefined, withAudit)), BASE).plan();
    expect(anyChange(after)).toEqual([]);
  });
});
