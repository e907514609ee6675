// Okta and Identity Center together: the local Okta, when a push mapping is active, creates the
// group in the Identity Center emulator's Identity Store after a delay (through the Identity
// Store API, as SCIM would; tests/okta-fake/scim-push.ts). Removing a group from the model removes
// its push mapping but not the group in Identity Center (delete_target_group_on_destroy = false),
// checked in the local Identity Center; `access wait-for-push` returns once the push landed.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { isMap, isSeq, type YAMLSeq } from "yaml";
import { startEmulator, type Emulator } from "../emulator/index.js";
import { pushToIdentityStore, type ScimBridge } from "../okta-fake/scim-push.js";
import type { FakeOkta } from "../okta-fake/server.js";
import { describeWithOktaProvider } from "../support/okta-describe.js";
import { awsEnvFor, runAccess } from "./support/access-cli.js";
import { copyModel, editYaml } from "./support/model-dir.js";
import { loadResolved, OktaWorkspace, startLocalOkta, synthOkta } from "./support/okta.js";
import { actionsByAddress } from "./support/plan-assert.js";
import { removeScratch } from "./support/scratch.js";

const PUSH_DELAY_MS = 1500;

let emulator: Emulator;
let fake: FakeOkta;
let scim: ScimBridge;
let ws: OktaWorkspace;
let modelDir: string;

function editGroups(edit: (groups: YAMLSeq, doc: Parameters<Parameters<typeof editYaml>[1]>[1]) => void): void {
  editYaml(modelDir, (_file, doc) => {
    const list = doc.get("groups");
    if (!isSeq(list)) return false;
    edit(list as YAMLSeq, doc);
    return true;
  });
}

async function applyModel(patch?: (json: any) => void): Promise<void> {
  ws.useStack(synthOkta(modelDir).stackDir);
  if (patch) {
    const file = join(ws.dir, "cdk.tf.json");
    const json = JSON.parse(readFileSync(file, "utf8"));
    patch(json);
    writeFileSync(file, JSON.stringify(json));
  }
  await ws.plan();
  const res = await ws.applyPlan();
  if (res.status !== 0) throw new Error(`apply failed:\n${res.stderr}`);
}

describeWithOktaProvider("okta push into the local Identity Center: real terraform and the real okta provider", () => {
  beforeAll(async () => {
    modelDir = copyModel("okta-push");
    const model = loadResolved(modelDir);
    emulator = await startEmulator({ instanceArn: model.organization.identityCenter.instanceArn, identityStoreId: model.organization.identityCenter.identityStoreId });
    fake = await startLocalOkta();
    scim = pushToIdentityStore(fake, { endpoint: emulator.url, identityStoreId: model.organization.identityCenter.identityStoreId, delayMs: PUSH_DELAY_MS });
    ws = new OktaWorkspace("okta-push", fake);
  });

  afterAll(async () => {
    await fake?.close();
    await emulator?.close();
    ws?.dispose();
    removeScratch();
  });

  it("5. the first apply pushes every model group into the Identity Store after the delay; wait-for-push returns once they are there", async () => {
    editGroups((groups, doc) => groups.add(doc.createNode({ name: "data-eng", description: "Data engineers", source: "managed" })));
    await applyModel();
    expect(emulator.snapshot().groups).toEqual([]); // SCIM has not pushed yet
    const wait = await runAccess(["wait-for-push", "--model", modelDir, "--timeout", "60"], awsEnvFor(emulator.url));
    expect(wait.status, `${wait.stdout}\n${wait.stderr}`).toBe(0);
    await scim.settled();
    expect(scim.errors).toEqual([]);
    expect(emulator.snapshot().groups).toEqual(loadResolved(modelDir).groups.map((g) => g.name).sort());
  });

  it("5. removing a group from the model removes its push mapping, not the group in Identity Center", async () => {
    editGroups((groups) => groups.delete(groups.items.findIndex((i) => isMap(i) && i.get("name") === "data-eng")));
    ws.useStack(synthOkta(modelDir).stackDir);
    expect(actionsByAddress(await ws.plan())).toEqual({
      'okta_group.group["data-eng"]': "delete",
      'okta_push_group.push_group["data-eng"]': "delete",
      'okta_group_rule.users_rule["all"]': "update",
    });
    const res = await ws.applyPlan();
    expect(res.status, res.stderr).toBe(0);
    await scim.settled();
    expect(fake.state.apps[0]!.pushMappings!.some((m) => fake.state.groups.find((g) => g.id === m.sourceGroupId)?.name === "data-eng")).toBe(false);
    expect(emulator.snapshot().groups).toContain("data-eng");
  });

  it("5. (the check has teeth) a mapping destroyed with delete_target_group_on_destroy = true deletes the group in Identity Center", async () => {
    editGroups((groups, doc) => groups.add(doc.createNode({ name: "temp-group", source: "managed" })));
    await applyModel((json) => (json.resource.okta_push_group.push_group.delete_target_group_on_destroy = true));
    await scim.settled();
    expect(emulator.snapshot().groups).toContain("temp-group");
    editGroups((groups) => groups.delete(groups.items.findIndex((i) => isMap(i) && i.get("name") === "temp-group")));
    await applyModel((json) => (json.resource.okta_push_group.push_group.delete_target_group_on_destroy = true));
    await scim.settled();
    expect(emulator.snapshot().groups).not.toContain("temp-group");
    expect(emulator.snapshot().groups).toContain("data-eng");
  });
});
