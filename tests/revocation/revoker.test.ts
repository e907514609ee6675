// The revoker against the local Organizations and Identity Store emulator, fed real-shaped Okta
// System Log events from EventBridge: one entry with the right id and until per deactivation,
// nothing changed by replays, refusals logged, pruning, spill into the second policy.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AttachPolicyCommand, CreatePolicyCommand, DescribePolicyCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { IdentitystoreClient } from "@aws-sdk/client-identitystore";
import { startEmulator, type Emulator } from "../emulator/index.js";
import { EMPTY_DENY_POLICY, parseDenyPolicy } from "../../src/revocation/policy-document.js";
import { handleRevocationEvent, type RevokerDeps } from "../../src/revocation/revoker.js";
import { deactivation, oktaEvent, SOURCE, USERS_GROUP } from "./fixtures.js";

const STORE = "d-0123456789";
let emulator: Emulator;
let org: OrganizationsClient;
let store: IdentitystoreClient;
let policyIds: string[];
let logs: Record<string, unknown>[];
let clock: Date;

const creds = { accessKeyId: "t", secretAccessKey: "t" };

beforeEach(async () => {
  emulator = await startEmulator();
  org = new OrganizationsClient({ endpoint: emulator.url, region: "us-east-1", credentials: creds, maxAttempts: 1 });
  store = new IdentitystoreClient({ endpoint: emulator.url, region: "us-east-1", credentials: creds, maxAttempts: 1 });
  // What the revocation stack's Terraform creates: two empty shells attached to the root.
  policyIds = [];
  for (const n of [1, 2]) {
    const id = (await org.send(new CreatePolicyCommand({ Name: `access-revocation-deny-${n}`, Description: "x", Type: "SERVICE_CONTROL_POLICY", Content: EMPTY_DENY_POLICY }))).Policy!.PolicySummary!.Id!;
    await org.send(new AttachPolicyCommand({ PolicyId: id, TargetId: "r-a1b2" }));
    policyIds.push(id);
  }
  logs = [];
  clock = new Date("2026-12-04T17:02:15Z");
});
afterEach(async () => {
  org.destroy();
  store.destroy();
  await emulator.close();
});

function deps(): RevokerDeps {
  return {
    target: { organizations: org, identityStore: store, identityStoreId: STORE, policyPrefix: "access-revocation-deny-" },
    settings: { source: SOURCE, usersGroup: USERS_GROUP, longestSessionSeconds: 8 * 3600, marginSeconds: 900, managementAccount: "999999999999", managementAccountPermissionSets: [] },
    now: () => clock,
    log: (r) => logs.push(r),
  };
}

async function entries() {
  const out = [];
  for (const [i, id] of policyIds.entries()) {
    const content = (await org.send(new DescribePolicyCommand({ PolicyId: id }))).Policy!.Content!;
    out.push(...parseDenyPolicy(content, `p${i + 1}`));
  }
  return out;
}

describe("the revoker", () => {
  it("turns a deactivation into exactly one deny entry with the person's user id and until", async () => {
    const userId = emulator.addUser("leaver@example.com");
    emulator.addUser("stayer@example.com");
    const out = await handleRevocationEvent(deactivation(), deps());
    expect(out).toMatchObject({ kind: "revoked", result: { outcome: "added", changedPolicies: ["access-revocation-deny-1"] } });
    // published 17:02:09Z + PT8H + 15 min margin, rounded up to the quarter hour
    expect(await entries()).toEqual([{ userId, until: "2026-12-05T01:30:00Z" }]);
    expect(logs).toEqual([expect.objectContaining({ decision: "revoke", outcome: "added", login: "leaver@example.com", userId, until: "2026-12-05T01:30:00Z", actor: "hr.admin@example.com" })]);
  });

  it("changes nothing on a duplicate delivery, a replay or an older event arriving late", async () => {
    emulator.addUser("leaver@example.com");
    await handleRevocationEvent(deactivation(), deps());
    const before = await entries();
    emulator.resetCalls();
    clock = new Date("2026-12-04T18:00:00Z");
    await handleRevocationEvent(deactivation(), deps());
    await handleRevocationEvent(oktaEvent({ eventType: "user.lifecycle.suspend", uuid: "older", published: "2026-12-04T16:00:00Z" }), deps());
    expect(emulator.calls.UpdatePolicy ?? 0).toBe(0);
    expect(await entries()).toEqual(before);
    // a re-activation is not an event the revoker acts on: the entry stays until it expires
    await handleRevocationEvent(oktaEvent({ eventType: "user.lifecycle.reactivate", uuid: "re" }), deps());
    expect(await entries()).toEqual(before);
  });

  it("refuses and logs a malformed or unsigned event, and changes nothing", async () => {
    emulator.addUser("leaver@example.com");
    const unsigned = { ...deactivation(), source: "my.own.app" };
    const malformed = deactivation();
    delete malformed.detail.published;
    const noTarget = deactivation();
    noTarget.detail.target = [];
    for (const e of [unsigned, malformed, noTarget, "not json", null]) {
      expect((await handleRevocationEvent(e, deps())).kind).toBe("refused");
    }
    expect(logs.map((l) => [l.level, l.decision])).toEqual(Array(5).fill(["ERROR", "refused"]));
    expect(logs[0]!.reason).toMatch(/not signed by the partner bus/);
    expect(emulator.calls.UpdatePolicy ?? 0).toBe(0);
    expect(await entries()).toEqual([]);
  });

  it("acts on leaving the AWS users group only, and ignores failed changes", async () => {
    const userId = emulator.addUser("leaver@example.com");
    expect((await handleRevocationEvent(oktaEvent({ group: "engineering" }), deps())).kind).toBe("ignored");
    expect((await handleRevocationEvent(oktaEvent({ outcome: "FAILURE" }), deps())).kind).toBe("ignored");
    expect(await entries()).toEqual([]);
    await handleRevocationEvent(oktaEvent({ group: USERS_GROUP }), deps());
    expect((await entries()).map((e) => e.userId)).toEqual([userId]);
  });

  it("prunes only the expired entries when it writes", async () => {
    const early = emulator.addUser("early@example.com");
    const late = emulator.addUser("late@example.com");
    await handleRevocationEvent(oktaEvent({ login: "early@example.com", uuid: "e1", published: "2026-12-04T08:00:00Z" }), { ...deps(), now: () => new Date("2026-12-04T08:00:05Z") });
    await handleRevocationEvent(oktaEvent({ login: "late@example.com", uuid: "e2", published: "2026-12-04T12:00:00Z" }), { ...deps(), now: () => new Date("2026-12-04T12:00:05Z") });
    expect((await entries()).map((e) => e.userId)).toEqual([early, late]);
    // 17:02: early (until 16:15) has expired, late (until 20:15) has not
    const newcomer = emulator.addUser("leaver@example.com");
    const out = await handleRevocationEvent(deactivation(), deps());
    expect(out).toMatchObject({ kind: "revoked", result: { pruned: [{ userId: early }] } });
    expect((await entries()).map((e) => e.userId)).toEqual([late, newcomer]);
  });

  it("spills into the second policy when the first is full", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 25; i++) {
      const login = `p${i}@example.com`;
      ids.push(emulator.addUser(login));
      const published = new Date(Date.parse("2026-12-04T10:00:00Z") + i * 900_000).toISOString();
      await handleRevocationEvent(oktaEvent({ login, uuid: `u${i}`, published }), { ...deps(), now: () => new Date(published) });
    }
    const [first, second] = await Promise.all(policyIds.map(async (id) => (await org.send(new DescribePolicyCommand({ PolicyId: id }))).Policy!.Content!));
    expect(first!.length).toBeLessThanOrEqual(5120);
    expect(parseDenyPolicy(second!, "p2").length).toBeGreaterThan(0);
    expect((await entries()).map((e) => e.userId).sort()).toEqual([...ids].sort());
  });

  it("sends the record to the repository when the list changed, and a failed dispatch keeps the deny", async () => {
    emulator.addUser("leaver@example.com");
    const sent: Record<string, unknown>[] = [];
    await handleRevocationEvent(deactivation(), { ...deps(), dispatch: async (p) => void sent.push(p) });
    expect(sent).toEqual([expect.objectContaining({ outcome: "added", login: "leaver@example.com" })]);
    await handleRevocationEvent(deactivation(), { ...deps(), dispatch: async (p) => void sent.push(p) });
    expect(sent).toHaveLength(1); // a replay changes nothing, so nothing is recorded
    emulator.addUser("other@example.com");
    await handleRevocationEvent(oktaEvent({ login: "other@example.com", uuid: "o1" }), { ...deps(), dispatch: async () => Promise.reject(new Error("HTTP 401")) });
    expect(logs.at(-1)).toMatchObject({ level: "ERROR", decision: "dispatch-failed" });
    expect(await entries()).toHaveLength(2);
  });

  it("refuses the management account, where SCPs do not bind, and says so", async () => {
    emulator.addUser("leaver@example.com");
    const d = deps();
    await handleRevocationEvent(deactivation(), { ...d, settings: { ...d.settings, managementAccountPermissionSets: ["BillingAdmin"] } });
    expect(logs.at(-1)).toMatchObject({ level: "WARN", decision: "management-account-refused", reason: expect.stringMatching(/do not bind the management account 999999999999; the model assigns BillingAdmin there/) });
    expect(await entries()).toHaveLength(1); // the member accounts are still covered
  });

  it("logs, changes nothing and says so when the Identity Store has no such user", async () => {
    const out = await handleRevocationEvent(deactivation(), deps());
    expect(out).toMatchObject({ kind: "revoked", result: { outcome: "no-store-user" } });
    expect(logs[0]).toMatchObject({ level: "ERROR", reason: expect.stringMatching(/no user named leaver@example.com/) });
    expect(await entries()).toEqual([]);
  });
});

describe("the revoker when the deny list cannot take the entry", () => {
  it("logs the failure with the person and event, throws (EventBridge retries) and writes nothing", async () => {
    const em = await startEmulator();
    const o = new OrganizationsClient({ endpoint: em.url, region: "us-east-1", credentials: creds, maxAttempts: 1 });
    const s = new IdentitystoreClient({ endpoint: em.url, region: "us-east-1", credentials: creds, maxAttempts: 1 });
    try {
      em.addUser("leaver@example.com");
      const log: Record<string, unknown>[] = [];
      const d: RevokerDeps = {
        target: { organizations: o, identityStore: s, identityStoreId: STORE, policyPrefix: "access-revocation-deny-" },
        settings: { source: SOURCE, usersGroup: USERS_GROUP, longestSessionSeconds: 3600, marginSeconds: 0, managementAccount: "999999999999", managementAccountPermissionSets: [] },
        now: () => new Date("2026-12-04T17:02:15Z"),
        log: (r) => log.push(r),
      };
      await expect(handleRevocationEvent(deactivation(), d)).rejects.toThrow(/no service control policy named access-revocation-deny-\* is attached/);
      expect(log).toEqual([expect.objectContaining({ level: "ERROR", decision: "revoke-failed", login: "leaver@example.com" })]);
      expect(em.calls.UpdatePolicy ?? 0).toBe(0);
    } finally {
      o.destroy();
      s.destroy();
      await em.close();
    }
  });
});
