// Text from the model reaches Terraform as literal text, never as an expression.
import { afterAll, describe, expect, it } from "vitest";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { literal, literalData } from "../../stacks/literal.js";
import type { ResolvedModel } from "../../src/model/types.js";
import { terraformEnv, terraformOk } from "../support/terraform.js";
import { fixtureModel } from "./fixture.js";
import { syntheticModel } from "../../bench/synthetic.js";
import { allStrings, stackJson, synthFromYaml, synthModel, tempDir, type Json, removeTempDirs } from "./helpers.js";

afterAll(removeTempDirs);

const EVIL = "EVIL";
/** Every model string gets this appended: an interpolation, a directive and pre-escaped forms. */
const hostile = (s: string) => `${s} \${${EVIL}.x} %{ if true }${EVIL}%{ endif } $\${${EVIL}} %%{${EVIL}}`;

/** The fixture with a hostile suffix on every string the model carries into Terraform. */
export function hostileModel(): ResolvedModel {
  const m = fixtureModel();
  const h = hostile;
  const o = m.organization;
  o.identityCenter = { ...o.identityCenter, region: h(o.identityCenter.region), instanceArn: h(o.identityCenter.instanceArn), identityStoreId: h(o.identityCenter.identityStoreId) };
  o.okta = {
    ...o.okta,
    orgName: h(o.okta.orgName),
    baseUrl: h(o.okta.baseUrl),
    app: { ...o.okta.app, label: h(o.okta.app.label), acsUrl: h(o.okta.app.acsUrl), entityId: h(o.okta.app.entityId) },
    signOn: {
      everyone: { ...o.okta.signOn.everyone, reauthenticateAfter: h(o.okta.signOn.everyone.reauthenticateAfter) },
      privileged: { ...o.okta.signOn.privileged, reauthenticateAfter: h(o.okta.signOn.privileged.reauthenticateAfter) },
    },
    usersGroup: h(o.okta.usersGroup),
  };
  const rename = new Map<string, string>();
  m.groups = m.groups.map((g) => {
    rename.set(g.name, h(g.name));
    return { ...g, name: h(g.name), description: h(g.description ?? "group") };
  });
  const psRename = new Map<string, string>();
  m.permissionSets = m.permissionSets.map((ps) => {
    psRename.set(ps.name, h(ps.name));
    return {
      ...ps,
      name: h(ps.name),
      description: h(ps.description ?? "ps"),
      sessionDuration: h(ps.sessionDuration),
      managedPolicies: ps.managedPolicies.map(h),
      customerManagedPolicies: ps.customerManagedPolicies.map((c) => ({ name: h(c.name), path: h(c.path) })),
      inlinePolicy: ps.inlinePolicy === undefined ? undefined : JSON.stringify({ Sid: h("policy"), Resource: "arn:aws:s3:::b/${aws:username}/*" }),
      permissionsBoundary:
        ps.permissionsBoundary?.kind === "managed"
          ? { kind: "managed", arn: h(ps.permissionsBoundary.arn) }
          : ps.permissionsBoundary && { kind: "customer_managed", name: h(ps.permissionsBoundary.name), path: h(ps.permissionsBoundary.path) },
      relayState: h(ps.relayState ?? "https://console.aws.amazon.com/"),
      tags: { [h("tag-key")]: h("tag-value") },
    };
  });
  // Account ids stay as validated (12 digits): they name the per-account assignment blocks.
  m.assignments = m.assignments.map((a) => ({ ...a, group: rename.get(a.group)!, permissionSet: psRename.get(a.permissionSet)! }));
  return m;
}

/** Removes the escaped forms, leaving only what Terraform would still interpret. */
function interpreted(s: string): string {
  return s.replaceAll("$${", "").replaceAll("%%{", "");
}

describe("literal()", () => {
  it("doubles template introducers and nothing else", () => {
    expect(literal("arn:aws:s3:::b/${aws:username}/*")).toBe("arn:aws:s3:::b/$${aws:username}/*");
    expect(literal("%{ if x }y%{ endif }")).toBe("%%{ if x }y%%{ endif }");
    expect(literal("$5 and 100% {braces}")).toBe("$5 and 100% {braces}");
    expect(literal("$${x}")).toBe("$$${x}");
  });

  it("escapes keys and nested values of plain data", () => {
    expect(literalData({ "${k}": ["${v}", { "%{a}": "%{b}" }], n: 1, z: null })).toEqual({ "$${k}": ["$${v}", { "%%{a}": "%%{b}" }], n: 1, z: null });
  });
});

describe("a model whose every string holds ${...} and %{...}", () => {
  const outdir = synthModel(hostileModel());
  const stacks = { okta: stackJson(outdir, "okta"), "identity-center": stackJson(outdir, "identity-center") };

  for (const [name, stack] of Object.entries(stacks)) {
    it(`${name}: no model text is left where Terraform would interpret it`, () => {
      const strings = allStrings(stack);
      expect(strings.some((s) => s.includes(EVIL))).toBe(true);
      const leaks = strings.filter((s) => interpreted(s).includes(EVIL) && /[$%]\{/.test(interpreted(s)));
      expect(leaks).toEqual([]);
    });
  }

  it("evaluates in Terraform to exactly the model's text", () => {
    const model = hostileModel();
    const ic = stacks["identity-center"];
    const okta = stacks.okta;
    // Outputs built from the synthesized values themselves (no provider needed to evaluate them).
    const assignmentBlocks = Object.values<Json>(ic.resource.aws_ssoadmin_account_assignment);
    const outputs: Json = {
      permission_sets: { value: ic.resource.aws_ssoadmin_permission_set.permission_set.for_each },
      assignments: { value: Object.assign({}, ...assignmentBlocks.map((b) => b.for_each)) },
      inline: { value: ic.resource.aws_ssoadmin_permission_set_inline_policy.inline_policy.for_each },
      instance_arn: { value: assignmentBlocks[0]!.instance_arn },
      okta_groups: { value: okta.resource.okta_group.group.for_each },
      app_label: { value: okta.resource.okta_app_saml.app.label },
      app_settings: { value: okta.resource.okta_app_saml.app.app_settings_json },
      users_group: { value: okta.resource.okta_group.users_group.name },
      privileged_groups: { value: okta.locals.privileged_groups },
      reauth: { value: okta.resource.okta_app_signon_policy_rule.privileged_rule.re_authentication_frequency },
      org_name: { value: okta.provider.okta[0].org_name },
    };
    const dir = tempDir("literal-eval");
    writeFileSync(join(dir, "main.tf.json"), JSON.stringify({ output: outputs }));
    const env = terraformEnv();
    terraformOk(["init", "-input=false"], dir, env);
    terraformOk(["apply", "-auto-approve", "-input=false"], dir, env);
    const out = JSON.parse(terraformOk(["output", "-json"], dir, env)) as Record<string, { value: any }>;

    const ro = model.permissionSets.find((p) => p.name.startsWith("ReadOnly"))!;
    expect(out.permission_sets.value[ro.name]).toEqual({
      name: ro.name,
      description: ro.description,
      session_duration: ro.sessionDuration,
      relay_state: ro.relayState,
      tags: ro.tags,
    });
    expect(Object.keys(out.assignments.value).sort()).toEqual(model.assignments.map((a) => `${a.group}|${a.permissionSet}|${a.accountId}`).sort());
    expect(out.inline.value[ro.name].policy).toBe(ro.inlinePolicy);
    expect(out.inline.value[ro.name].policy).toContain("${aws:username}");
    expect(out.instance_arn.value).toBe(model.organization.identityCenter.instanceArn);
    const dev = model.groups.find((g) => g.name.startsWith("aws-developers"))!;
    expect(out.okta_groups.value[dev.name]).toEqual({ name: dev.name, description: dev.description });
    expect(out.app_label.value).toBe(model.organization.okta.app.label);
    expect(JSON.parse(out.app_settings.value)).toEqual({ acsURL: model.organization.okta.app.acsUrl, entityID: model.organization.okta.app.entityId });
    expect(out.users_group.value).toBe(model.organization.okta.usersGroup);
    expect(out.privileged_groups.value).toEqual(model.groups.filter((g) => g.privileged).map((g) => g.name));
    expect(out.reauth.value).toBe(model.organization.okta.signOn.privileged.reauthenticateAfter);
    expect(out.org_name.value).toBe(model.organization.okta.orgName);
  });
});

describe("through YAML: validation accepts ${...} and synthesis escapes it", () => {
  it("keeps description, tag value, relay state and policy text literal", () => {
    const model = syntheticModel(3);
    const dev = model.permission_sets.find((p) => p.name === "DeveloperAccess")!;
    dev.description = "Developers of ${team} %{ if x }";
    dev.tags = { owner: "${aws:PrincipalTag/team}" };
    dev.relay_state = "https://console.aws.amazon.com/console/home?q=${q}";
    const { outdir } = synthFromYaml(model);
    const ic = stackJson(outdir, "identity-center");
    expect(ic.resource.aws_ssoadmin_permission_set.permission_set.for_each.DeveloperAccess).toEqual({
      name: "DeveloperAccess",
      description: "Developers of $${team} %%{ if x }",
      session_duration: "PT8H",
      relay_state: "https://console.aws.amazon.com/console/home?q=$${q}",
      tags: { owner: "$${aws:PrincipalTag/team}" },
    });
    expect(ic.resource.aws_ssoadmin_permission_set_inline_policy.inline_policy.for_each.DeveloperAccess.policy).toContain("home-bucket/$${aws:username}/*");
  });
});
