// Scenarios 1-5 of issue 5 on the example org (access-model/), one Terraform state carried from
// scenario to scenario as a real repository's would be: real terraform, the real hashicorp/aws
// provider, stacks synthesized by the product from YAML, a local Identity Center behind them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { YAMLMap, YAMLSeq, isMap, isSeq, parse } from "yaml";
import { assignmentKey, type ResolvedModel } from "../../src/model/types.js";
import { startEmulator, type Emulator } from "../emulator/index.js";
import { awsEnvFor, REPO_ROOT, runAccess } from "./support/access-cli.js";
import { comparableState, desiredState } from "./support/desired.js";
import { copyModel, editYaml, reshuffleAndResplit, writeYaml, yamlFiles } from "./support/model-dir.js";
import { ASSIGNMENT, actionsByAddress, addressOf, assignmentAddress, dataOnly, managedOnly } from "./support/plan-assert.js";
import { removeScratch } from "./support/scratch.js";
import { synthModel } from "./support/synth.js";
import { requireTerraformAndMirror, TerraformWorkspace } from "./support/workspace.js";

const PARALLELISM = 20;

let emulator: Emulator;
let ws: TerraformWorkspace;
let modelDir: string;
let current: ResolvedModel;

beforeAll(async () => {
  requireTerraformAndMirror();
  modelDir = copyModel("example");
  const { model } = synthModel(modelDir);
  // Okta has already pushed every group of the example org.
  emulator = await startEmulator({
    instanceArn: model.organization.identityCenter.instanceArn,
    identityStoreId: model.organization.identityCenter.identityStoreId,
    groups: model.groups.map((g) => g.name),
    seed: 5,
  });
  ws = new TerraformWorkspace("example", emulator.url, PARALLELISM);
});

afterAll(async () => {
  await emulator?.close();
  ws?.dispose();
  removeScratch();
});

function expectStateMatches(model: ResolvedModel): void {
  const snap = emulator.snapshot();
  expect(comparableState(snap)).toEqual(comparableState(desiredState(model)));
  expect(snap.inProgressOperations).toBe(0);
  expect(emulator.unknownOperations).toEqual([]);
}

async function synthAndPlan(dir: string) {
  const synth = synthModel(dir);
  ws.useStack(synth.stackDir);
  return { ...synth, plan: await ws.plan() };
}

async function applySaved(): Promise<void> {
  const res = await ws.applyPlan();
  if (res.status !== 0) throw new Error(`apply failed:\n${res.stderr}\n${res.stdout.slice(-3000)}`);
}

/**
 * The merge workflow runs wait-for-push as a step before the identity-center plan+apply step, and
 * nothing lets the latter run after the former failed (no continue-on-error, no `if:` override).
 */
function expectApplyGatedByWait(): void {
  const workflow = parse(readFileSync(join(REPO_ROOT, ".github/workflows/apply.yml"), "utf8")) as { jobs: Record<string, { steps?: Array<Record<string, unknown>> }> };
  const steps = Object.values(workflow.jobs).flatMap((j) => j.steps ?? []);
  const wait = steps.findIndex((s) => String(s.run ?? "").includes("wait-for-push"));
  // The base stack's step (its folder comes from rollout.json, so it is named by its step id).
  const apply = steps.findIndex((s) => s.id === "identity-center" && /gated-apply\.sh "\$BASE_(FINAL|KEEP)_DIR"/.test(String(s.run ?? "")));
  expect(wait).toBeGreaterThanOrEqual(0);
  expect(apply).toBeGreaterThan(wait);
  for (const step of steps.slice(wait, apply + 1)) {
    expect(step["continue-on-error"], JSON.stringify(step)).toBeUndefined();
  }
  expect(steps[apply]!.if, "the identity-center apply step must not run after a failed wait").toBeUndefined();
}

const triples = (m: ResolvedModel) => new Set(m.assignments.map(assignmentKey));
const minus = (a: Set<string>, b: Set<string>) => [...a].filter((x) => !b.has(x)).sort();

describe("the example org against a local Identity Center", () => {
  it("1. applies the identity-center stack so that Identity Center equals the resolved model, then plans no changes", async () => {
    const { model, plan } = await synthAndPlan(modelDir);
    const creates = actionsByAddress(plan, managedOnly);
    expect(Object.values(creates).every((a) => a === "create")).toBe(true);
    expect(Object.keys(creates).filter((a) => a.startsWith(`${ASSIGNMENT}_`)).sort()).toEqual(model.assignments.map((a) => assignmentAddress(assignmentKey(a))).sort());

    await applySaved();
    expectStateMatches(model);
    expect(emulator.snapshot().assignments).toHaveLength(model.assignments.length);
    expect(emulator.snapshot().permissionSets.map((p) => [p.name, p.sessionDuration])).toEqual(model.permissionSets.map((p) => [p.name, p.sessionDuration]));

    const second = await ws.plan();
    expect(actionsByAddress(second)).toEqual({});
    current = model;
  });

  it("2. shuffling every list and re-splitting the YAML across other files plans no changes", async () => {
    const shuffled = copyModel("shuffled", modelDir);
    const originalFiles = yamlFiles(shuffled).map((f) => relative(shuffled, f));
    reshuffleAndResplit(shuffled, 2024);
    const newFiles = yamlFiles(shuffled).map((f) => relative(shuffled, f));
    expect(newFiles.filter((f) => originalFiles.includes(f))).toEqual([]);
    expect(newFiles.length).toBeGreaterThan(3);
    const { model, plan } = await synthAndPlan(shuffled);
    expect(comparableState(desiredState(model))).toEqual(comparableState(desiredState(current)));
    expect(actionsByAddress(plan)).toEqual({});
  });

  it("3. removing one assignment destroys exactly that assignment, and the applied state matches", async () => {
    editYaml(modelDir, (_file, doc) => {
      const list = doc.get("assignments");
      if (!isSeq(list)) return false;
      for (const item of list.items) {
        if (!isMap(item) || item.get("group") !== "bi-analysts" || item.get("permission_set") !== "BIReadOnly") continue;
        const accounts = item.get("accounts");
        if (!isSeq(accounts)) continue;
        const i = (accounts as YAMLSeq).items.findIndex((a) => String((a as { value?: unknown }).value ?? a) === "reporting");
        if (i < 0) continue;
        (accounts as YAMLSeq).delete(i);
        return true;
      }
      return false;
    });
    const { model, plan } = await synthAndPlan(modelDir);
    const removed = minus(triples(current), triples(model));
    expect(removed).toHaveLength(1);
    expect(minus(triples(model), triples(current))).toEqual([]);
    expect(actionsByAddress(plan)).toEqual({ [assignmentAddress(removed[0]!)]: "delete" });

    await applySaved();
    expectStateMatches(model);
    expect(actionsByAddress(await ws.plan())).toEqual({});
    current = model;
  });

  it("4. renaming a permission set replaces it (new ARN, its assignments re-created) and the access diff flags it", async () => {
    const before = copyModel("before-rename", modelDir);
    editYaml(modelDir, (_file, doc) => {
      let changed = false;
      for (const section of ["permission_sets", "assignments"]) {
        const list = doc.get(section);
        if (!isSeq(list)) continue;
        for (const item of list.items) {
          if (!isMap(item)) continue;
          const key = section === "permission_sets" ? "name" : "permission_set";
          if ((item as YAMLMap).get(key) === "BIReadOnly") {
            (item as YAMLMap).set(key, "BIViewer");
            changed = true;
          }
        }
      }
      return changed;
    });
    const { model, plan } = await synthAndPlan(modelDir);
    const oldArn = emulator.snapshot() && [...emulator.state.permissionSets.values()].find((p) => p.name === "BIReadOnly")?.arn;
    expect(oldArn).toBeDefined();

    const actions = actionsByAddress(plan, managedOnly);
    expect(actions[addressOf("aws_ssoadmin_permission_set.permission_set", "BIReadOnly")]).toBe("delete");
    expect(actions[addressOf("aws_ssoadmin_permission_set.permission_set", "BIViewer")]).toBe("create");
    const biAssignments = current.assignments.filter((a) => a.permissionSet === "BIReadOnly");
    expect(biAssignments.length).toBeGreaterThan(0);
    for (const a of biAssignments) {
      expect(actions[assignmentAddress(assignmentKey(a))]).toBe("delete");
      expect(actions[assignmentAddress(assignmentKey({ ...a, permissionSet: "BIViewer" }))]).toBe("create");
    }
    // Nothing outside the renamed permission set moves.
    const touched = Object.keys(actions).filter((addr) => !addr.includes("BIReadOnly") && !addr.includes("BIViewer"));
    expect(touched).toEqual([]);

    const diff = await runAccess(["diff", "--base", before, "--head", modelDir, "--format", "json"]);
    expect(diff.status, diff.stderr).toBe(0);
    const risks = (JSON.parse(diff.stdout) as { risks: Array<{ level: string; code: string; message: string }> }).risks;
    const rename = risks.find((r) => r.code === "permission-set-renamed");
    expect(rename, JSON.stringify(risks, null, 2)).toBeDefined();
    expect(rename!.level).toBe("high");
    expect(rename!.message).toContain("BIReadOnly");
    expect(rename!.message).toContain("BIViewer");

    // Terraform deletes the old assignments before the old permission set (the service refuses otherwise).
    await applySaved();
    expectStateMatches(model);
    const newArn = [...emulator.state.permissionSets.values()].find((p) => p.name === "BIViewer")?.arn;
    expect(newArn).toBeDefined();
    expect(newArn).not.toBe(oldArn);
    expect(emulator.state.permissionSets.has(oldArn!)).toBe(false);
    current = model;
  });

  describe("5. a new group and its assignments in one change", () => {
    const NEW_GROUP = "ml-engineers";
    const GHOST_GROUP = "ghost-team";

    function addGroupWithAssignments(dir: string, group: string): void {
      editYaml(dir, (_file, doc) => {
        const list = doc.get("groups");
        if (!isSeq(list)) return false;
        (list as YAMLSeq).add(doc.createNode({ name: group, description: `${group} (added by the e2e suite)`, source: "managed" }));
        return true;
      });
      writeYaml(dir, `assignments/${group}.yaml`, {
        assignments: [{ group, permission_set: "SREOncall", accounts: ["data-platform", "reporting", "ml-platform-prod"] }],
      });
    }

    /** The PR plan: only the new group's push marker and assignments are created; its lookup alone is deferred. */
    /** `pushed`: the group is in the Identity Store already, so the stack's listing holds its id. */
    function expectOnlyNewGroupCreated(plan: Awaited<ReturnType<typeof synthAndPlan>>["plan"], model: ResolvedModel, group: string, alsoChanged: Record<string, string> = {}, pushed = false): void {
      const added = minus(triples(model), triples(current));
      expect(added.length).toBeGreaterThan(0);
      expect(added.every((k) => k.startsWith(`${group}|`))).toBe(true);
      expect(minus(triples(current), triples(model))).toEqual([]);
      const expected: Record<string, string> = { [addressOf("terraform_data.group_push", group)]: "create", ...alsoChanged };
      for (const k of added) expected[assignmentAddress(k)] = "create";
      expect(actionsByAddress(plan, managedOnly)).toEqual(expected);
      // Existing groups' ids come from the listing read at plan time, so their principal_ids are
      // known; only a group not pushed yet has its lookup by name deferred to apply.
      expect(actionsByAddress(plan, dataOnly)).toEqual(pushed ? {} : { [addressOf("data.aws_identitystore_group.group", group)]: "read" });
      for (const c of plan.changes) {
        if (c.type !== "aws_ssoadmin_account_assignment" || c.address.includes(`"${group}|`)) continue;
        expect({ address: c.address, actions: c.actions }).toEqual({ address: c.address, actions: ["no-op"] });
        expect(c.replacePaths).toEqual([]);
      }
    }

    it("plans while the group is not yet in the Identity Store, waits for the push, then applies; no other group's assignment is touched", async () => {
      addGroupWithAssignments(modelDir, NEW_GROUP);
      const { model, plan } = await synthAndPlan(modelDir);
      expect(emulator.snapshot().groups).not.toContain(NEW_GROUP);
      expectOnlyNewGroupCreated(plan, model, NEW_GROUP);

      // Merge: okta applied; SCIM pushes the group a few seconds later while wait-for-push polls.
      const pushAfterMs = 4000;
      const pushed = setTimeout(() => emulator.addGroup(NEW_GROUP), pushAfterMs);
      const wait = await runAccess(["wait-for-push", "--model", modelDir, "--timeout", "90"], awsEnvFor(emulator.url));
      clearTimeout(pushed);
      expect(wait.status, `${wait.stdout}\n${wait.stderr}`).toBe(0);
      expect(wait.ms).toBeGreaterThanOrEqual(pushAfterMs);
      expect(emulator.calls.GetGroupId).toBeGreaterThan(0);

      // As apply.yml does: plan identity-center after the wait, then apply that plan.
      const before = emulator.snapshot().assignments.filter((a) => a.group !== NEW_GROUP);
      const mergePlan = await ws.plan();
      expectOnlyNewGroupCreated(mergePlan, model, NEW_GROUP, {}, true);
      await applySaved();
      expectStateMatches(model);
      expect(emulator.snapshot().assignments.filter((a) => a.group !== NEW_GROUP)).toEqual(before);
      expect(actionsByAddress(await ws.plan())).toEqual({});
      current = model;
    });

    it("when the group never arrives, wait-for-push fails within its bound naming the group, and nothing of the change is applied", async () => {
      addGroupWithAssignments(modelDir, GHOST_GROUP);
      // An unrelated edit rides in the same change: it must not be applied half-way either.
      editYaml(modelDir, (_file, doc) => {
        const list = doc.get("permission_sets");
        if (!isSeq(list)) return false;
        const ps = list.items.find((i) => isMap(i) && i.get("name") === "ExecReadOnly");
        if (!ps) return false;
        (ps as YAMLMap).set("description", "View-only access, reviewed by the e2e suite");
        return true;
      });
      const { model, plan } = await synthAndPlan(modelDir);
      expectOnlyNewGroupCreated(plan, model, GHOST_GROUP, { [addressOf("aws_ssoadmin_permission_set.permission_set", "ExecReadOnly")]: "update" });
      const before = emulator.snapshot();
      emulator.resetCalls();

      const timeoutSeconds = 5;
      const wait = await runAccess(["wait-for-push", "--model", modelDir, "--timeout", String(timeoutSeconds)], awsEnvFor(emulator.url));
      expect(wait.status).not.toBe(0);
      expect(wait.stderr).toContain(GHOST_GROUP);
      for (const g of current.groups) expect(wait.stderr).not.toContain(g.name);
      // Its bound, plus the start-up of npm and tsx.
      expect(wait.ms).toBeLessThan(timeoutSeconds * 1000 + 20_000);

      // The pipeline stops at the failed wait (apply.yml: the identity-center step runs only after
      // the wait step succeeded): Identity Center is exactly as before, and only lookups happened.
      expectApplyGatedByWait();
      expect(emulator.snapshot()).toEqual(before);
      expect(Object.keys(emulator.calls).sort()).toEqual(["GetGroupId"]);
    });
  });
});
