// `access leaver` and `access person` against the local Okta and the local Identity Center: exit
// codes say whether access provably ended; unknown logins, missing credentials and an Okta outage
// are clear errors with a non-zero exit, never "ok".
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAccessAsync } from "../okta/run-async.js";
import { denyEntries, startWorld, type World } from "./support.js";

let world: World;
beforeAll(async () => {
  world = await startWorld();
}, 60_000);
afterAll(async () => {
  await world?.close();
});

describe("access leaver and access person", () => {
  it("refuses an unknown login with exit 1", async () => {
    const r = await runAccessAsync(["leaver", "nobody@example.com"], world.env);
    expect(r.stderr).toMatch(/Okta has no user with login nobody@example.com/);
    expect(r.code).toBe(1);
  });

  it("says which credentials are missing (exit 2) and never reports ok", async () => {
    const r = await runAccessAsync(["leaver", "leaver@example.com"], { ...world.env, OKTA_API_CLIENT_ID: "" });
    expect(r.stderr).toMatch(/no Okta credentials: set OKTA_API_CLIENT_ID/);
    expect(r.code).toBe(2);
  });

  it("fails with exit 1 when Okta cannot be reached", async () => {
    const r = await runAccessAsync(["leaver", "leaver@example.com"], { ...world.env, OKTA_CLIENT_ORGURL: "http://127.0.0.1:9" });
    expect(r.stderr).toMatch(/cannot read Okta at http:\/\/127.0.0.1:9.*NOT proven ended/);
    expect(r.code).toBe(1);
  });

  it("fails with exit 1 when AWS has no credentials", async () => {
    const r = await runAccessAsync(["leaver", "stayer@example.com"], { ...world.env, AWS_ACCESS_KEY_ID: "", AWS_SECRET_ACCESS_KEY: "", AWS_PROFILE: "", AWS_SHARED_CREDENTIALS_FILE: "/nonexistent", AWS_CONFIG_FILE: "/nonexistent", AWS_EC2_METADATA_DISABLED: "true" });
    expect(r.stderr).toMatch(/cannot read AWS for stayer@example.com/);
    expect(r.code).toBe(1);
  });

  it("reports a person still active in Okta as not ended (exit 3)", async () => {
    const r = await runAccessAsync(["leaver", "stayer@example.com"], world.env);
    expect(r.stdout).toMatch(/NOT ENDED: the person is ACTIVE in Okta/);
    expect(r.code).toBe(3);
  });

  it("after deactivation: not ended until --revoke adds the deny entry, then provably ended", async () => {
    await world.deactivate("leaver@example.com");
    const before = await runAccessAsync(["leaver", "leaver@example.com", "--format", "json"], world.env);
    expect(before.code).toBe(3);
    const report = JSON.parse(before.stdout);
    expect(report.verdict.gaps.join("\n")).toMatch(/no deny entry covers Identity Store user/);
    expect(report.facts.live.length).toBeGreaterThan(0);
    expect(report.longestSessionSeconds).toBe(4 * 3600);

    const revoke = await runAccessAsync(["leaver", "leaver@example.com", "--revoke"], world.env);
    expect(revoke.stdout).toMatch(/--revoke: added \(wrote access-revocation-deny-1\)/);
    expect(revoke.stdout).toMatch(/Access has provably ended/);
    expect(revoke.code).toBe(0);
    expect((await denyEntries(world)).map((e) => e.userId)).toEqual([world.leaverId]);

    const again = await runAccessAsync(["leaver", "leaver@example.com", "--revoke"], world.env);
    expect(again.stdout).toMatch(/--revoke: unchanged/);
    expect(again.code).toBe(0);
    expect(await denyEntries(world)).toHaveLength(1);
  }, 60_000);

  it("shows what a person can reach and why, filtered by account tag", async () => {
    const r = await runAccessAsync(["person", "stayer@example.com"], world.env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/stayer@example.com: ACTIVE in Okta/);
    expect(r.stdout).toMatch(/From the model \(2\):/);
    expect(r.stdout).toMatch(/BIReadOnly\s+PT4H\s+via bi-analysts/);
    expect(r.stdout).toMatch(/Live in Identity Center \(2\):/);
    const prodTag = world.model.accounts.find((a) => a.tags.env)!.tags.env!;
    const filtered = await runAccessAsync(["person", "stayer@example.com", "--format", "json", "--tag", `env=${prodTag}`], world.env);
    const facts = JSON.parse(filtered.stdout);
    const tagged = new Set(world.model.accounts.filter((a) => a.tags.env === prodTag).map((a) => a.id));
    expect(facts.reach.triples.every((t: { accountId: string }) => tagged.has(t.accountId))).toBe(true);
  });
});
