// Temporary elevation: `access elevate` checks a request against organization.elevation, writes the
// grant with an hour expiry into elevations.yaml, the diff shows it granted, and once its hour has
// come the diff (what the hourly expiry run counts) and explain revoke it. ACCESS_NOW drives time.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkRequest, endTimeText, type ElevationRequest } from "../../src/elevation/request.js";
import type { AccessDiff } from "../../src/diff/types.js";
import { explainPlans } from "../../src/explain/index.js";
import { loadModel } from "../../src/model/index.js";
import { copyExampleModel, runAccess } from "../diff/cli-helpers.js";
import { diffOf, plan } from "../explain/support.js";
import { errors, baseFiles, ORG } from "../model/fixtures.js";

const ELEVATION = "  elevation:\n    max_duration: PT4H\n    permission_sets: [PlatformAdmin]\n    requesters: [oncall-lead, \"@acme/sre-oncall\"]\n";

function modelWithElevation(): string {
  const dir = copyExampleModel();
  const org = join(dir, "organization.yaml");
  writeFileSync(org, readFileSync(org, "utf8").replace(/^organization:\n/m, `organization:\n${ELEVATION}`));
  return dir;
}

const NOW = Date.parse("2027-01-05T14:23:00Z");

describe("organization.elevation in the model", () => {
  it("refuses a permission set that does not exist, at its file:line:col", () => {
    const [err] = errors(baseFiles({ "organization.yaml": `${ORG}  elevation:\n    max_duration: PT4H\n    permission_sets: [Nope]\n    requesters: [octocat]\n` }));
    expect(err).toMatchObject({ code: "unknown-reference", file: "organization.yaml", line: 21, col: 23 });
    expect(err!.message).toContain('permission set "Nope" is not defined');
  });

  it("refuses a requester that is neither a login nor @org/team", () => {
    const found = errors(baseFiles({ "organization.yaml": `${ORG}  elevation:\n    max_duration: PT4H\n    permission_sets: [PlatformAdmin]\n    requesters: ["not a login"]\n` }));
    expect(found).toContainEqual(expect.objectContaining({ file: "organization.yaml", line: 22, col: 18, message: "a requester is a GitHub login (octocat) or a team (@acme/sre-oncall)" }));
  });
});

describe("checkRequest", () => {
  const model = loadModel(modelWithElevation(), { now: "2027-01-05T14:23Z" }).model!;
  const request = (over: Partial<ElevationRequest> = {}): ElevationRequest => ({
    group: "sre-oncall",
    permissionSet: "PlatformAdmin",
    accounts: "payments-prod",
    for: "2h",
    reason: "INC-4711 payments outage",
    requester: "oncall-lead",
    ...over,
  });
  const problems = (over: Partial<ElevationRequest>) => {
    const c = checkRequest(model, request(over), NOW);
    return c.ok ? [] : c.problems;
  };

  it("ends at the first full hour after now + the duration", () => {
    const c = checkRequest(model, request(), NOW);
    expect(c.ok && c.elevation).toMatchObject({ expires: "2027-01-05T17:00Z", selector: ["payments-prod"], requestedAt: "2027-01-05T14:23Z" });
    const until = checkRequest(model, request({ for: undefined, until: "2027-01-05T18:00+01:00" }), NOW);
    expect(until.ok && until.elevation.expires).toBe("2027-01-05T17:00Z");
  });

  it("accepts a team requester when the requester is in that team", () => {
    expect(problems({ requester: "someone", requesterTeams: ["acme/sre-oncall"] })).toEqual([]);
    expect(problems({ requester: "someone", requesterTeams: ["acme/other"] })).toEqual([expect.stringContaining("someone may not request elevation")]);
  });

  it.each<[string, Partial<ElevationRequest>, RegExp]>([
    ["a duration over the limit", { for: "5h" }, /--for 5h is longer than organization\.elevation\.max_duration PT4H/],
    ["a permission set not allowed", { permissionSet: "SREOncall" }, /permission set "SREOncall" may not be requested; organization\.elevation\.permission_sets allows PlatformAdmin/],
    ["a timestamp without zone", { for: undefined, until: "2027-01-05T18:00" }, /--until 2027-01-05T18:00 has no time zone/],
    ["a past time", { for: undefined, until: "2027-01-05T14:00Z" }, /--until 2027-01-05T14:00Z is in the past \(now is 2027-01-05T14:23Z\)/],
    ["an end not on the hour", { for: undefined, until: "2027-01-05T16:30Z" }, /must be on the hour/],
    ["an unreadable duration", { for: "soon" }, /--for soon is not a duration/],
    ["both --for and --until", { until: "2027-01-05T16:00Z" }, /exactly one of --for/],
    ["an empty reason", { reason: " " }, /--reason must not be empty/],
    ["a reason with a workflow command", { reason: "x ::set-output" }, /--reason must not contain "##\[" or "::"/],
    ["a requester not listed", { requester: "mallory" }, /mallory may not request elevation/],
    ["a bad selector", { accounts: "{ region: x }" }, /--accounts: /],
  ])("refuses %s with a clear message", (_what, over, message) => {
    expect(problems(over).join("\n")).toMatch(message);
  });

  it("refuses everything when the organization allows no elevation", () => {
    const plain = loadModel(copyExampleModel(), { now: "2027-01-05T14:23Z" }).model!;
    const c = checkRequest(plain, request(), NOW);
    expect(!c.ok && c.problems[0]).toMatch(/organization\.elevation is not set/);
  });

  it("shows the end in UTC and in the requester's time zone", () => {
    expect(endTimeText("2027-01-05T17:00Z")).toBe("2027-01-05 17:00 UTC");
    expect(endTimeText("2027-01-05T17:00Z", "Europe/Berlin")).toMatch(/^2027-01-05 17:00 UTC \(05\/01\/2027, 18:00 (CET|GMT\+1), Europe\/Berlin\)$/);
  });
});

describe("request -> diff -> expired after the hour -> revoked (ACCESS_NOW drives time)", () => {
  const base = modelWithElevation();
  const head = modelWithElevation();
  const requested = runAccess(
    ["elevate", "--model", head, "--group", "sre-oncall", "--permission-set", "PlatformAdmin", "--accounts", "payments-prod", "--for", "2h", "--reason", "INC-4711 payments outage", "--timezone", "Europe/Berlin"],
    { ACCESS_NOW: "2027-01-05T14:23Z", GITHUB_ACTOR: "oncall-lead" },
  );

  it("writes the grant with its hour into elevations.yaml and prints the end in UTC and local time", () => {
    expect(requested.code, requested.stderr).toBe(0);
    const file = readFileSync(join(head, "elevations.yaml"), "utf8");
    expect(file).toContain("  # INC-4711 payments outage (requested by oncall-lead at 2027-01-05T14:23Z)\n  - group: \"sre-oncall\"\n    permission_set: \"PlatformAdmin\"\n    accounts: [ payments-prod ]\n    expires: 2027-01-05T17:00Z\n");
    expect(requested.stdout).toMatch(/Ends: \*\*2027-01-05 17:00 UTC \(05\/01\/2027, 18:00 (CET|GMT\+1), Europe\/Berlin\)\*\*/);
  });

  it("the diff shows the grant with its end until the hour, then revoked as expired", () => {
    const granted = JSON.parse(runAccess(["diff", "--base", base, "--head", head, "--format", "json"], { ACCESS_NOW: "2027-01-05T14:30Z" }).stdout) as AccessDiff;
    expect(granted.granted).toEqual([expect.objectContaining({ group: "sre-oncall", permission_set: "PlatformAdmin", account_name: "payments-prod", expires: "2027-01-05T17:00Z" })]);
    const expired = JSON.parse(runAccess(["diff", "--base", head, "--head", head, "--format", "json", "--base-today", "2027-01-05T16:00Z", "--head-today", "2027-01-05T17:00Z"]).stdout) as AccessDiff;
    expect(expired.revoked).toEqual([expect.objectContaining({ group: "sre-oncall", permission_set: "PlatformAdmin", reason: "expired", expires: "2027-01-05T17:00Z" })]);
  });

  it("refuses and writes nothing when the request is over the limit", () => {
    const dir = modelWithElevation();
    const res = runAccess(["elevate", "--model", dir, "--group", "sre-oncall", "--permission-set", "PlatformAdmin", "--accounts", "payments-prod", "--for", "6h", "--reason", "x", "--requester", "oncall-lead", "--now", "2027-01-05T14:23Z"]);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("access elevate: refused:\n- --for 6h is longer than organization.elevation.max_duration PT4H");
    expect(existsSync(join(dir, "elevations.yaml"))).toBe(false);
  });
});

describe("explain of the expiry run's plan", () => {
  it("explains the revocation of an hour grant as expired, revoked since its hour", () => {
    const diff = diffOf("expired");
    for (const t of diff.revoked) t.expires = "2026-06-30T18:00Z";
    const e = explainPlans(diff, [plan("expired")]);
    expect(e.explained).toBe(true);
    expect(e.changes[0]!.reason).toBe("readers ReadOnly in dev (111111111111) is revoked: its grant expired on 2026-06-30T18:00Z (revoked since 2026-06-30T18:00Z)");
  });
});
