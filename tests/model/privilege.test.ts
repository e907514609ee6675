// Privilege is decided by what a statement can match, not by comparing strings.
import { describe, expect, it } from "vitest";
import { coversEveryActionOf, wildcardMatch } from "../../src/model/action-patterns.js";
import { inlinePrivilegeReasons } from "../../src/model/policy.js";
import { baseFiles, lines, errors, load } from "./fixtures.js";

const allow = (extra: Record<string, unknown>) => ({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Resource: "*", ...extra }] });

describe("wildcard coverage", () => {
  it("treats every pattern that matches all IAM actions as covering iam:*", () => {
    for (const p of ["iam:*", "iam:**", "iam:?*", "iam:*?", "IAM:*", "i*", "*", "*:*", "?am:*", "iam*", "*am:*", "**"]) expect(coversEveryActionOf([p], "iam:"), p).toBe(true);
  });

  it("does not treat narrower patterns as covering", () => {
    for (const p of ["iam:Get*", "iam:?", "iam:??*x", "s3:*", "iam:List*", "iamx:*", "ia:*"]) expect(coversEveryActionOf([p], "iam:"), p).toBe(false);
  });

  it("combines patterns that only together cover every length", () => {
    expect(coversEveryActionOf(["iam:?", "iam:??*"], "iam:")).toBe(true);
    expect(coversEveryActionOf(["iam:??*"], "iam:")).toBe(false);
  });

  it("matches like IAM: case-insensitive, * and ? across the colon", () => {
    expect(wildcardMatch("s3:Get*", "s3:getobject")).toBe(true);
    expect(wildcardMatch("s?:Get*", "s3:GetObject")).toBe(true);
    expect(wildcardMatch("s3:Get?", "s3:GetObject")).toBe(false);
  });
});

describe("inline policy privilege", () => {
  it("counts NotAction with Allow, wildcard variants and Identity Center / Organizations control", () => {
    expect(inlinePrivilegeReasons(allow({ NotAction: ["s3:*"] }))).toEqual(['inline policy allows every action except NotAction ["s3:*"]']);
    expect(inlinePrivilegeReasons(allow({ Action: "iam:**" }))).toEqual(['inline policy allows "iam:**"']);
    expect(inlinePrivilegeReasons(allow({ Action: ["s3:GetObject", "iam:?*"] }))).toEqual(['inline policy allows "iam:?*"']);
    expect(inlinePrivilegeReasons(allow({ Action: "sso:*" }))).toEqual(['inline policy allows "sso:*"']);
    expect(inlinePrivilegeReasons(allow({ Action: "*", NotResource: "arn:aws:s3:::x" }))).toEqual(['inline policy allows "*"']);
    expect(inlinePrivilegeReasons(allow({ Action: ["s3:*", "iam:Get*"] }))).toEqual([]);
    expect(inlinePrivilegeReasons({ Version: "2012-10-17", Statement: [{ Effect: "Deny", NotAction: "s3:*", Resource: "*" }] })).toEqual([]);
  });

  it("puts such a permission set under the session guardrail and its groups in the privileged tier", () => {
    const ps = 'permission_sets:\n  - name: Sneaky\n    session_duration: PT4H\n    inline_policy: { Version: "2012-10-17", Statement: [{ Effect: Allow, NotAction: ["s3:*"], Resource: "*" }] }\n';
    expect(lines(errors(baseFiles({ "ps.yaml": ps })))[0]).toMatch(/^ps\.yaml:3:23: privileged permission set Sneaky \(inline policy allows every action except NotAction/);
    const ok = ps.replace("PT4H", "PT1H");
    const { model } = load(baseFiles({ "ps.yaml": ok, "a.yaml": "assignments:\n  - { group: bi-analysts, permission_set: Sneaky, accounts: [reporting] }\n" }));
    expect(model!.groups.find((g) => g.name === "bi-analysts")!.privileged).toBe(true);
  });
});
