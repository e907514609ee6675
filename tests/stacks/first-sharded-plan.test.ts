// The first plan of a new sharded org: nothing exists in Identity Center yet, so the permission set
// listing comes back null and the group listing empty. The shard must still plan: every lookup by
// name is deferred and every assignment is a create. Real terraform against the local Identity Center.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { assignmentStackOf, shardOf } from "../../src/layout/index.js";
import type { ResolvedModel } from "../../src/model/types.js";
import { startEmulator, type Emulator } from "../emulator/index.js";
import { localAwsEndpoints, runTerraformAsync, terraformEnv } from "../support/terraform.js";
import { fixtureModel } from "./fixture.js";
import { removeTempDirs, synthModel, tempDir } from "./helpers.js";

type Json = Record<string, any>;
const SHARDS = 4;

function sharded(): ResolvedModel {
  const m = fixtureModel();
  return { ...m, organization: { ...m.organization, identityCenter: { ...m.organization.identityCenter, assignmentShards: SHARDS } } };
}

describe("the first plan of a sharded org, before anything exists", () => {
  const model = sharded();
  const stack = assignmentStackOf("111111111111", SHARDS);
  let emulator: Emulator;
  let plan: Json;
  let run: { status: number | null; stderr: string };

  beforeAll(async () => {
    emulator = await startEmulator({ instanceArn: model.organization.identityCenter.instanceArn, identityStoreId: model.organization.identityCenter.identityStoreId });
    const out = synthModel(model);
    const dir = tempDir("first-plan");
    writeFileSync(join(dir, "cdk.tf.json"), readFileSync(join(out, "stacks", stack, "cdk.tf.json")));
    writeFileSync(
      join(dir, "zz_override.tf.json"),
      JSON.stringify({ terraform: { backend: { local: { path: join(dir, "terraform.tfstate") } } }, provider: { aws: { ...localAwsEndpoints(emulator.url), access_key: "test", secret_key: "test" } } }),
    );
    const env = terraformEnv();
    const init = await runTerraformAsync(["init", "-input=false", "-no-color"], dir, env);
    expect(init.status, init.stderr).toBe(0);
    run = await runTerraformAsync(["plan", "-input=false", "-no-color", "-lock=false", "-out=tfplan"], dir, env);
    if (run.status === 0) plan = JSON.parse((await runTerraformAsync(["show", "-json", "tfplan"], dir, env)).stdout);
  });

  afterAll(async () => {
    await emulator?.close();
    removeTempDirs();
  });

  it("plans although the instance has no permission set and the store no group", () => {
    expect(run.status, run.stderr).toBe(0);
    expect(emulator.calls.ListPermissionSets).toBeGreaterThan(0);
    expect(emulator.calls.ListGroups).toBeGreaterThan(0);
  });

  it("creates every assignment of the shard and defers every lookup by name", () => {
    const changes: Json[] = plan.resource_changes;
    const assignments = changes.filter((c) => c.type === "aws_ssoadmin_account_assignment");
    expect(assignments.length).toBeGreaterThan(0);
    for (const a of assignments) expect(a.change.actions).toEqual(["create"]);
    const reads = changes.filter((c) => c.mode === "data").map((c) => c.address).sort();
    const here = model.assignments.filter((a) => shardOf(a.accountId, SHARDS) === shardOf("111111111111", SHARDS));
    expect(reads).toEqual(
      [
        ...[...new Set(here.map((a) => a.group))].map((g) => `data.aws_identitystore_group.group["${g}"]`),
        ...[...new Set(here.map((a) => a.permissionSet))].map((p) => `data.aws_ssoadmin_permission_set.permission_set["${p}"]`),
      ].sort(),
    );
  });
});
