// The command kit (src/cli): one date parser, one number parser, one way every command treats
// an invalid model, one place that maps errors to exit codes.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { dayOption, pairDates, parseDay, todayOption } from "../../src/cli/dates.js";
import { ending, ModelInvalidError, UsageError } from "../../src/cli/errors.js";
import { positiveOption, shareOption, wholeOption } from "../../src/cli/numbers.js";
import { InputError } from "../../src/comment/inputs.js";
import { copyExampleModel, runAccess } from "../diff/cli-helpers.js";

describe("dates", () => {
  it("accepts calendar days and refuses rolled-over or misshapen ones, naming the option", () => {
    expect(parseDay("--today", "2028-02-29")).toBe("2028-02-29");
    expect(() => parseDay("--base-today", "2027-02-30")).toThrow("--base-today 2027-02-30 is not a calendar date");
    expect(() => parseDay("--today", "tomorrow")).toThrow('--today must be YYYY-MM-DD (got "tomorrow")');
    expect(() => pairDates({ "head-today": "2027-02-30" })).toThrow(UsageError);
    expect(pairDates({ today: "2026-01-02", "base-today": "2026-01-01" })).toEqual({ base: "2026-01-01", head: "2026-01-02" });
  });

  it("falls back from the option to the environment", () => {
    const before = process.env.ACCESS_TODAY;
    process.env.ACCESS_TODAY = "2026-03-04";
    try {
      expect(todayOption(undefined)).toBe("2026-03-04");
      expect(todayOption("2026-05-06")).toBe("2026-05-06");
      expect(dayOption("base-today", undefined, "NO_SUCH_VARIABLE_SET")).toBeUndefined();
      process.env.ACCESS_TODAY = "2026-13-01";
      expect(() => todayOption(undefined)).toThrow("ACCESS_TODAY 2026-13-01 is not a calendar date");
    } finally {
      if (before === undefined) delete process.env.ACCESS_TODAY;
      else process.env.ACCESS_TODAY = before;
    }
  });

  it("access diff refuses --base-today and --head-today that are no calendar day (exit 2)", () => {
    const model = copyExampleModel();
    for (const option of ["--base-today", "--head-today"]) {
      const res = runAccess(["diff", "--base", model, "--head", model, option, "2027-02-30"]);
      expect(res.code).toBe(2);
      expect(res.stderr).toContain(`${option} 2027-02-30 is not a calendar date`);
    }
  });
});

describe("numbers", () => {
  it("parses shares, positive amounts and whole counts, or says what is expected", () => {
    expect(shareOption("revoke-threshold", undefined, 0.1)).toBe(0.1);
    expect(shareOption("revoke-threshold", "0.25", 0.1)).toBe(0.25);
    expect(() => shareOption("revoke-threshold", "1.5", 0.1)).toThrow("--revoke-threshold must be a number from 0 to 1");
    expect(positiveOption("timeout", "30", 600, "seconds")).toBe(30);
    expect(() => positiveOption("timeout", "0", 600, "seconds")).toThrow("--timeout must be a positive number of seconds");
    expect(wholeOption("within", "14", "DAYS")).toBe(14);
    expect(() => wholeOption("within", "1.5", "DAYS")).toThrow("--within DAYS is required");
  });
});

describe("errors and exit codes", () => {
  it("maps usage errors to 2 with the usage, an invalid model or unreadable input to 1", () => {
    expect(ending(new UsageError("bad"), "diff", "usage: access diff")).toEqual({ code: 2, message: "access: bad\nusage: access diff\n" });
    expect(ending(new ModelInvalidError("x"), "diff", "")).toEqual({ code: 1, message: "" });
    expect(ending(new InputError("cannot read x"), "explain", "")).toEqual({ code: 1, message: "access explain: cannot read x\n" });
    expect(ending(new Error("bug"), "diff", "")).toBeUndefined();
  });

  it("every command that needs a model reports an invalid one the same way and exits 1", () => {
    const model = copyExampleModel();
    writeFileSync(join(model, "organization.yaml"), "organization: {}\n");
    for (const args of [["report", "--format", "json", "--out", join(model, "..", "r.json")], ["expiring", "--within", "14"], ["analyze-policies"], ["synth"]]) {
      const res = runAccess([...args, "--model", model], { ACCESS_TODAY: "2026-01-01" });
      expect([args[0], res.code]).toEqual([args[0], 1]);
      expect(res.stderr).toContain(`access ${args[0]}: the model in ${model} is invalid`);
      expect(res.stderr).toMatch(/organization\.yaml:\d+:\d+/);
    }
  });
});
