// `access okta-check` warns when members of a group under the phishing-resistant (privileged)
// sign-on tier have no phishing-resistant factor: read from the local Okta's Factors API through
// the Okta SDK, with a token for okta.users.read of its own.
import { afterEach, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { checkPhishingResistantFactors, oktaCredentialsFromEnv, oktaFactorReader, oktaReader, readModelGroups } from "../../src/okta/index.js";
import type { FakeFactor, FakeUserWithFactors } from "../okta-fake/factors.js";
import { startFakeOkta, type FakeOkta } from "../okta-fake/server.js";
import { reportModel } from "../report/fixture.js";
import { oktaEnv, oktaState, SERVICE_APP, startOkta } from "./fixture.js";
import { runAccessAsync } from "./run-async.js";

const { dir, model } = reportModel();
const WITH_USERS_READ = { ...SERVICE_APP, grantedScopes: [...SERVICE_APP.grantedScopes, "okta.users.read"] };
const PUSH: FakeFactor = { id: "opf1", factorType: "push", provider: "OKTA" };
const TOTP: FakeFactor = { id: "ost1", factorType: "token:software:totp", provider: "GOOGLE" };
const WEBAUTHN: FakeFactor = { id: "fwf1", factorType: "webauthn", provider: "FIDO" };
const FASTPASS: FakeFactor = { id: "opf2", factorType: "signed_nonce", provider: "OKTA" };

let fake: FakeOkta | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

/** The report fixture's Okta, platform-admin (privileged) holding dee, and ann added to it; factors per login. */
async function start(factors: Record<string, FakeFactor[]>, app = WITH_USERS_READ): Promise<FakeOkta> {
  const state = oktaState();
  state.groups.find((g) => g.name === "platform-admin")!.members.push("00u1", "00u3"); // ann (active), cy (suspended)
  for (const user of state.users as FakeUserWithFactors[]) user.factors = factors[user.profile.login] ?? [];
  fake = await startFakeOkta(state, app, { pageSize: 2 });
  return fake;
}

async function check(okta: FakeOkta) {
  const creds = oktaCredentialsFromEnv(oktaEnv(okta), model.organization.okta)!;
  const groups = await readModelGroups(model, oktaReader(creds));
  return checkPhishingResistantFactors(model, groups.members, oktaFactorReader(creds));
}

const lineOf = (name: string) => readFileSync(join(dir, "groups.yaml"), "utf8").split("\n").findIndex((l) => l.includes(`name: ${name}`)) + 1;

describe("phishing-resistant factors of privileged members", () => {
  it("warns at the privileged group naming the active members with only push, OTP or nothing", async () => {
    const okta = await start({ "dee@example.com": [PUSH, TOTP], "ann@example.com": [], "cy@example.com": [] });
    const r = await check(okta);
    expect(r.readable).toBe(true);
    expect(r.findings.map((f) => [f.severity, f.code, f.line])).toEqual([["warning", "okta-phishing-resistant-factor-missing", lineOf("platform-admin")]]);
    expect(r.findings[0]!.message).toContain('group "platform-admin" gets the privileged sign-on tier, which allows only phishing-resistant factors, but 2 of its 2 active members have none enrolled (ann@example.com, dee@example.com)');
    // Suspended cy is not asked about; the non-privileged bi-analysts are not checked at all.
    const asked = okta.requests.filter((q) => q.path.endsWith("/factors")).map((q) => q.path);
    expect(asked.sort()).toEqual(["/api/v1/users/00u1/factors", "/api/v1/users/00u4/factors"]);
  });

  it("counts an active WebAuthn or FastPass (signed_nonce) factor, not one still pending", async () => {
    const pending: FakeFactor = { ...WEBAUTHN, id: "fwf2", status: "PENDING_ACTIVATION" };
    const okta = await start({ "dee@example.com": [PUSH, WEBAUTHN], "ann@example.com": [pending] });
    const first = await check(okta);
    expect(first.findings.map((f) => f.message)).toEqual([expect.stringContaining("1 of its 2 active members has none enrolled (ann@example.com)")]);
    (okta.state.users.find((u) => u.id === "00u1") as FakeUserWithFactors).factors = [FASTPASS];
    expect((await check(okta)).findings).toEqual([]);
  });

  it("says the check was skipped, and why, when the service app lacks okta.users.read", async () => {
    const okta = await start({ "dee@example.com": [PUSH] }, SERVICE_APP);
    const r = await check(okta);
    expect(r).toMatchObject({ readable: false, reason: expect.stringContaining("the service app needs okta.users.read") });
  });

  it("answers Okta's errors for an unknown user and a token without the scope", async () => {
    const okta = await start({});
    const creds = oktaCredentialsFromEnv(oktaEnv(okta), model.organization.okta)!;
    expect(await oktaFactorReader(creds).factors("00u-gone")).toBeUndefined();
    const token = await fetch(`${okta.url}/api/v1/users/00u4/factors`, { headers: { authorization: "Bearer nope" } });
    expect(token.status).toBe(401);
  });
});

describe("access okta-check", () => {
  it("prints the warning at the group's file:line and still exits 0 (a warning, not an error)", async () => {
    const okta = await start({ "dee@example.com": [TOTP], "ann@example.com": [WEBAUTHN] });
    okta.state.groups = okta.state.groups.filter((g) => g.name !== "idle");
    okta.state.groups.push({ id: "00g-auditors", name: "auditors", members: ["00u2"] }); // no error for a missing group
    const res = await runAccessAsync(["okta-check", "--model", dir, "--today", "2026-11-28"], oktaEnv(okta));
    expect(res.stderr).toMatch(new RegExp(`groups\\.yaml:${lineOf("platform-admin")}:\\d+: warning: group "platform-admin" gets the privileged sign-on tier.*\\(dee@example\\.com\\)`));
    expect(res.stderr).toMatch(/group "auditors" gets the privileged sign-on tier.*1 of its 1 active members has none enrolled \(bob@example\.com\)/);
    expect(res.stdout).not.toContain("not checked: users' factors");
    expect(res.code).toBe(0);
  });

  it("notes in its summary, and as a workflow warning, that factors were not checked without okta.users.read", async () => {
    const okta = await startOkta();
    fake = okta;
    const text = await runAccessAsync(["okta-check", "--model", dir, "--today", "2026-11-28"], oktaEnv(okta));
    expect(text.stdout).toMatch(/; phishing-resistant factors not checked: users' factors cannot be read \(the service app needs okta\.users\.read\)/);
    const github = await runAccessAsync(["okta-check", "--model", dir, "--today", "2026-11-28", "--format", "github"], oktaEnv(okta));
    expect(github.stdout).toMatch(/^::warning::okta-check: phishing-resistant factors not checked: /m);
  });
});
