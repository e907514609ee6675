// From a new account to its live assignments at scale: the steps the workflows run
// (tests/e2e/support/onboarding.ts) against the local Identity Center + Organizations emulator,
// with an Organization of <accounts> accounts in <shards> assignment shards. Before the clock
// starts only the base stack and the shard the new account lands in are applied (the other
// shards are not touched by the change: the plan covers the affected stacks only). Excludes
// GitHub's runner start and AWS's own CreateAccount time (the emulator completes it at once).
// Usage: tsx bench/onboarding.ts [accounts=1000] [shards=64]
import { loadModel } from "../src/model/index.js";
import { assignmentStackOf, BASE_STACK } from "../src/layout/index.js";
import { startEmulator } from "../tests/emulator/index.js";
import { GROUP_NAMES, IDENTITY_STORE, INSTANCE_ARN, onboard, SeededOrganization } from "../tests/e2e/support/onboarding.js";
import { removeScratch } from "../tests/e2e/support/scratch.js";
import { StackSet, synthLayout } from "../tests/e2e/support/stack-set.js";

const accounts = Number(process.argv[2] ?? 1000);
const shards = Number(process.argv[3] ?? 64);
const emulator = await startEmulator({ instanceArn: INSTANCE_ARN, identityStoreId: IDENTITY_STORE, groups: GROUP_NAMES, seed: 19 });
const set = new StackSet("bench-onboarding", emulator.url);
try {
  const { seeded, base } = await SeededOrganization.create(emulator, accounts, shards);
  // The account exists in Organizations before the clock starts only so that its shard is known
  // and applied beforehand; the model (base) does not know it yet.
  const id = await seeded.createAccount("acct-new", "Workloads", { env: "dev" });
  const shard = assignmentStackOf(id, shards);
  const before = synthLayout(loadModel(base).model!);
  for (const stack of [BASE_STACK, shard]) {
    const ws = set.use(before, stack);
    await ws.plan();
    const res = await ws.applyPlan();
    if (res.status !== 0) throw new Error(`apply of ${stack}: ${res.stderr}`);
  }
  const started = performance.now();
  const run = await onboard(emulator, base, set);
  const total = Math.round(performance.now() - started);
  const live = emulator.snapshot().assignments.filter((a) => a.accountId === id);
  if (live.length === 0) throw new Error("the new account has no live assignment");
  process.stdout.write(
    `${JSON.stringify({ accounts, shards, affected_stacks: run.affected, decision: JSON.parse(run.decision.stdout).auto_apply, live: live.length, total_ms: total, parts_ms: run.parts }, null, 2)}\n`,
  );
  seeded.destroy();
} finally {
  await emulator.close();
  set.dispose();
  removeScratch();
}
