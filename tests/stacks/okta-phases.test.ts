// Okta applies in two phases around identity-center: the tighten phase never weakens anything
// that is live or about to be, the final phase loosens only after identity-center has applied.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { diffModels } from "../../src/diff/diff-models.js";
import { explainPlans } from "../../src/explain/index.js";
import { readPlan as readPlanFile } from "../../src/terraform/plan.js";
import { loosens, tightenModel } from "../../src/model/phases.js";
import { baseFiles, writeModel } from "../model/fixtures.js";
import { loadOrThrow, removeTempDirs, stackJson, synthModel } from "./helpers.js";

afterAll(removeTempDirs);

const GRANT_ADMIN = "assignments:\n  - { group: platform-admin, permission_set: PlatformAdmin, accounts: [production] }\n";
const base = () => loadOrThrow(writeModel(baseFiles({ "a.yaml": GRANT_ADMIN, "old.yaml": "groups:\n  - { name: leaving, source: managed }\n" })));
// Head: platform-admin loses PlatformAdmin, bi-analysts gains it, `leaving` is deleted, the
// privileged tier is loosened from PT1H to PT2H.
const head = () =>
  loadOrThrow(
    writeModel(
      baseFiles({
        "a.yaml": "assignments:\n  - { group: bi-analysts, permission_set: PlatformAdmin, accounts: [production] }\n",
        "organization.yaml": baseFiles()["organization.yaml"]!.replace("privileged: { reauthenticate_after: PT1H", "privileged: { reauthenticate_after: PT2H"),
      }),
    ),
  );

const privilegedGroups = (okta: Record<string, any>): string[] => okta.locals?.privileged_groups ?? [];
const privilegedRule = (okta: Record<string, any>) => Object.values(okta.resource.okta_app_signon_policy_rule as Record<string, any>).find((r) => r.priority === 1);

describe("okta tighten and final phases", () => {
  it("keeps a group that loses admin in the privileged tier until identity-center has applied", () => {
    const tighten = stackJson(synthModel(tightenModel(base(), head())), "okta");
    const final = stackJson(synthModel(head()), "okta");
    expect(privilegedGroups(tighten)).toEqual(["bi-analysts", "platform-admin"]);
    expect(privilegedGroups(final)).toEqual(["bi-analysts"]);
    // The group gaining admin is strong already in the tighten phase, i.e. before it gets admin.
    expect(privilegedGroups(tighten)).toContain("bi-analysts");
  });

  it("keeps the stricter sign-on period and deletes removed groups only in the final phase", () => {
    const tighten = stackJson(synthModel(tightenModel(base(), head())), "okta");
    const final = stackJson(synthModel(head()), "okta");
    expect(privilegedRule(tighten).re_authentication_frequency).toBe("PT1H");
    expect(privilegedRule(final).re_authentication_frequency).toBe("PT2H");
    expect(Object.keys(tighten.resource.okta_group.group.for_each)).toContain("leaving");
    expect(Object.keys(final.resource.okta_group.group.for_each)).not.toContain("leaving");
  });

  it("links an adopted app to the model's policy in the tighten phase, and unlinks it only in the final phase", () => {
    const withPolicy = (m: ReturnType<typeof head>, signOnPolicy: "managed" | "existing") => {
      m.organization.okta.app = { ...m.organization.okta.app, id: "0oa1", signOnPolicy };
      return m;
    };
    const linked = (m: ReturnType<typeof head>) => stackJson(synthModel(m), "okta").resource.okta_app_saml.app.authentication_policy;
    const toManaged = tightenModel(withPolicy(head(), "existing"), withPolicy(head(), "managed"));
    expect(linked(toManaged)).toBe("${okta_app_signon_policy.signon_policy.id}");
    expect(loosens(withPolicy(head(), "existing"), withPolicy(head(), "managed"))).toBe(false);
    const toExisting = tightenModel(withPolicy(head(), "managed"), withPolicy(head(), "existing"));
    expect(linked(toExisting)).toBe("${okta_app_signon_policy.signon_policy.id}");
    expect(linked(withPolicy(head(), "existing"))).toBeUndefined();
    expect(loosens(withPolicy(head(), "managed"), withPolicy(head(), "existing"))).toBe(true);
  });

  it("is the head model when nothing loosens or there is no base", () => {
    const h = head(); // two loads differ in their source paths (temp folders): compare one model
    expect(tightenModel(undefined, h)).toBe(h);
    expect(loosens(base(), head())).toBe(true);
    expect(loosens(head(), head())).toBe(false);
    expect(tightenModel(head(), head()).groups).toEqual(head().groups);
  });

  it("is written by access synth --base as stack okta (the same state) under cdktf.out/phases/tighten", () => {
    const root = resolve(".");
    const cwd = mkdtempSync(join(tmpdir(), "tighten-"));
    try {
      const baseDir = writeModel(baseFiles({ "a.yaml": GRANT_ADMIN }));
      const headDir = writeModel(baseFiles());
      const run = spawnSync(process.execPath, [join(root, "node_modules/tsx/dist/cli.mjs"), join(root, "main.ts"), "--base", baseDir], {
        cwd,
        env: { ...process.env, ACCESS_MODEL_DIR: headDir, ACCESS_TODAY: "2026-11-28" },
        encoding: "utf8",
      });
      expect(run.status, run.stderr).toBe(0);
      const okta = JSON.parse(readFileSync(join(cwd, "cdktf.out/phases/tighten/stacks/okta/cdk.tf.json"), "utf8"));
      expect(privilegedGroups(okta)).toEqual(["platform-admin"]);
      expect(JSON.stringify(okta.terraform.backend)).toContain("terraform.okta.tfstate");
      const none = spawnSync(process.execPath, [join(root, "node_modules/tsx/dist/cli.mjs"), join(root, "main.ts"), "--base", join(cwd, "no-such-base")], {
        cwd,
        env: { ...process.env, ACCESS_MODEL_DIR: headDir, ACCESS_TODAY: "2026-11-28" },
        encoding: "utf8",
      });
      expect(none.status, none.stderr).toBe(0);
      expect(privilegedGroups(JSON.parse(readFileSync(join(cwd, "cdktf.out/phases/tighten/stacks/okta/cdk.tf.json"), "utf8")))).toEqual([]);
      // A grant that expired since the base was applied still made its group privileged in what
      // okta last applied: resolved as of that day (ACCESS_BASE_TODAY), the tighten phase keeps it strong.
      const expiring = writeModel(baseFiles({ "a.yaml": GRANT_ADMIN.replace("accounts: [production] }", "accounts: [production], expires: 2026-12-01 }") }));
      const tighten = (env: Record<string, string>) => {
        const r = spawnSync(process.execPath, [join(root, "node_modules/tsx/dist/cli.mjs"), join(root, "main.ts"), "--base", expiring], {
          cwd,
          env: { ...process.env, ACCESS_MODEL_DIR: expiring, ACCESS_TODAY: "2026-12-05", ...env },
          encoding: "utf8",
        });
        expect(r.status, r.stderr).toBe(0);
        return privilegedGroups(JSON.parse(readFileSync(join(cwd, "cdktf.out/phases/tighten/stacks/okta/cdk.tf.json"), "utf8")));
      };
      expect(tighten({ ACCESS_BASE_TODAY: "2026-11-28" })).toEqual(["platform-admin"]);
      expect(tighten({ ACCESS_BASE_TODAY: "" })).toEqual([]);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});

// The apply gates see both okta plans of one merge (planned from the same state, before either
// applies) and explain them against the one access diff of the merge.
describe("the apply gates explain both okta phases", () => {
  const rule = (before: object, after: object) => ({
    address: "okta_app_signon_policy_rule.privileged",
    mode: "managed",
    type: "okta_app_signon_policy_rule",
    name: "privileged",
    change: { actions: ["update"], before, after, after_unknown: {} },
  });
  const deleteGroup = (name: string) => ({
    address: `okta_group.group["${name}"]`,
    mode: "managed",
    type: "okta_group",
    name: "group",
    index: name,
    change: { actions: ["delete"], before: { name }, after: null, after_unknown: {} },
  });
  const live = { groups_included: ["id-platform-admin"], re_authentication_frequency: "PT1H" };

  it("explains the tighten plan (a group gains the strong tier) and the final plan (loosening, deleting) from the same diff", () => {
    const diff = diffModels(base(), head());
    const tighten = readPlanFile({ format_version: "1.2", resource_changes: [rule(live, { ...live, groups_included: ["id-bi-analysts", "id-platform-admin"] })] }, "okta-tighten");
    const final = readPlanFile(
      { format_version: "1.2", resource_changes: [rule(live, { groups_included: ["id-bi-analysts"], re_authentication_frequency: "PT2H" }), deleteGroup("leaving")] },
      "okta",
    );
    const e = explainPlans(diff, [tighten, final]);
    expect(e.unexplained).toEqual([]);
    expect(e.explained).toBe(true);
    expect(e.changes.map((c) => `${c.stack} ${c.address}`).sort()).toEqual([
      "okta okta_app_signon_policy_rule.privileged",
      'okta okta_group.group["leaving"]',
      "okta-tighten okta_app_signon_policy_rule.privileged",
    ]);
  });

  it("refuses a tighten plan that deletes a group the merge keeps", () => {
    const e = explainPlans(diffModels(base(), head()), [readPlanFile({ format_version: "1.2", resource_changes: [deleteGroup("platform-admin")] }, "okta-tighten")]);
    expect(e.explained).toBe(false);
    expect(e.unexplained.map((c) => c.address)).toEqual(['okta_group.group["platform-admin"]']);
  });
});
