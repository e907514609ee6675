// The deny list as data: until, idempotent adds, pruning, packing into SCP documents and back.
import { describe, expect, it } from "vitest";
import { addEntry, coverOf, pruneEntries, untilFor, type StoredEntry } from "../../src/revocation/entries.js";
import { DenyListFullError, DenyPolicyFormatError, EMPTY_DENY_POLICY, parseDenyPolicy, renderDenyPolicies, SCP_MAX_CHARS } from "../../src/revocation/policy-document.js";

const id = (n: number) => `9a1b2c3d4e-${String(n).padStart(8, "0")}-1111-2222-3333-444455556666`;
const now = new Date("2026-12-04T17:05:00Z");

describe("until", () => {
  it("is the revocation time plus the longest session plus the margin, rounded up to the quarter hour", () => {
    expect(untilFor(new Date("2026-12-04T17:02:09.412Z"), 8 * 3600, 900)).toBe("2026-12-05T01:30:00Z");
    expect(untilFor(new Date("2026-12-04T17:00:00Z"), 12 * 3600, 0)).toBe("2026-12-05T05:00:00Z");
  });
});

describe("adding entries", () => {
  const entry = { userId: id(1), until: "2026-12-05T01:30:00Z" };

  it("adds one entry, and a replay or duplicate changes nothing", () => {
    const first = addEntry([], entry, now);
    expect(first).toEqual({ entries: [entry], outcome: "added" });
    expect(addEntry(first.entries, entry, now)).toEqual({ entries: [entry], outcome: "unchanged" });
  });

  it("never shortens an entry (an older event arriving late) but extends it for a later one", () => {
    const list = [entry];
    expect(addEntry(list, { ...entry, until: "2026-12-05T00:00:00Z" }, now).outcome).toBe("unchanged");
    expect(addEntry(list, { ...entry, until: "2026-12-05T02:00:00Z" }, now)).toEqual({ entries: [{ ...entry, until: "2026-12-05T02:00:00Z" }], outcome: "extended" });
  });

  it("does not add an entry that already ended, nor an id that is not an Identity Store user id", () => {
    expect(addEntry([], { ...entry, until: "2026-12-04T17:00:00Z" }, now).outcome).toBe("expired");
    expect(() => addEntry([], { userId: "alice", until: entry.until }, now)).toThrow(/not an Identity Store user id/);
  });

  it("prunes only expired entries", () => {
    const list: StoredEntry[] = [
      { userId: id(1), until: "2026-12-04T17:00:00Z" },
      { userId: id(2), until: "2026-12-04T17:05:00Z" },
      { userId: id(3), until: "2026-12-04T17:15:00Z" },
    ];
    expect(pruneEntries(list, now)).toEqual({ kept: [list[2]], pruned: [list[0], list[1]] });
    expect(coverOf(list, id(3), now)).toEqual(list[2]);
    expect(coverOf(list, id(1), now)).toBeUndefined();
  });
});

describe("policy documents", () => {
  it("renders a deny of every action for the listed ids until their instant, and reads it back", () => {
    const list = [
      { userId: id(1), until: "2026-12-05T01:30:00Z" },
      { userId: id(2), until: "2026-12-05T01:30:00Z" },
      { userId: id(3), until: "2026-12-05T02:00:00Z" },
    ];
    const [doc, spare] = renderDenyPolicies(list, 2);
    const parsed = JSON.parse(doc!);
    expect(parsed.Statement[0]).toEqual({
      Sid: "RevokedUntil20261205T013000Z",
      Effect: "Deny",
      Action: "*",
      Resource: "*",
      Condition: { StringEquals: { "identitystore:userId": [id(1), id(2)] }, DateLessThan: { "aws:CurrentTime": "2026-12-05T01:30:00Z" } },
    });
    expect(spare).toBe(EMPTY_DENY_POLICY);
    expect(parseDenyPolicy(doc!, "p1")).toEqual(list);
    expect(parseDenyPolicy(EMPTY_DENY_POLICY, "p2")).toEqual([]);
  });

  it("spills into a second policy when the first reaches 5,120 characters", () => {
    const list = Array.from({ length: 30 }, (_, i) => ({ userId: id(i), until: new Date(Date.parse("2026-12-05T00:00:00Z") + i * 900_000).toISOString().replace(".000Z", "Z") }));
    const docs = renderDenyPolicies(list, 3);
    expect(docs[0]!.length).toBeLessThanOrEqual(SCP_MAX_CHARS);
    expect(docs[1]).not.toBe(EMPTY_DENY_POLICY);
    expect(docs[2]).toBe(EMPTY_DENY_POLICY);
    expect([...parseDenyPolicy(docs[0]!, "a"), ...parseDenyPolicy(docs[1]!, "b")]).toEqual(list);
  });

  it("says the list cannot grow when the entries need more policies than are attached", () => {
    const list = Array.from({ length: 30 }, (_, i) => ({ userId: id(i), until: new Date(Date.parse("2026-12-05T00:00:00Z") + i * 900_000).toISOString().replace(".000Z", "Z") }));
    expect(() => renderDenyPolicies(list, 1)).toThrow(DenyListFullError);
    expect(() => renderDenyPolicies(list, 1)).toThrow(/cannot grow: 30 entries need 2 .* only 1 deny-list policy is attached/);
  });

  it("refuses to read a policy somebody edited by hand", () => {
    const edited = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] });
    expect(() => parseDenyPolicy(edited, "p1")).toThrow(DenyPolicyFormatError);
  });
});
