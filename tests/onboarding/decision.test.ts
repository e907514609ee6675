// Pre-approval of account changes, both ways: an account-only change whose new grants come from
// unchanged OU/tags/all selectors is pre-approved, and auto_apply decides whether it skips the
// pull request; any other edit in the same change, a grant only a list gives, or revocations
// above the guardrail are not pre-approved.
import { describe, expect, it } from "vitest";
import { runAccess } from "../diff/cli-helpers.js";
import { loadGrants } from "../../src/model/index.js";
import { decideOnboarding } from "../../src/onboarding/decide.js";
import { baseFiles, load, ORG, writeModel, type Files } from "../model/fixtures.js";

const NOW = "2026-11-28";
const ASSIGNMENTS = `assignments:
  - { group: bi-analysts, permission_set: BIReadOnly, accounts: { ou: Workloads/Data } }
  - { group: platform-admin, permission_set: PlatformAdmin, accounts: { tags: { env: prod } } }
  - { group: platform-admin, permission_set: BIReadOnly, accounts: [reporting] }
`;
const NEW_DATA = `accounts:\n  - { id: "444444444444", name: data-new, ou: Workloads/Data, tags: { env: sandbox } }\n`;
const NEW_PROD = `accounts:\n  - { id: "555555555555", name: apps-new, ou: Workloads/Apps, tags: { env: prod } }\n`;

function model(extra: Files = {}, org = ORG) {
  return baseFiles({ "organization.yaml": org, "assignments.yaml": ASSIGNMENTS, ...extra });
}

const withAutoApply = (setting: string) => `${ORG}  onboarding:\n    auto_apply: ${setting}\n`;

function decide(baseFiles: Files, headFiles: Files) {
  const base = load(baseFiles, NOW);
  const head = load(headFiles, NOW);
  expect(base.model, JSON.stringify(base.findings)).toBeDefined();
  expect(head.model, JSON.stringify(head.findings)).toBeDefined();
  return decideOnboarding({
    base: base.model!,
    head: head.model!,
    baseGrants: loadGrants(base.dir).grants!,
    headGrants: loadGrants(head.dir).grants!,
    now: Date.parse(`${NOW}T00:00:00Z`),
  });
}

describe("an account-only change covered by unchanged selectors", () => {
  it.each([
    ["none", false],
    ["non_privileged", true],
    ["all", true],
  ])("is pre-approved under auto_apply %s, and goes to main directly: %s", (setting, auto) => {
    const org = withAutoApply(setting);
    const d = decide(model({}, org), model({ "new.yaml": NEW_DATA }, org));
    expect(d).toMatchObject({ accounts_only: true, covered: true, pre_approved: true, auto_apply: auto, auto_apply_setting: setting, granted: 1, privileged_grants: [] });
    expect(d.accounts.added).toEqual([{ id: "444444444444", name: "data-new", ou: "Workloads/Data", granted: [{ group: "bi-analysts", permission_set: "BIReadOnly" }], revoked: [] }]);
    if (!auto) expect(d.reasons).toEqual([expect.stringContaining("auto_apply is none")]);
  });

  it("defaults to non_privileged when organization.onboarding is absent", () => {
    expect(decide(model(), model({ "new.yaml": NEW_DATA }))).toMatchObject({ auto_apply_setting: "non_privileged", auto_apply: true });
  });

  it("a new account an unchanged selector grants a privileged set is auto-applied only under all", () => {
    const nonPriv = decide(model(), model({ "new.yaml": NEW_PROD }));
    expect(nonPriv).toMatchObject({ pre_approved: true, auto_apply: false, review_team: "privileged-access", privileged_grants: ["platform-admin|PlatformAdmin|555555555555"] });
    expect(nonPriv.reasons).toEqual([expect.stringContaining("privileged and auto_apply is non_privileged")]);
    const all = withAutoApply("all");
    expect(decide(model({}, all), model({ "new.yaml": NEW_PROD }, all))).toMatchObject({ pre_approved: true, auto_apply: true });
    const none = withAutoApply("none");
    expect(decide(model({}, none), model({ "new.yaml": NEW_PROD }, none))).toMatchObject({ auto_apply: false });
  });
});

describe("the same change plus another edit is not pre-approved, even under all", () => {
  const all = withAutoApply("all");
  const head = (extra: Files, org = all) => model({ "new.yaml": NEW_DATA, ...extra }, org);
  it.each<[string, Files, string?]>([
    ["a selector edit", { "assignments.yaml": ASSIGNMENTS.replace("{ ou: Workloads/Data }", "{ ou: Workloads }") }],
    ["a new assignment entry", { "assignments.yaml": `${ASSIGNMENTS}  - { group: bi-analysts, permission_set: PlatformAdmin, accounts: { ou: Workloads/Data } }\n` }],
    ["a permission set edit", { "permission-sets.yaml": "permission_sets:\n  - name: BIReadOnly\n    managed_policies: [ReadOnlyAccess, AmazonS3FullAccess]\n  - name: PlatformAdmin\n    managed_policies: [AdministratorAccess]\n" }],
    ["a group edit", { "groups.yaml": "groups:\n  - name: bi-analysts\n    source: existing\n  - name: platform-admin\n    source: managed\n" }],
    ["an okta edit", {}, all.replace("reauthenticate_after: PT8H", "reauthenticate_after: PT12H")],
    ["changing auto_apply in the same change", {}, withAutoApply("all").replace("auto_apply: all", "auto_apply: none")],
  ])("%s", (_what, extra, org) => {
    const d = decide(model({}, all), head(extra, org ?? all));
    expect(d).toMatchObject({ accounts_only: false, pre_approved: false, auto_apply: false, review_team: "privileged-access" });
    expect(d.reasons[0]).toMatch(/changed: only account changes are pre-approved/);
  });

  it("a grant that only a list of names gives (a new account taking a renamed account's name)", () => {
    const renamed = "accounts:\n  - { id: \"222222222222\", name: reporting-old, ou: Workloads/Data, tags: { env: sandbox } }\n  - { id: \"666666666666\", name: reporting, ou: Sandbox }\n";
    const b = model({}, all);
    const h = model({ "accounts.yaml": b["accounts.yaml"]!.replace(/  - id: "222222222222"\n    name: reporting\n    ou: Workloads\/Data\n    tags: \{ env: sandbox \}\n/, ""), "more.yaml": renamed }, all);
    const d = decide(b, h);
    expect(d.accounts.renamed).toEqual([expect.objectContaining({ id: "222222222222", from_name: "reporting", name: "reporting-old" })]);
    expect(d).toMatchObject({ accounts_only: true, covered: false, pre_approved: false, auto_apply: false });
    expect(d.reasons[0]).toMatch(/1 new grant comes from no OU, tags or `all` selector \(e\.g\. platform-admin BIReadOnly in reporting\)/);
  });
});

describe("closed and moved accounts", () => {
  const withoutProduction = (files: Files) => ({ ...files, "accounts.yaml": files["accounts.yaml"]!.replace(/  - id: "333333333333"[\s\S]*$/, "") });

  it("a closed account's revocations are pre-approved within the revocation guardrail", () => {
    const d = decide(model(), withoutProduction(model()));
    expect(d).toMatchObject({ pre_approved: true, auto_apply: true, revoked: 1, revocations_within_limit: true });
    expect(d.accounts.removed).toEqual([expect.objectContaining({ id: "333333333333", revoked: [{ group: "platform-admin", permission_set: "PlatformAdmin" }] })]);
  });

  it("and not above it", () => {
    const strict = `${ORG}  max_revocation: { count: 0 }\n`.replace("  guardrails:\n    privileged_session_max: PT1H\n  max_revocation", "  guardrails:\n    privileged_session_max: PT1H\n    max_revocation");
    const d = decide(model({}, strict), withoutProduction(model({}, strict)));
    expect(d).toMatchObject({ pre_approved: false, auto_apply: false, revocations_within_limit: false });
    expect(d.reasons[0]).toMatch(/1 assignments would be revoked, above the revocation guardrail/);
  });

  it("a move lists the grants the account gains and loses", () => {
    const moved = (files: Files) => ({ ...files, "accounts.yaml": files["accounts.yaml"]!.replace("name: production\n    ou: Workloads/Apps", "name: production\n    ou: Workloads/Data") });
    const d = decide(model(), moved(model()));
    expect(d.accounts.moved).toEqual([
      { id: "333333333333", name: "production", ou: "Workloads/Data", from_ou: "Workloads/Apps", granted: [{ group: "bi-analysts", permission_set: "BIReadOnly" }], revoked: [] },
    ]);
    expect(d).toMatchObject({ pre_approved: true, auto_apply: true });
  });
});

describe("access onboarding-decision", () => {
  it("prints the decision as JSON and exits 0 to auto-apply, 3 when a pull request is needed", () => {
    const base = writeModel(model());
    const ok = runAccess(["onboarding-decision", "--base", base, "--head", writeModel(model({ "new.yaml": NEW_DATA })), "--today", NOW]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ pre_approved: true, auto_apply: true, accounts: { added: [expect.objectContaining({ name: "data-new" })] } });
    const pr = runAccess(["onboarding-decision", "--base", base, "--head", writeModel(model({ "new.yaml": NEW_PROD })), "--today", NOW]);
    expect(pr.code).toBe(3);
    expect(JSON.parse(pr.stdout)).toMatchObject({ auto_apply: false, review_team: "privileged-access" });
  });
});
