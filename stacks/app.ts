// Programmatic synthesis: the resolved model in, both stacks written under `outdir`.
// Used by main.ts, the tests, the e2e suite and the bench.
import { App } from "cdktf";
import type { ResolvedModel } from "../src/model/types.js";
import { IdentityCenterStack } from "./identity-center-stack.js";
import type { StackSummary } from "./inventory.js";
import { installLockFiles } from "./lock-files.js";
import { OktaStack } from "./okta-stack.js";

export type { StackSummary, TypeCount } from "./inventory.js";

export interface SynthSummary {
  outdir: string;
  /** In apply order: okta first, then identity-center. */
  stacks: StackSummary[];
}

export function buildApp(model: ResolvedModel, outdir: string): { app: App; okta: OktaStack; identityCenter: IdentityCenterStack } {
  // skipValidation: cdktf's validations only check provider version pins, which we override.
  const app = new App({ outdir, skipValidation: true });
  const okta = new OktaStack(app, model);
  const identityCenter = new IdentityCenterStack(app, model);
  // Assignments need the groups Okta pushes: okta applies first.
  identityCenter.addDependency(okta);
  return { app, okta, identityCenter };
}

export function synthesize(model: ResolvedModel, outdir: string): SynthSummary {
  const { app, okta, identityCenter } = buildApp(model, outdir);
  app.synth();
  installLockFiles(outdir);
  return { outdir, stacks: [okta.inventory.summary(okta.node.id), identityCenter.inventory.summary(identityCenter.node.id)] };
}

/** A few lines for humans: stacks and resources per type. */
export function formatSummary(summary: SynthSummary): string {
  const lines: string[] = [];
  for (const stack of summary.stacks) {
    lines.push(`${stack.name}: ${summary.outdir}/stacks/${stack.name}/cdk.tf.json`);
    for (const [type, c] of Object.entries(stack.resources)) {
      lines.push(`  ${type}: ${c.instances}${c.blocks > 1 ? ` (${c.blocks} blocks)` : ""}`);
    }
  }
  return lines.join("\n");
}
