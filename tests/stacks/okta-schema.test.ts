// The okta stack uses only arguments the provider documents, and sets every required one.
import { afterAll, describe, expect, it } from "vitest";
import { fixtureModel } from "./fixture.js";
import { loadOrThrow, stackJson, synthModel, type Json, removeTempDirs } from "./helpers.js";
import { OKTA_SCHEMA } from "./okta-schema.js";

afterAll(removeTempDirs);

const META_ARGUMENTS = ["//", "for_each", "count", "depends_on", "provider", "lifecycle"];

function checkAttributes(where: string, attrs: Json, required: string[], optional: string[], problems: string[]) {
  const known = new Set([...required, ...optional, ...META_ARGUMENTS]);
  for (const name of Object.keys(attrs)) if (!known.has(name)) problems.push(`${where}: ${name} is not documented`);
  for (const name of required) if (attrs[name] === undefined) problems.push(`${where}: required ${name} is missing`);
}

function schemaProblems(okta: Json): { problems: string[]; checked: string[] } {
  const problems: string[] = [];
  const checked: string[] = [];
  for (const [kind, prefix] of [["resource", ""], ["data", "data."]] as const) {
    for (const [type, byName] of Object.entries<Json>(okta[kind] ?? {})) {
      const schema = OKTA_SCHEMA[`${prefix}${type}`];
      if (!schema) {
        problems.push(`${prefix}${type} has no documented schema in the table`);
        continue;
      }
      for (const [name, block] of Object.entries<Json>(byName)) {
        const where = `${prefix}${type}.${name} (${schema.doc})`;
        checked.push(`${prefix}${type}.${name}`);
        checkAttributes(where, block, schema.required, schema.optional, problems);
        for (const [blockName, nested] of Object.entries(schema.blocks ?? {})) {
          const value = block[blockName];
          for (const item of Array.isArray(value) ? value : value ? [value] : []) {
            checkAttributes(`${where} ${blockName}`, item, nested.required, nested.optional, problems);
          }
        }
      }
    }
  }
  for (const config of okta.provider?.okta ?? []) checkAttributes("provider okta (docs/index.md)", config, [], OKTA_SCHEMA.provider.optional, problems);
  return { problems, checked };
}

describe("okta stack against the provider's documented schema", () => {
  for (const [name, model] of [
    ["the fixture model", () => fixtureModel()],
    ["the example model", () => loadOrThrow("access-model")],
  ] as const) {
    it(`${name}: every argument is documented and every required one is set`, () => {
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
        ].sort(),
      );
    });
  }

  it("reports an undocumented argument and a missing required one", () => {
    const okta = stackJson(synthModel(fixtureModel()), "okta");
    okta.resource.okta_group_rule.users_rule.expression = "x";
    delete okta.resource.okta_push_group.push_group.source_group_id;
    expect(schemaProblems(okta).problems).toEqual([
      "okta_group_rule.users_rule (docs/resources/group_rule.md): expression is not documented",
      "okta_push_group.push_group (docs/resources/push_group.md): required source_group_id is missing",
    ]);
  });
});
