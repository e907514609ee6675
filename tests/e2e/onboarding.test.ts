// The 36th account, end to end against the local Identity Center + Organizations emulator at the
// example org's size (35 accounts, 2 assignment shards): an account is created in an OU that an
// existing selector covers, then the commands the workflows run, in their order: accounts sync
// (accounts.yml), access diff, the pre-approval decision, synth, a plan of the affected stacks
// only, explain, apply (apply.yml). The new account's assignments are live. The wall time and its
// parts go to stderr; the 1,000-account figure is bench/onboarding.ts's, in bench/README.md.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadModel } from "../../src/model/index.js";
import { assignmentStackOf } from "../../src/layout/index.js";
import { startEmulator, type Emulator } from "../emulator/index.js";
import { GROUP_NAMES, IDENTITY_STORE, INSTANCE_ARN, onboard, SeededOrganization } from "./support/onboarding.js";
import { removeScratch } from "./support/scratch.js";
import { StackSet, synthLayout } from "./support/stack-set.js";
import { requireTerraformAndMirror } from "./support/workspace.js";

const ACCOUNTS = 35;
const SHARDS = 2;

let emulator: Emulator;
let seeded: SeededOrganization;
let base: string;
let set: StackSet;

beforeAll(async () => {
  requireTerraformAndMirror();
  emulator = await startEmulator({ instanceArn: INSTANCE_ARN, identityStoreId: IDENTITY_STORE, groups: GROUP_NAMES, seed: 19 });
  ({ seeded, base } = await SeededOrganization.create(emulator, ACCOUNTS, SHARDS));
  set = new StackSet("onboarding", emulator.url);
  await set.applyAll(synthLayout(loadModel(base).model!));
}, 600_000);

afterAll(async () => {
  seeded?.destroy();
  await emulator?.close();
  set?.dispose();
  removeScratch();
});

describe("a new account in an OU an unchanged selector covers", () => {
  it("is synced, pre-approved, planned in its shard only, explained and applied: its assignments are live", async () => {
    const started = performance.now();
    const id = await seeded.createAccount("acct-new", "Workloads", { env: "dev" });
    const run = await onboard(emulator, base, set);
    const total = Math.round(performance.now() - started);

    expect(run.sync.stdout).toContain(`${id} acct-new`);
    expect(run.diff.granted.map((t) => `${t.group}|${t.permission_set}|${t.account_id}`)).toEqual([`bi-analysts|BIReadOnly|${id}`]);
    expect(run.diff.revoked).toEqual([]);
    expect(run.diff.accounts?.added).toEqual([{ id, name: "acct-new", ou: "Workloads", granted: [{ group: "bi-analysts", permission_set: "BIReadOnly" }], revoked: [] }]);
    expect(run.decision.status, run.decision.stdout).toBe(0);
    expect(JSON.parse(run.decision.stdout)).toMatchObject({ pre_approved: true, auto_apply: true, auto_apply_setting: "non_privileged" });
    expect(run.affected).toEqual([assignmentStackOf(id, SHARDS)]);
    const explained = JSON.parse(run.explain.stdout) as { changes: { action: string; code: string }[] };
    expect(explained.changes.filter((c) => c.action !== "read").map((c) => `${c.action} ${c.code}`)).toEqual(["create granted"]);

    expect(emulator.snapshot().assignments.filter((a) => a.accountId === id)).toEqual([{ group: "bi-analysts", permissionSet: "BIReadOnly", accountId: id }]);
    process.stderr.write(`onboarding at ${ACCOUNTS} accounts, ${SHARDS} shards: ${total} ms from account creation to live assignments ${JSON.stringify(run.parts)}\n`);
  }, 600_000);
});
