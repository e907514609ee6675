// `expires` with hour precision: a grant that ends at an instant on the hour (with its zone),
// judged against "now" (an instant), while a day keeps meaning "the last valid day".
import { describe, expect, it } from "vitest";
import { expiringWithin, loadGrants } from "../../src/model/index.js";
import { baseFiles, errors, load, writeModel } from "./fixtures.js";

const assign = (expires: string) => ({
  "assignments.yaml": `assignments:\n  - group: platform-admin\n    permission_set: PlatformAdmin\n    accounts: [production]\n    expires: ${expires}\n`,
});

const live = (expires: string, now: string) => load(baseFiles(assign(expires)), now).model!.assignments.map((a) => `${a.group} ${a.permissionSet} ${a.accountName}`);

describe("expires with hour precision", () => {
  it("keeps the grant until its hour and leaves it out from that hour on", () => {
    expect(live("2027-01-05T18:00Z", "2027-01-05T17:59Z")).toEqual(["platform-admin PlatformAdmin production"]);
    expect(live("2027-01-05T18:00Z", "2027-01-05T18:00Z")).toEqual([]);
    expect(live("2027-01-05T18:00Z", "2027-01-06")).toEqual([]);
  });

  it("reads an offset and keeps the instant in UTC", () => {
    const model = load(baseFiles(assign('"2027-01-05T19:00+01:00"')), "2027-01-05T17:00Z").model!;
    expect(model.assignments[0]!.expires).toBe("2027-01-05T18:00Z");
    expect(live('"2027-01-05T19:00+01:00"', "2027-01-05T18:00Z")).toEqual([]);
  });

  it("a day still means its whole last day: a day given for now is 00:00 UTC of it", () => {
    expect(live("2027-01-05", "2027-01-05T23:00Z")).toEqual(["platform-admin PlatformAdmin production"]);
    expect(live("2027-01-05", "2027-01-06")).toEqual([]);
  });

  it("the expired grant carries its hour, for the diff's reason and explain", () => {
    const model = load(baseFiles(assign("2027-01-05T18:00Z")), "2027-01-05T19:00Z").model!;
    expect(model.expired).toEqual([expect.objectContaining({ accountName: "production", expires: "2027-01-05T18:00Z" })]);
  });

  it("two entries for one triple: it lasts as long as the later end, comparing days with hours", () => {
    const files = baseFiles({
      "assignments.yaml":
        "assignments:\n  - { group: platform-admin, permission_set: PlatformAdmin, accounts: [production], expires: 2027-01-05 }\n  - { group: platform-admin, permission_set: PlatformAdmin, accounts: [production], expires: 2027-01-06T02:00Z }\n",
    });
    expect(load(files, "2027-01-06T01:00Z").model!.assignments[0]!.expires).toBe("2027-01-06T02:00Z");
  });

  it.each([
    ["2027-01-05T18:00", /has no time zone: write it in UTC with a Z \(e\.g\. 2027-01-05T18:00Z\)/],
    ["2027-01-05T18:30Z", /must be on the hour .* e\.g\. 2027-01-05T18:00Z/],
    ['"2027-01-05T18:00+05:30"', /must be on the hour .* e\.g\. 2027-01-05T12:00Z/],
    ["2027-02-30T18:00Z", /not a real calendar date/],
    ["2027-01-05T25:00Z", /not a real time of day/],
    ["tomorrow", /must be a day \(YYYY-MM-DD\) or an instant with its zone/],
  ])("refuses %s at its file:line:col with what to write", (value, message) => {
    const [err] = errors(baseFiles(assign(value)));
    expect(err).toEqual(expect.objectContaining({ code: expect.any(String), file: "assignments.yaml", line: 5, col: 14 }));
    expect(err!.message).toMatch(message);
  });

  it("lists an hour grant as expiring today, and not once its hour has come", () => {
    const { grants } = loadGrants(writeModel(baseFiles(assign("2027-01-05T18:00Z"))));
    expect(expiringWithin(grants!, "2027-01-05T10:00Z", 0)).toHaveLength(1);
    expect(expiringWithin(grants!, "2027-01-05T18:00Z", 0)).toHaveLength(0);
    expect(expiringWithin(grants!, "2027-01-04", 0)).toHaveLength(0);
    expect(expiringWithin(grants!, "2027-01-04", 1)).toHaveLength(1);
  });
});
