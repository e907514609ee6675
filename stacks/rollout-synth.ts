// Synthesis of a whole rollout: every stack of the head model under `outdir` (stacks/app.ts), the
// phases other than final under `outdir`/phases/<phase>/ (the same stack names, so the same
// states), and `outdir`/rollout.json with the ordered steps (src/rollout).
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { App } from "cdktf";
import { keepRemovedPermissionSets, tightenModel } from "../src/model/phases.js";
import type { ResolvedModel } from "../src/model/types.js";
import { PHASES_DIR, Rollout, ROLLOUT_FILE } from "../src/rollout/rollout.js";
import { baseContent, oktaContent } from "../src/stack-contents/index.js";
import { synthesize, type SynthSummary } from "./app.js";
import { IdentityCenterStack } from "./identity-center-stack.js";
import { installLockFiles } from "./lock-files.js";
import { OktaStack } from "./okta-stack.js";

export interface RolloutSynthesis {
  summary: SynthSummary;
  rollout: Rollout;
}

export function synthesizeRollout(base: ResolvedModel | undefined, head: ResolvedModel, outdir: string): RolloutSynthesis {
  const summary = synthesize(head, outdir);
  // A stack left out (Okta placeholders) must not leave an older synthesis of it behind.
  for (const skipped of summary.skipped) rmSync(join(outdir, "stacks", skipped.name), { recursive: true, force: true });
  const rollout = Rollout.plan(base, head, summary.stacks.map((s) => s.name));
  const phasesDir = join(outdir, PHASES_DIR);
  rmSync(phasesDir, { recursive: true, force: true });
  for (const { phase } of rollout.earlyPhases) {
    const phaseOut = join(phasesDir, phase);
    mkdirSync(phaseOut, { recursive: true });
    const app = new App({ outdir: phaseOut, skipValidation: true });
    if (phase === "tighten") new OktaStack(app, oktaContent(tightenModel(base, head)));
    else new IdentityCenterStack(app, baseContent(keepRemovedPermissionSets(base, head)));
    app.synth();
    installLockFiles(phaseOut);
  }
  writeFileSync(join(outdir, ROLLOUT_FILE), `${JSON.stringify(rollout.toJSON(), null, 2)}\n`);
  return { summary, rollout };
}

/** A line per step for humans. */
export function formatRollout(rollout: Rollout, outdir: string): string {
  const lines = [`rollout (${outdir}/${ROLLOUT_FILE}):`];
  const shards = rollout.steps.filter((s) => s.kind === "shard");
  for (const s of rollout.steps) {
    if (s.kind !== "shard") lines.push(`  ${s.stack} (${s.phase} phase): ${outdir}/${s.folder}`);
    else if (s === shards[0]) lines.push(`  ${shards.length} assignment shard(s), in parallel: ${outdir}/stacks/${shards[0]!.stack} ...`);
  }
  if (rollout.keep) lines.push(`  held back until the shards have applied: ${rollout.heldBack.join(", ")}`);
  return lines.join("\n");
}
