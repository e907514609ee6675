// The okta tighten and final phases applied for real, in the order the apply workflow uses
// (okta tighten -> [push, identity-center] -> okta final), with the real okta provider against the
// local Okta. Every request the provider makes while the tighten phase applies is checked: no
// group that is privileged before or after the merge is ever under a weaker tier than it had.
import { afterAll, beforeAll, expect, it } from "vitest";
import { isMap, isSeq, type YAMLMap, type YAMLSeq } from "yaml";
import { durationSeconds } from "../../src/model/duration.js";
import { loosens, tightenModel } from "../../src/model/phases.js";
import type { ResolvedModel, SignOnTier } from "../../src/model/types.js";
import type { FakeOkta } from "../okta-fake/server.js";
import { describeWithOktaProvider } from "../support/okta-describe.js";
import { copyModel, editYaml } from "./support/model-dir.js";
import { expectedOktaView, oktaView } from "./support/okta-view.js";
import { loadResolved, OktaWorkspace, startLocalOkta, synthOkta } from "./support/okta.js";
import { actionsByAddress } from "./support/plan-assert.js";
import { removeScratch } from "./support/scratch.js";

let fake: FakeOkta;
let ws: OktaWorkspace;

function setGroup(dir: string, name: string, edit: (g: YAMLMap) => void): void {
  editYaml(dir, (_file, doc) => {
    const list = doc.get("groups");
    if (!isSeq(list)) return false;
    const g = (list as YAMLSeq).items.find((i) => isMap(i) && i.get("name") === name) as YAMLMap | undefined;
    if (!g) return false;
    edit(g);
    return true;
  });
}

function setTier(dir: string, tier: "everyone" | "privileged", period: string): void {
  editYaml(dir, (_file, doc) => {
    if (!doc.hasIn(["organization", "okta", "sign_on", tier])) return false;
    doc.setIn(["organization", "okta", "sign_on", tier, "reauthenticate_after"], period);
    return true;
  });
}

async function applyModel(model: ResolvedModel): Promise<void> {
  ws.useStack(synthOkta(model).stackDir);
  await ws.plan();
  const res = await ws.applyPlan();
  if (res.status !== 0) throw new Error(`apply failed:\n${res.stderr}`);
}

/** The tier Okta applies to a group's members now: the first ACTIVE rule, by priority, that names the group or the users group. */
function liveTier(model: ResolvedModel, group: string): SignOnTier {
  const view = oktaView(fake, model.organization.okta.app.label, model.organization.okta.usersGroup);
  const rule = view.signOn!.rules.find((r) => r.groups.includes(group) || (r.groups.includes(model.organization.okta.usersGroup) && view.ruledIntoUsersGroup.includes(group)));
  if (!rule) throw new Error(`no sign-on rule covers ${group}`);
  return { reauthenticateAfter: rule.reauthenticateIn, phishingResistant: rule.phishingResistant };
}

function atLeastAsStrict(live: SignOnTier, required: SignOnTier): boolean {
  return durationSeconds(live.reauthenticateAfter)! <= durationSeconds(required.reauthenticateAfter)! && (live.phishingResistant || !required.phishingResistant);
}

describeWithOktaProvider("okta tighten and final phases: real terraform and the real okta provider against a local Okta", () => {
  beforeAll(async () => {
    fake = await startLocalOkta();
    ws = new OktaWorkspace("okta-phases", fake);
  });

  afterAll(async () => {
    await fake?.close();
    ws?.dispose();
    removeScratch();
  });

  it("4. a merge that loosens: the tighten phase keeps every privileged group at least as strict, the final phase loosens", async () => {
    // Live: sre-oncall privileged, privileged tier PT1H.
    const baseDir = copyModel("okta-phase-base");
    setGroup(baseDir, "sre-oncall", (g) => g.set("privileged", true));
    const base = loadResolved(baseDir);
    await applyModel(base);

    // The merge: sre-oncall loses privileged status, the privileged tier loosens to PT2H, the
    // everyone tier tightens to PT4H, and finance-data becomes privileged.
    const headDir = copyModel("okta-phase-head", baseDir);
    setGroup(headDir, "sre-oncall", (g) => g.delete("privileged"));
    setGroup(headDir, "finance-data", (g) => g.set("privileged", true));
    setTier(headDir, "privileged", "PT2H");
    setTier(headDir, "everyone", "PT4H");
    const head = loadResolved(headDir);
    expect(loosens(base, head)).toBe(true);

    // While the tighten phase applies, no group privileged in the live model may get weaker than
    // the live privileged tier, at any request the provider makes.
    const livePrivileged = base.groups.filter((g) => g.privileged).map((g) => g.name);
    const violations: string[] = [];
    let checking = false;
    fake.onRequest((r) => {
      if (!checking || r.method === "GET") return;
      for (const group of livePrivileged) {
        const live = liveTier(base, group);
        if (!atLeastAsStrict(live, base.organization.okta.signOn.privileged)) violations.push(`${r.method} ${r.path}: ${group} under ${JSON.stringify(live)}`);
      }
    });

    // Phase 1: okta tighten (apply.yml "Apply okta (tighten phase)").
    const tighten = tightenModel(base, head);
    ws.useStack(synthOkta(tighten).stackDir);
    const tightenPlan = await ws.plan();
    expect(actionsByAddress(tightenPlan)).toEqual({
      "okta_app_signon_policy_rule.everyone_rule": "update",
      "okta_app_signon_policy_rule.privileged_rule": "update",
    });
    checking = true;
    const applied = await ws.applyPlan();
    checking = false;
    expect(applied.status, applied.stderr).toBe(0);
    expect(violations).toEqual([]);
    expect(oktaView(fake, head.organization.okta.app.label, head.organization.okta.usersGroup)).toEqual(expectedOktaView(tighten, fake));
    // Between the phases (while identity-center applies): every group privileged before or after
    // the merge is in the privileged tier at the stricter period (PT1H).
    for (const group of ["platform-admin", "sre-oncall", "finance-data"]) {
      expect(liveTier(head, group)).toEqual({ reauthenticateAfter: "PT1H", phishingResistant: true });
    }
    expect(liveTier(head, "bi-analysts")).toEqual({ reauthenticateAfter: "PT4H", phishingResistant: false });

    // Phase 2 (job okta-final, after every identity-center stack applied): the head model.
    ws.useStack(synthOkta(head).stackDir);
    expect(actionsByAddress(await ws.plan())).toEqual({ "okta_app_signon_policy_rule.privileged_rule": "update" });
    const final = await ws.applyPlan();
    expect(final.status, final.stderr).toBe(0);
    expect(oktaView(fake, head.organization.okta.app.label, head.organization.okta.usersGroup)).toEqual(expectedOktaView(head, fake));
    // Only the final phase loosens: the same check now finds sre-oncall under the weaker tier.
    expect(liveTier(head, "sre-oncall")).toEqual({ reauthenticateAfter: "PT4H", phishingResistant: false });
    expect(atLeastAsStrict(liveTier(head, "sre-oncall"), base.organization.okta.signOn.privileged)).toBe(false);
    expect(liveTier(head, "finance-data")).toEqual({ reauthenticateAfter: "PT2H", phishingResistant: true });
    expect(actionsByAddress(await ws.plan())).toEqual({});
  });
});
