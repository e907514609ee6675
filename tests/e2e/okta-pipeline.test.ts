// Both sides in one pipeline, with the scripts the apply workflow calls: every stack planned
// (terraform-plan.sh), the gates over all plans without credentials (apply-gate.sh, which hands on
// what it approved), then okta tighten (gated-apply.sh: plan again, apply only within the
// approval), access wait-for-push, identity-center (gated-apply.sh), okta final (gated-apply.sh), against the local Okta (real okta provider) and the local Identity Center (real
// hashicorp/aws provider), the local Okta pushing groups into the Identity Store after a delay as
// SCIM would. The last-applied record (a git tag moved through GitHub's API) is not part of it.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { loadModel, formatFindings, type ResolvedModel } from "../../src/model/index.js";
import { tightenModel } from "../../src/model/phases.js";
import { startEmulator, type Emulator } from "../emulator/index.js";
import { pushToIdentityStore, type ScimBridge } from "../okta-fake/scim-push.js";
import type { FakeOkta } from "../okta-fake/server.js";
import { describeWithOktaProvider } from "../support/okta-describe.js";
import { awsEnvFor, REPO_ROOT, runAccess } from "./support/access-cli.js";
import { comparableState, desiredState } from "./support/desired.js";
import { writeYaml } from "./support/model-dir.js";
import { expectedOktaView, oktaView } from "./support/okta-view.js";
import { OktaWorkspace, preexistingOrg, startLocalOkta, synthOkta } from "./support/okta.js";
import { actionsByAddress } from "./support/plan-assert.js";
import { removeScratch, scratchDir } from "./support/scratch.js";
import { synthResolved } from "./support/synth.js";
import { TerraformWorkspace } from "./support/workspace.js";
import { readFileSync, writeFileSync } from "node:fs";

const TODAY = "2026-06-01";
const ACCOUNTS = [
  { id: "111111111111", name: "dev", ou: "Workloads" },
  { id: "222222222222", name: "stage", ou: "Workloads" },
  { id: "333333333333", name: "prod", ou: "Workloads" },
];

interface Grant {
  group: string;
  permission_set: string;
  accounts: string[] | "all";
}

const BASE: Grant[] = [
  { group: "devs", permission_set: "ReadOnly", accounts: "all" },
  { group: "ops", permission_set: "Admin", accounts: ["prod"] },
];

function modelDir(name: string, groups: string[], grants: Grant[]): string {
  const dir = scratchDir(`pipeline-${name}`);
  writeFileSync(join(dir, "organization.yaml"), readFileSync(join(REPO_ROOT, "access-model", "organization.yaml"), "utf8"));
  writeYaml(dir, "accounts.yaml", { accounts: ACCOUNTS });
  writeYaml(dir, "groups.yaml", { groups: groups.map((name) => ({ name, source: "managed" })) });
  writeYaml(dir, "permission-sets.yaml", {
    permission_sets: [
      { name: "ReadOnly", session_duration: "PT8H", description: "Read only", managed_policies: ["ReadOnlyAccess"] },
      { name: "Admin", session_duration: "PT1H", description: "Administration", managed_policies: ["AdministratorAccess"], privileged: true },
    ],
  });
  writeYaml(dir, "assignments.yaml", { assignments: grants });
  return dir;
}

function resolved(dir: string): ResolvedModel {
  const { model, findings } = loadModel(dir, { today: TODAY });
  if (!model) throw new Error(formatFindings(findings, "text"));
  return model;
}

let emulator: Emulator;
let fake: FakeOkta;
let scim: ScimBridge;
let okta: OktaWorkspace;
let ic: TerraformWorkspace;
let out: string;
let live: { dir: string; model: ResolvedModel } | undefined;

type ScriptRun = { status: number; stdout: string; stderr: string };

function runCi(script: string, args: string[], env: NodeJS.ProcessEnv): Promise<ScriptRun> {
  return new Promise((resolveRun, reject) => {
    const child = spawn("bash", [join(REPO_ROOT, "scripts/ci", script), ...args], { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    const o: Buffer[] = [];
    const e: Buffer[] = [];
    child.stdout.on("data", (c: Buffer) => o.push(c));
    child.stderr.on("data", (c: Buffer) => e.push(c));
    child.on("error", reject);
    child.on("close", (code) => resolveRun({ status: code ?? -1, stdout: Buffer.concat(o).toString("utf8"), stderr: Buffer.concat(e).toString("utf8") }));
  });
}

type Step = "okta-tighten" | "wait-for-push" | "identity-center" | "okta";

/** apply.yml's order for a merge of `headDir` over what is live; stops at the first failing step. */
async function pipeline(name: string, headDir: string, onStep: (step: Step) => void = () => {}): Promise<{ failed?: Step; output: string }> {
  const head = resolved(headDir);
  const diffRun = await runAccess(["diff", "--base", live?.dir ?? join(out, "no-record"), "--head", headDir, "--base-today", TODAY, "--head-today", TODAY, "--format", "json"]);
  if (diffRun.status !== 0) throw new Error(diffRun.stderr);
  const diff = join(out, `${name}.diff.json`);
  writeFileSync(diff, diffRun.stdout);
  const dir = join(out, name);
  const failed = (res: ScriptRun) => (res.status === 0 ? undefined : `${res.stdout}\n${res.stderr}`);
  const tighten = synthOkta(tightenModel(live?.model, head)).stackDir;
  const final = synthOkta(head).stackDir;
  const identityCenter = synthResolved(head).stackDir;

  // The plan job: every stack planned before anything is applied (okta in both phases, against
  // the same state; identity-center before the push, so new groups' ids are not known yet).
  okta.useStack(tighten);
  ic.useStack(identityCenter);
  // terraform-plan.sh inits with -lockfile=readonly: the scratch folder's lock (the local build's
  // hashes) is written by a plain init first, as the committed lock is in CI.
  await okta.init();
  const planned: Array<[TerraformWorkspace, string, Step]> = [[okta, tighten, "okta-tighten"], [okta, final, "okta"], [ic, identityCenter, "identity-center"]];
  for (const [ws, stack, step] of planned) {
    ws.useStack(stack);
    const failure = failed(await runCi("terraform-plan.sh", [ws.dir, join(dir, "gate"), step], ws.env));
    if (failure) return { failed: step, output: failure };
  }
  // The gate job, without credentials: explain and threshold over every plan; hands on what it approved.
  const gate = await runCi("apply-gate.sh", [join(dir, "gate", "all"), diff, ...planned.map(([, , step]) => `${step}=${join(dir, "gate", `${step}.plan.json`)}`)], {});
  if (gate.status !== 0) return { failed: "okta-tighten", output: `${gate.stdout}\n${gate.stderr}` };
  const approved = join(dir, "gate", "all", "approved.json");
  // The apply jobs: each stack planned again when its turn comes, applied only within the approval.
  const apply = async (ws: TerraformWorkspace, step: Step) => failed(await runCi("gated-apply.sh", [ws.dir, join(dir, "apply"), step, approved], ws.env));

  okta.useStack(tighten);
  let failure = await apply(okta, "okta-tighten");
  if (failure) return { failed: "okta-tighten", output: failure };
  onStep("okta-tighten");

  const wait = await runAccess(["wait-for-push", "--model", headDir, "--timeout", "20"], awsEnvFor(emulator.url));
  if (wait.status !== 0) return { failed: "wait-for-push", output: `${wait.stdout}\n${wait.stderr}` };
  onStep("wait-for-push");

  failure = await apply(ic, "identity-center");
  if (failure) return { failed: "identity-center", output: failure };
  onStep("identity-center");

  okta.useStack(final);
  failure = await apply(okta, "okta");
  if (failure) return { failed: "okta", output: failure };
  onStep("okta");
  live = { dir: headDir, model: head };
  return { output: "" };
}

async function expectBothSidesEqual(model: ResolvedModel): Promise<void> {
  const o = model.organization.okta;
  expect(oktaView(fake, o.app.label, o.usersGroup)).toEqual(expectedOktaView(model, fake));
  expect(comparableState(emulator.snapshot())).toEqual(comparableState(desiredState(model)));
  expect(actionsByAddress(await okta.plan())).toEqual({});
  expect(actionsByAddress(await ic.plan())).toEqual({});
}

describeWithOktaProvider("both sides in one pipeline: okta tighten, wait-for-push, identity-center, okta final", () => {
  beforeAll(async () => {
    out = scratchDir("pipeline-out");
    const probe = resolved(modelDir("probe", ["devs", "ops"], BASE));
    const { instanceArn, identityStoreId } = probe.organization.identityCenter;
    emulator = await startEmulator({ instanceArn, identityStoreId, seed: 5 });
    fake = await startLocalOkta(preexistingOrg([]));
    scim = pushToIdentityStore(fake, { endpoint: emulator.url, identityStoreId, delayMs: 2000 });
    okta = new OktaWorkspace("pipeline-okta", fake);
    ic = new TerraformWorkspace("pipeline-ic", emulator.url, 20);
  });

  afterAll(async () => {
    await fake?.close();
    await emulator?.close();
    okta?.dispose();
    ic?.dispose();
    removeScratch();
  });

  it("6. the first apply: groups pushed by the local Okta, then assigned in Identity Center; both sides equal the model, every next plan empty", async () => {
    const dir = modelDir("base", ["devs", "ops"], BASE);
    const run = await pipeline("first", dir);
    expect(run.failed, run.output).toBeUndefined();
    await scim.settled();
    await expectBothSidesEqual(resolved(dir));
  });

  it("6. a new group with a privileged grant, then that grant removed: the group is in the privileged tier before Identity Center grants it and until Identity Center revoked it", async () => {
    const tierOf = (group: string) => {
      const view = oktaView(fake, live!.model.organization.okta.app.label, live!.model.organization.okta.usersGroup);
      return view.signOn!.rules.find((r) => r.groups.includes(group))?.name ?? "Everyone with AWS access";
    };
    const added = modelDir("added", ["data-eng", "devs", "ops"], [...BASE, { group: "data-eng", permission_set: "ReadOnly", accounts: ["dev"] }, { group: "data-eng", permission_set: "Admin", accounts: ["stage"] }]);
    const seen: string[] = [];
    const run = await pipeline("added", added, (step) => seen.push(`${step}: ${tierOf("data-eng")}`));
    expect(run.failed, run.output).toBeUndefined();
    expect(seen).toEqual(["okta-tighten: Privileged groups", "wait-for-push: Privileged groups", "identity-center: Privileged groups", "okta: Privileged groups"]);
    await expectBothSidesEqual(resolved(added));

    const revoked = modelDir("revoked", ["data-eng", "devs", "ops"], [...BASE, { group: "data-eng", permission_set: "ReadOnly", accounts: ["dev"] }]);
    seen.length = 0;
    const again = await pipeline("revoked", revoked, (step) => seen.push(`${step}: ${tierOf("data-eng")}`));
    expect(again.failed, again.output).toBeUndefined();
    expect(seen).toEqual(["okta-tighten: Privileged groups", "wait-for-push: Privileged groups", "identity-center: Privileged groups", "okta: Everyone with AWS access"]);
    await expectBothSidesEqual(resolved(revoked));
  });

  it("6. a push that never arrives: wait-for-push fails naming the group, and nothing after it runs", async () => {
    const before = comparableState(emulator.snapshot());
    const calls = { ...emulator.calls };
    scim.paused = true;
    const ghost = modelDir("ghost", ["data-eng", "devs", "ghost-team", "ops"], [...BASE, { group: "data-eng", permission_set: "ReadOnly", accounts: ["dev"] }, { group: "ghost-team", permission_set: "ReadOnly", accounts: ["dev"] }]);
    const run = await pipeline("ghost", ghost);
    scim.paused = false;
    expect(run.failed).toBe("wait-for-push");
    expect(run.output).toMatch(/ghost-team/);
    expect(comparableState(emulator.snapshot())).toEqual(before);
    for (const op of ["CreateAccountAssignment", "DeleteAccountAssignment", "CreatePermissionSet"]) expect(emulator.calls[op] ?? 0).toBe(calls[op] ?? 0);
    // Okta stays in the tighten phase: the group exists and is pushed, the final phase never ran.
    expect(fake.state.groups.some((g) => g.name === "ghost-team")).toBe(true);
  });
});
