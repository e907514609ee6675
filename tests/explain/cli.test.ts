// `access explain` and `access threshold` as the workflows call them: exit codes and outputs.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runAccess } from "../diff/cli-helpers.js";
import { FIXTURES } from "./support.js";

const f = (name: string) => join(FIXTURES, name);

describe("access explain / threshold commands", () => {
  it("explain exits 0 with every change explained, labelling the stack from the file name", () => {
    const res = runAccess(["explain", "--diff", f("rename.diff.json"), "--plan", f("rename.plan.json")]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain("**All 10 planned changes are explained by the access model.**");
    expect(res.stdout).toContain("| rename | create | `aws_ssoadmin_permission_set.permission_set[\"Administrator\"]` |");
  });

  it("explain exits 1 and lists the unexplained addresses; an unreadable plan is exit 1, a missing option exit 2", () => {
    const res = runAccess(["explain", "--diff", f("drift.diff.json"), "--plan", `identity-center=${f("groups.plan.json")}`, "--format", "json"]);
    expect(res.code).toBe(1);
    const e = JSON.parse(res.stdout) as { explained: boolean; unexplained: { address: string }[] };
    expect(e.explained).toBe(false);
    expect(e.unexplained.map((c) => c.address)).toContain('terraform_data.group_push["auditors"]');
    expect(runAccess(["explain", "--diff", f("drift.diff.json"), "--plan", f("nope.plan.json")]).code).toBe(1);
    expect(runAccess(["explain", "--plan", f("drift.plan.json")]).code).toBe(2);
  });

  it("threshold exits 1 over the guardrail, 0 when acknowledged or within it", () => {
    const over = runAccess(["threshold", "--diff", f("groups.diff.json"), "--plan", f("groups.plan.json"), "--format", "json"]);
    expect(over.code).toBe(1);
    expect(JSON.parse(over.stdout)).toMatchObject({ managed: 5, stop: true, limits: { share: 0.25, count: 100 } });
    expect(runAccess(["threshold", "--diff", f("groups.diff.json"), "--plan", f("groups.plan.json"), "--acknowledged"]).code).toBe(0);
    expect(runAccess(["threshold", "--plan", f("model-changes.plan.json")]).code).toBe(0);
  });
});
