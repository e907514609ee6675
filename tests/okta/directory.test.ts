import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_RATE_LIMIT_RETRIES } from "../../src/okta/directory.js";
import { oktaCredentialsFromEnv, oktaReader, OktaConfigError } from "../../src/okta/index.js";
import type { FakeOkta } from "../okta-fake/server.js";
import { oktaEnv, pushMapping, startOkta } from "./fixture.js";

const ORG = { orgName: "acme", baseUrl: "okta.com" };

describe("the read-only Okta client against the local fake Okta", () => {
  let fake: FakeOkta;
  beforeAll(async () => {
    fake = await startOkta();
  });
  afterAll(() => fake.close());

  const reader = () => oktaReader(oktaCredentialsFromEnv(oktaEnv(fake), ORG)!);

  it("gets a token with a private-key JWT assertion and follows Link pagination for groups and members", async () => {
    fake.requests.length = 0;
    const r = reader();
    const groups = await r.groups();
    expect(groups.map((g) => g.name)).toEqual(["Everyone", "bi-analysts", "bi-analysts", "platform-admin", "idle", "AWS users"]);
    const members = await r.members("00g-bi");
    expect(members.map((m) => [m.login, m.name, m.status])).toEqual([
      ["ann@example.com", "ann Example", "ACTIVE"],
      ["bob@example.com", "bob Example", "ACTIVE"],
      ["cy@example.com", "cy Example", "SUSPENDED"],
    ]);
    const paths = fake.requests.map((q) => `${q.method} ${q.path.replace(/\?.*/, "")} ${q.status}`);
    expect(paths).toEqual([
      "POST /oauth2/v1/token 200",
      "GET /api/v1/groups 200",
      "GET /api/v1/groups 200",
      "GET /api/v1/groups 200", // 6 groups in pages of 2
      "GET /api/v1/groups/00g-bi/users 200",
      "GET /api/v1/groups/00g-bi/users 200", // 3 members in pages of 2
    ]);
    expect(fake.requests[2]!.path).toMatch(/after=2/);
  });

  it("reads the AWS app's group pushes by app label, and says when they cannot be read", async () => {
    const pushed = await reader().pushedGroups("AWS IAM Identity Center");
    expect(pushed).toEqual({ readable: true, appId: "0oa-aws", groupIds: new Set(["00g-bi"]) });
    fake.state.apps[1]!.pushMappings = undefined; // the push mapping API answers 403
    const unreadable = await reader().pushedGroups("AWS IAM Identity Center");
    expect(unreadable).toMatchObject({ readable: false, reason: expect.stringMatching(/cannot be read \(HTTP 403\)/) });
    expect(await reader().pushedGroups("No such app")).toMatchObject({ readable: false });
    fake.state.apps[1]!.pushMappings = [pushMapping("00g-bi")];
  });

  it("waits out a 429 until X-Rate-Limit-Reset and retries", async () => {
    fake.requests.length = 0;
    fake.rateLimitNext("/api/v1/groups/00g-admin/users");
    const members = await reader().members("00g-admin");
    expect(members.map((m) => m.login)).toEqual(["dee@example.com"]);
    const calls = fake.requests.filter((q) => q.path.startsWith("/api/v1/groups/00g-admin/users"));
    expect(calls.map((c) => c.status)).toEqual([429, 200]);
    expect(calls[1]!.retryCount).toBe("1");
    // X-Rate-Limit-Reset was the next second: the retry did not come before it
    expect(Math.floor(calls[1]!.at / 1000)).toBeGreaterThanOrEqual(Math.floor(calls[0]!.at / 1000) + 1);
  });

  it("waits out several 429s in a row, up to its retry budget, then fails", async () => {
    fake.requests.length = 0;
    for (let i = 0; i < 3; i++) fake.rateLimitNext("/api/v1/groups/00g-idle/users");
    expect(await reader().members("00g-idle")).toEqual([]);
    const calls = fake.requests.filter((q) => q.path.startsWith("/api/v1/groups/00g-idle/users"));
    expect(calls.map((c) => [c.status, c.retryCount ?? "0"])).toEqual([
      [429, "0"],
      [429, "1"],
      [429, "2"],
      [200, "3"],
    ]);
    for (let i = 0; i < MAX_RATE_LIMIT_RETRIES + 1; i++) fake.rateLimitNext("/api/v1/groups/00g-idle/users");
    await expect(reader().members("00g-idle")).rejects.toThrow(/429|rate limit/i);
  }, 60_000);

  it("fails clearly when the service app's key does not match", async () => {
    const env = { ...oktaEnv(fake), OKTA_API_PRIVATE_KEY: (await import("node:crypto")).generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" }).toString() };
    await expect(oktaReader(oktaCredentialsFromEnv(env, ORG)!).groups()).rejects.toThrow(/signature is invalid|invalid_client|401/);
  });
});

describe("Okta credentials", () => {
  it("come from the provider's variables, with read scopes by default and the org URL from the model", () => {
    const creds = oktaCredentialsFromEnv({ OKTA_API_CLIENT_ID: "c", OKTA_API_PRIVATE_KEY_ID: "k", OKTA_API_PRIVATE_KEY: "pem" }, ORG)!;
    expect(creds).toEqual({ orgUrl: "https://acme.okta.com", clientId: "c", keyId: "k", privateKey: "pem", scopes: ["okta.groups.read", "okta.apps.read"] });
    expect(oktaCredentialsFromEnv({}, ORG)).toBeUndefined();
  });

  it("refuse write scopes and a missing key", () => {
    expect(() => oktaCredentialsFromEnv({ OKTA_API_CLIENT_ID: "c", OKTA_API_PRIVATE_KEY: "pem", OKTA_API_SCOPES: "okta.groups.read,okta.groups.manage" }, ORG)).toThrow(OktaConfigError);
    expect(() => oktaCredentialsFromEnv({ OKTA_API_CLIENT_ID: "c" }, ORG)).toThrow(/OKTA_API_PRIVATE_KEY/);
  });
});
