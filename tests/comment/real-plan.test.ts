// The one-PR "new group + its assignments" change, planned by real Terraform with the real
// hashicorp/aws provider against a local Identity Store that has every group except the new one.
// The comment built from that plan must show the new group's assignments as waiting for the push,
// with no destroy or replace. Fails loudly when terraform or the provider mirror is missing.
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { synthesize } from "../../stacks/app.js";
import { summarizePlanJson, type PlanSummary } from "../../src/comment/plan.js";
import { renderComment } from "../../src/comment/render.js";
import { diffModels } from "../../src/diff/diff-models.js";
import { loadModel, type ResolvedModel } from "../../src/model/index.js";
import { localAwsEndpoints, runTerraformAsync } from "../support/terraform.js";
import { copyExampleModel, EXAMPLE_MODEL, tempDir } from "../diff/cli-helpers.js";
import { startFakeIdentityStore, type FakeIdentityStore } from "../wait-for-push/identitystore-server.js";

type Json = Record<string, any>;

/** Async, so the in-process fake Identity Store keeps answering while terraform runs. */
async function terraform(args: string[], cwd: string): Promise<string> {
  const res = await runTerraformAsync(args, cwd);
  if (res.status !== 0) throw new Error(`terraform ${args.join(" ")} exited ${res.status}:\n${res.stderr}\n${res.stdout}`);
  return res.stdout;
}

function stackConfig(model: ResolvedModel, endpoint: string): Json {
  const out = tempDir("comment-synth-");
  synthesize(model, out);
  const stack: Json = JSON.parse(readFileSync(join(out, "stacks/identity-center/cdk.tf.json"), "utf8"));
  stack.terraform.backend = { local: { path: "terraform.tfstate" } };
  stack.provider = {
    aws: [{ region: "us-east-1", access_key: "fake", secret_key: "fake", ...localAwsEndpoints(endpoint, ["identitystore", "ssoadmin"]) }],
  };
  return stack;
}

function load(dir: string): ResolvedModel {
  const { model, findings } = loadModel(dir, { today: "2026-01-01" });
  if (!model) throw new Error(`model ${dir} is invalid: ${JSON.stringify(findings)}`);
  return model;
}

describe("comment on a real plan that adds a group and its assignments", () => {
  let store: FakeIdentityStore;
  let plan: PlanSummary;
  let json: Json;
  let comment: string;

  beforeAll(async () => {
    const base = load(EXAMPLE_MODEL);
    const headDir = copyExampleModel();
    appendFileSync(join(headDir, "groups.yaml"), "\n  - name: bi-writers\n    source: managed\n");
    appendFileSync(join(headDir, "assignments", "data.yaml"), "\n  - group: bi-writers\n    permission_set: BIReadOnly\n    accounts: [reporting, data-platform]\n");
    const head = load(headDir);

    store = await startFakeIdentityStore(base.groups.map((g) => g.name)); // bi-writers not pushed yet
    const dir = tempDir("comment-tf-");
    mkdirSync(dir, { recursive: true });
    // The base is applied as far as the group pushes go: every base group is known in state.
    writeFileSync(join(dir, "main.tf.json"), JSON.stringify(stackConfig(base, store.url)));
    await terraform(["init", "-input=false"], dir);
    await terraform(["apply", "-auto-approve", "-input=false", "-target=terraform_data.group_push"], dir);
    writeFileSync(join(dir, "main.tf.json"), JSON.stringify(stackConfig(head, store.url)));
    await terraform(["plan", "-input=false", "-out=tfplan"], dir);
    json = JSON.parse(await terraform(["show", "-json", "tfplan"], dir));
    plan = summarizePlanJson(json);
    comment = renderComment({ diff: diffModels(base, head), stacks: [{ name: "identity-center", plan }] });
  }, 300_000);

  afterAll(async () => {
    await store?.close();
  });

  it("recognises the deferred lookup of the new group only", () => {
    expect(plan.waitingGroups).toEqual(["bi-writers"]);
  });

  it("marks exactly the new group's assignments as waiting", () => {
    expect(plan.waitingAssignments.map((a) => a.address).sort()).toEqual([
      'aws_ssoadmin_account_assignment.assignment_111111111111["bi-writers|BIReadOnly|111111111111"]',
      'aws_ssoadmin_account_assignment.assignment_222222222222["bi-writers|BIReadOnly|222222222222"]',
    ]);
    expect(new Set(plan.waitingAssignments.map((a) => a.group))).toEqual(new Set(["bi-writers"]));
    // Other groups' assignments are created with a principal_id known now.
    const others = (json.resource_changes as Json[]).filter((c) => c.type === "aws_ssoadmin_account_assignment" && !String(c.index).startsWith("bi-writers|"));
    expect(others.length).toBeGreaterThan(0);
    for (const c of others) expect(c.change.after_unknown.principal_id, c.address).toBeUndefined();
  });

  it("says in the comment that the assignments wait for the push, with no caution block", () => {
    expect(comment).toContain("> - identity-center: waiting for group `bi-writers` to be pushed (2 assignments created once it arrives)");
    expect(comment).not.toContain("[!CAUTION]");
    expect(plan.counts.destroy + plan.counts.replace).toBe(0);
    expect(comment).toContain("- bi-writers gains BIReadOnly in 2 accounts: data-platform (111111111111), reporting (222222222222)");
  });
});
