// Issue 9's guarantees end to end on a small org (5 accounts, 10 assignments): real terraform,
// the real hashicorp/aws provider, the local Identity Center, and the very scripts the workflows
// run (scripts/ci/gated-apply.sh for apply.yml's identity-center step, expiry-apply.sh for
// expiry.yml) with the real `access` CLI. One Terraform state is carried through the scenarios.
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadModel, formatFindings, type ResolvedModel } from "../../src/model/index.js";
import { assignmentKey } from "../../src/model/types.js";
import { startEmulator, type Emulator } from "../emulator/index.js";
import { REPO_ROOT, runAccess } from "./support/access-cli.js";
import { editPermissionSetOutOfBand } from "./support/console.js";
import { comparableState, desiredState } from "./support/desired.js";
import { copyModel, writeYaml } from "./support/model-dir.js";
import { actionsByAddress } from "./support/plan-assert.js";
import { removeScratch, scratchDir } from "./support/scratch.js";
import { synthResolved } from "./support/synth.js";
import { requireTerraformAndMirror, TerraformWorkspace } from "./support/workspace.js";

const ACCOUNTS = [
  { id: "111111111111", name: "dev", ou: "Workloads" },
  { id: "222222222222", name: "stage", ou: "Workloads" },
  { id: "333333333333", name: "prod", ou: "Workloads" },
  { id: "444444444444", name: "sandbox", ou: "Sandbox" },
  { id: "555555555555", name: "tools", ou: "Shared" },
];
const GROUPS = ["auditors", "devs", "ops"];
const EXPIRES = "2027-01-31";

interface Grant {
  group: string;
  permission_set: string;
  accounts: string[] | "all";
  expires?: string;
}

const BASE_GRANTS: Grant[] = [
  { group: "devs", permission_set: "Developer", accounts: "all" },
  { group: "auditors", permission_set: "ReadOnly", accounts: ["dev", "stage", "prod"] },
  { group: "ops", permission_set: "ReadOnly", accounts: ["dev", "prod"], expires: EXPIRES },
];

function writeModel(dir: string, grants: Grant[]): void {
  const org = readFileSync(join(REPO_ROOT, "access-model", "organization.yaml"), "utf8").replace(
    "    privileged_session_max: PT1H",
    "    privileged_session_max: PT1H\n    max_revocation: { share: 0.5, count: 20 }",
  );
  writeFileSync(join(dir, "organization.yaml"), org);
  writeYaml(dir, "accounts.yaml", { accounts: ACCOUNTS });
  writeYaml(dir, "groups.yaml", { groups: GROUPS.map((name) => ({ name, source: "existing" })) });
  writeYaml(dir, "permission-sets.yaml", {
    permission_sets: [
      { name: "Developer", session_duration: "PT4H", description: "Build and run", managed_policies: ["job-function/ViewOnlyAccess"] },
      { name: "ReadOnly", session_duration: "PT8H", description: "Read only", managed_policies: ["ReadOnlyAccess"] },
    ],
  });
  writeYaml(dir, "assignments.yaml", { assignments: grants.map((g) => ({ ...g })) });
}

/** A model folder of its own for each state of the org. */
function modelDir(name: string, grants: Grant[]): string {
  const dir = scratchDir(`guarantees-${name}`);
  writeModel(dir, grants);
  return dir;
}

function resolved(dir: string, today: string): ResolvedModel {
  const { model, findings } = loadModel(dir, { today });
  if (!model) throw new Error(formatFindings(findings, "text"));
  return model;
}

interface ScriptRun {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs a scripts/ci script without blocking the event loop (the emulator lives in this process). */
function runCi(script: string, args: string[], env: NodeJS.ProcessEnv): Promise<ScriptRun> {
  return new Promise((resolveRun, reject) => {
    const child = spawn("bash", [join(REPO_ROOT, "scripts/ci", script), ...args], { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (c: Buffer) => out.push(c));
    child.stderr.on("data", (c: Buffer) => err.push(c));
    child.on("error", reject);
    child.on("close", (code) => resolveRun({ status: code ?? -1, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") }));
  });
}

let emulator: Emulator;
let ws: TerraformWorkspace;
let out: string;

/** The apply-time diff as apply.yml computes it: last applied model at its date -> head today. */
async function diffFile(name: string, baseDir: string, baseToday: string, headDir: string, headToday: string): Promise<string> {
  const res = await runAccess(["diff", "--base", baseDir, "--head", headDir, "--base-today", baseToday, "--head-today", headToday, "--format", "json"]);
  if (res.status !== 0) throw new Error(res.stderr);
  const file = join(out, `${name}.diff.json`);
  writeFileSync(file, res.stdout);
  return file;
}

/**
 * apply.yml for the identity-center stack: the plan job plans, the gate job (no credentials) runs
 * the gates on that plan and hands on what it approved, the apply job plans again and applies
 * only within the approval. Returns the first step that failed, or the apply.
 */
async function gatedApply(name: string, diff: string, env: NodeJS.ProcessEnv = {}): Promise<ScriptRun> {
  const dir = join(out, name);
  const runEnv = { ...ws.env, ...env };
  const plan = await runCi("terraform-plan.sh", [ws.dir, dir, "identity-center"], runEnv);
  if (plan.status !== 0) return plan;
  const gate = await runCi("apply-gate.sh", [join(dir, "identity-center.gate"), diff, `identity-center=${join(dir, "identity-center.plan.json")}`], runEnv);
  if (gate.status !== 0) return gate;
  return runCi("gated-apply.sh", [ws.dir, join(dir, "apply"), "identity-center", join(dir, "identity-center.gate", "approved.json")], runEnv);
}

function useModel(model: ResolvedModel): void {
  ws.useStack(synthResolved(model).stackDir);
}

function expectLive(model: ResolvedModel): void {
  expect(comparableState(emulator.snapshot())).toEqual(comparableState(desiredState(model)));
}

const triples = (m: ResolvedModel) => m.assignments.map(assignmentKey).sort();

beforeAll(async () => {
  requireTerraformAndMirror();
  const probe = resolved(modelDir("probe", BASE_GRANTS), "2027-01-15");
  emulator = await startEmulator({
    instanceArn: probe.organization.identityCenter.instanceArn,
    identityStoreId: probe.organization.identityCenter.identityStoreId,
    groups: GROUPS,
    seed: 9,
  });
  ws = new TerraformWorkspace("guarantees", emulator.url, 20);
  out = scratchDir("guarantees-out");
  await ws.init();
});

afterAll(async () => {
  await emulator?.close();
  ws?.dispose();
  removeScratch();
});

describe("apply-time guarantees against a local Identity Center", () => {
  const today = "2027-01-15";
  const base = () => modelDir("base", BASE_GRANTS);
  let baseDir: string;
  let baseModel: ResolvedModel;

  it("0. the first apply (no record yet) explains every creation and applies", async () => {
    baseDir = base();
    baseModel = resolved(baseDir, today);
    expect(baseModel.assignments).toHaveLength(10);
    useModel(baseModel);
    const diff = await diffFile("first", join(out, "no-record"), today, baseDir, today);
    const run = await gatedApply("first", diff);
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    expectLive(baseModel);
  });

  it("1. a console edit of a managed permission set is reported by explain as drift repair, not unexplained", async () => {
    const { instanceArn } = baseModel.organization.identityCenter;
    await editPermissionSetOutOfBand(emulator.url, instanceArn, "ReadOnly", { sessionDuration: "PT12H", description: "changed in the console" });
    const diff = await diffFile("drift", baseDir, today, baseDir, today);
    // The gate job writes explain.json; the apply job applies only what it approved.
    const run = await gatedApply("drift", diff);
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    const e = JSON.parse(readFileSync(join(out, "drift", "identity-center.gate", "explain.json"), "utf8")) as { explained: boolean; changes: unknown[] };
    expect(e.explained).toBe(true);
    expect(e.changes).toEqual([
      {
        stack: "identity-center",
        address: 'aws_ssoadmin_permission_set.permission_set["ReadOnly"]',
        type: "aws_ssoadmin_permission_set",
        key: "ReadOnly",
        action: "update",
        explained: true,
        code: "drift-repair",
        reason: "`description`, `session_duration` changed outside Terraform; the plan puts back the model's value",
      },
    ]);
    // The model is back.
    expectLive(baseModel);
  });

  it("2. an apply whose plan contains an unexplained change is refused, and nothing is applied", async () => {
    // Someone applied a branch by hand: ops got Developer in tools, outside the recorded history.
    const manual = resolved(modelDir("manual", [...BASE_GRANTS, { group: "ops", permission_set: "Developer", accounts: ["tools"] }]), today);
    useModel(manual);
    const manualApply = await ws.apply();
    expect(manualApply.status, manualApply.stderr).toBe(0);
    const before = emulator.snapshot();

    // The merge being applied changes a description; the diff from the last applied model knows
    // nothing of the hand-applied grant, so the plan's destroy of it is unexplained.
    const headDir = copyModel("desc", baseDir);
    writeFileSync(join(headDir, "permission-sets.yaml"), readFileSync(join(headDir, "permission-sets.yaml"), "utf8").replace("Build and run", "Build, run and deploy"));
    useModel(resolved(headDir, today));
    const diff = await diffFile("unexplained", baseDir, today, headDir, today);
    emulator.resetCalls();
    const run = await gatedApply("unexplained", diff);
    expect(run.status).toBe(1);
    const report = readFileSync(join(out, "unexplained", "identity-center.gate", "gate.md"), "utf8");
    expect(report).toContain("**Apply refused: the plan contains changes the access model does not explain.**");
    expect(report).toContain('aws_ssoadmin_account_assignment.assignment_555555555555["ops|Developer|555555555555"]');
    expect(report).toContain("the access diff revokes no such triple");
    expect(report).not.toMatch(/not explained[^\n]*permission_set\["Developer"\]/);
    // Nothing applied: Identity Center is exactly as before, and no write call reached it.
    expect(emulator.snapshot()).toEqual(before);
    const writes = Object.keys(emulator.calls).filter((op) => /^(Create|Delete|Update|Put|Attach|Detach|Provision|Tag|Untag)/.test(op));
    expect(writes).toEqual([]);

    // The platform team removes the hand-applied grant and applies the merge by hand.
    const fixed = await ws.apply();
    expect(fixed.status, fixed.stderr).toBe(0);
    baseDir = headDir;
    baseModel = resolved(headDir, today);
    expectLive(baseModel);
  });

  it("3. removing 60% of the assignments is refused without the acknowledgement and applied with it", async () => {
    const headDir = modelDir("mass", [
      { group: "devs", permission_set: "Developer", accounts: ["dev", "tools"] },
      { group: "ops", permission_set: "ReadOnly", accounts: ["dev", "prod"], expires: EXPIRES },
    ]);
    // The head keeps the changed description of the last applied model.
    writeFileSync(join(headDir, "permission-sets.yaml"), readFileSync(join(baseDir, "permission-sets.yaml"), "utf8"));
    const head = resolved(headDir, today);
    const removed = triples(baseModel).filter((k) => !triples(head).includes(k));
    expect(removed.length / baseModel.assignments.length).toBe(0.6);
    useModel(head);
    const diff = await diffFile("mass", baseDir, today, headDir, today);
    const before = emulator.snapshot();

    const refused = await gatedApply("mass-refused", diff);
    expect(refused.status).toBe(3);
    const report = readFileSync(join(out, "mass-refused", "identity-center.gate", "gate.md"), "utf8");
    expect(report).toContain("Mass revocation: the apply stops here.");
    expect(report).toContain("removes 6 of 10 managed assignments (60%), more than max_revocation.share 50%");
    expect(report).toContain("`access-revocation-acknowledged`");
    expect(emulator.snapshot()).toEqual(before);

    const acked = await gatedApply("mass-acked", diff, { ACKNOWLEDGED: "true" });
    expect(acked.status, acked.stderr).toBe(0);
    expectLive(head);
    baseDir = headDir;
    baseModel = head;
  });

  it("4. past an expiry, the expiry job applies exactly the expired revocations and nothing else; the next run is a no-op", async () => {
    const appliedOn = today; // what the record says
    const dayAfter = "2027-02-01";
    const atDayAfter = resolved(baseDir, dayAfter);
    expect(atDayAfter.expired?.map(assignmentKey)).toEqual(["ops|ReadOnly|111111111111", "ops|ReadOnly|333333333333"]);
    const before = emulator.snapshot();

    // expiry.yml: diff of the applied model against itself (applied date -> today), synth at today.
    const diff = await diffFile("expiry", baseDir, appliedOn, baseDir, dayAfter);
    useModel(atDayAfter);
    // expiry.yml's three jobs: plan (read-only role), gate (no credentials), apply within the approval.
    const planned = await runCi("terraform-plan.sh", [ws.dir, join(out, "expiry-plans"), "identity-center"], ws.env);
    expect(planned.status, planned.stderr).toBe(0);
    const gated = await runCi("expiry-gate.sh", [join(out, "expiry-gate"), diff, `identity-center=${join(out, "expiry-plans", "identity-center.plan.json")}`], ws.env);
    expect(gated.status, `${gated.stdout}\n${gated.stderr}`).toBe(0);
    expect(readFileSync(join(out, "expiry-gate", "status"), "utf8").trim()).toBe("approved");
    const run = await runCi("expiry-apply.sh", [join(out, "expiry"), join(out, "expiry-gate"), `identity-center=${ws.dir}`], ws.env);
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(readFileSync(join(out, "expiry", "status"), "utf8").trim()).toBe("applied");
    expect(readFileSync(join(out, "expiry", "report.md"), "utf8")).toContain("revoked 2 expired assignments, and nothing else");
    const plan = JSON.parse(readFileSync(join(out, "expiry", "identity-center.plan.json"), "utf8")) as { resource_changes: { address: string; change: { actions: string[] } }[] };
    expect(
      plan.resource_changes.filter((c) => c.change.actions.join() !== "no-op").map((c) => [c.address, c.change.actions.join()]),
    ).toEqual([
      ['aws_ssoadmin_account_assignment.assignment_111111111111["ops|ReadOnly|111111111111"]', "delete"],
      ['aws_ssoadmin_account_assignment.assignment_333333333333["ops|ReadOnly|333333333333"]', "delete"],
    ]);
    // Exactly those two are gone; everything else is untouched.
    const after = emulator.snapshot();
    expect(after.permissionSets).toEqual(before.permissionSets);
    expect(after.assignments).toEqual(before.assignments.filter((a) => a.group !== "ops"));
    expectLive(atDayAfter);

    // The record moved to the day after: the next run finds nothing and plans nothing.
    const next = await diffFile("expiry-next", baseDir, dayAfter, baseDir, dayAfter);
    const again = await runCi("expiry-gate.sh", [join(out, "expiry-next"), next], ws.env);
    expect(again.status, again.stderr).toBe(0);
    expect(readFileSync(join(out, "expiry-next", "status"), "utf8").trim()).toBe("none");
    expect(actionsByAddress(await ws.plan())).toEqual({});
  });
});
