// SCIM health: leavers still ENABLED in the Identity Store after the grace period, membership
// differences between Okta and the Identity Store, the SCIM token's expiry; pure rules first,
// then `access scim-health` against the local Okta and the emulator.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scimHealth, type ScimInputs } from "../../src/scim/health.js";
import { runAccessAsync } from "../okta/run-async.js";
import { setStatusChanged } from "../okta-fake/users.js";
import { startWorld, type World } from "./support.js";

const base = (over: Partial<ScimInputs> = {}): ScimInputs => ({
  now: new Date("2026-06-01T12:00:00Z"),
  graceSeconds: 3600,
  signedOut: [],
  storeUsers: new Map(),
  groups: [],
  scimTokenExpires: "2027-01-01",
  ...over,
});

describe("scim health rules", () => {
  it("reports a deactivated person still ENABLED in the Identity Store only after the grace period", () => {
    const storeUsers = new Map([["lee@example.com", { userId: "u-1", status: "ENABLED" }], ["max@example.com", { userId: "u-2", status: "DISABLED" }]]);
    const signedOut = [
      { login: "lee@example.com", status: "DEPROVISIONED", statusChanged: "2026-06-01T11:30:00Z" },
      { login: "max@example.com", status: "DEPROVISIONED", statusChanged: "2026-05-01T00:00:00Z" },
    ];
    expect(scimHealth(base({ storeUsers, signedOut })).problems).toEqual([]);
    const later = scimHealth(base({ storeUsers, signedOut, now: new Date("2026-06-01T12:31:00Z") }));
    expect(later.problems.map((p) => [p.kind, p.subject])).toEqual([["not-deprovisioned", "lee@example.com"]]);
  });

  it("reports membership differences both ways and a group SCIM never pushed", () => {
    const out = scimHealth(base({ groups: [{ name: "sre", okta: ["a@x", "b@x"], store: ["B@x", "c@x"] }, { name: "new", okta: ["a@x"], store: undefined }, { name: "same", okta: ["a@x"], store: ["a@x"] }] }));
    expect(out.problems.map((p) => p.message)).toEqual(["group new has 1 member(s) in Okta but no Identity Store group of that name", "group sre: missing in the Identity Store: a@x; in the Identity Store but not (or no longer active) in Okta: c@x"]);
  });

  it("warns 30 days before the SCIM token expires, and says when it has expired or is not recorded", () => {
    expect(scimHealth(base({ scimTokenExpires: "2026-07-15" })).problems).toEqual([]);
    expect(scimHealth(base({ scimTokenExpires: "2026-06-30" })).problems[0]).toMatchObject({ kind: "token-expiring", message: expect.stringMatching(/in 28 days/) });
    expect(scimHealth(base({ scimTokenExpires: "2026-06-01" })).problems[0]!.kind).toBe("token-expired");
    const { scimTokenExpires: _, ...rest } = base();
    expect(scimHealth(rest).notes).toEqual([expect.stringMatching(/scim_token_expires is not recorded/)]);
  });
});

describe("access scim-health", () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld();
  }, 60_000);
  afterAll(async () => {
    await world?.close();
  });

  it("is healthy while Okta and the Identity Store agree", async () => {
    const r = await runAccessAsync(["scim-health", "--detailed-exitcode"], world.env);
    expect(r.stdout).toMatch(/scim-health: 0 problem\(s\)/);
    expect(r.code).toBe(0);
  });

  it("finds a leaver SCIM did not deprovision and the membership it left behind", async () => {
    await world.deactivate("leaver@example.com");
    setStatusChanged(world.okta.state.users.find((u) => u.profile.login === "leaver@example.com")!, new Date(Date.now() - 2 * 3600_000).toISOString());
    const r = await runAccessAsync(["scim-health", "--detailed-exitcode", "--format", "markdown"], world.env);
    expect(r.stdout).toMatch(/`not-deprovisioned` leaver@example.com is DEPROVISIONED in Okta .* still ENABLED/);
    expect(r.stdout).toMatch(/`membership-differs` group bi-analysts: in the Identity Store but not \(or no longer active\) in Okta: leaver@example.com/);
    expect(r.code).toBe(2);
  });

  it("fails with exit 1 when Okta cannot be reached", async () => {
    const r = await runAccessAsync(["scim-health"], { ...world.env, OKTA_CLIENT_ORGURL: "http://127.0.0.1:9" });
    expect(r.stderr).toMatch(/cannot read Okta/);
    expect(r.code).toBe(1);
  });
});
