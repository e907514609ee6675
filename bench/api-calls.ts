// API calls and wall time of Terraform plans against the local Identity Center, monolithic stack vs
// assignment shards, for a synthetic org. States are built without creating anything through the
// API: the emulator is seeded with the org's permission sets (applied once by the base stack) and
// every assignment, then each stack adopts them with import blocks (the model's imports, as
// `access import` produces them) and applies the imports. Then:
//   - a full no-op plan: the monolithic stack vs every stack of the sharded layout;
//   - a one-line PR plan (one assignment line naming one account): the monolithic stack vs the
//     stacks that change touches (the account's shard).
// Usage: tsx bench/api-calls.ts <accounts> [shards=64] [full|pr]   ("pr" skips the all-shards no-op plan)
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { formatFindings, loadModel } from "../src/model/index.js";
import { assignmentStackOf, BASE_STACK } from "../src/layout/index.js";
import { assignmentKey, type ResolvedModel, type TerraformImports } from "../src/model/types.js";
import { synthesize } from "../stacks/app.js";
import { startEmulator, type Emulator } from "../tests/emulator/index.js";
import { assignmentRecordKey } from "../tests/emulator/state.js";
import { localAwsEndpoints, runTerraformAsync, terraformBinary, terraformEnv, warmPluginCache } from "../tests/support/terraform.js";
import { timed } from "./timed.js";
import { syntheticAccount, syntheticModel, writeModel, type SyntheticModel } from "./synthetic.js";

type Json = Record<string, any>;
const accounts = Number(process.argv[2] ?? 35);
const shards = Number(process.argv[3] ?? 64);
const mode = process.argv[4] ?? "full";
const PARALLELISM = 10;

const work = mkdtempSync(join(tmpdir(), `bench-api-${accounts}-`));
const tfRoot = join(work, "tf");
warmPluginCache(tfRoot);
const env = { ...terraformEnv(tfRoot), AWS_ACCESS_KEY_ID: "bench", AWS_SECRET_ACCESS_KEY: "bench", AWS_EC2_METADATA_DISABLED: "true" };

function load(m: SyntheticModel, name: string, stackCount: number): ResolvedModel {
  const copy = structuredClone(m);
  (copy.organization.identity_center as Json).assignment_shards = stackCount;
  const dir = join(work, `model-${name}`);
  writeModel(copy, dir);
  const { model, findings } = loadModel(dir, { today: "2026-01-01" });
  if (!model) throw new Error(formatFindings(findings, "text"));
  return model;
}

async function terraform(dir: string, args: string[]): Promise<string> {
  const res = await runTerraformAsync(args, dir, env);
  if (res.status !== 0) throw new Error(`terraform ${args.join(" ")} in ${dir} failed:\n${res.stderr.slice(-3000)}`);
  return res.stdout;
}

/** Writes a stack into its folder (one folder, one state per stack name and layout). */
async function place(outdir: string, stack: string, layout: string, em: Emulator): Promise<string> {
  const dir = join(work, "run", layout, stack);
  const fresh = !readSafe(join(dir, "cdk.tf.json"));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "cdk.tf.json"), readFileSync(join(outdir, "stacks", stack, "cdk.tf.json")));
  writeFileSync(join(dir, "zz_override.tf.json"), JSON.stringify({ terraform: { backend: { local: { path: join(dir, "terraform.tfstate") } } }, provider: { aws: localAwsEndpoints(em.url) } }));
  if (fresh) await terraform(dir, ["init", "-input=false", "-no-color"]);
  return dir;
}

function readSafe(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

interface Measured {
  stacks: number;
  calls: number;
  /** Calls by API operation, summed over the stacks. */
  byOperation: Record<string, number>;
  wallSeconds: number;
  /** CPU seconds of terraform + provider, summed over the stacks: unlike wall time, not inflated by load. */
  cpuSeconds: number;
  changedStacks: string[];
}

async function planStacks(em: Emulator, outdir: string, stacks: string[], layout: string): Promise<Measured> {
  let wall = 0;
  let calls = 0;
  let cpu = 0;
  const byOperation: Record<string, number> = {};
  const changed: string[] = [];
  for (const stack of stacks) {
    const dir = await place(outdir, stack, layout, em);
    em.resetCalls();
    const t = performance.now();
    const res = await timed([terraformBinary(), "plan", "-input=false", "-no-color", "-lock=false", `-parallelism=${PARALLELISM}`, "-detailed-exitcode"], dir, env);
    wall += (performance.now() - t) / 1000;
    cpu += res.cpuSeconds;
    for (const [op, n] of Object.entries(em.calls)) {
      calls += n;
      byOperation[op] = (byOperation[op] ?? 0) + n;
    }
    if (res.status === 1) throw new Error(`plan of ${stack} failed:\n${res.stderr.slice(-3000)}`);
    if (res.status === 2) changed.push(stack);
  }
  return { stacks: stacks.length, calls, byOperation, wallSeconds: wall, cpuSeconds: cpu, changedStacks: changed };
}

async function applyStacks(em: Emulator, outdir: string, stacks: string[], layout: string): Promise<void> {
  for (const stack of stacks) {
    const dir = await place(outdir, stack, layout, em);
    await terraform(dir, ["apply", "-auto-approve", "-input=false", "-no-color", "-lock=false", `-parallelism=${PARALLELISM}`]);
  }
}

/** Import ids, per kind and natural key, for everything the model declares (what `access import` writes). */
function importsFor(model: ResolvedModel, em: Emulator): TerraformImports {
  const inst = em.state.instanceArn;
  const psArn = new Map([...em.state.permissionSets.values()].map((p) => [p.name, p.arn]));
  const groupId = new Map([...em.state.groups.values()].map((g) => [g.displayName, g.groupId]));
  const arn = (name: string) => psArn.get(name) ?? (() => { throw new Error(`no permission set ${name}`); })();
  return {
    permission_set: new Map(model.permissionSets.map((p) => [p.name, `${arn(p.name)},${inst}`])),
    managed_policy: new Map(model.permissionSets.flatMap((p) => p.managedPolicies.map((m) => [`${p.name}|${m}`, `${m},${arn(p.name)},${inst}`] as const))),
    customer_managed_policy: new Map(model.permissionSets.flatMap((p) => p.customerManagedPolicies.map((c) => [`${p.name}|${c.path}${c.name}`, `${c.name},${c.path},${arn(p.name)},${inst}`] as const))),
    inline_policy: new Map(model.permissionSets.filter((p) => p.inlinePolicy !== undefined).map((p) => [p.name, `${arn(p.name)},${inst}`])),
    permissions_boundary: new Map(model.permissionSets.filter((p) => p.permissionsBoundary).map((p) => [p.name, `${arn(p.name)},${inst}`])),
    assignment: new Map(model.assignments.map((a) => [assignmentKey(a), `${groupId.get(a.group)},GROUP,${a.accountId},AWS_ACCOUNT,${arn(a.permissionSet)},${inst}`])),
    group_push: new Map(model.groups.map((g) => [g.name, g.name])),
  };
}

const stackList = (outdir: string) => (JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")).stacks as Json);

const synthetic = syntheticModel(accounts);
const pr = structuredClone(synthetic);
const target = syntheticAccount(7);
pr.assignments.push({ group: "billing", permission_set: "ReadOnly", accounts: [target.name as string] });

const mono = load(synthetic, "mono", 1);
const sharded = load(synthetic, "sharded", shards);
const em = await startEmulator({ instanceArn: mono.organization.identityCenter.instanceArn, identityStoreId: mono.organization.identityCenter.identityStoreId, groups: mono.groups.map((g) => g.name), pageSize: 100 });
const results: Json = { accounts, assignments: mono.assignments.length, shards, parallelism: PARALLELISM };
try {
  // Permission sets and policies through the sharded base (nothing per account yet).
  const baseOut = join(work, "out-base");
  synthesize(sharded, baseOut);
  await applyStacks(em, baseOut, [BASE_STACK], "sharded");
  // Every assignment exists in Identity Center, as in a live org.
  const psArn = new Map([...em.state.permissionSets.values()].map((p) => [p.name, p.arn]));
  const groupId = new Map([...em.state.groups.values()].map((g) => [g.displayName, g.groupId]));
  for (const a of mono.assignments) {
    const rec = { permissionSetArn: psArn.get(a.permissionSet)!, accountId: a.accountId, principalType: "GROUP" as const, principalId: groupId.get(a.group)! };
    em.state.assignments.set(assignmentRecordKey(rec), rec);
  }
  const imports = importsFor(mono, em);

  // Adopt into both layouts.
  const monoOut = join(work, "out-mono");
  synthesize({ ...mono, imports }, monoOut);
  await applyStacks(em, monoOut, [BASE_STACK], "mono");
  const shardOut = join(work, "out-sharded");
  synthesize({ ...sharded, imports }, shardOut);
  const shardStacks = Object.keys(stackList(shardOut)).filter((s) => s.startsWith(`${BASE_STACK}-shard-`)).sort();
  const prShard = assignmentStackOf(target.id as string, shards);
  await applyStacks(em, shardOut, mode === "full" ? shardStacks : [prShard], "sharded");

  // No-op plans (without the import blocks, as every later plan is).
  const monoPlain = join(work, "plain-mono");
  synthesize(mono, monoPlain);
  results.noopMonolithic = await planStacks(em, monoPlain, [BASE_STACK], "mono");
  const shardPlain = join(work, "plain-sharded");
  synthesize(sharded, shardPlain);
  if (mode === "full") results.noopAllStacks = await planStacks(em, shardPlain, [BASE_STACK, ...shardStacks], "sharded");

  // The one-line PR.
  const monoPr = join(work, "pr-mono");
  synthesize(load(pr, "pr-mono", 1), monoPr);
  results.prMonolithic = await planStacks(em, monoPr, [BASE_STACK], "mono");
  const shardPr = join(work, "pr-sharded");
  synthesize(load(pr, "pr-sharded", shards), shardPr);
  results.prAffectedShards = await planStacks(em, shardPr, [prShard], "sharded");
  results.prCallsRatio = results.prAffectedShards.calls / results.prMonolithic.calls;
  results.prWallRatio = results.prAffectedShards.wallSeconds / results.prMonolithic.wallSeconds;
  results.prCpuRatio = results.prAffectedShards.cpuSeconds / results.prMonolithic.cpuSeconds;
  process.stdout.write(`${JSON.stringify(results)}\n`);
} finally {
  await em.close();
  if (!process.env.BENCH_KEEP) rmSync(work, { recursive: true, force: true });
}
