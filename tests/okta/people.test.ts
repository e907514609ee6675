import { readFileSync, writeFileSync, cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { oktaCredentialsFromEnv, oktaReader, readModelGroups } from "../../src/okta/index.js";
import type { FakeOkta } from "../okta-fake/server.js";
import { reportModel } from "../report/fixture.js";
import { oktaEnv, pushMapping, startOkta } from "./fixture.js";
import { runAccessAsync } from "./run-async.js";

const NO_OKTA = { OKTA_API_CLIENT_ID: "", OKTA_API_PRIVATE_KEY_ID: "", OKTA_API_PRIVATE_KEY: "", OKTA_API_SCOPES: "", OKTA_CLIENT_ORGURL: "" };

describe("the model's groups in Okta", () => {
  let fake: FakeOkta;
  const { dir, model } = reportModel();
  beforeAll(async () => {
    fake = await startOkta();
  });
  afterAll(() => fake.close());

  it("reads members of the groups Okta has, preferring the Okta group over an app group of the same name", async () => {
    const r = await readModelGroups(model, oktaReader(oktaCredentialsFromEnv(oktaEnv(fake), model.organization.okta)!));
    expect(Object.fromEntries([...r.members].map(([g, people]) => [g, people.map((p) => p.login)]))).toEqual({
      "bi-analysts": ["ann@example.com", "bob@example.com", "cy@example.com"],
      idle: [],
      "platform-admin": ["dee@example.com"],
    });
    expect(r.ids.get("bi-analysts")).toBe("00g-bi");
  });

  it("finds an existing group missing in Okta, a group with assignments not pushed, and an empty group, at the group's file:line", async () => {
    const r = await readModelGroups(model, oktaReader(oktaCredentialsFromEnv(oktaEnv(fake), model.organization.okta)!));
    const groupsFile = readFileSync(join(dir, "groups.yaml"), "utf8").split("\n");
    const lineOf = (name: string) => groupsFile.findIndex((l) => l.includes(`name: ${name}`)) + 1;
    expect(r.findings.map((f) => [f.severity, f.code, f.line, f.file.endsWith("groups.yaml")])).toEqual([
      ["error", "okta-group-missing", lineOf("auditors"), true],
      ["warning", "okta-group-empty", lineOf("idle"), true],
      ["warning", "okta-group-not-pushed", lineOf("platform-admin"), true],
    ]);
    expect(r.findings[2]!.message).toMatch(/platform-admin" has 1 assignment but Okta does not push it to "AWS IAM Identity Center"/);
  });

  it("skips the push check, and says so, when push mappings cannot be read", async () => {
    fake.state.apps[1]!.pushMappings = undefined;
    try {
      const res = await runAccessAsync(["okta-check", "--model", dir, "--today", "2026-11-28"], oktaEnv(fake));
      expect(res.stdout).toMatch(/3 of 4 groups found in Okta, 2 findings; push mappings not checked: .*HTTP 403/);
      expect(res.stderr).toMatch(/groups\.yaml:\d+:\d+: error: group "auditors" is declared source: existing, but Okta has no group/);
      expect(res.code).toBe(1);
    } finally {
      fake.state.apps[1]!.pushMappings = [pushMapping("00g-bi")];
    }
  });

  it("okta-check prints workflow annotations and needs credentials", async () => {
    const res = await runAccessAsync(["okta-check", "--model", dir, "--format", "github"], oktaEnv(fake));
    expect(res.stdout).toMatch(/::warning file=[^,]*groups\.yaml,line=\d+,col=\d+::.*no members in Okta/);
    const none = await runAccessAsync(["okta-check", "--model", dir], NO_OKTA);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/OKTA_API_CLIENT_ID/);
  });

  it("report --okta adds the per-person view and per-person CSV rows", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "report-")), "review.csv");
    const res = await runAccessAsync(["report", "--model", dir, "--format", "csv", "--out", out, "--okta", "--today", "2026-11-28"], oktaEnv(fake));
    expect(res.stderr).toMatch(/wrote .*review\.csv \(5 grants, 2 privileged, 1 expiring soon, 4 people\)/);
    expect(res.code).toBe(0);
    const rows = readFileSync(out, "utf8").trim().split("\r\n");
    expect(rows.filter((r) => r.startsWith("person,ann@example.com,")).map((r) => r.split(",").slice(4, 8).join(" "))).toEqual([
      "bi-analysts BIReadOnly 111111111111 data-platform",
      "bi-analysts BIReadOnly 222222222222 reporting",
      "bi-analysts BIReadOnly 333333333333 production",
    ]);
    expect(rows.filter((r) => r.startsWith("person,dee@example.com,"))).toHaveLength(1);
    const json = await runAccessAsync(["report", "--model", dir, "--format", "json", "--out", "-", "--okta", "--today", "2026-11-28"], oktaEnv(fake));
    const report = JSON.parse(json.stdout);
    expect(report.people.map((p: { person: { login: string }; access: unknown[] }) => [p.person.login, p.access.length])).toEqual([
      ["ann@example.com", 3],
      ["bob@example.com", 3],
      ["cy@example.com", 3],
      ["dee@example.com", 1],
    ]);
  });

  it("report --okta without credentials is a usage error, not a report without people", async () => {
    const res = await runAccessAsync(["report", "--model", dir, "--format", "json", "--out", "-", "--okta"], NO_OKTA);
    expect(res.code).toBe(2);
  });

  it("the access diff's risks say how many people each change reaches, and stay the same without Okta", async () => {
    const head = join(mkdtempSync(join(tmpdir(), "head-")), "m");
    cpSync(dir, head, { recursive: true });
    const data = join(head, "assignments/data.yaml");
    writeFileSync(data, readFileSync(data, "utf8").replace("accounts: [data-platform, reporting]\n", "accounts: [data-platform, reporting, production]\n").replace(/  - group: bi-analysts\n    permission_set: BIReadOnly\n    accounts: \[production\]\n    expires: 2026-12-15\n/, ""));
    const plat = join(head, "assignments/platform.yaml");
    writeFileSync(plat, readFileSync(plat, "utf8") + "  - group: bi-analysts\n    permission_set: PlatformAdmin\n    accounts: [data-platform]\n");
    const args = ["diff", "--base", dir, "--head", head, "--format", "json", "--today", "2026-11-28"];
    const withOkta = await runAccessAsync([...args, "--okta"], oktaEnv(fake));
    expect(withOkta.code).toBe(0);
    const risks = JSON.parse(withOkta.stdout).risks as { code: string; message: string; people?: number }[];
    const priv = risks.find((r) => r.code === "privileged-access-granted")!;
    expect(priv.message).toMatch(/^bi-analysts \(3 people\) gains privileged access PlatformAdmin in 1 account/);
    expect(priv.people).toBe(3);

    const without = await runAccessAsync([...args, "--okta"], NO_OKTA);
    expect(without.code).toBe(0);
    expect(without.stderr).toMatch(/people counts left out/);
    const plain = JSON.parse(without.stdout);
    const strip = (m: string) => m.replace(/ \(\d+ people?\)| \(1 person\)/g, "");
    expect(plain.risks.map((r: { message: string }) => r.message)).toEqual(risks.map((r) => strip(r.message)));
    expect(plain.granted).toEqual(JSON.parse(withOkta.stdout).granted);
  });
});
