// The scripts behind the apply-time guarantees: the last-applied record, the acknowledgement
// label, the apply gates (with the real `access` CLI on real-plan fixtures), the expiry run's
// no-op path and the issue keeper. `gh` is a recording stand-in (script-harness.ts).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { mutations, requireJq, runScript, stubCommand, tempDir } from "./script-harness.js";

beforeAll(requireJq);

const FIX = resolve("tests/explain/fixtures");
const A = "a".repeat(40);
const B = "b".repeat(40);
const TAG_OBJ = "c".repeat(40);

describe("last-applied.sh", () => {
  const record = (message: string) => [
    { when: ["git/ref/tags/access-last-applied"], stdout: JSON.stringify({ object: { sha: TAG_OBJ, type: "tag" } }) },
    { when: [`git/tags/${TAG_OBJ}`], stdout: JSON.stringify({ object: { sha: A }, message }) },
  ];

  it("reads the recorded commit and date from the annotated tag", () => {
    const gh = stubCommand("gh", [{ when: ["compare/"], stdout: "ahead" }, ...record(`Access model applied.\n\ncommit: ${A}\ntoday: 2026-03-31\nrun: x\n`)]);
    const run = runScript("last-applied.sh", ["read"], gh.env);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toBe(`commit=${A}\ntoday=2026-03-31\n`);
    expect(gh.calls().some((c) => c.args.join(" ").includes(`compare/${A}...main`))).toBe(true);
  });

  it("refuses a tag moved to a commit that is not on main (a branch's code would run with production credentials)", () => {
    for (const status of ["diverged", "behind"]) {
      const gh = stubCommand("gh", [{ when: ["compare/"], stdout: status }, ...record(`commit: ${A}\ntoday: 2026-03-31\n`)]);
      const run = runScript("last-applied.sh", ["read"], gh.env);
      expect(run.status).toBe(1);
      expect(run.stdout).toBe("");
      expect(run.stderr).toContain(`not an ancestor of main ('${status}')`);
    }
  });

  it("refuses a record dated in the future (it would skip expiries) or without a date", () => {
    for (const message of ["commit: x\ntoday: 2999-01-01\n", "commit: x\n"]) {
      const gh = stubCommand("gh", [{ when: ["compare/"], stdout: "identical" }, ...record(message)]);
      const run = runScript("last-applied.sh", ["read"], gh.env);
      expect(run.status).toBe(1);
      expect(run.stderr).toContain("missing or after today");
    }
  });

  it("prints empty values when nothing was ever applied", () => {
    const gh = stubCommand("gh", [{ when: ["git/ref/tags/access-last-applied"], stdout: '{"message":"Not Found","documentation_url":"https://docs.github.com","status":"404"}', exit: 1 }]);
    const run = runScript("last-applied.sh", ["read"], gh.env);
    expect(run.stdout).toBe("commit=\ntoday=\n");
  });

  it("fails, rather than reporting no record, when the tag cannot be read for another reason", () => {
    const gh = stubCommand("gh", [{ when: ["git/ref/tags/access-last-applied"], stdout: '{"message":"API rate limit exceeded","status":"403"}', exit: 1 }]);
    const run = runScript("last-applied.sh", ["read"], gh.env);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("cannot read refs/tags/access-last-applied");
  });

  it("records forward: a tag object with the date, then the ref moved", () => {
    const gh = stubCommand("gh", [
      { when: ["compare/"], stdout: "ahead" },
      { when: ["--method POST", "git/tags"], stdout: "d".repeat(40) },
      ...record(`commit: ${A}\ntoday: 2027-03-30\n`),
    ]);
    const run = runScript("last-applied.sh", ["record", B, "2027-03-31"], gh.env);
    expect(run.status, run.stderr).toBe(0);
    const writes = mutations(gh.calls());
    expect(writes.map((c) => c.args.slice(0, 4).join(" "))).toEqual([
      "api --method POST repos/acme/access/git/tags",
      "api --method PATCH repos/acme/access/git/refs/tags/access-last-applied",
    ]);
    const tag = JSON.parse(writes[0]!.stdin!);
    expect(tag).toMatchObject({ tag: "access-last-applied", object: B, type: "commit" });
    expect(tag.message).toContain("today: 2027-03-31");
    expect(JSON.parse(writes[1]!.stdin!)).toEqual({ sha: "d".repeat(40), force: true });
  });

  it("creates the ref on the first record", () => {
    const gh = stubCommand("gh", [
      { when: ["--method POST", "git/tags"], stdout: "d".repeat(40) },
      { when: ["git/ref/tags/access-last-applied"], stdout: '{"message":"Not Found","status":"404"}', exit: 1 },
    ]);
    const run = runScript("last-applied.sh", ["record", B, "2027-03-31"], gh.env);
    expect(run.status, run.stderr).toBe(0);
    const writes = mutations(gh.calls());
    expect(writes[1]!.args.slice(0, 4).join(" ")).toBe("api --method POST repos/acme/access/git/refs");
    expect(JSON.parse(writes[1]!.stdin!)).toEqual({ ref: "refs/tags/access-last-applied", sha: "d".repeat(40) });
  });

  it("never moves the record back: an older commit or an earlier date is refused", () => {
    const behind = stubCommand("gh", [{ when: ["compare/"], stdout: "behind" }, ...record(`today: 2027-03-30\n`)]);
    const run = runScript("last-applied.sh", ["record", B, "2027-03-31"], behind.env);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("the record stays where it is");
    expect(mutations(behind.calls())).toEqual([]);
    const earlier = stubCommand("gh", [{ when: ["compare/"], stdout: "identical" }, ...record(`today: 2027-04-02\n`)]);
    expect(runScript("last-applied.sh", ["record", A, "2027-04-01"], earlier.env).status).toBe(1);
    expect(mutations(earlier.calls())).toEqual([]);
  });
});

describe("ack-label.sh", () => {
  const pulls = (labels: string[]) => JSON.stringify([{ number: 5, merged_at: "2027-01-01T00:00:00Z", labels: labels.map((name) => ({ name })) }]);

  const labeledBy = (login: string) => JSON.stringify([{ event: "labeled", label: { name: "access-revocation-acknowledged" }, actor: { login } }]);
  const TEAM = { TEAM_MEMBERS: "alice carol" };

  it("finds the label on any pull request merged since the last apply (collapsed merges)", () => {
    const gh = stubCommand("gh", [
      { when: ["compare/"], stdout: `${A}\n${B}\n` },
      { when: [`commits/${A}/pulls`], stdout: pulls(["access-revocation-acknowledged"]) },
      { when: [`commits/${B}/pulls`], stdout: pulls([]) },
      { when: ["issues/5/events"], stdout: labeledBy("carol") },
    ]);
    const run = runScript("ack-label.sh", ["f".repeat(40), B], { ...gh.env, ...TEAM });
    expect(run.stdout.trim()).toBe("true");
  });

  it("does not count a label added by someone outside the privileged-access team, or when the team is unknown", () => {
    const stubs = (adder: string) => [
      { when: [`commits/${B}/pulls`], stdout: pulls(["access-revocation-acknowledged"]) },
      { when: ["issues/5/events"], stdout: labeledBy(adder) },
    ];
    const outsider = stubCommand("gh", stubs("mallory"));
    const run = runScript("ack-label.sh", ["", B], { ...outsider.env, ...TEAM });
    expect(run.stdout.trim()).toBe("false");
    expect(run.stderr).toContain("added by 'mallory', who is not in the privileged-access team");
    const unknownTeam = stubCommand("gh", stubs("alice"));
    expect(runScript("ack-label.sh", ["", B], { ...unknownTeam.env, TEAM_MEMBERS: "" }).stdout.trim()).toBe("false");
  });

  it("is false without the label, and checks only the commit when nothing was applied before", () => {
    const gh = stubCommand("gh", [{ when: [`commits/${B}/pulls`], stdout: pulls(["risk:low"]) }]);
    const run = runScript("ack-label.sh", ["", B], { ...gh.env, ...TEAM });
    expect(run.stdout.trim()).toBe("false");
    expect(gh.calls().map((c) => c.args[1])).toEqual([`repos/acme/access/commits/${B}/pulls`]);
  });
});

describe("apply-gate.sh (real access CLI, real-plan fixtures)", () => {
  const gate = (name: string, diff: string, env: NodeJS.ProcessEnv = {}) => {
    const out = tempDir("gate");
    const run = runScript("apply-gate.sh", [out, join(FIX, `${diff}.diff.json`), `identity-center=${join(FIX, `${name}.plan.json`)}`], { GITHUB_STEP_SUMMARY: "", ...env });
    return { run, report: readFileSync(join(out, "gate.md"), "utf8"), approved: join(out, "approved.json") };
  };

  it("passes a plan the diff explains and that stays within the threshold, and hands on what it approved", () => {
    const { run, report, approved } = gate("model-changes", "model-changes");
    expect(run.status, run.stderr).toBe(0);
    expect(report).toContain("**Apply gates passed**");
    const approval = JSON.parse(readFileSync(approved, "utf8")) as { plans: Record<string, { address: string }[]> };
    expect(approval.plans["identity-center"]!.map((c) => c.address)).toContain('aws_ssoadmin_permission_set.permission_set["ReadOnly"]');
  }, 60_000);

  it("hands on no approval when it refuses", () => {
    expect(existsSync(gate("model-changes", "drift").approved)).toBe(false);
    expect(existsSync(gate("groups", "groups").approved)).toBe(false);
  }, 60_000);

  it("refuses (exit 1) when a change is unexplained, naming it", () => {
    const { run, report } = gate("drift", "model-changes", { SKIP_THRESHOLD: "true" });
    // The drift plan against another diff: its drift repairs are still explained; so use a plan
    // the diff does not cover at all.
    expect(run.status).toBe(0);
    const refused = gate("model-changes", "drift");
    expect(refused.run.status).toBe(1);
    expect(refused.report).toContain("**Apply refused: the plan contains changes the access model does not explain.**");
    expect(refused.report).toContain('aws_ssoadmin_account_assignment.assignment["readers|ReadOnly|222222222222"]');
    expect(report).toContain("checked across every stack earlier in this run");
  }, 60_000);

  it("stops a mass revocation (exit 3) unless acknowledged", () => {
    const stopped = gate("groups", "groups");
    expect(stopped.run.status).toBe(3);
    expect(stopped.report).toContain("Mass revocation: the apply stops here.");
    expect(stopped.report).toContain("`access-revocation-acknowledged`");
    const acked = gate("groups", "groups", { ACKNOWLEDGED: "true" });
    expect(acked.run.status).toBe(0);
    expect(acked.report).toContain("Mass revocation acknowledged");
  }, 60_000);

  it("the expiry mode allows nothing but expired revocations", () => {
    expect(gate("expired", "expired", { EXPLAIN_ONLY: "expired", ACKNOWLEDGED: "true" }).run.status).toBe(0);
    // 3 of 5 assignments expiring at once is a mass revocation: the expiry run never acknowledges.
    expect(gate("expired", "expired", { EXPLAIN_ONLY: "expired" }).run.status).toBe(3);
    expect(gate("groups", "groups", { EXPLAIN_ONLY: "expired", ACKNOWLEDGED: "true" }).run.status).toBe(1);
  }, 60_000);
});

describe("gated-apply.sh (real access CLI, stand-in terraform)", () => {
  // The gate job approved the groups plan; the applying job plans again (the stand-in answers
  // `show -json` with REPLAN) and applies only when that plan stays within the approval.
  const applyWith = (replan: string) => {
    const gateOut = tempDir("gate");
    const gated = runScript("apply-gate.sh", [gateOut, join(FIX, "groups.diff.json"), `identity-center=${join(FIX, "groups.plan.json")}`], { GITHUB_STEP_SUMMARY: "", ACKNOWLEDGED: "true" });
    expect(gated.status, gated.stderr).toBe(0);
    const stack = tempDir("stack");
    writeFileSync(join(stack, "cdk.tf.json"), "{}");
    const terraform = stubCommand("terraform", [{ when: ["show -json"], stdout: readFileSync(join(FIX, `${replan}.plan.json`), "utf8") }]);
    const out = tempDir("apply");
    const run = runScript("gated-apply.sh", [stack, out, "identity-center", join(gateOut, "approved.json")], terraform.env);
    const applied = terraform.calls().some((c) => c.args.includes("apply"));
    return { run, applied, check: readFileSync(join(out, "identity-center.check.txt"), "utf8") };
  };

  it("applies the new plan when every change in it was approved", () => {
    const { run, applied } = applyWith("groups");
    expect(run.status, run.stderr).toBe(0);
    expect(applied).toBe(true);
  }, 60_000);

  it("applies nothing when the new plan holds a change the gates never saw, naming it", () => {
    const { run, applied, check } = applyWith("model-changes");
    expect(run.status).toBe(1);
    expect(applied).toBe(false);
    expect(check).toContain('not approved: identity-center aws_ssoadmin_permission_set.permission_set["ReadOnly"] (update)');
  }, 60_000);
});

describe("expiry-gate.sh / expiry-apply.sh (real access CLI, real-plan fixtures)", () => {
  it("does nothing at all (no plan needed) when no grant expired since the last apply", () => {
    const out = tempDir("expiry");
    const run = runScript("expiry-gate.sh", [out, join(FIX, "model-changes.diff.json")]);
    expect(run.status, run.stderr).toBe(0);
    expect(readFileSync(join(out, "status"), "utf8").trim()).toBe("none");
  });

  it("approves plans made only of expired revocations, and refuses anything more with a report", () => {
    const ok = tempDir("expiry");
    expect(runScript("expiry-gate.sh", [ok, join(FIX, "expired.diff.json"), `identity-center=${join(FIX, "expired.plan.json")}`]).status).toBe(3);
    // 3 of 5 at once trips the guardrail: the expiry run never acknowledges a mass revocation.
    expect(readFileSync(join(ok, "report.md"), "utf8")).toContain("**applied nothing**");
    expect(existsSync(join(ok, "gate", "approved.json"))).toBe(false);
    const more = tempDir("expiry");
    expect(runScript("expiry-gate.sh", [more, join(FIX, "expired.diff.json"), `identity-center=${join(FIX, "model-changes.plan.json")}`]).status).toBe(3);
    expect(readFileSync(join(more, "status"), "utf8").trim()).toBe("refused");
  }, 60_000);

  it("applies nothing unless the gate approved", () => {
    const gate = tempDir("expiry-gate");
    writeFileSync(join(gate, "status"), "refused\n");
    const run = runScript("expiry-apply.sh", [tempDir("expiry"), gate, "identity-center=/nonexistent"], { TERRAFORM_BIN: "/bin/false" });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("the gate did not approve");
  });
});

describe("keep-issue.sh", () => {
  it("creates the issue when none exists, and edits the open one later", () => {
    const body = join(tempDir("issue"), "body.md");
    writeFileSync(body, "list");
    const none = stubCommand("gh", [{ when: ["issue list"], stdout: "[]" }]);
    expect(runScript("keep-issue.sh", ["open", "access-expiring", "Grants expiring", body], none.env).status).toBe(0);
    expect(mutations(none.calls()).map((c) => c.args.slice(0, 2).join(" "))).toEqual(["label create", "issue create"]);
    const open = stubCommand("gh", [{ when: ["issue list"], stdout: JSON.stringify([{ number: 9, title: "Grants expiring", state: "OPEN", updatedAt: "x" }]) }]);
    runScript("keep-issue.sh", ["open", "access-expiring", "Grants expiring", body], open.env);
    expect(mutations(open.calls()).map((c) => c.args.slice(0, 3).join(" "))).toEqual(["issue edit 9"]);
    const close = stubCommand("gh", [{ when: ["issue list"], stdout: JSON.stringify([{ number: 9, title: "Grants expiring", state: "OPEN", updatedAt: "x" }]) }]);
    runScript("keep-issue.sh", ["close", "access-expiring", "Grants expiring", "none left"], close.env);
    expect(mutations(close.calls()).map((c) => c.args.slice(0, 3).join(" "))).toEqual(["issue close 9"]);
  });

  it("comments on the open issue only when the body's digest changed, and reopens the last closed one with the given comment", () => {
    const body = (digest: string) => {
      const file = join(tempDir("issue"), "body.md");
      writeFileSync(file, `<!-- access-x digest=${digest} -->\nfindings\n`);
      return file;
    };
    const open = (viewed: string) =>
      stubCommand("gh", [
        { when: ["issue list"], stdout: JSON.stringify([{ number: 9, title: "T", state: "OPEN", updatedAt: "x" }]) },
        { when: ["issue view 9"], stdout: viewed },
      ]);
    const env = { GH_REPO: "acme/access", CHANGED_COMMENT: "it changed" };
    const same = open("<!-- access-x digest=abc123 -->\nold text");
    expect(runScript("keep-issue.sh", ["open", "lbl", "T", body("abc123")], { ...same.env, ...env }).status).toBe(0);
    expect(mutations(same.calls()).map((c) => c.args.slice(0, 3).join(" "))).toEqual(["issue edit 9"]);
    const changed = open("<!-- access-x digest=000000 -->");
    runScript("keep-issue.sh", ["open", "lbl", "T", body("abc123")], { ...changed.env, ...env });
    const writes = mutations(changed.calls());
    expect(writes.map((c) => c.args.slice(0, 3).join(" "))).toEqual(["issue edit 9", "issue comment 9"]);
    expect(writes[1]!.args).toEqual(expect.arrayContaining(["--body", "it changed"]));

    const closed = stubCommand("gh", [
      { when: ["issue list"], stdout: JSON.stringify([{ number: 2, title: "T", state: "CLOSED", updatedAt: "2026-01-01" }, { number: 5, title: "T", state: "CLOSED", updatedAt: "2026-03-01" }]) },
    ]);
    runScript("keep-issue.sh", ["open", "lbl", "T", body("abc123")], { ...closed.env, GH_REPO: "acme/access", REOPEN_COMMENT: "back again" });
    const reopened = mutations(closed.calls());
    expect(reopened.map((c) => c.args.slice(0, 3).join(" "))).toEqual(["issue edit 5", "issue reopen 5"]);
    expect(reopened[1]!.args).toEqual(expect.arrayContaining(["--comment", "back again"]));
  });

  it("creates the label with the caller's colour and description", () => {
    const file = join(tempDir("issue"), "body.md");
    writeFileSync(file, "x");
    const gh = stubCommand("gh", [{ when: ["issue list"], stdout: "[]" }]);
    runScript("keep-issue.sh", ["open", "drift", "T", file], { ...gh.env, GH_REPO: "acme/access", LABEL_COLOR: "D93F0B", LABEL_DESCRIPTION: "Live access differs" });
    const label = mutations(gh.calls())[0]!;
    expect(label.args).toEqual(expect.arrayContaining(["label", "create", "drift", "--color", "D93F0B", "--description", "Live access differs"]));
  });

  it("is the one issue keeper: the drift, audit, expiry and expiring issues all go through it", () => {
    for (const script of ["drift-issue.sh", "audit-issue.sh"]) {
      const text = readFileSync(`scripts/ci/${script}`, "utf8");
      expect([script, text.includes("keep-issue.sh")]).toEqual([script, true]);
      expect([script, /\bgh (issue|label)\b/.test(text)]).toEqual([script, false]);
    }
    for (const wf of ["expiry.yml", "expiring.yml"]) expect(readFileSync(`.github/workflows/${wf}`, "utf8")).toContain("scripts/ci/keep-issue.sh");
  });
});
