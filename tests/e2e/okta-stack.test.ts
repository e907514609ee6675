// The example org's okta stack, planned and applied with real Terraform and the real okta
// provider against the local Okta (tests/okta-fake): the first apply, a reshuffled model, each
// kind of model change, and drift made by hand in Okta. After every apply the local Okta must
// equal the model (tests/e2e/support/okta-view.ts) and a second plan must be empty; the access
// diff and `access explain` must name every planned okta change.
import { cpSync } from "node:fs";
import { afterAll, beforeAll, expect, it } from "vitest";
import { isMap, isSeq, type YAMLMap, type YAMLSeq } from "yaml";
import type { ResolvedModel } from "../../src/model/types.js";
import type { FakeOkta } from "../okta-fake/server.js";
import { describeWithOktaProvider } from "../support/okta-describe.js";
import { copyModel, editYaml, reshuffleAndResplit } from "./support/model-dir.js";
import { explainOktaPlan, type OktaExplanation } from "./support/okta-explain.js";
import { appUsers, expectedOktaView, oktaView } from "./support/okta-view.js";
import { OktaWorkspace, startLocalOkta, synthOkta } from "./support/okta.js";
import type { Plan } from "./support/workspace.js";
import { removeScratch, scratchDir } from "./support/scratch.js";
import { actionsByAddress } from "./support/plan-assert.js";

let fake: FakeOkta;
let ws: OktaWorkspace;
let modelDir: string;
let current: ResolvedModel;

/** Plans the model folder as it is now. */
async function planModel(dir = modelDir): Promise<{ model: ResolvedModel; plan: Plan }> {
  const { model, stackDir } = synthOkta(dir);
  ws.useStack(stackDir);
  return { model, plan: await ws.plan() };
}

async function applyPlanned(): Promise<void> {
  const res = await ws.applyPlan();
  if (res.status !== 0) throw new Error(`apply failed:\n${res.stderr}\n${res.stdout.slice(-3000)}`);
}

function expectOktaEqualsModel(model: ResolvedModel): void {
  const okta = model.organization.okta;
  expect(oktaView(fake, okta.app.label, okta.usersGroup)).toEqual(expectedOktaView(model, fake));
}

async function expectSecondPlanEmpty(): Promise<void> {
  expect(actionsByAddress(await ws.plan())).toEqual({});
}

/** Every instance address in the workspace's state. */
function stateAddresses(): string[] {
  const resources = (ws.state().resources ?? []) as Array<{ mode: string; type: string; name: string; instances: Array<{ index_key?: string | number }> }>;
  return resources.flatMap((r) =>
    r.instances.map((i) => `${r.mode === "data" ? "data." : ""}${r.type}.${r.name}${i.index_key === undefined ? "" : `[${JSON.stringify(i.index_key)}]`}`),
  );
}

function snapshot(name: string): string {
  const dir = scratchDir(`okta-base-${name}`);
  cpSync(modelDir, dir, { recursive: true });
  return dir;
}

function editGroups(edit: (groups: YAMLSeq, doc: Parameters<Parameters<typeof editYaml>[1]>[1]) => boolean): void {
  editYaml(modelDir, (_file, doc) => {
    const list = doc.get("groups");
    return isSeq(list) ? edit(list as YAMLSeq, doc) : false;
  });
}

function groupEntry(groups: YAMLSeq, name: string): YAMLMap | undefined {
  return groups.items.find((i) => isMap(i) && i.get("name") === name) as YAMLMap | undefined;
}

/** One model change: plan, check the plan's actions, explain it against the diff, apply, compare. */
async function change(name: string, edit: () => void, expected: Record<string, string>, risks: string[] = []): Promise<OktaExplanation> {
  const base = snapshot(name);
  edit();
  const { model, plan } = await planModel();
  expect(actionsByAddress(plan)).toEqual(expected);
  const explanation = await explainOktaPlan(ws, base, modelDir);
  expect(explanation.changes.filter((c) => c.action !== "read").map((c) => [c.address, c.explained])).toEqual(
    Object.keys(expected).sort().map((a) => [a, true]),
  );
  for (const risk of risks) expect(explanation.risks).toContain(risk);
  await applyPlanned();
  current = model;
  expectOktaEqualsModel(model);
  await expectSecondPlanEmpty();
  return explanation;
}

describeWithOktaProvider("okta stack: real terraform and the real okta provider against a local Okta", () => {
  beforeAll(async () => {
    fake = await startLocalOkta();
    ws = new OktaWorkspace("okta-stack", fake);
    modelDir = copyModel("okta-stack");
  });

  afterAll(async () => {
    await fake?.close();
    ws?.dispose();
    removeScratch();
  });

  it("1. the example org: the plan creates exactly the stack's resources, apply makes the local Okta equal the model, a second plan is empty", async () => {
    const { model, plan } = await planModel();
    expect(actionsByAddress(plan)).toEqual({
      "okta_app_group_assignments.app_users": "create",
      "okta_app_saml.app": "create",
      "okta_app_signon_policy.signon_policy": "create",
      "okta_app_signon_policy_rule.everyone_rule": "create",
      "okta_app_signon_policy_rule.privileged_rule": "create",
      'okta_group.group["bi-analysts"]': "create",
      'okta_group.group["finance-data"]': "create",
      'okta_group.group["platform-admin"]': "create",
      'okta_group.group["sre-oncall"]': "create",
      "okta_group.users_group": "create",
      'okta_group_rule.users_rule["all"]': "create",
      'okta_push_group.push_group["bi-analysts"]': "create",
      'okta_push_group.push_group["finance-data"]': "create",
      'okta_push_group.push_group["platform-admin"]': "create",
      'okta_push_group.push_group["read-only-exec"]': "create",
      'okta_push_group.push_group["sre-oncall"]': "create",
    });
    // The existing group is looked up by name at plan time: its push mapping's source is known.
    expect(plan.changes.find((c) => c.address === 'okta_push_group.push_group["read-only-exec"]')!.after!.source_group_id).toBe("00g-existing-0");
    await applyPlanned();
    current = model;
    expectOktaEqualsModel(model);
    // The group rule makes every member of a pushed group a member of the app's users group.
    expect(appUsers(fake, model.organization.okta.usersGroup)).toEqual(["00u1"]);
    // The push mappings keep their downstream groups when removed (delete_target_group_on_destroy = false).
    expect(fake.state.apps[0]!.targetGroups!.map((t) => t.name).sort()).toEqual(model.groups.map((g) => g.name).sort());
    await expectSecondPlanEmpty();
  });

  it("1. every list shuffled and re-split across new files plans nothing", async () => {
    const shuffled = copyModel("okta-shuffled", modelDir);
    reshuffleAndResplit(shuffled, 16);
    const { plan } = await planModel(shuffled);
    expect(actionsByAddress(plan)).toEqual({});
  });

  it("3. a new managed group: created, pushed, and added to the users group's rule", async () => {
    await change(
      "add",
      () => editGroups((groups, doc) => (groups.add(doc.createNode({ name: "data-eng", description: "Data engineers", source: "managed" })), true)),
      {
        'okta_group.group["data-eng"]': "create",
        'okta_push_group.push_group["data-eng"]': "create",
        'okta_group_rule.users_rule["all"]': "update",
      },
    );
  });

  it("3. a renamed group: a new Okta group and push mapping replace the old ones; the old downstream group stays", async () => {
    await change(
      "rename",
      () => editGroups((groups) => (groupEntry(groups, "data-eng")!.set("name", "data-engineering"), true)),
      {
        'okta_group.group["data-eng"]': "delete",
        'okta_group.group["data-engineering"]': "create",
        'okta_push_group.push_group["data-eng"]': "delete",
        'okta_push_group.push_group["data-engineering"]': "create",
        'okta_group_rule.users_rule["all"]': "update",
      },
    );
    const targets = fake.state.apps[0]!.targetGroups!.map((t) => t.name);
    expect(targets).toContain("data-eng");
    expect(targets).toContain("data-engineering");
  });

  it("3. a removed group: its Okta group and push mapping go, its downstream group stays", async () => {
    await change(
      "remove",
      () => editGroups((groups) => (groups.delete(groups.items.indexOf(groupEntry(groups, "data-engineering")!)), true)),
      {
        'okta_group.group["data-engineering"]': "delete",
        'okta_push_group.push_group["data-engineering"]': "delete",
        'okta_group_rule.users_rule["all"]': "update",
      },
    );
    expect(fake.state.apps[0]!.targetGroups!.map((t) => t.name)).toContain("data-engineering");
  });

  it("3. a group gaining and then losing privileged status moves between the sign-on tiers", async () => {
    await change("privileged", () => editGroups((groups) => (groupEntry(groups, "sre-oncall")!.set("privileged", true), true)), {
      "okta_app_signon_policy_rule.privileged_rule": "update",
    });
    expect(oktaView(fake, current.organization.okta.app.label, current.organization.okta.usersGroup).signOn!.rules[0]!.groups).toEqual(["platform-admin", "sre-oncall"]);
    await change("unprivileged", () => editGroups((groups) => (groupEntry(groups, "sre-oncall")!.delete("privileged"), true)), {
      "okta_app_signon_policy_rule.privileged_rule": "update",
    });
  });

  it("3. tier changes: a shorter re-authentication period and phishing resistance for everyone", async () => {
    await change(
      "tier",
      () =>
        editYaml(modelDir, (_file, doc) => {
          if (!doc.hasIn(["organization", "okta", "sign_on", "everyone"])) return false;
          doc.setIn(["organization", "okta", "sign_on", "everyone", "reauthenticate_after"], "PT4H");
          doc.setIn(["organization", "okta", "sign_on", "everyone", "phishing_resistant"], true);
          return true;
        }),
      { "okta_app_signon_policy_rule.everyone_rule": "update" },
    );
  });

  it("3. a new app label: the app and its sign-on policy are renamed in place", async () => {
    await change(
      "label",
      () =>
        editYaml(modelDir, (_file, doc) => {
          if (!doc.hasIn(["organization", "okta", "app", "label"])) return false;
          doc.setIn(["organization", "okta", "app", "label"], "AWS access");
          return true;
        }),
      { "okta_app_saml.app": "update", "okta_app_signon_policy.signon_policy": "update" },
    );
  });

  it("8. drift made by hand in Okta (a group, the users rule, a tier) shows in the plan and is explained as drift repair", async () => {
    const s = fake.state;
    s.groups.find((g) => g.name === "bi-analysts")!.description = "edited in the admin UI";
    const rule = s.groupRules.find((r) => r.status === "ACTIVE")!;
    rule.status = "INACTIVE";
    const policy = s.policies.find((p) => p.id === s.apps[0]!.accessPolicyId)!;
    policy.rules.find((r) => r.name === "Privileged groups")!.actions.appSignOn.verificationMethod.reauthenticateIn = "PT12H";
    const { plan } = await planModel();
    expect(actionsByAddress(plan)).toEqual({
      'okta_group.group["bi-analysts"]': "update",
      'okta_group_rule.users_rule["all"]': "update",
      "okta_app_signon_policy_rule.privileged_rule": "update",
    });
    const explanation = await explainOktaPlan(ws, modelDir, modelDir);
    expect(explanation.explained).toBe(true);
    expect(explanation.changes.filter((c) => c.action !== "read").map((c) => [c.address, c.code])).toEqual([
      ["okta_app_signon_policy_rule.privileged_rule", "drift-repair"],
      ['okta_group.group["bi-analysts"]', "drift-repair"],
      ['okta_group_rule.users_rule["all"]', "drift-repair"],
    ]);
    await applyPlanned();
    expectOktaEqualsModel(current);
    await expectSecondPlanEmpty();
  });

  it("3. managed -> existing: Terraform forgets the Okta group and it stays in Okta with its members; the diff and explain say so", async () => {
    const before = fake.state.groups.find((g) => g.name === "finance-data")!;
    const kept = { id: before.id, members: [...before.members] };
    const explanation = await change(
      "to-existing",
      () => editGroups((groups) => (groupEntry(groups, "finance-data")!.set("source", "existing"), true)),
      { 'okta_group.no_longer_managed["finance-data"]': "forget" },
      ["group-source-changed"],
    );
    expect(explanation.changes.filter((c) => c.action !== "read").map((c) => [c.code, c.reason])).toEqual([
      ["group-changed", "group finance-data changes source from managed to existing: no longer managed, kept in Okta with its members"],
    ]);
    const after = fake.state.groups.find((g) => g.name === "finance-data")!;
    expect({ id: after.id, members: after.members }).toEqual(kept);
    expect(stateAddresses().filter((a) => a.includes("finance-data"))).toEqual([
      'data.okta_group.existing_group["finance-data"]',
      'okta_push_group.push_group["finance-data"]',
    ]);
  });

  it("3. existing -> managed: Okta refuses a second group of that name, nothing else is applied", async () => {
    editGroups((groups) => (groupEntry(groups, "read-only-exec")!.set("source", "managed"), true));
    const toManaged = await planModel();
    // A second group of that name: its push mapping would be re-created for the new group's id
    // (created before the old one is deleted).
    expect(actionsByAddress(toManaged.plan)).toEqual({
      'okta_group.group["read-only-exec"]': "create",
      'okta_group_rule.users_rule["all"]': "update",
      'okta_push_group.push_group["read-only-exec"]': "create,delete",
    });
    const res = await ws.applyPlan();
    expect(res.status).not.toBe(0);
    expect(res.stderr).toMatch(/Api validation failed: profile\.name/);
    expect(res.stderr).toMatch(/An object with this field already exists/);
    // Nothing that depends on the refused group ran: the mapping and the rule are as they were.
    expect(oktaView(fake, current.organization.okta.app.label, current.organization.okta.usersGroup)).toEqual(expectedOktaView(current, fake));
  });
});
