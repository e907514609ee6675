// When access has provably ended, and every reason it has not.
import { describe, expect, it } from "vitest";
import { SIGNED_OUT_STATUSES } from "../../src/okta/person.js";
import { leaverVerdict, type LeaverFacts } from "../../src/person/leaver-verdict.js";

const facts = (over: Partial<LeaverFacts> = {}): LeaverFacts => ({
  okta: { status: "DEPROVISIONED", statusChanged: "2026-06-01T10:00:00.000Z" },
  signedOutStatuses: SIGNED_OUT_STATUSES,
  store: { userId: "9a1b2c3d4e-00000001-1111-2222-3333-444455556666", status: "DISABLED" },
  storeGroups: [],
  longestSessionSeconds: 8 * 3600,
  managementAccountPermissionSets: [],
  now: new Date("2026-06-01T12:00:00Z"),
  ...over,
});

describe("leaver verdict", () => {
  it("is ended when a deny entry lasts past the last session", () => {
    const v = leaverVerdict(facts({ deny: { userId: facts().store!.userId, until: "2026-06-01T18:15:00Z" } }));
    expect(v).toMatchObject({ ended: true, gaps: [], sessionsEndBy: "2026-06-01T18:00:00Z" });
  });

  it("is ended without a deny entry once every session has run out", () => {
    expect(leaverVerdict(facts({ now: new Date("2026-06-01T18:00:01Z") })).ended).toBe(true);
  });

  it("is not ended while the person is active in Okta, whatever the deny list says", () => {
    const v = leaverVerdict(facts({ okta: { status: "ACTIVE" }, deny: { userId: facts().store!.userId, until: "2026-06-02T00:00:00Z" } }));
    expect(v.ended).toBe(false);
    expect(v.gaps).toEqual([expect.stringMatching(/ACTIVE in Okta/)]);
  });

  it("is not ended without a deny entry, with a deny entry that ends too early, or without an Identity Store id", () => {
    expect(leaverVerdict(facts()).gaps).toEqual([expect.stringMatching(/no deny entry covers .* until 2026-06-01T18:00:00Z; run access leaver --revoke/)]);
    expect(leaverVerdict(facts({ deny: { userId: facts().store!.userId, until: "2026-06-01T13:00:00Z" } })).gaps).toEqual([expect.stringMatching(/ends 2026-06-01T13:00:00Z, before the last session/)]);
    const { store: _, ...noStore } = facts();
    expect(leaverVerdict(noStore).gaps).toEqual([expect.stringMatching(/no user for this login/)]);
  });

  it("is not ended while sessions in the management account, which SCPs do not bind, may be live", () => {
    const v = leaverVerdict(facts({ deny: { userId: facts().store!.userId, until: "2026-06-01T18:15:00Z" }, managementAccountPermissionSets: ["BillingAdmin"] }));
    expect(v.ended).toBe(false);
    expect(v.gaps).toEqual([expect.stringMatching(/do not bind the management account, where they hold BillingAdmin/)]);
  });

  it("notes when SCIM has not deprovisioned the Identity Store user", () => {
    const v = leaverVerdict(facts({ store: { userId: facts().store!.userId, status: "ENABLED" }, storeGroups: ["sre"], now: new Date("2026-06-02T00:00:00Z") }));
    expect(v.ended).toBe(true);
    expect(v.notes.join("\n")).toMatch(/still ENABLED: SCIM has not deprovisioned it[\s\S]*1 group: sre/);
  });
});
