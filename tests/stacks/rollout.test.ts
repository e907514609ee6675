// The rollout (src/rollout): the ordered steps a merge applies, written with every phase by one
// synthesis (stacks/rollout-synth.ts) as cdktf.out/rollout.json, which the apply workflow follows.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Rollout, type RolloutJson } from "../../src/rollout/rollout.js";
import type { ResolvedModel } from "../../src/model/types.js";
import { synthesizeRollout } from "../../stacks/rollout-synth.js";
import { fixtureModel } from "./fixture.js";
import { removeTempDirs, tempDir } from "./helpers.js";

afterAll(removeTempDirs);

function withShards(m: ResolvedModel, shards: number): ResolvedModel {
  return { ...m, organization: { ...m.organization, identityCenter: { ...m.organization.identityCenter, assignmentShards: shards } } };
}

function withoutReadOnly(m: ResolvedModel): ResolvedModel {
  return { ...m, permissionSets: m.permissionSets.filter((p) => p.name !== "ReadOnly"), assignments: m.assignments.filter((a) => a.permissionSet !== "ReadOnly") };
}

const ids = (r: Rollout | RolloutJson) => r.steps.map((s) => s.id);

describe("the rollout", () => {
  it("with one stack: okta tighten, identity-center, okta final", () => {
    const head = fixtureModel();
    const r = Rollout.plan(head, head, ["okta", "identity-center"]);
    expect(ids(r)).toEqual(["okta-tighten", "identity-center", "okta"]);
    expect(r.steps.map((s) => s.dependsOn)).toEqual([[], ["okta-tighten"], ["identity-center"]]);
    expect(r.steps.map((s) => s.folder)).toEqual(["phases/tighten/stacks/okta", "stacks/identity-center", "stacks/okta"]);
    expect(r.keep).toBe(false);
  });

  it("with shards and a removed permission set: the base keeps it until every shard applied", () => {
    const base = withShards(fixtureModel(), 2);
    const head = withoutReadOnly(base);
    const r = Rollout.plan(base, head, ["okta", "identity-center", "identity-center-shard-0", "identity-center-shard-1"]);
    expect(ids(r)).toEqual(["okta-tighten", "identity-center-keep", "identity-center-shard-0", "identity-center-shard-1", "identity-center", "okta"]);
    const by = new Map(r.steps.map((s) => [s.id, s]));
    expect(by.get("identity-center-keep")!.folder).toBe("phases/keep/stacks/identity-center");
    expect(by.get("identity-center-shard-1")!.dependsOn).toEqual(["identity-center-keep"]);
    expect(by.get("identity-center")!.dependsOn).toEqual(["identity-center-keep", "identity-center-shard-0", "identity-center-shard-1"]);
    expect(by.get("okta")!.dependsOn).toEqual(["identity-center-keep", "identity-center-shard-0", "identity-center-shard-1", "identity-center"]);
    expect(r.heldBack).toEqual(["ReadOnly"]);
  });

  it("without okta (placeholders) starts at identity-center", () => {
    const head = fixtureModel();
    expect(ids(Rollout.plan(undefined, head, ["identity-center"]))).toEqual(["identity-center"]);
  });

  it("is written with every phase it names by one synthesis", () => {
    const base = withShards(fixtureModel(), 2);
    const outdir = join(tempDir("rollout"), "cdktf.out");
    synthesizeRollout(base, withoutReadOnly(base), outdir);
    const written = JSON.parse(readFileSync(join(outdir, "rollout.json"), "utf8")) as RolloutJson;
    expect(written.keep).toBe(true);
    for (const step of written.steps) expect([step.id, existsSync(join(outdir, step.folder, "cdk.tf.json"))]).toEqual([step.id, true]);
    const keep = JSON.parse(readFileSync(join(outdir, "phases/keep/stacks/identity-center/cdk.tf.json"), "utf8"));
    expect(Object.keys(keep.resource.aws_ssoadmin_permission_set.permission_set.for_each)).toContain("ReadOnly");
    // Nothing held back: no keep phase is written (an older one is removed).
    synthesizeRollout(base, base, outdir);
    expect(existsSync(join(outdir, "phases/keep"))).toBe(false);
    expect(existsSync(join(outdir, "phases/tighten/stacks/okta/cdk.tf.json"))).toBe(true);
  });
});
