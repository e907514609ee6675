// The sharded layout: a base identity-center stack with permission sets, assignment shards with
// deferred lookups, apply order, and the blocks a layout change generates.
import { afterAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { syntheticModel, writeModel } from "../../bench/synthetic.js";
import { loadModel } from "../../src/model/index.js";
import { assignmentStackOf, shardStackName } from "../../src/layout/index.js";
import type { ResolvedModel } from "../../src/model/types.js";
import { synthesize } from "../../stacks/app.js";
import { fixtureModel } from "./fixture.js";
import { assignmentBlocks, removeTempDirs, stackJson, stackNames, synthModel, tempDir, type Json } from "./helpers.js";

afterAll(removeTempDirs);

function sharded(shards: number, migrateFrom?: number, edit: (m: ResolvedModel) => void = () => {}): ResolvedModel {
  const m = fixtureModel();
  m.organization.identityCenter = { ...m.organization.identityCenter, assignmentShards: shards, ...(migrateFrom ? { migrateAssignmentsFrom: migrateFrom } : {}) };
  edit(m);
  return m;
}

const ACCOUNTS = ["111111111111", "222222222222"];
const SHARDS = 4;
const shardOfAccount = (id: string, n = SHARDS) => assignmentStackOf(id, n);

describe("four assignment shards", () => {
  const outdir = tempDir("sharded");
  const summary = synthesize(sharded(SHARDS), outdir);
  const base = stackJson(outdir, "identity-center");

  it("synthesizes okta, the base and every shard, in apply order", () => {
    expect(summary.stacks.map((s) => s.name)).toEqual(["okta", "identity-center", ...Array.from({ length: SHARDS }, (_, i) => shardStackName(i, SHARDS))]);
    const manifest: Json = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8"));
    expect(manifest.stacks["identity-center"].dependencies).toEqual(["okta"]);
    for (let i = 0; i < SHARDS; i++) expect(manifest.stacks[shardStackName(i, SHARDS)].dependencies).toEqual(["identity-center"]);
  });

  it("keeps permission sets and policies in the base, and no assignment, group marker or lookup", () => {
    expect(Object.keys(base.resource).sort()).toEqual([
      "aws_ssoadmin_customer_managed_policy_attachment",
      "aws_ssoadmin_managed_policy_attachment",
      "aws_ssoadmin_permission_set",
      "aws_ssoadmin_permission_set_inline_policy",
      "aws_ssoadmin_permissions_boundary_attachment",
    ]);
    expect(base.data).toBeUndefined();
    expect(base.moved).toBeUndefined();
  });

  it("puts each account's block in the shard its id hashes to, and nowhere else", () => {
    const blocks = [...assignmentBlocks(outdir).keys()].sort();
    expect(blocks).toEqual(ACCOUNTS.map((id) => `${shardOfAccount(id)} assignment_${id}`).sort());
  });

  it("reads permission set ARNs and group ids from one listing each, with a per-name fallback deferred through markers", () => {
    const name = shardOfAccount("222222222222");
    const shard = stackJson(outdir, name);
    const here = fixtureModel().assignments.filter((a) => shardOfAccount(a.accountId) === name);
    const namesOf = (list: string[]) => Object.fromEntries([...new Set(list)].sort().map((n) => [n, n]));
    const sets = namesOf(here.map((a) => a.permissionSet));
    const block = shard.resource.aws_ssoadmin_account_assignment.assignment_222222222222;
    expect(block.permission_set_arn).toBe("${local.permission_sets[each.value.permission_set].arn}");
    expect(block.principal_id).toBe("${local.groups[each.value.group].group_id}");
    // One listing of the instance's permission sets, each described by ARN.
    expect(shard.data.aws_ssoadmin_permission_sets.listed).toMatchObject({ instance_arn: "arn:aws:sso:::instance/ssoins-1234567890abcdef" });
    expect(shard.data.aws_ssoadmin_permission_set.listed).toMatchObject({ for_each: "${toset((data.aws_ssoadmin_permission_sets.listed.arns == null ? [] : data.aws_ssoadmin_permission_sets.listed.arns))}", arn: "${each.key}" });
    expect(shard.locals.listed_permission_set_arns).toBe("${{ for ps in data.aws_ssoadmin_permission_set.listed : ps.name => ps.arn }}");
    // Names the listing lacks (new in this change) fall back to a lookup by name through the marker.
    expect(shard.data.aws_ssoadmin_permission_set.permission_set).toMatchObject({
      for_each: "${{ for name in keys(local.seen_permission_set_names) : name => name if !contains(keys(local.listed_permission_set_arns), name) }}",
      instance_arn: "arn:aws:sso:::instance/ssoins-1234567890abcdef",
      name: "${local.seen_permission_set_names[each.key]}",
    });
    expect(shard.locals.permission_sets).toBe(
      "${{ for name in keys(local.seen_permission_set_names) : name => { arn = try(local.listed_permission_set_arns[name], data.aws_ssoadmin_permission_set.permission_set[name].arn) } }}",
    );
    expect(shard.resource.terraform_data.permission_set_seen).toMatchObject({ for_each: sets, input: "${each.value}", lifecycle: { ignore_changes: ["input"] } });
    expect(shard.locals.seen_permission_set_names).toBe("${{ for name, marker in terraform_data.permission_set_seen : name => coalesce(marker.output, name) }}");
    expect(shard.resource.terraform_data.group_push.for_each).toEqual(namesOf(here.map((a) => a.group)));
    expect(shard.data.aws_identitystore_groups.listed).toMatchObject({ identity_store_id: "d-1234567890" });
    expect(shard.locals.pushed_group_names).toBe("${{ for name, marker in terraform_data.group_push : name => coalesce(marker.output, name) }}");
  });

  it("writes empty shards too (a shard whose last account left must still delete its assignments)", () => {
    const empty = stackNames(outdir).filter((s) => s.startsWith("identity-center-shard-") && !ACCOUNTS.some((id) => shardOfAccount(id) === s));
    expect(empty.length).toBeGreaterThan(0);
    for (const s of empty) expect(stackJson(outdir, s).resource).toBeUndefined();
  });

  it("sends an assignment adopted from a live org to its shard, with the markers of adopted permission sets", () => {
    const PS = "arn:aws:sso:::permissionSet/ssoins-1234567890abcdef/ps-0000000000000001";
    const INST = "arn:aws:sso:::instance/ssoins-1234567890abcdef";
    const id = `gid-1,GROUP,222222222222,AWS_ACCOUNT,${PS},${INST}`;
    const out = synthModel({
      ...sharded(SHARDS),
      imports: { permission_set: new Map([["ReadOnly", `${PS},${INST}`]]), assignment: new Map([["aws-developers|ReadOnly|222222222222", id]]), group_push: new Map([["aws-developers", "aws-developers"]]) },
    });
    expect(stackJson(out, shardOfAccount("222222222222")).import).toEqual([
      { to: 'aws_ssoadmin_account_assignment.assignment_222222222222["aws-developers|ReadOnly|222222222222"]', id },
      { to: 'terraform_data.group_push["aws-developers"]', id: "aws-developers" },
      { to: 'terraform_data.permission_set_seen["ReadOnly"]', id: "ReadOnly" },
    ]);
    expect(stackJson(out, "identity-center").import).toEqual([{ to: 'aws_ssoadmin_permission_set.permission_set["ReadOnly"]', id: `${PS},${INST}` }]);
  });
});

describe("migrating one stack to four shards (migrate_assignments_from: 1)", () => {
  const outdir = synthModel(sharded(SHARDS, 1));
  const base = stackJson(outdir, "identity-center");
  const forget = (from: string) => ({ from, lifecycle: { destroy: false } });

  it("makes the base forget, never destroy, the single block, the group markers and every account block", () => {
    expect(base.removed).toEqual([
      forget("aws_ssoadmin_account_assignment.assignment"),
      forget("terraform_data.group_push"),
      ...ACCOUNTS.map((id) => forget(`aws_ssoadmin_account_assignment.assignment_${id}`)),
    ]);
  });

  it("makes each shard import its accounts' assignments with ids from the lookups, and the markers those need", () => {
    const shard = stackJson(outdir, shardOfAccount("111111111111"));
    const assignmentImports = shard.import.filter((i: Json) => i.for_each);
    expect(assignmentImports).toContainEqual({
      for_each: shard.resource.aws_ssoadmin_account_assignment.assignment_111111111111.for_each,
      to: "aws_ssoadmin_account_assignment.assignment_111111111111[each.key]",
      id: "${local.groups[each.value.group].group_id},GROUP,111111111111,AWS_ACCOUNT,${local.permission_sets[each.value.permission_set].arn},arn:aws:sso:::instance/ssoins-1234567890abcdef",
    });
    const markers = shard.import.filter((i: Json) => !i.for_each).map((i: Json) => i.to);
    for (const g of Object.keys(shard.resource.terraform_data.group_push.for_each)) expect(markers).toContain(`terraform_data.group_push[${JSON.stringify(g)}]`);
    for (const p of Object.keys(shard.resource.terraform_data.permission_set_seen.for_each)) expect(markers).toContain(`terraform_data.permission_set_seen[${JSON.stringify(p)}]`);
    expect(shard.removed).toBeUndefined();
  });
});

describe("migrating four shards back to one stack (migrate_assignments_from: 4)", () => {
  const outdir = synthModel(sharded(1, SHARDS));

  it("keeps writing the old shards, which only forget their accounts and markers", () => {
    const shards = stackNames(outdir).filter((s) => s.startsWith("identity-center-shard-"));
    expect(shards).toEqual(Array.from({ length: SHARDS }, (_, i) => shardStackName(i, SHARDS)));
    for (const s of shards) {
      const stack = stackJson(outdir, s);
      expect(stack.resource).toBeUndefined();
      const mine = ACCOUNTS.filter((id) => shardOfAccount(id) === s).map((id) => ({ from: `aws_ssoadmin_account_assignment.assignment_${id}`, lifecycle: { destroy: false } }));
      expect(stack.removed).toEqual([...mine, { from: "terraform_data.group_push", lifecycle: { destroy: false } }, { from: "terraform_data.permission_set_seen", lifecycle: { destroy: false } }]);
    }
  });

  it("makes the one stack import every account and every group marker", () => {
    const base = stackJson(outdir, "identity-center");
    expect(base.import.filter((i: Json) => i.for_each).map((i: Json) => i.to)).toEqual(ACCOUNTS.map((id) => `aws_ssoadmin_account_assignment.assignment_${id}[each.key]`));
    expect(base.import.filter((i: Json) => !i.for_each).map((i: Json) => i.to)).toEqual(['terraform_data.group_push["aws-admins"]', 'terraform_data.group_push["aws-developers"]', 'terraform_data.group_push["finance"]']);
    expect(base.import.find((i: Json) => i.for_each).id).toContain("${aws_ssoadmin_permission_set.permission_set[each.value.permission_set].arn}");
  });
});

describe("migrate_assignments_from", () => {
  it("is an error when it equals assignment_shards, with the position and what to do", () => {
    const m = syntheticModel(3);
    Object.assign(m.organization.identity_center as Json, { assignment_shards: 8, migrate_assignments_from: 8 });
    const dir = tempDir("same-layout");
    writeModel(m, dir);
    const { model, findings } = loadModel(dir, { today: "2026-01-01" });
    expect(model).toBeUndefined();
    const f = findings.find((x) => x.code === "no-layout-change")!;
    expect(f.file).toMatch(/organization\.yaml$/);
    expect(f.line).toBeGreaterThan(0);
    expect(f.message).toMatch(/nothing to migrate/);
  });
});
