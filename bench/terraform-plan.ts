// Terraform's own cost of planning the synthesized Identity Center stacks: `terraform plan
// -refresh=false` from an empty state with the provider pointed at the local Identity Center
// (nothing exists there: the listings come back empty and every lookup by name is deferred), CPU seconds
// of terraform + provider and peak memory (GNU time, children included), summed over the stacks.
// Usage: tsx bench/terraform-plan.ts <accounts> <assignment_shards> [legacy]
//   legacy: the stack as synthesized before per-account blocks (one block of all assignments),
//           rebuilt here from the per-account output for the comparison.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { loadModel, formatFindings } from "../src/model/index.js";
import { synthesize } from "../stacks/app.js";
import { startEmulator } from "../tests/emulator/index.js";
import { localAwsEndpoints, terraformEnv, warmPluginCache } from "../tests/support/terraform.js";
import { syntheticModel, writeModel } from "./synthetic.js";
import { timed } from "./timed.js";
import { toLegacyLayout } from "../tests/support/legacy-layout.js";

type Json = Record<string, any>;

export interface PlanCost {
  stacks: number;
  cpuSeconds: number;
  wallSeconds: number;
  peakRssMb: number;
  instances: number;
}

const accounts = Number(process.argv[2] ?? 35);
const shards = Number(process.argv[3] ?? 1);
const legacy = process.argv[4] === "legacy";
const work = mkdtempSync(join(tmpdir(), `bench-tfplan-${accounts}-`));
const synthetic = syntheticModel(accounts);
(synthetic.organization.identity_center as Json).assignment_shards = shards;
writeModel(synthetic, join(work, "model"));
const { model, findings } = loadModel(join(work, "model"), { today: "2026-01-01" });
if (!model) throw new Error(formatFindings(findings, "text"));
// The model's instance and store, empty: the listings find nothing and every lookup is deferred.
const emulator = await startEmulator({ instanceArn: model.organization.identityCenter.instanceArn, identityStoreId: model.organization.identityCenter.identityStoreId });
try {
  const outdir = join(work, "cdktf.out");
  const summary = synthesize(model, outdir);
  const env = terraformEnv(join(work, "tf"));
  warmPluginCache(join(work, "tf"));
  const cost: PlanCost = { stacks: 0, cpuSeconds: 0, wallSeconds: 0, peakRssMb: 0, instances: 0 };
  for (const s of summary.stacks) {
    if (s.name === "okta") continue;
    const dir = join(work, "run", s.name);
    mkdirSync(dir, { recursive: true });
    let stack: Json = JSON.parse(readFileSync(join(outdir, "stacks", s.name, "cdk.tf.json"), "utf8"));
    if (legacy) stack = toLegacyLayout(stack);
    if (process.env.BENCH_DROP_MOVED) delete stack.moved;
    writeFileSync(join(dir, "cdk.tf.json"), JSON.stringify(stack));
    writeFileSync(
      join(dir, "zz_override.tf.json"),
      JSON.stringify({ terraform: { backend: { local: { path: join(dir, "terraform.tfstate") } } }, provider: { aws: { ...localAwsEndpoints(emulator.url), access_key: "bench", secret_key: "bench" } } }),
    );
    execFileSync("terraform", ["init", "-input=false", "-no-color"], { cwd: dir, env, stdio: "ignore" });
    const t = performance.now();
    // Asynchronously: the emulator answers the stack's listings from this process's event loop.
    const res = await timed(["terraform", "plan", "-refresh=false", "-input=false", "-no-color", "-lock=false"], dir, env);
    cost.wallSeconds += (performance.now() - t) / 1000;
    if (res.status !== 0) throw new Error(`plan of ${s.name} failed:\n${res.stderr.slice(-3000)}`);
    cost.stacks += 1;
    cost.cpuSeconds += res.cpuSeconds;
    cost.peakRssMb = Math.max(cost.peakRssMb, res.peakRssMb);
    cost.instances += Object.values(s.resources).reduce((n, c) => n + c.instances, 0);
    rmSync(join(dir, ".terraform"), { recursive: true, force: true });
  }
  process.stdout.write(`${JSON.stringify({ accounts, shards, layout: legacy ? "one block" : "per account", assignments: model.assignments.length, ...cost })}\n`);
} finally {
  await emulator.close();
  rmSync(work, { recursive: true, force: true });
}
