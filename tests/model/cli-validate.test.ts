import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { modelJsonSchema } from "../../src/model/index.js";
import { baseFiles, writeModel } from "./fixtures.js";

const access = (...args: string[]) => spawnSync(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], { encoding: "utf8" });

describe("access validate", () => {
  it("exits 0 on the example model", () => {
    const res = access("validate");
    expect(res.stdout).toMatch(/access-model: valid \(35 accounts/);
    expect(res.stderr).toBe("");
    expect(res.status).toBe(0);
  });

  it("exits 1 with one text line per finding on stderr", () => {
    const dir = writeModel(baseFiles({ "a.yaml": "assignments:\n  - group: bi-analysts\n    permission_set: BIReadonly\n    accounts: [nowhere]\n" }));
    const res = access("validate", "--model", dir);
    expect(res.status).toBe(1);
    expect(res.stderr).toContain(`${dir}/a.yaml:3:21: error: unknown permission set "BIReadonly" (did you mean "BIReadOnly"?)`);
    expect(res.stderr).toContain(`${dir}/a.yaml:4:16: error: unknown account "nowhere"`);
    for (const line of res.stderr.trim().split("\n")) expect(line).toMatch(/^\S+:\d+:\d+: (error|warning): /);
  });

  it("writes GitHub annotations and JSON", () => {
    const dir = writeModel(baseFiles({ "a.yaml": "assignments:\n  - group: bi-analysts\n    permission_set: BIReadonly\n    accounts: all\n" }));
    const gh = access("validate", "--model", dir, "--format", "github");
    expect(gh.status).toBe(1);
    expect(gh.stdout.trim()).toMatch(new RegExp(`^::error file=${dir}/a\\.yaml,line=3,col=21::unknown permission set "BIReadonly"`));
    const json = access("validate", "--model", dir, "--format", "json");
    expect(JSON.parse(json.stdout)).toEqual([
      expect.objectContaining({ file: `${dir}/a.yaml`, line: 3, col: 21, severity: "error", code: "unknown-permission-set" }),
    ]);
  });

  it("exits 2 on usage errors", () => {
    expect(access("validate", "--format", "xml").status).toBe(2);
    expect(access("validate", "--bogus").status).toBe(2);
    expect(access("no-such-command").status).toBe(2);
    expect(access("validate", "--model", "/nonexistent/model").status).toBe(2);
    expect(access("validate", "--today", "tomorrow").status).toBe(2);
  });
});

describe("the JSON Schema for editors", () => {
  it("is generated from the validator's schema and committed up to date", () => {
    const committed = JSON.parse(readFileSync("schema/access-model.schema.json", "utf8"));
    expect(committed).toEqual(JSON.parse(JSON.stringify(modelJsonSchema())));
  });

  it("is referenced from every example model file", () => {
    const files = spawnSync("git", ["ls-files", "access-model/*.yaml", "access-model/**/*.yaml"], { encoding: "utf8" }).stdout.trim().split("\n");
    expect(files.length).toBeGreaterThan(3);
    for (const f of files) expect(readFileSync(f, "utf8")).toMatch(/^# yaml-language-server: \$schema=(\.\.\/)+schema\/access-model\.schema\.json$/m);
  });
});
