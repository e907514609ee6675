// The okta stack against the real okta provider at the pinned version: every argument it sets is
// a settable one in `terraform providers schema -json`, every required one is set, and
// `terraform validate` accepts the stack.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { describeWithOktaProvider } from "../support/okta-describe.js";
import { oktaTerraformEnv } from "../support/okta-provider.js";
import { terraformOk } from "../support/terraform.js";
import { fixtureModel, fixtureModelWithLeavers } from "./fixture.js";
import { loadOrThrow, stackJson, synthModel, type Json, removeTempDirs } from "./helpers.js";
import { oktaProviderSchema, type SchemaBlock } from "./okta-schema.js";

afterAll(removeTempDirs);

const META_ARGUMENTS = ["//", "for_each", "count", "depends_on", "provider", "lifecycle"];

function checkBlock(where: string, attrs: Json, schema: SchemaBlock, problems: string[]) {
  const settable = Object.entries(schema.attributes ?? {}).filter(([, a]) => a.required || a.optional);
  const known = new Set([...settable.map(([n]) => n), ...Object.keys(schema.block_types ?? {}), ...META_ARGUMENTS]);
  for (const name of Object.keys(attrs)) {
    if (!known.has(name)) problems.push(`${where}: ${name} is not an argument of the provider`);
    else if (schema.attributes?.[name]?.deprecated) problems.push(`${where}: ${name} is deprecated`);
  }
  for (const [name, a] of settable) if (a.required && attrs[name] === undefined) problems.push(`${where}: required ${name} is missing`);
  for (const [name, nested] of Object.entries(schema.block_types ?? {})) {
    const value = attrs[name];
    for (const item of Array.isArray(value) ? value : value ? [value] : []) checkBlock(`${where} ${name}`, item, nested.block, problems);
  }
}

function schemaProblems(okta: Json): { problems: string[]; checked: string[] } {
  const schema = oktaProviderSchema();
  const problems: string[] = [];
  const checked: string[] = [];
  for (const [kind, prefix, schemas] of [["resource", "", schema.resources], ["data", "data.", schema.dataSources]] as const) {
    for (const [type, byName] of Object.entries<Json>(okta[kind] ?? {})) {
      const block = schemas[type];
      if (!block) {
        problems.push(`${prefix}${type} is not in the provider's schema`);
        continue;
      }
      for (const [name, config] of Object.entries<Json>(byName)) {
        checked.push(`${prefix}${type}.${name}`);
        checkBlock(`${prefix}${type}.${name}`, config, block, problems);
      }
    }
  }
  for (const config of okta.provider?.okta ?? []) checkBlock("provider okta", config, schema.provider, problems);
  return { problems, checked };
}


describeWithOktaProvider("okta stack against the pinned okta provider's schema", () => {
  for (const [name, model, extra] of [
    ["the fixture model", () => fixtureModel(), []],
    ["the example model", () => loadOrThrow("access-model"), []],
    ["a model with leavers", fixtureModelWithLeavers, ["okta_log_stream.leavers_log_stream"]],
  ] as const) {
    it(`${name}: every argument is one the provider takes and every required one is set`, () => {
      const { problems, checked } = schemaProblems(stackJson(synthModel(model()), "okta"));
      expect(problems).toEqual([]);
      expect(checked.sort()).toEqual(
        [
          "data.okta_group.existing_group",
          "okta_app_group_assignments.app_users",
          "okta_app_saml.app",
          "okta_app_signon_policy.signon_policy",
          "okta_app_signon_policy_rule.everyone_rule",
          "okta_app_signon_policy_rule.privileged_rule",
          "okta_group.group",
          "okta_group.users_group",
          "okta_group_rule.users_rule",
          "okta_push_group.push_group",
          ...extra,
        ].sort(),
      );
    });

    it(`${name}: terraform validate accepts the stack`, () => {
      const dir = join(synthModel(model()), "stacks", "okta");
      // The committed lock (registry hashes, when there is one) cannot match a local build.
      rmSync(join(dir, ".terraform.lock.hcl"), { force: true });
      const env = oktaTerraformEnv();
      terraformOk(["init", "-backend=false", "-input=false", "-no-color"], dir, env);
      const result = JSON.parse(terraformOk(["validate", "-json", "-no-color"], dir, env));
      expect(result.diagnostics).toEqual([]);
      expect(result.valid).toBe(true);
    });
  }

  it("reports an unknown argument, a read-only one and a missing required one", () => {
    const okta = stackJson(synthModel(fixtureModel()), "okta");
    okta.resource.okta_group_rule.users_rule.expression = "x";
    okta.resource.okta_app_saml.app.metadata = "<xml/>";
    delete okta.resource.okta_push_group.push_group.source_group_id;
    expect(schemaProblems(okta).problems.sort()).toEqual([
      "okta_app_saml.app: metadata is not an argument of the provider",
      "okta_group_rule.users_rule: expression is not an argument of the provider",
      "okta_push_group.push_group: required source_group_id is missing",
    ]);
  });
});
