// The `imports:` section access import writes, Okta placeholders and okta.app.id: how the loader
// checks them, and what synthesis makes of them.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { formatSummary, synthesize } from "../../stacks/app.js";
import { baseFiles, lines, load, ORG } from "./fixtures.js";

/** The organization with every assignment in the identity-center stack (as `access import` writes for a small estate). */
const oneStack = (org: string) => org.replace("    identity_store_id: d-0123456789\n", "    identity_store_id: d-0123456789\n    assignment_shards: 1\n");
const ONE_STACK = oneStack(ORG);

const INSTANCE = "arn:aws:sso:::instance/ssoins-0123456789abcdef";
const PS = "arn:aws:sso:::permissionSet/ssoins-0123456789abcdef/ps-0123456789abcdef";

const ASSIGNMENTS = `assignments:
  - { group: bi-analysts, permission_set: BIReadOnly, accounts: [data-platform] }
`;

const outdirs: string[] = [];
afterAll(() => outdirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function synthOf(model: NonNullable<ReturnType<typeof load>["model"]>) {
  const out = mkdtempSync(join(tmpdir(), "access-imports-"));
  outdirs.push(out);
  const summary = synthesize(model, out);
  const read = (stack: string) => JSON.parse(readFileSync(join(out, "stacks", stack, "cdk.tf.json"), "utf8"));
  return { out, summary, read };
}

describe("imports section", () => {
  it("fills ResolvedModel.imports and becomes import blocks for declared instances", () => {
    const imports = `imports:
  permission_set:
    BIReadOnly: ${PS},${INSTANCE}
  managed_policy:
    "BIReadOnly|arn:aws:iam::aws:policy/ReadOnlyAccess": arn:aws:iam::aws:policy/ReadOnlyAccess,${PS},${INSTANCE}
  assignment:
    "bi-analysts|BIReadOnly|111111111111": 0123456789-aaaabbbb-cccc-dddd-eeee-ffff00001111,GROUP,111111111111,AWS_ACCOUNT,${PS},${INSTANCE}
  group_push:
    bi-analysts: bi-analysts
`;
    const { model, findings } = load(baseFiles({ "organization.yaml": ONE_STACK, "assignments.yaml": ASSIGNMENTS, "imports.yaml": imports }));
    expect(findings).toEqual([]);
    expect(model!.imports!.permission_set!.get("BIReadOnly")).toBe(`${PS},${INSTANCE}`);
    const stack = synthOf(model!).read("identity-center");
    expect(stack.import.map((i: { to: string }) => i.to)).toEqual([
      'aws_ssoadmin_account_assignment.assignment_111111111111["bi-analysts|BIReadOnly|111111111111"]',
      'aws_ssoadmin_managed_policy_attachment.managed_policy["BIReadOnly|arn:aws:iam::aws:policy/ReadOnlyAccess"]',
      'aws_ssoadmin_permission_set.permission_set["BIReadOnly"]',
      'terraform_data.group_push["bi-analysts"]',
    ]);
  });

  it("reports an unknown resource kind as an error at its line and column", () => {
    const { findings } = load(baseFiles({ "imports.yaml": `imports:\n  permission_set: {}\n  permision_sets:\n    BIReadOnly: x\n` }));
    expect(lines(findings.filter((f) => f.severity === "error"))).toEqual([
      expect.stringMatching(/^imports\.yaml:3:3: unknown key "permision_sets" \(did you mean "permission_set"\?\); allowed here: permission_set, managed_policy/),
    ]);
  });

  it("warns about an entry naming something the model does not declare, and imports nothing for it", () => {
    const { model, findings } = load(baseFiles({ "imports.yaml": `imports:\n  permission_set:\n    Retired: ${PS},${INSTANCE}\n` }));
    expect(lines(findings)).toEqual([
      'imports.yaml:3:5: imports: the model declares no permission set "Retired", so this entry imports nothing: remove it, or declare the permission set to adopt it',
    ]);
    expect(findings[0]!.severity).toBe("warning");
    expect(synthOf(model!).read("identity-center").import).toBeUndefined();
  });

  it("refuses an import id of the wrong shape", () => {
    const { findings } = load(baseFiles({ "imports.yaml": `imports:\n  assignment:\n    "bi-analysts|BIReadOnly|111111111111": ${PS},${INSTANCE}\n` }));
    expect(lines(findings.filter((f) => f.severity === "error"))).toEqual([
      expect.stringMatching(/^imports\.yaml:3:44: import id of assignment "bi-analysts\|BIReadOnly\|111111111111" must be <group id>,GROUP,<account id>,AWS_ACCOUNT,<permission set arn>,<instance arn>/),
    ]);
  });

  it("refuses the same key imported twice with different ids", () => {
    const a = `imports:\n  permission_set:\n    BIReadOnly: ${PS},${INSTANCE}\n`;
    const b = `imports:\n  permission_set:\n    BIReadOnly: ${PS}0,${INSTANCE}\n`;
    const { findings } = load(baseFiles({ "imports-a.yaml": a, "imports-b.yaml": b }));
    expect(lines(findings.filter((f) => f.severity === "error"))).toEqual([expect.stringMatching(/^imports-b\.yaml:3:5: permission_set "BIReadOnly" is already imported at .*imports-a\.yaml:3:5/)]);
  });
});

describe("Okta placeholders and an adopted Okta app", () => {
  const withPlaceholders = ORG.replace("org_name: acme", 'org_name: "REPLACE_ME: your Okta org name"').replace(
    /acs_url: .*/,
    'acs_url: "REPLACE_ME: the ACS URL"',
  );

  it("validates with one warning per placeholder, naming the field", () => {
    const { model, findings } = load(baseFiles({ "organization.yaml": withPlaceholders }));
    expect(model).toBeDefined();
    expect(findings.map((f) => `${f.severity} ${f.line}:${f.col} ${f.message.split(":")[0]}`)).toEqual([
      "warning 8:15 organization.okta.org_name is a placeholder left by access import",
      "warning 12:16 organization.okta.app.acs_url is a placeholder left by access import",
    ]);
  });

  it("synthesizes the identity-center stack and leaves the okta stack out, saying why", () => {
    const { model } = load(baseFiles({ "organization.yaml": oneStack(withPlaceholders) }));
    const { summary } = synthOf(model!);
    expect(summary.stacks.map((s) => s.name)).toEqual(["identity-center"]);
    expect(formatSummary(summary)).toContain("okta: not written: organization.okta.org_name, organization.okta.app.acs_url are placeholders (left by access import)");
  });

  it("imports an existing Okta app by its id instead of creating a second one", () => {
    const { model, findings } = load(baseFiles({ "organization.yaml": ORG.replace("    app:\n", "    app:\n      id: 0oa1b2c3d4e5f6g7h8i9\n") }));
    expect(findings).toEqual([]);
    const okta = synthOf(model!).read("okta");
    expect(okta.import).toEqual([{ to: "okta_app_saml.app", id: "0oa1b2c3d4e5f6g7h8i9" }]);
    expect(Object.keys(okta.resource.okta_app_saml)).toEqual(["app"]);
  });
});
