// The scripts that talk to GitHub: comment upsert, merged-PR lookup, drift issues.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { mutations, requireJq, runScript, stubCommand, tempDir, type StubRule } from "./script-harness.js";

beforeAll(requireJq);

const MARKER = "<!-- access-plan-comment -->";

function bodyFile(text: string): string {
  const file = join(tempDir("body"), "comment.md");
  writeFileSync(file, text);
  return file;
}

const comment = (id: number, login: string, body: string, created = "2026-01-01T00:00:00Z") => ({
  id,
  user: { login, type: login.endsWith("[bot]") ? "Bot" : "User" },
  body,
  created_at: created,
});

describe("upsert-comment.sh", () => {
  function upsert(existing: object[][], body = `${MARKER}\nhello`) {
    const gh = stubCommand("gh", [
      { when: ["--method PATCH"], stdout: "https://github.com/acme/access/pull/5#issuecomment-patched\n" },
      { when: ["--method POST"], stdout: "https://github.com/acme/access/pull/5#issuecomment-new\n" },
      // --paginate prints one JSON array per page, back to back.
      { when: ["--paginate", "issues/5/comments"], stdout: existing.map((p) => JSON.stringify(p)).join("") },
    ]);
    const run = runScript("upsert-comment.sh", ["5", MARKER, bodyFile(body)], gh.env);
    return { run, calls: gh.calls() };
  }

  it("creates the comment when none carries the marker", () => {
    const { run, calls } = upsert([[comment(1, "someone", "LGTM")]]);
    expect(run.status).toBe(0);
    const writes = mutations(calls);
    expect(writes.map((c) => c.args.slice(0, 4))).toEqual([["api", "--method", "POST", "repos/acme/access/issues/5/comments"]]);
    expect(JSON.parse(writes[0]!.stdin!)).toEqual({ body: `${MARKER}\nhello` });
    expect(run.stdout.trim()).toBe("https://github.com/acme/access/pull/5#issuecomment-new");
  });

  it("edits our earlier comment in place, found on a later page", () => {
    const { run, calls } = upsert([
      [comment(1, "someone", "LGTM")],
      [comment(42, "github-actions[bot]", `${MARKER}\nold plan`)],
    ]);
    expect(run.status).toBe(0);
    const writes = mutations(calls);
    expect(writes.map((c) => c.args.slice(0, 4))).toEqual([["api", "--method", "PATCH", "repos/acme/access/issues/comments/42"]]);
    expect(JSON.parse(writes[0]!.stdin!)).toEqual({ body: `${MARKER}\nhello` });
  });

  it("never edits a human's comment that quotes the marker", () => {
    const { calls } = upsert([[comment(7, "mallory", `look: ${MARKER}`)]]);
    expect(mutations(calls).map((c) => c.args[2])).toEqual(["POST"]);
  });

  it("refuses a body without the marker (the next run could not find it)", () => {
    const { run, calls } = upsert([[]], "no marker here");
    expect(run.status).toBe(1);
    expect(calls).toEqual([]);
  });
});

describe("find-merged-pr.sh", () => {
  const sha = "0123456789abcdef0123456789abcdef01234567";
  const find = (pulls: object[]) => {
    const gh = stubCommand("gh", [{ when: [`commits/${sha}/pulls`], stdout: JSON.stringify(pulls) }]);
    return runScript("find-merged-pr.sh", [sha, "main"], gh.env);
  };

  it("prints the PR merged into main that produced the commit", () => {
    const run = find([
      { number: 3, merged_at: null, base: { ref: "main" } },
      { number: 9, merged_at: "2026-01-02T00:00:00Z", base: { ref: "release" } },
      { number: 12, merged_at: "2026-01-03T00:00:00Z", base: { ref: "main" } },
    ]);
    expect([run.status, run.stdout.trim()]).toEqual([0, "12"]);
  });

  it("prints nothing for a direct push", () => {
    const run = find([]);
    expect([run.status, run.stdout]).toEqual([0, ""]);
  });

  it("rejects anything but a full SHA", () => {
    const gh = stubCommand("gh", []);
    expect(runScript("find-merged-pr.sh", ["main"], gh.env).status).toBe(64);
    expect(gh.calls()).toEqual([]);
  });
});

describe("drift-issue.sh", () => {
  const title = (stack: string) => `Drift detected in stack ${stack}`;
  const summaryFile = (text = "**An apply would** (1)\n\n```text\n~ update  aws_ssoadmin_permission_set.ps[\"Admin\"]\n```\n") =>
    bodyFile(text);

  function drift(stack: string, code: string, issues: object[], extra: StubRule[] = [], summary = summaryFile()) {
    const gh = stubCommand("gh", [
      ...extra,
      { when: ["issue list", "--label drift"], stdout: JSON.stringify(issues) },
      { when: ["issue create"], stdout: "https://github.com/acme/access/issues/99\n" },
    ]);
    const run = runScript("drift-issue.sh", [stack, code, summary], { ...gh.env, RUN_URL: "https://run/1" });
    return { run, calls: gh.calls(), writes: mutations(gh.calls()) };
  }

  it("opens a labelled issue naming the stack when drift first appears", () => {
    const { run, writes } = drift("okta", "2", [{ number: 4, title: title("identity-center"), state: "OPEN", updatedAt: "x" }]);
    expect(run.status).toBe(0);
    expect(writes.map((c) => c.args.slice(0, 2))).toEqual([
      ["label", "create"],
      ["issue", "create"],
    ]);
    const create = writes[1]!;
    expect(create.args).toEqual(expect.arrayContaining(["--title", title("okta"), "--label", "drift"]));
    expect(create.bodyFile).toContain("aws_ssoadmin_permission_set.ps[\"Admin\"]");
    expect(create.bodyFile).toContain("https://run/1");
  });

  it("updates the open issue, and comments only when the drift itself changed", () => {
    const open = [{ number: 7, title: title("okta"), state: "OPEN", updatedAt: "x" }];
    const changed = drift("okta", "2", open, [{ when: ["issue view 7"], stdout: "<!-- access-drift stack=okta digest=0000000000000000 -->\nold" }]);
    expect(changed.writes.map((c) => c.args.slice(0, 3))).toEqual([
      ["issue", "edit", "7"],
      ["issue", "comment", "7"],
    ]);

    const summary = summaryFile();
    const first = drift("okta", "2", []);
    const digest = /digest=([0-9a-f]+)/.exec(first.writes[1]!.bodyFile!)![1];
    const same = drift("okta", "2", open, [{ when: ["issue view 7"], stdout: `<!-- access-drift stack=okta digest=${digest} -->` }], summary);
    expect(same.writes.map((c) => c.args.slice(0, 3))).toEqual([["issue", "edit", "7"]]);
  });

  it("reopens the last closed issue when drift comes back", () => {
    const { writes } = drift("okta", "2", [
      { number: 2, title: title("okta"), state: "CLOSED", updatedAt: "2026-01-01T00:00:00Z" },
      { number: 5, title: title("okta"), state: "CLOSED", updatedAt: "2026-03-01T00:00:00Z" },
    ]);
    expect(writes.map((c) => c.args.slice(0, 3))).toEqual([
      ["issue", "edit", "5"],
      ["issue", "reopen", "5"],
    ]);
  });

  it("closes the open issue once the stack is back in sync", () => {
    const { run, writes } = drift("okta", "0", [{ number: 7, title: title("okta"), state: "OPEN", updatedAt: "x" }]);
    expect(run.status).toBe(0);
    expect(writes.map((c) => c.args.slice(0, 3))).toEqual([["issue", "close", "7"]]);
  });

  it("does nothing when in sync and no issue is open", () => {
    const { run, writes } = drift("okta", "0", [{ number: 5, title: title("okta"), state: "CLOSED", updatedAt: "x" }]);
    expect([run.status, writes]).toEqual([0, []]);
  });

  it("leaves every issue alone and fails when the plan failed (drift unknown)", () => {
    for (const code of ["1", "unknown"]) {
      const { run, calls } = drift("okta", code, [{ number: 7, title: title("okta"), state: "OPEN", updatedAt: "x" }]);
      expect(run.status).toBe(1);
      expect(calls).toEqual([]);
    }
  });
});
