// Break-glass: validated (MFA on every principal, the right account, someone to alert), written as
// its own stack only when the model has it, and valid Terraform for the real hashicorp/aws.
import { afterAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import { baseFiles, ORG, errors, lines, load } from "../model/fixtures.js";
import { terraformEnv, terraformOk } from "../support/terraform.js";
import { removeTempDirs, stackJson, stackNames, synthModel, type Json } from "./helpers.js";

afterAll(removeTempDirs);

const BREAK_GLASS = `  break_glass:
    account: "999999999999"
    roles:
      - name: BreakGlassAdmin
        principals:
          - { arn: "arn:aws:iam::999999999999:user/break-glass-1", mfa_max_age: PT15M }
          - { arn: "arn:aws:iam::999999999999:user/break-glass-2", mfa_max_age: PT15M }
        managed_policies: [AdministratorAccess]
    alert:
      email: [secops@example.com]
      webhook: ["https://hooks.example.com/T000/B000/\${x}"]
`;

const withBreakGlass = (section = BREAK_GLASS) => baseFiles({ "organization.yaml": ORG + section });

describe("break-glass in the model", () => {
  it("refuses a principal without an MFA condition, at its line", () => {
    const found = lines(errors(withBreakGlass(BREAK_GLASS.replace(', mfa_max_age: PT15M }\n          - { arn: "arn:aws:iam::999999999999:user/break-glass-2"', ' }\n          - { arn: "arn:aws:iam::999999999999:user/break-glass-2"'))));
    expect(found).toEqual([
      "organization.yaml:24:13: break-glass principal arn:aws:iam::999999999999:user/break-glass-1 has no MFA condition: add mfa_max_age (e.g. PT15M); the role is then assumable only with an MFA session (a hardware token) no older than that",
    ]);
  });

  it("refuses an MFA age over an hour, a principal of another account, and no one to alert", () => {
    const bad = BREAK_GLASS.replace("mfa_max_age: PT15M }\n          - { arn: \"arn:aws:iam::999999999999", "mfa_max_age: PT8H }\n          - { arn: \"arn:aws:iam::111111111111")
      .replace("      email: [secops@example.com]\n      webhook: [\"https://hooks.example.com/T000/B000/${x}\"]\n", "      email: []\n");
    const found = lines(errors(withBreakGlass(bad)));
    expect(found.map((l) => l.replace(/^(\S+?:\d+:\d+): .*?(mfa_max_age PT8H must|is not in the break-glass account|needs at least one email).*$/, "$1 $2"))).toEqual([
      "organization.yaml:24:81 mfa_max_age PT8H must",
      "organization.yaml:25:20 is not in the break-glass account",
      "organization.yaml:28:7 needs at least one email",
    ]);
  });

  it("refuses an account that is neither the management account nor in the model", () => {
    expect(lines(errors(withBreakGlass(BREAK_GLASS.replace('account: "999999999999"', 'account: "555555555555"'))))[0]).toMatch(/^organization\.yaml:20:14: break_glass\.account 555555555555 is neither the management account/);
  });
});

describe("break-glass stack", () => {
  const model = load(withBreakGlass()).model!;
  const outdir = synthModel(model);
  const tf: Json = stackJson(outdir, "break-glass");

  it("is written only when the model has break_glass", () => {
    expect(stackNames(outdir)).toContain("break-glass");
    expect(stackNames(synthModel(load(baseFiles()).model!))).not.toContain("break-glass");
  });

  it("creates the role in the break-glass account only, assumable by its principals with fresh MFA", () => {
    expect(tf.provider.aws[0].allowed_account_ids).toEqual(["999999999999"]);
    const role = tf.resource.aws_iam_role.break_glass;
    expect(Object.keys(role.for_each)).toEqual(["BreakGlassAdmin"]);
    const trust = JSON.parse(role.for_each.BreakGlassAdmin.trust);
    expect(trust.Statement).toHaveLength(2);
    for (const st of trust.Statement) expect(st.Condition).toEqual({ Bool: { "aws:MultiFactorAuthPresent": "true" }, NumericLessThan: { "aws:MultiFactorAuthAge": "900" } });
    expect(Object.keys(tf.resource.aws_iam_role_policy_attachment.break_glass.for_each)).toEqual(["BreakGlassAdmin|arn:aws:iam::aws:policy/AdministratorAccess"]);
    // Never through Identity Center.
    expect(JSON.stringify(tf)).not.toContain("aws_ssoadmin");
  });

  it("alarms on every use: assuming the role and a principal signing in, to e-mail and the webhook", () => {
    const rules = tf.resource.aws_cloudwatch_event_rule.break_glass.for_each;
    expect(JSON.parse(rules.assumed.pattern).detail.requestParameters.roleArn).toEqual(["arn:aws:iam::999999999999:role/BreakGlassAdmin"]);
    expect(JSON.parse(rules.signed_in.pattern).detail.userIdentity.arn).toEqual(["arn:aws:iam::999999999999:user/break-glass-1", "arn:aws:iam::999999999999:user/break-glass-2"]);
    expect(Object.keys(tf.resource.aws_cloudwatch_event_target.break_glass.for_each)).toEqual(["assumed", "signed_in"]);
    expect(Object.keys(tf.resource.aws_sns_topic_subscription.email.for_each)).toEqual(["secops@example.com"]);
    // Model text never becomes a Terraform expression.
    expect(Object.keys(tf.resource.aws_sns_topic_subscription.webhook.for_each)).toEqual(["https://hooks.example.com/T000/B000/$${x}"]);
  });

  it("passes terraform validate with the real hashicorp/aws provider", () => {
    const dir = join(outdir, "stacks", "break-glass");
    const env = terraformEnv();
    terraformOk(["init", "-backend=false", "-input=false"], dir, env);
    const result = JSON.parse(terraformOk(["validate", "-json"], dir, env));
    expect(result.diagnostics).toEqual([]);
    expect(result.valid).toBe(true);
  });
});
