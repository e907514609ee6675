// Names that are JavaScript object keys become ordinary for_each keys in the synthesized JSON.
import { afterAll, describe, expect, it } from "vitest";
import { baseFiles, writeModel } from "../model/fixtures.js";
import { assignmentStackOf } from "../../src/layout/index.js";
import { loadOrThrow, removeTempDirs, stackJson, synthModel } from "./helpers.js";

afterAll(removeTempDirs);

// `__proto__` is refused by validation (tests/model/hardening.test.ts): no plain object holds it.
const NAMES = ["constructor", "toString", "valueOf", "hasOwnProperty", "isPrototypeOf"];

describe("synthesis with names that are JavaScript object keys", () => {
  it("writes one for_each entry per name in both stacks, tags and policy keys included", () => {
    const groups = NAMES.map((n) => `  - { name: "${n}", source: managed }`).join("\n");
    const sets = NAMES.map(
      (n) => `  - { name: "${n}", managed_policies: [ReadOnlyAccess], tags: { "${n}": "v" }, inline_policy: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: "s3:GetObject", Resource: "*", Condition: { StringEquals: { "${n}": x } } }] } }`,
    ).join("\n");
    const grants = NAMES.map((n) => `  - { group: "${n}", permission_set: "${n}", accounts: [reporting] }`).join("\n");
    const model = loadOrThrow(writeModel(baseFiles({ "js.yaml": `groups:\n${groups}\npermission_sets:\n${sets}\nassignments:\n${grants}\n` })));
    const outdir = synthModel(model);
    const ic = JSON.stringify(stackJson(outdir, "identity-center"));
    const shard = JSON.stringify(stackJson(outdir, assignmentStackOf("222222222222", model.organization.identityCenter.assignmentShards)));
    const okta = JSON.stringify(stackJson(outdir, "okta"));
    for (const n of NAMES) {
      expect(shard).toContain(`"${n}|${n}|222222222222"`);
      expect(shard).toContain(`"${n}":"${n}"`); // group lookup and permission set lookup keys
      expect(ic).toContain(`"${n}":{`); // permission set for_each key
      expect(okta).toContain(`"${n}"`);
    }
    expect(ic).toMatch(/"tags":\{"constructor":"v"\}/);
  });
});
