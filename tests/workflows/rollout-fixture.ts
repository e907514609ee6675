// A rollout.json for script tests, made by the real Rollout (src/rollout) from the fixture model.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { layoutStacks } from "../../src/layout/index.js";
import type { ResolvedModel } from "../../src/model/types.js";
import { Rollout } from "../../src/rollout/rollout.js";
import { fixtureModel } from "../stacks/fixture.js";
import { tempDir } from "./script-harness.js";

/**
 * The rollout over okta, the base and `shards` shard stacks (named as the layout names them for
 * that count); with `keep`, the change removes a permission set, so the base applies in two phases.
 */
export function rolloutFile(shards: number, keep = false): string {
  const m = fixtureModel();
  const base: ResolvedModel = { ...m, organization: { ...m.organization, identityCenter: { ...m.organization.identityCenter, assignmentShards: Math.max(shards, 1) } } };
  const head = keep ? { ...base, permissionSets: base.permissionSets.slice(1) } : base;
  const file = join(tempDir("rollout"), "rollout.json");
  writeFileSync(file, JSON.stringify(Rollout.plan(base, head, layoutStacks(Math.max(shards, 1)))));
  return file;
}

/** ROLLOUT for apply-report.sh from its other inputs: the shards named in AFFECTED, a keep phase when the base's final phase ran. */
export function rolloutForReport(env: Record<string, string>): string {
  const affected = JSON.parse(env.AFFECTED ?? "[]") as string[];
  const digits = affected.map((s) => /-shard-(\d+)$/.exec(s)?.[1]).find((d) => d !== undefined);
  const shards = digits === undefined ? 1 : digits.length === 1 ? 7 : 12;
  const keep = !!env.IDENTITY_CENTER_FINAL_APPLY && env.IDENTITY_CENTER_FINAL_APPLY !== "skipped";
  return rolloutFile(shards, keep);
}
