import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runAccess, tempDir } from "../diff/cli-helpers.js";
import { reportModel } from "./fixture.js";

describe("access report", () => {
  const { dir } = reportModel();

  it("writes the html report to --out, with links relative to it, and says what it wrote", () => {
    const out = join(tempDir(), "out", "review.html");
    const res = runAccess(["report", "--model", dir, "--format", "html", "--out", out, "--today", "2026-11-28"]);
    expect(res.stderr).toMatch(/wrote .*review\.html \(5 grants, 2 privileged, 1 expiring soon\)/);
    expect(res.code).toBe(0);
    const html = readFileSync(out, "utf8");
    expect(html).toContain("<title>Access review 2026-11-28</title>");
    // links go from the report's folder to the model file
    expect(html).toMatch(/<a class="src" href="(\.\.\/)+[^"]*assignments\/data\.yaml#L2">/);
  });

  it("prints markdown to stdout with --out -, and refuses a missing --format, --out or an unknown format", () => {
    const md = runAccess(["report", "--model", dir, "--format", "markdown", "--out", "-", "--today", "2026-11-28"]);
    expect(md.code).toBe(0);
    expect(md.stdout).toMatch(/^# Access review, 2026-11-28\n/);
    expect(runAccess(["report", "--model", dir, "--out", "-"]).code).toBe(2);
    expect(runAccess(["report", "--model", dir, "--format", "pdf", "--out", "-"]).code).toBe(2);
    expect(runAccess(["report", "--model", dir, "--format", "json"]).code).toBe(2);
  });

  it("fails on an invalid model with its findings", () => {
    const res = runAccess(["report", "--model", join(tempDir(), "nothing"), "--format", "json", "--out", "-"]);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/does not exist/);
  });
});
