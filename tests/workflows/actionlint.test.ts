import { describe, expect, it } from "vitest";
import { actionlint, formatFindings } from "./actionlint.js";
import { loadWorkflows } from "./workflow-checks.js";

describe("actionlint", () => {
  const workflows = loadWorkflows();

  it("finds the plan, apply, drift, expiry and expiring workflows", () => {
    const files = workflows.map((w) => w.file);
    for (const f of ["apply.yml", "drift.yml", "plan.yml", "expiry.yml", "expiring.yml", "review.yml"]) expect(files).toContain(`.github/workflows/${f}`);
  });

  for (const wf of workflows) {
    it(`passes on ${wf.file}`, async () => {
      expect(formatFindings(await actionlint(wf.text, wf.file))).toEqual([]);
    });
  }

  it("reports a broken workflow (the linter really runs)", async () => {
    const broken = [
      "on: pull_request",
      "jobs:",
      "  a:",
      "    runs-on: ubuntu-latest",
      "    steps:",
      "      - run: echo ${{ github.no_such_property }}",
      "      - run: echo ${{ varz.NOT_A_CONTEXT }}",
      "",
    ].join("\n");
    const messages = (await actionlint(broken, "broken.yml")).map((r) => r.message);
    expect(messages.some((m) => m.includes('property "no_such_property" is not defined'))).toBe(true);
    expect(messages.some((m) => m.includes('undefined variable "varz"'))).toBe(true);
  });

  it("drops only the outdated `vars` false positive", async () => {
    const wf = [
      "on: push",
      "jobs:",
      "  a:",
      "    runs-on: ubuntu-latest",
      "    steps:",
      "      - run: echo hi",
      "        env:",
      "          ROLE: ${{ vars.ROLE }}",
      "          BAD: ${{ secrets }}x${{ steps.nope.outputs.x }}",
      "",
    ].join("\n");
    const messages = (await actionlint(wf, "vars.yml")).map((r) => r.message);
    expect(messages.some((m) => m.includes('"vars"'))).toBe(false);
    expect(messages.some((m) => m.includes('"nope"'))).toBe(true);
  });
});
