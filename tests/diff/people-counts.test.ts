// With people counts from Okta, the risks say how many people each change reaches; without them
// the diff is exactly what it was.
import { describe, expect, it } from "vitest";
import { diffModels } from "../../src/diff/diff-models.js";
import { renderDiffMarkdown } from "../../src/diff/markdown.js";
import { ACCOUNTS, group, model, permissionSet } from "./model-fixtures.js";

const sets = [permissionSet("BIReadOnly"), permissionSet("Admin", { privileged: true, privilegedReasons: ["attaches AdministratorAccess"] })];
const base = model({
  accounts: ACCOUNTS,
  groups: [group("bi-analysts"), group("ops"), group("solo")],
  permissionSets: sets,
  assignments: [
    ["bi-analysts", "BIReadOnly", "111111111111"],
    ["ops", "BIReadOnly", "111111111111"],
  ],
});
const head = model({
  accounts: ACCOUNTS,
  groups: [group("bi-analysts"), group("solo")],
  permissionSets: sets,
  assignments: [
    ["bi-analysts", "BIReadOnly", "111111111111"],
    ["bi-analysts", "BIReadOnly", "333333333333"],
    ["solo", "Admin", "222222222222"],
  ],
});
const people = new Map([
  ["bi-analysts", 37],
  ["ops", 4],
  ["solo", 1],
]);

describe("people counts in the risks", () => {
  const withPeople = diffModels(base, head, { people });
  const without = diffModels(base, head);

  it("name the people each grant reaches", () => {
    const byCode = (code: string) => withPeople.risks.filter((r) => r.code === code);
    expect(byCode("production-access-granted")[0]).toMatchObject({ message: expect.stringMatching(/^bi-analysts \(37 people\) gains BIReadOnly in 1 production account/), people: 37 });
    expect(byCode("privileged-access-granted")[0]).toMatchObject({ message: expect.stringMatching(/^solo \(1 person\) gains privileged access Admin/), people: 1 });
    expect(byCode("group-removed")[0]).toMatchObject({ message: expect.stringMatching(/^Group ops \(4 people\) is removed/), people: 4 });
    expect(renderDiffMarkdown(withPeople)).toContain("bi-analysts (37 people) gains BIReadOnly");
  });

  it("leave everything else as it is without Okta", () => {
    expect(without.risks.every((r) => r.people === undefined)).toBe(true);
    expect(without.risks.map((r) => r.message)).toEqual(withPeople.risks.map((r) => r.message.replace(/ \((\d+ people|1 person)\)/, "")));
    expect({ ...without, risks: [] }).toEqual({ ...withPeople, risks: [] });
  });

  it("leave a group Okta does not know without a count", () => {
    const partial = diffModels(base, head, { people: new Map([["ops", 4]]) });
    expect(partial.risks.find((r) => r.code === "production-access-granted")!.message).toMatch(/^bi-analysts gains/);
  });
});
