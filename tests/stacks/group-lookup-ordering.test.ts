// The one-PR "new group + its assignments" change, planned with real terraform and the real
// hashicorp/aws data source against a fake Identity Store that has not received the new group yet.
// The stack's own group_push, locals and group lookup blocks are used verbatim; the assignment
// resource is mirrored by a terraform_data probe whose triggers_replace is the assignment's
// principal_id expression, so "replace" in the probe means "an assignment would be replaced".
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { synthesize } from "../../stacks/app.js";
import type { ResolvedModel } from "../../src/model/types.js";
import { localAwsEndpoints, runTerraform, terraformEnv, terraformOk } from "../support/terraform.js";
import { startFakeIdentityStore, type FakeIdentityStore } from "./fake-identitystore.js";
import { fixtureModel } from "./fixture.js";
import { tempDir, removeTempDirs } from "./helpers.js";

afterAll(removeTempDirs);

type Json = Record<string, any>;

function probeConfig(model: ResolvedModel, endpoint: string): Json {
  const out = tempDir("ordering-synth");
  synthesize(model, out);
  const stack: Json = JSON.parse(readFileSync(join(out, "stacks/identity-center/cdk.tf.json"), "utf8"));
  // One probe block per account block, mirroring the stack's one assignment block per account.
  const probes = Object.fromEntries(
    Object.entries<Json>(stack.resource.aws_ssoadmin_account_assignment).map(([name, assignment]) => [
      name.replace(/^assignment_/, "assignment_probe_"),
      { for_each: assignment.for_each, input: assignment.principal_id, triggers_replace: assignment.principal_id },
    ]),
  );
  return {
    terraform: {
      required_providers: stack.terraform.required_providers,
      backend: { local: { path: "terraform.tfstate" } },
    },
    provider: {
      aws: { region: "us-east-1", access_key: "fake", secret_key: "fake", ...localAwsEndpoints(endpoint, ["identitystore"]) },
    },
    locals: stack.locals,
    data: { aws_identitystore_group: stack.data.aws_identitystore_group, aws_identitystore_groups: stack.data.aws_identitystore_groups },
    resource: {
      terraform_data: {
        group_push: stack.resource.terraform_data.group_push,
        ...probes,
      },
    },
  };
}

function withNewGroup(model: ResolvedModel): ResolvedModel {
  return {
    ...model,
    groups: [...model.groups, { name: "new-team", source: "managed", privileged: false, privilegedReasons: [] }],
    assignments: [
      ...model.assignments,
      { group: "new-team", permissionSet: "ReadOnly", accountId: "111111111111", accountName: "prod" },
    ],
  };
}

describe("a group added in the same change as its assignments", () => {
  const dir = tempDir("ordering-tf");
  const env = terraformEnv();
  let fake: FakeIdentityStore;
  let plan: Json;
  let planRun: { status: number; stderr: string };
  let callsUntilPlan: { target: string; input: unknown }[];

  beforeAll(async () => {
    const base = fixtureModel();
    // Every group of the base model has already been pushed; "new-team" has not.
    fake = await startFakeIdentityStore({
      "aws-admins": "11111111-1111-1111-1111-111111111111",
      "aws-developers": "22222222-2222-2222-2222-222222222222",
      finance: "33333333-3333-3333-3333-333333333333",
    });
    writeFileSync(join(dir, "main.tf.json"), JSON.stringify(probeConfig(base, fake.endpoint), null, 2));
    terraformOk(["init", "-input=false"], dir, env);
    terraformOk(["apply", "-auto-approve", "-input=false"], dir, env);

    writeFileSync(join(dir, "main.tf.json"), JSON.stringify(probeConfig(withNewGroup(base), fake.endpoint), null, 2));
    planRun = runTerraform(["plan", "-input=false", "-out=tfplan"], dir, env);
    if (planRun.status === 0) plan = JSON.parse(terraformOk(["show", "-json", "tfplan"], dir, env));
    callsUntilPlan = await fake.calls();
  });

  afterAll(async () => {
    await fake?.close();
  });

  it("plans cleanly although the Identity Store does not have the group yet", () => {
    expect(planRun.status, planRun.stderr).toBe(0);
  });

  it("keeps every existing assignment unchanged: their group lookups stay known at plan time", () => {
    const changes: Json[] = plan.resource_changes.filter((c: Json) => c.address.startsWith("terraform_data.assignment_probe_"));
    const existing = changes.filter((c) => !c.index.startsWith("new-team|"));
    expect(existing.map((c) => c.index).sort()).toEqual(fixtureModel().assignments.map((a) => `${a.group}|${a.permissionSet}|${a.accountId}`).sort());
    for (const c of existing) expect(c.change.actions, c.address).toEqual(["no-op"]);
  });

  it("defers only the new group's lookup, so only its assignments have principal_id known after apply", () => {
    const created = plan.resource_changes.find((c: Json) => c.address === 'terraform_data.assignment_probe_111111111111["new-team|ReadOnly|111111111111"]');
    expect(created.change.actions).toEqual(["create"]);
    expect(created.change.after_unknown.triggers_replace).toBe(true);

    const lookups: Json[] = plan.resource_changes.filter((c: Json) => c.address.startsWith("data.aws_identitystore_group.group["));
    expect(lookups.map((c) => c.index)).toEqual(["new-team"]);
    expect(lookups[0].change.actions).toEqual(["read"]);
  });

  it("applies once the push has happened, and then plans no further change", async () => {
    await fake.push("new-team", "44444444-4444-4444-4444-444444444444");
    terraformOk(["apply", "-input=false", "tfplan"], dir, env);
    const state = JSON.parse(terraformOk(["show", "-json"], dir, env));
    const probe = state.values.root_module.resources.find(
      (r: Json) => r.address === 'terraform_data.assignment_probe_111111111111["new-team|ReadOnly|111111111111"]',
    );
    expect(probe.values.output).toBe("44444444-4444-4444-4444-444444444444");
    const again = runTerraform(["plan", "-input=false", "-detailed-exitcode"], dir, env);
    expect(again.status, again.stdout).toBe(0);
  });

  it("read the existing groups with one listing up to the plan, and no group by name", () => {
    const targets = callsUntilPlan.map((c) => c.target.replace(/^.*\./, ""));
    // One listing for the first plan (the apply re-reads nothing) and one for the second plan.
    expect(targets).toEqual(["ListGroups", "ListGroups"]);
  });
});
