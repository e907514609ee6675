import { describe, expect, it } from "vitest";
import { baseFiles, errors, lines, load, ORG } from "./fixtures.js";

const assignment = (body: string) => ({ "assignments.yaml": `assignments:\n${body}` });

describe("validation reports each problem at its file, line and column", () => {
  it("suggests the closest permission set name for a typo", () => {
    const found = lines(errors(baseFiles(assignment(`  - group: bi-analysts\n    permission_set: BIReadonly\n    accounts: [data-platform]\n`))));
    expect(found).toEqual([`assignments.yaml:3:21: unknown permission set "BIReadonly" (did you mean "BIReadOnly"?); define it under permission_sets:`]);
  });

  it("reports unknown groups and accounts with suggestions", () => {
    const found = lines(errors(baseFiles(assignment(`  - group: bi-analyst\n    permission_set: BIReadOnly\n    accounts: [data-platfrom, "444444444444"]\n`))));
    expect(found).toEqual([
      `assignments.yaml:2:12: unknown group "bi-analyst" (did you mean "bi-analysts"?); define it under groups:`,
      `assignments.yaml:4:16: unknown account "data-platfrom" (did you mean "data-platform"?); use an account name or id from accounts:`,
      `assignments.yaml:4:31: unknown account "444444444444"; use an account name or id from accounts:`,
    ]);
  });

  it("reports every finding of a run, not only the first", () => {
    const found = errors(
      baseFiles({
        "a.yaml": `assignments:\n  - group: nope\n    permission_set: Nope\n    accounts: all\n`,
        "b.yaml": `groups:\n  - name: g\n    source: sometimes\n`,
      }),
    );
    expect(found.map((f) => f.code).sort()).toEqual(["invalid-value", "unknown-group", "unknown-permission-set"]);
  });

  it("refuses YAML that does not parse", () => {
    const [e] = errors(baseFiles({ "bad.yaml": "groups:\n  - name: [unclosed\n" }));
    expect(e).toMatchObject({ file: "bad.yaml", code: "yaml-syntax" });
    expect(e!.line).toBeGreaterThanOrEqual(2);
  });

  it("refuses several documents in one file", () => {
    expect(lines(errors(baseFiles({ "two.yaml": "groups: []\n---\ngroups: []\n" })))).toEqual([
      "two.yaml:2:1: this file holds several YAML documents (---); keep one document per file, or split it into several files",
    ]);
  });

  it("refuses duplicate keys at the second occurrence", () => {
    const [e] = errors(baseFiles({ "g.yaml": "groups:\n  - name: g\n    name: h\n    source: managed\n" }));
    expect(e).toMatchObject({ file: "g.yaml", line: 3, col: 5, code: "duplicate-key" });
  });

  it("refuses a top level that is not a mapping", () => {
    expect(lines(errors(baseFiles({ "list.yaml": "- a\n- b\n" })))[0]).toMatch(/^list\.yaml:1:1: the top level of a model file must be a mapping/);
  });

  it("refuses unknown keys with a did-you-mean, at the key", () => {
    expect(lines(errors(baseFiles({ "g.yaml": "groups:\n  - name: g\n    source: managed\n    descripton: x\n" })))).toEqual([
      'g.yaml:4:5: unknown key "descripton" (did you mean "description"?); allowed here: name, description, source, privileged',
    ]);
    expect(lines(errors(baseFiles({ "t.yaml": "group:\n  - name: g\n" })))[0]).toMatch(/^t\.yaml:1:1: unknown top-level key "group" \(did you mean "groups"\?\)/);
  });

  it("refuses wrong types and empty required values", () => {
    const found = lines(errors(baseFiles({ "g.yaml": 'groups:\n  - name: ""\n    source: managed\n  - name:\n    source: managed\n  - name: x\n    source: managed\n    privileged: "yes"\n' })));
    expect(found[0]).toBe("g.yaml:2:11: group name must not be empty");
    expect(found[1]).toMatch(/^g\.yaml:4:\d+: group name is empty: give it a value$/);
    expect(found[2]).toMatch(/^g\.yaml:8:17: "privileged": Invalid input: expected boolean/);
  });

  it("reports a missing required key at its entry", () => {
    expect(lines(errors(baseFiles({ "g.yaml": "groups:\n  - source: managed\n" })))).toEqual(['g.yaml:2:5: missing required key "name"']);
  });

  it("reports a name defined twice across files at the second, naming the first", () => {
    const found = lines(errors(baseFiles({ "more.yaml": "groups:\n  - name: bi-analysts\n    source: existing\n" })));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^more\.yaml:2:11: group "bi-analysts" is already defined at \S*groups\.yaml:2:11; names are unique/);
  });

  it("reports duplicate permission sets, account ids and account names", () => {
    const found = lines(
      errors(
        baseFiles({
          "zz-dup.yaml": 'permission_sets:\n  - name: BIReadOnly\naccounts:\n  - { id: "111111111111", name: other }\n  - { id: "444444444444", name: reporting }\n',
        }),
      ),
    );
    expect(found).toHaveLength(3);
    expect(found[0]).toMatch(/^zz-dup\.yaml:2:11: permission set "BIReadOnly" is already defined at \S*permission-sets\.yaml:2:11/);
    expect(found[1]).toMatch(/^zz-dup\.yaml:4:11: account id 111111111111 is already defined at \S*accounts\.yaml:2:9/);
    expect(found[2]).toMatch(/^zz-dup\.yaml:5:33: account name "reporting" is already used at \S*accounts\.yaml:7:11/);
  });

  it("requires exactly one organization", () => {
    const twice = lines(errors(baseFiles({ "zz-org.yaml": baseFiles()["organization.yaml"]! })));
    expect(twice[0]).toMatch(/^zz-org\.yaml:1:1: "organization" is already defined at \S*organization\.yaml:1:1; it appears exactly once/);
    const files = baseFiles();
    delete files["organization.yaml"];
    expect(errors(files).map((f) => f.code)).toEqual(["missing-organization"]);
  });
});

describe("the adopted app's sign-on policy", () => {
  const withApp = (lines: string) => baseFiles({ "organization.yaml": ORG.replace("      label: AWS IAM Identity Center\n", `${lines}      label: AWS IAM Identity Center\n`) });

  it("keeps an adopted app's policy with a warning that the sign_on tiers are not in force for it", () => {
    const { model, findings } = load(withApp("      id: 0oa1\n      sign_on_policy: existing\n"));
    expect(model!.organization.okta.app.signOnPolicy).toBe("existing");
    expect(lines(findings)).toEqual([
      "organization.yaml:12:23: the app keeps the sign-on policy it has in Okta: the sign_on tiers (and the stronger tier of privileged groups) are not in force for it. Once adopted, remove sign_on_policy in a change of its own to move the app to the model's policy",
    ]);
    expect(findings[0]!.severity).toBe("warning");
  });

  it("refuses sign_on_policy: existing without an app to adopt", () => {
    expect(lines(errors(withApp("      sign_on_policy: existing\n")))).toEqual([
      "organization.yaml:11:23: sign_on_policy: existing keeps the sign-on policy of an adopted app, but app.id is not set: an app created here has no policy of its own (Okta would put it under the org's default). Set app.id to the app to adopt, or remove sign_on_policy",
    ]);
  });

  it("links the app to the model's policy by default", () => {
    expect(load(withApp("      id: 0oa1\n")).model!.organization.okta.app.signOnPolicy).toBe("managed");
  });
});

describe("names Okta derives from the model, within Okta's limits", () => {
  const org = (edit: (org: string) => string) => baseFiles({ "organization.yaml": edit(ORG) });
  const withUsersGroup = (name: string) => org((o) => o.replace("  guardrails:\n", `    users_group: "${name}"\n  guardrails:\n`));

  it("says, at users_group, what the group rules are named when the users group is too long for them", () => {
    const { findings } = load(withUsersGroup("Engineering staff with access to Amazon Web Services accounts"));
    expect(lines(findings)).toEqual([
      'organization.yaml:17:18: users_group is too long for Okta\'s 50-character group rule names: the rules that fill it are named "Engineering staff with access to Am: pushed groups" (and the like). The group keeps its full name; a shorter one keeps the rule names whole',
    ]);
    expect(findings[0]!.severity).toBe("warning");
    expect(load(withUsersGroup("x".repeat(35))).findings).toEqual([]);
  });

  it("refuses a users group or an app label Okta would refuse, at the value", () => {
    expect(lines(errors(withUsersGroup("x".repeat(256))))).toEqual(["organization.yaml:17:18: users_group must be at most 255 characters (Okta's limit on a group name)"]);
    expect(lines(errors(org((o) => o.replace("label: AWS IAM Identity Center", `label: ${"x".repeat(248)}`))))).toEqual([
      'organization.yaml:11:14: app label must be at most 247 characters: the app\'s sign-on policy is named "<label> sign-on", and Okta allows 255 characters in a policy name',
    ]);
    expect(errors(org((o) => o.replace("label: AWS IAM Identity Center", `label: ${"x".repeat(247)}`)))).toEqual([]);
  });
});

describe("account ids", () => {
  it("refuses an unquoted id and says to quote it, keeping the leading zeros", () => {
    expect(lines(errors(baseFiles({ "a.yaml": "accounts:\n  - id: 012345678901\n    name: zero\n" })))).toEqual([
      'a.yaml:2:9: account id must be a quoted string: YAML reads an unquoted id as a number and drops leading zeros; write it as "012345678901" (in quotes)',
    ]);
  });

  it("refuses an id that is not 12 digits", () => {
    expect(lines(errors(baseFiles({ "a.yaml": 'accounts:\n  - id: "12345"\n    name: short\n' })))).toEqual([
      'a.yaml:2:9: account id must be exactly 12 digits, in quotes, e.g. "012345678901"',
    ]);
  });

  it("refuses unquoted ids in account lists too", () => {
    const found = lines(errors(baseFiles(assignment("  - group: bi-analysts\n    permission_set: BIReadOnly\n    accounts: [111111111111]\n"))));
    expect(found[0]).toMatch(/^assignments\.yaml:4:16: account reference must be a name or a quoted 12-digit id: an unquoted id is read as a number and loses leading zeros; write "111111111111" \(in quotes\)$/);
  });
});

describe("selectors", () => {
  it("refuses a selector that selects no account", () => {
    expect(lines(errors(baseFiles(assignment("  - group: bi-analysts\n    permission_set: BIReadOnly\n    accounts: { tags: { env: nope } }\n"))))).toEqual([
      "assignments.yaml:4:15: this selector selects no account: check the ou and tags, or remove the assignment",
    ]);
  });

  it("refuses an OU that does not exist, suggesting the closest", () => {
    expect(lines(errors(baseFiles(assignment("  - group: bi-analysts\n    permission_set: BIReadOnly\n    accounts: { ou: Workload }\n"))))).toEqual([
      'assignments.yaml:4:21: unknown OU "Workload" (did you mean "Workloads"?); no account is in it or below it',
    ]);
  });

  it("refuses unknown accounts in except", () => {
    const found = lines(errors(baseFiles(assignment("  - group: bi-analysts\n    permission_set: BIReadOnly\n    accounts: { ou: Workloads, except: [legacy] }\n"))));
    expect(found[0]).toMatch(/^assignments\.yaml:4:41: unknown account "legacy"/);
  });

  it("refuses an assignment that reaches the management account unless allowed explicitly", () => {
    const mgmt = 'accounts:\n  - { id: "999999999999", name: management }\n';
    const body = "  - group: bi-analysts\n    permission_set: BIReadOnly\n    accounts: all\n";
    expect(lines(errors(baseFiles({ "m.yaml": mgmt, ...assignment(body) })))).toEqual([
      "assignments.yaml:4:15: this assignment reaches the management account 999999999999 (management); assignments there are refused: leave it out (except: [management]) or set allow_management_account: true",
    ]);
    const allowed = load(baseFiles({ "m.yaml": mgmt, ...assignment(body + "    allow_management_account: true\n") }));
    expect(allowed.model?.assignments.map((a) => a.accountId)).toContain("999999999999");
  });

  it("has no way to assign a user: a user key is not part of the format", () => {
    const found = lines(errors(baseFiles(assignment("  - user: alice@example.com\n    permission_set: BIReadOnly\n    accounts: all\n"))));
    expect(found).toContain('assignments.yaml:2:5: unknown key "user"; allowed here: group, permission_set, accounts, expires, allow_management_account');
    expect(found).toContain('assignments.yaml:2:5: missing required key "group"');
  });
});

describe("Identity Center limits", () => {
  const ps = (body: string) => ({ "ps.yaml": `permission_sets:\n  - name: Test\n${body}` });

  it("refuses permission set names that Identity Center refuses", () => {
    const found = lines(errors(baseFiles({ "ps.yaml": "permission_sets:\n  - name: Has Space\n  - name: ThisNameIsLongerThanThirtyTwoChars\n" })));
    expect(found).toEqual([
      "ps.yaml:2:11: permission set name may contain only letters, digits and +=,.@_- (Identity Center limit)",
      "ps.yaml:3:11: permission set name must be at most 32 characters (Identity Center limit)",
    ]);
  });

  it("refuses a description longer than 700 characters", () => {
    expect(lines(errors(baseFiles(ps(`    description: ${"x".repeat(701)}\n`))))).toEqual(["ps.yaml:3:18: description must be at most 700 characters (Identity Center limit)"]);
  });

  it("refuses a relay state that is not https or longer than 240 characters", () => {
    expect(lines(errors(baseFiles(ps("    relay_state: http://console.aws.amazon.com\n"))))[0]).toMatch(/^ps\.yaml:3:18: relay_state must be an https URL/);
    expect(lines(errors(baseFiles(ps(`    relay_state: https://x.example/${"a".repeat(240)}\n`))))[0]).toMatch(/^ps\.yaml:3:18: relay_state is 258 characters; Identity Center allows at most 240/);
  });

  it("refuses session durations outside PT1H..PT12H and non ISO-8601 values", () => {
    expect(lines(errors(baseFiles(ps("    session_duration: PT30M\n"))))).toEqual(["ps.yaml:3:23: session_duration PT30M is outside Identity Center's range: use PT1H to PT12H"]);
    expect(lines(errors(baseFiles(ps("    session_duration: PT13H\n"))))).toEqual(["ps.yaml:3:23: session_duration PT13H is outside Identity Center's range: use PT1H to PT12H"]);
    expect(lines(errors(baseFiles(ps("    session_duration: 4 hours\n"))))).toEqual(["ps.yaml:3:23: duration must be ISO-8601 such as PT1H, PT8H or PT30M"]);
  });

  it("refuses more than 10 managed policies (AWS and customer managed together)", () => {
    const managed = Array.from({ length: 8 }, (_, i) => `P${i}`).join(", ");
    const found = lines(errors(baseFiles(ps(`    managed_policies: [${managed}]\n    customer_managed_policies: [{ name: a }, { name: b }, { name: c }]\n`))));
    expect(found).toEqual([
      "ps.yaml:4:32: 11 managed policies (AWS + customer managed) are attached; each role Identity Center creates is bound by IAM's default of 10 managed policies per role: merge policies or use the inline policy",
    ]);
  });

  it("refuses a customer managed policy ARN among AWS managed policies", () => {
    const found = lines(errors(baseFiles(ps("    managed_policies: [arn:aws:iam::123456789012:policy/mine]\n"))));
    expect(found[0]).toMatch(/^ps\.yaml:3:24: arn:aws:iam::123456789012:policy\/mine is a customer managed policy; list it under customer_managed_policies/);
  });

  it("refuses a policy file that does not exist", () => {
    const found = lines(errors(baseFiles(ps("    inline_policy: policies/missing.json\n"))));
    expect(found[0]).toMatch(/^ps\.yaml:3:20: inline_policy file "policies\/missing\.json" does not exist/);
  });

  it("refuses invalid IAM policy JSON, pointing into the policy file", () => {
    const policy = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    { "Effect": "Permit", "Action": "s3:GetObject", "Resource": "*" },\n    { "Effect": "Allow", "Resource": "*" }\n  ]\n}\n';
    const found = lines(errors(baseFiles({ ...ps("    inline_policy: policies/p.json\n"), "policies/p.json": policy })));
    expect(found).toEqual([
      'policies/p.json:4:17: Effect must be "Allow" or "Deny"',
      "policies/p.json:5:5: the statement has no Action (or NotAction)",
    ]);
  });

  it("refuses a policy without Version, with a Principal, or that is not JSON", () => {
    const inline = lines(errors(baseFiles(ps('    inline_policy:\n      Statement:\n        - { Effect: Allow, Action: "s3:*", Resource: "*", Principal: "*" }\n'))));
    expect(inline).toEqual([
      'ps.yaml:4:7: the policy has no "Version": add "Version": "2012-10-17"',
      "ps.yaml:5:70: Principal is not allowed: a permission set's inline policy is an identity policy (the principal is the role)",
    ]);
    const broken = lines(errors(baseFiles({ ...ps("    inline_policy: p.json\n"), "p.json": '{ "Version": "2012-10-17", ' })));
    expect(broken[0]).toMatch(/^p\.json:1:\d+: inline policy: YAML syntax error/);
  });

  it("refuses inline policies over 32,768 bytes or 10,240 non-whitespace characters", () => {
    const actions = Array.from({ length: 700 }, (_, i) => `"s3:GetObjectVersionTagging${i}"`).join(", ");
    const policy = `{ "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Action": [${actions}], "Resource": "*" }] }`;
    const found = lines(errors(baseFiles({ ...ps("    inline_policy: p.json\n"), "p.json": policy })));
    expect(found.join("\n")).toMatch(/non-whitespace characters; Identity Center allows at most 10240/);
    const big = Array.from({ length: 1200 }, (_, i) => `"s3:GetObjectVersionTagging${i}"`).join(", ");
    const found2 = lines(errors(baseFiles({ ...ps("    inline_policy: p.json\n"), "p.json": `{ "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Action": [${big}], "Resource": "*" }] }` })));
    expect(found2.join("\n")).toMatch(/bytes; Identity Center allows at most 32768/);
  });
});

describe("guardrails and privilege", () => {
  it("refuses a privileged permission set with a session longer than the guardrail", () => {
    const found = lines(errors(baseFiles({ "ps.yaml": "permission_sets:\n  - name: Admin2\n    session_duration: PT4H\n    managed_policies: [IAMFullAccess]\n" })));
    expect(found).toEqual([
      "ps.yaml:3:23: privileged permission set Admin2 (AWS managed policy IAMFullAccess grants every iam action, AWS managed policy IAMFullAccess grants iam:PassRole on *) has session PT4H, longer than guardrails.privileged_session_max PT1H: shorten session_duration",
    ]);
  });

  it("treats inline policies allowing * or iam:* as privileged", () => {
    const found = lines(
      errors(baseFiles({ "ps.yaml": 'permission_sets:\n  - name: Wild\n    session_duration: PT2H\n    inline_policy: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: ["iam:*"], Resource: "*" }] }\n' })),
    );
    expect(found[0]).toMatch(/privileged permission set Wild \(inline policy grants every iam action, inline policy grants iam:PassRole on \*\) has session PT2H/);
  });

  it("does not treat a PowerUserAccess permissions boundary as privilege: a boundary limits, it grants nothing", () => {
    const { model, findings } = load(baseFiles({ "ps.yaml": "permission_sets:\n  - name: Bounded\n    session_duration: PT4H\n    managed_policies: [ReadOnlyAccess]\n    permissions_boundary: { managed: PowerUserAccess }\n" }));
    expect(findings).toEqual([]);
    expect(model!.permissionSets.find((p) => p.name === "Bounded")).toMatchObject({ privileged: false, permissionsBoundary: { kind: "managed", arn: "arn:aws:iam::aws:policy/PowerUserAccess" } });
  });

  it("marks groups privileged when they hold a privileged permission set", () => {
    const { model } = load(baseFiles(assignment("  - group: platform-admin\n    permission_set: PlatformAdmin\n    accounts: [production]\n  - group: bi-analysts\n    permission_set: BIReadOnly\n    accounts: all\n")));
    const byName = Object.fromEntries(model!.groups.map((g) => [g.name, g]));
    expect(byName["platform-admin"]).toMatchObject({ privileged: true, privilegedReasons: ["holds privileged permission set PlatformAdmin"] });
    expect(byName["bi-analysts"]!.privileged).toBe(false);
    expect(model!.permissionSets.find((p) => p.name === "PlatformAdmin")!.privilegedReasons).toEqual(["AWS managed policy AdministratorAccess grants every action"]);
  });
});

describe("strings that look like Terraform templates", () => {
  it("accepts ${...} and %{...} in model strings: they are escaped at synthesis, not refused", () => {
    const files = baseFiles({
      "ps.yaml": 'permission_sets:\n  - name: Vars\n    description: "home of ${aws:username} %{ if x }"\n    inline_policy: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: "s3:GetObject", Resource: "arn:aws:s3:::b/${aws:username}/*" }] }\n',
    });
    const { model, findings } = load(files);
    expect(findings.filter((f) => f.severity === "error")).toEqual([]);
    const vars = model!.permissionSets.find((p) => p.name === "Vars")!;
    expect(vars.description).toBe("home of ${aws:username} %{ if x }");
    expect(vars.inlinePolicy).toContain("${aws:username}");
  });
});
