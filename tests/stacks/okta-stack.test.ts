// What the okta stack declares, and that its expressions evaluate as intended in Terraform.
import { afterAll, describe, expect, it } from "vitest";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { OKTA_PROVIDER_CONSTRAINT } from "../../stacks/providers.js";
import type { ResolvedModel } from "../../src/model/types.js";
import { terraformEnv, terraformOk } from "../support/terraform.js";
import { fixtureModel } from "./fixture.js";
import { stackJson, synthModel, tempDir, type Json, removeTempDirs } from "./helpers.js";

afterAll(removeTempDirs);

const okta = (model: ResolvedModel = fixtureModel()) => stackJson(synthModel(model), "okta");

describe("okta stack", () => {
  const stack = okta();
  const r = stack.resource;

  it("requires exactly okta/okta 6.12.0 (the version the tests build and check it against) instead of the 4.20.0 the bindings pin", () => {
    expect(stack.terraform.required_providers.okta).toEqual({ source: "okta/okta", version: OKTA_PROVIDER_CONSTRAINT });
    expect(OKTA_PROVIDER_CONSTRAINT).toBe("6.12.0");
  });

  it("configures the provider with the org only: credentials and scopes come from the environment", () => {
    // Scopes in config would override OKTA_API_SCOPES and force the PR plan to ask for manage scopes.
    expect(stack.provider.okta).toEqual([{ org_name: "example", base_url: "okta.com" }]);
  });

  it("creates the Identity Center OIN app with the model's ACS URL and entity ID, under the sign-on policy", () => {
    const m = fixtureModel().organization.okta.app;
    expect(r.okta_app_saml.app.preconfigured_app).toBe("amazon_aws_sso");
    expect(r.okta_app_saml.app.label).toBe(m.label);
    expect(JSON.parse(r.okta_app_saml.app.app_settings_json)).toEqual({ acsURL: m.acsUrl, entityID: m.entityId });
    expect(r.okta_app_saml.app.authentication_policy).toBe("${okta_app_signon_policy.signon_policy.id}");
  });

  it("deletes a managed group only after what names it is updated, and leaves the app's admin-owned settings alone", () => {
    // Okta marks a group rule INVALID when a group it names is deleted first (tests/e2e/okta-stack.test.ts).
    expect(r.okta_group.group.lifecycle).toEqual({ create_before_destroy: true });
    expect(r.okta_push_group.push_group.lifecycle).toEqual({ create_before_destroy: true });
    expect(r.okta_app_saml.app.lifecycle.ignore_changes).toContain("user_name_template");
    for (const owned of ["label", "preconfigured_app", "app_settings_json", "authentication_policy"]) expect(r.okta_app_saml.app.lifecycle.ignore_changes).not.toContain(owned);
  });

  it("leaves an adopted app under its own sign-on policy with sign_on_policy: existing: no policy, no rules, no link", () => {
    const model = fixtureModel();
    model.organization.okta.app = { ...model.organization.okta.app, id: "0oa1", signOnPolicy: "existing" };
    const adopted = okta(model);
    expect(adopted.resource.okta_app_saml.app.authentication_policy).toBeUndefined();
    expect(adopted.resource.okta_app_signon_policy).toBeUndefined();
    expect(adopted.resource.okta_app_signon_policy_rule).toBeUndefined();
    expect(adopted.locals.privileged_groups).toBeUndefined();
    expect(adopted.import).toEqual([{ to: "okta_app_saml.app", id: "0oa1" }]);
    // Everything else the stack owns is still there.
    expect(Object.keys(adopted.resource).sort()).toEqual(["okta_app_group_assignments", "okta_app_saml", "okta_group", "okta_group_rule", "okta_push_group"]);
  });

  it("creates managed groups, looks up existing ones, and pushes every model group without deleting on destroy", () => {
    expect(Object.keys(r.okta_group.group.for_each)).toEqual(["aws-admins", "aws-developers"]);
    expect(r.okta_group.group.for_each["aws-developers"]).toEqual({ name: "aws-developers", description: "Developers" });
    expect(stack.data.okta_group.existing_group.for_each).toEqual({ finance: "finance" });
    const push = r.okta_push_group.push_group;
    expect(Object.keys(push.for_each)).toEqual(["aws-admins", "aws-developers", "finance"]);
    expect(push.delete_target_group_on_destroy).toBe(false);
    expect(push.app_id).toBe("${okta_app_saml.app.id}");
    expect(push.source_group_id).toBe("${local.group_ids[each.key]}");
  });

  it("forgets, never deletes, the Okta group of a group that went from managed to existing", () => {
    // finance is existing in the fixture: had it been managed, its okta_group.group instance moves
    // to an undeclared block that is removed with destroy = false.
    expect(stack.moved).toEqual([{ from: 'okta_group.group["finance"]', to: 'okta_group.no_longer_managed["finance"]' }]);
    expect(stack.removed).toEqual([{ from: "okta_group.no_longer_managed", lifecycle: { destroy: false } }]);
    expect(r.okta_group.no_longer_managed).toBeUndefined();
    const allManaged = fixtureModel();
    for (const g of allManaged.groups) g.source = "managed";
    const none = okta(allManaged);
    expect(none.moved).toBeUndefined();
    expect(none.removed).toBeUndefined();
  });

  it("assigns only the never-pushed users group to the app", () => {
    expect(r.okta_group.users_group.name).toBe("AWS users");
    expect(r.okta_app_group_assignments.app_users).toMatchObject({ app_id: "${okta_app_saml.app.id}", group: [{ id: "${okta_group.users_group.id}" }] });
    expect(Object.keys(r.okta_push_group.push_group.for_each)).not.toContain("AWS users");
    expect(r.okta_group_rule.users_rule.group_assignments).toEqual(["${okta_group.users_group.id}"]);
  });

  it("denies by default and grants in a fixed order: privileged tier first, then everyone", () => {
    expect(r.okta_app_signon_policy.signon_policy.catch_all).toBe(false);
    const { privileged_rule: p, everyone_rule: e } = r.okta_app_signon_policy_rule;
    expect(p).toMatchObject({ priority: 1, access: "ALLOW", factor_mode: "2FA", re_authentication_frequency: "PT1H", inactivity_period: "PT1H" });
    expect(p.constraints.map((c: string) => JSON.parse(c))).toEqual([{ possession: { phishingResistant: "REQUIRED" } }]);
    expect(e).toMatchObject({ priority: 2, access: "ALLOW", factor_mode: "2FA", re_authentication_frequency: "PT8H", inactivity_period: "PT8H" });
    expect(e.constraints).toBeUndefined();
    expect(e.groups_included).toEqual(["${okta_group.users_group.id}"]);
    expect(e.depends_on).toEqual(["okta_app_signon_policy_rule.privileged_rule"]);
    expect(stack.locals.privileged_groups).toEqual(["aws-admins"]);
  });

  it("has only the everyone rule, at priority 1, when no group is privileged", () => {
    const model = fixtureModel();
    for (const g of model.groups) g.privileged = false;
    const rules = okta(model).resource.okta_app_signon_policy_rule;
    expect(Object.keys(rules)).toEqual(["everyone_rule"]);
    expect(rules.everyone_rule.priority).toBe(1);
    expect(rules.everyone_rule.depends_on).toBeUndefined();
  });

  it("evaluates group rule expressions and the privileged group list to Okta group ids", () => {
    // The stack's own locals and expressions, with fake Okta group ids in place of the lookups.
    const ids: Record<string, string> = { "aws-admins": "00gADMINS", "aws-developers": "00gDEVS", finance: "00gFIN" };
    const config: Json = {
      locals: { group_ids: ids, privileged_groups: stack.locals.privileged_groups },
      resource: {
        terraform_data: {
          rule: { for_each: r.okta_group_rule.users_rule.for_each, input: r.okta_group_rule.users_rule.expression_value },
          privileged: { input: r.okta_app_signon_policy_rule.privileged_rule.groups_included },
        },
      },
      output: {
        rules: { value: "${{ for k, v in terraform_data.rule : k => v.output }}" },
        privileged: { value: "${terraform_data.privileged.output}" },
      },
    };
    const dir = tempDir("okta-expr");
    writeFileSync(join(dir, "main.tf.json"), JSON.stringify(config));
    const env = terraformEnv();
    terraformOk(["init", "-input=false"], dir, env);
    terraformOk(["apply", "-auto-approve", "-input=false"], dir, env);
    const out = JSON.parse(terraformOk(["output", "-json"], dir, env));
    expect(out.rules.value).toEqual({ all: 'isMemberOfAnyGroup("00gADMINS","00gDEVS","00gFIN")' });
    expect(out.privileged.value).toEqual(["00gADMINS"]);
  });
});
