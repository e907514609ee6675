// The expiry run works per hour: it runs hourly, pins the hour it judges expiry at, and the
// last-applied record keeps that hour, so an hour grant is revoked within the hour it ends.
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { parseWorkflow } from "./workflow-checks.js";
import { mutations, requireJq, runScript, stubCommand } from "./script-harness.js";

beforeAll(requireJq);

const A = "a".repeat(40);
const B = "b".repeat(40);
const TAG_OBJ = "c".repeat(40);
const record = (message: string) => [
  { when: ["git/ref/tags/access-last-applied"], stdout: JSON.stringify({ object: { sha: TAG_OBJ, type: "tag" } }) },
  { when: [`git/tags/${TAG_OBJ}`], stdout: JSON.stringify({ object: { sha: A }, message }) },
];

describe("expiry.yml per hour", () => {
  const wf = parseWorkflow(readFileSync(".github/workflows/expiry.yml", "utf8"), "expiry.yml");
  const on = wf.doc.on as { schedule: { cron: string }[] };

  it("runs every hour", () => {
    const [minute, hour, day, month, weekday] = on.schedule[0]!.cron.split(" ");
    expect([hour, day, month, weekday]).toEqual(["*", "*", "*", "*"]);
    expect(Number(minute)).toBeGreaterThanOrEqual(0);
  });

  it("judges expiry at the hour of the run, the same form the apply workflow records", () => {
    expect(wf.text).toContain("today=$(date -u +%FT%H:00Z)");
    expect(readFileSync(".github/workflows/apply.yml", "utf8")).toContain("today=$(date -u +%FT%H:00Z)");
  });
});

describe("last-applied.sh keeps the hour", () => {
  it("reads an hour record", () => {
    const gh = stubCommand("gh", [{ when: ["compare/"], stdout: "ahead" }, ...record(`commit: ${A}\ntoday: 2026-01-05T18:00Z\nrun: x\n`)]);
    const run = runScript("last-applied.sh", ["read"], gh.env);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toBe(`commit=${A}\ntoday=2026-01-05T18:00Z\n`);
  });

  it("refuses an hour record later than this hour", () => {
    const gh = stubCommand("gh", [{ when: ["compare/"], stdout: "ahead" }, ...record(`commit: ${A}\ntoday: 2999-01-05T18:00Z\n`)]);
    const run = runScript("last-applied.sh", ["read"], gh.env);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("which is missing or after");
  });

  it("records an hour after a day record of the same day (an hour sorts after its day)", () => {
    const gh = stubCommand("gh", [{ when: ["compare/"], stdout: "ahead" }, { when: ["--method POST", "git/tags"], stdout: "d".repeat(40) }, ...record(`today: 2027-01-05\n`)]);
    const run = runScript("last-applied.sh", ["record", B, "2027-01-05T18:00Z"], gh.env);
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(mutations(gh.calls())[0]!.stdin!).message).toContain("today: 2027-01-05T18:00Z");
  });

  it("never moves back to an earlier hour, and refuses an hour that is not on the hour", () => {
    const earlier = stubCommand("gh", [{ when: ["compare/"], stdout: "identical" }, ...record(`today: 2027-01-05T19:00Z\n`)]);
    expect(runScript("last-applied.sh", ["record", B, "2027-01-05T18:00Z"], earlier.env).status).toBe(1);
    expect(mutations(earlier.calls())).toEqual([]);
    const odd = stubCommand("gh", []);
    const run = runScript("last-applied.sh", ["record", B, "2027-01-05T18:30Z"], odd.env);
    expect(run.status).toBe(64);
    expect(run.stderr).toContain("TODAY must be YYYY-MM-DD or YYYY-MM-DDTHH:00Z");
  });
});
