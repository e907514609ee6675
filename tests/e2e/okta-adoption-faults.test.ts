// Adoption of an Okta app set up by hand, and faults, with real Terraform and the real okta
// provider against the local Okta: 429s and 5xx during apply converge on re-run with nothing
// duplicated; settings Okta refuses fail the apply with Okta's own message.
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import type { YAMLMap } from "yaml";
import type { ResolvedModel } from "../../src/model/types.js";
import { signingKey } from "../okta-fake/apps.js";
import { catchAllRule, defaultAccessPolicy } from "../okta-fake/state.js";
import type { FakeOkta } from "../okta-fake/server.js";
import { describeWithOktaProvider } from "../support/okta-describe.js";
import { seededRandom } from "../support/random.js";
import { copyModel, editYaml } from "./support/model-dir.js";
import { expectedOktaView, oktaView } from "./support/okta-view.js";
import { OktaWorkspace, preexistingOrg, startLocalOkta, synthOkta } from "./support/okta.js";
import { actionsByAddress } from "./support/plan-assert.js";
import { removeScratch, scratchDir } from "./support/scratch.js";
import { explainOktaPlan } from "./support/okta-explain.js";

const HAND_MADE_APP = "0oahandmade000000001";
const opened: { fake: FakeOkta; ws: OktaWorkspace }[] = [];

async function open(name: string, state = preexistingOrg()): Promise<{ fake: FakeOkta; ws: OktaWorkspace }> {
  const fake = await startLocalOkta(state);
  const ws = new OktaWorkspace(name, fake);
  opened.push({ fake, ws });
  return { fake, ws };
}

function expectOktaEqualsModel(fake: FakeOkta, model: ResolvedModel): void {
  expect(oktaView(fake, model.organization.okta.app.label, model.organization.okta.usersGroup)).toEqual(expectedOktaView(model, fake));
}

describeWithOktaProvider("okta adoption and faults: real terraform and the real okta provider against a local Okta", () => {
  afterAll(async () => {
    for (const { fake, ws } of opened) {
      await fake.close();
      ws.dispose();
    }
    removeScratch();
  });

  it("2. an app set up by hand (SCIM on, a custom username format, its own sign-on policy) is adopted by organization.okta.app.id: imported unchanged; the stack's own additions are created; removing sign_on_policy: existing later moves it to the model's policy", async () => {
    const dir = copyModel("okta-adopt");
    const setApp = (edit: (app: YAMLMap) => void) =>
      editYaml(dir, (_file, doc) => {
        if (!doc.hasIn(["organization", "okta", "app"])) return false;
        edit(doc.getIn(["organization", "okta", "app"]) as YAMLMap);
        return true;
      });
    setApp((app) => {
      app.set("id", HAND_MADE_APP);
      app.set("sign_on_policy", "existing");
    });
    const { model, stackDir } = synthOkta(dir);
    const okta = model.organization.okta;
    const state = preexistingOrg();
    const key = signingKey();
    const at = "2026-01-01T00:00:00.000Z";
    const handPolicy = { ...defaultAccessPolicy(), id: "rsthandmadepolicy001", name: "AWS by hand", system: false, rules: [catchAllRule("rulhandmadecatchall1", "ALLOW", at)] };
    state.policies = [defaultAccessPolicy(), handPolicy];
    state.apps.push({
      id: HAND_MADE_APP,
      name: "amazon_aws_sso",
      label: okta.app.label,
      status: "ACTIVE",
      signOnMode: "SAML_2_0",
      accessPolicyId: handPolicy.id,
      body: {
        settings: { app: { acsURL: okta.app.acsUrl, entityID: okta.app.entityId }, notes: { admin: "SCIM token rotated 2026-05-01" }, signOn: { defaultRelayState: "https://acme.awsapps.com/start" } },
        credentials: { userNameTemplate: { template: "${user.email}", type: "CUSTOM" } },
      },
      keys: [key],
      groups: [],
      pushMappings: [], // provisioning (SCIM) set up in the admin UI: the app can push groups
      targetGroups: [],
    });
    const { fake, ws } = await open("okta-adopt", state);
    ws.useStack(stackDir);
    const plan = await ws.plan();
    const app = (plan.raw.resource_changes as any[]).find((r) => r.address === "okta_app_saml.app");
    expect(app.change.importing).toEqual({ id: HAND_MADE_APP });
    // Imported unchanged: the adoption touches nothing that exists. Only the stack's own additions
    // (the users group and its rule and assignment, the push mappings, the managed groups) are created.
    const actions = actionsByAddress(plan);
    expect(app.change.actions).toEqual(["no-op"]);
    expect(Object.entries(actions).filter(([, a]) => a !== "create")).toEqual([]);
    expect(Object.keys(actions).filter((a) => a.startsWith("okta_app_signon_policy"))).toEqual([]);
    expect(Object.keys(actions).length).toBe(12);
    const res = await ws.applyPlan();
    expect(res.status, res.stderr).toBe(0);
    expect(fake.state.apps).toHaveLength(1);
    const adopted = fake.state.apps[0]!;
    expect(adopted.accessPolicyId).toBe(handPolicy.id);
    expect(adopted.body!.credentials.userNameTemplate).toEqual({ template: "${user.email}", type: "CUSTOM" });
    expect(adopted.body!.settings.notes.admin).toBe("SCIM token rotated 2026-05-01");
    expect(adopted.body!.settings.signOn.defaultRelayState).toBe("https://acme.awsapps.com/start");
    expect(adopted.keys).toEqual([key]);
    const handSignOn = { rules: [], catchAll: "ALLOW" };
    const expected = expectedOktaView(model, fake);
    expect(oktaView(fake, okta.app.label, okta.usersGroup)).toEqual({ ...expected, app: { ...expected.app!, policy: "AWS by hand" }, signOn: handSignOn });
    expect(actionsByAddress(await ws.plan())).toEqual({});

    // A later change of its own moves the app to the model's sign-on policy; the hand-made one stays.
    const base = scratchDir("okta-adopt-base");
    cpSync(dir, base, { recursive: true });
    setApp((app) => app.delete("sign_on_policy"));
    const linked = synthOkta(dir);
    ws.useStack(linked.stackDir);
    const link = await ws.plan();
    expect(actionsByAddress(link)).toEqual({
      "okta_app_saml.app": "update",
      "okta_app_signon_policy.signon_policy": "create",
      "okta_app_signon_policy_rule.everyone_rule": "create",
      "okta_app_signon_policy_rule.privileged_rule": "create",
    });
    const explanation = await explainOktaPlan(ws, base, dir);
    expect(explanation.explained).toBe(true);
    expect(explanation.risks).toContain("okta-sign-on-policy-managed");
    const linkRes = await ws.applyPlan();
    expect(linkRes.status, linkRes.stderr).toBe(0);
    expectOktaEqualsModel(fake, linked.model);
    expect(fake.state.policies.map((p) => p.name)).toContain("AWS by hand");
    expect(actionsByAddress(await ws.plan())).toEqual({});
  });

  it("7. with 15 % of writes answered 503 and a tight rate-limit budget, re-running apply converges with nothing duplicated", async () => {
    const dir = copyModel("okta-faults");
    // A users group whose name is too long for "<users group>: pushed groups" in Okta's 50 characters.
    editYaml(dir, (_file, doc) => {
      if (!doc.hasIn(["organization", "okta", "sign_on"])) return false;
      doc.setIn(["organization", "okta", "users_group"], "Engineering staff with access to Amazon Web Services accounts");
      return true;
    });
    const { model, stackDir } = synthOkta(dir);
    const { fake, ws } = await open("okta-faults");
    // The provider retries 429s (after X-Rate-Limit-Reset) but, signed in with a private key, not
    // 5xx: each 503 fails its resource, and only a re-run (as a person re-runs the job) completes it.
    fake.faults = { share: 0.15, status: 503, random: seededRandom(7) };
    fake.rateLimit = { limit: 20, windowSeconds: 1 };
    ws.useStack(stackDir);
    await ws.init();
    const runs: number[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await ws.apply();
      runs.push(res.status);
      if (res.status === 0) break;
      expect(res.stderr).toMatch(/503|Internal Server Error|E0000009/);
    }
    expect(runs.at(-1)).toBe(0);
    expect(runs.length).toBeGreaterThan(1); // the faults did make an apply fail
    expect(fake.requests.some((r) => r.status === 429)).toBe(true);
    fake.faults = undefined;
    expectOktaEqualsModel(fake, model);
    const names = fake.state.groups.map((g) => g.name);
    expect(names.length).toBe(new Set(names).size);
    expect(fake.state.apps).toHaveLength(1);
    expect(fake.state.policies.filter((p) => !p.system)).toHaveLength(1);
    expect(fake.state.apps[0]!.pushMappings).toHaveLength(model.groups.length);
    expect(fake.state.groupRules.map((r) => [r.name, r.name.length])).toEqual([["Engineering staff with access to Am: pushed groups", 50]]);
    expect(actionsByAddress(await ws.plan())).toEqual({});
  });

  it("7. an unknown OIN app fails the apply with Okta's message; a group rule name over 50 characters fails the plan", async () => {
    const { stackDir } = synthOkta(copyModel("okta-refused"));
    const edited = (ws: OktaWorkspace, change: (json: any) => void) => {
      ws.useStack(stackDir);
      const file = join(ws.dir, "cdk.tf.json");
      const json = JSON.parse(readFileSync(file, "utf8"));
      change(json);
      writeFileSync(file, JSON.stringify(json));
    };
    const app = await open("okta-unknown-app");
    edited(app.ws, (json) => (json.resource.okta_app_saml.app.preconfigured_app = "amazon_aws_sso_v2"));
    const unknownApp = await app.ws.apply();
    expect(unknownApp.status).not.toBe(0);
    expect(unknownApp.stderr).toMatch(/Api validation failed: name/);
    expect(unknownApp.stderr).toMatch(/amazon_aws_sso_v2/);
    expect(app.fake.state.apps).toHaveLength(0);
    expect(actionsByAddress(await app.ws.plan())).toMatchObject({ "okta_app_saml.app": "create" });

    const { fake, ws } = await open("okta-long-rule");
    edited(ws, (json) => (json.resource.okta_group_rule.users_rule.name = "${each.key}: every member of every pushed group, as of today"));
    const longRule = await ws.apply();
    expect(longRule.status).not.toBe(0);
    // The provider's Okta SDK refuses it before sending (Okta's own limit, checked client-side);
    // the local Okta refuses it too when asked (tests/okta-fake/okta-fake.test.ts).
    expect(longRule.stderr).toMatch(/cannot be longer than 50 runes/);
    expect(fake.requests.filter((r) => r.method === "POST" && r.path.startsWith("/api/v1/groups/rules"))).toEqual([]);
    expect(fake.state.groupRules).toHaveLength(0);
    // Refused at plan time: nothing at all was written.
    expect(fake.requests.filter((r) => r.method !== "GET" && r.path !== "/oauth2/v1/token")).toEqual([]);
  });
});
