// Programmatic synthesis: the resolved model in, both stacks written under `outdir`.
// Used by main.ts, the tests, the e2e suite and the bench.
import { App } from "cdktf";
import type { ResolvedModel } from "../src/model/types.js";
import { IdentityCenterStack } from "./identity-center-stack.js";
import type { StackSummary } from "./inventory.js";
import { OKTA_STACK, OktaStack } from "./okta-stack.js";
import { installLockFiles } from "./lock-files.js";

export type { StackSummary, TypeCount } from "./inventory.js";

export interface SynthSummary {
  outdir: string;
  /** In apply order: okta first, then identity-center. */
  stacks: StackSummary[];
  /** Stacks left out of this synthesis, each with the reason. */
  skipped: Array<{ name: string; reason: string }>;
}

/** Why the okta stack cannot be built yet (an imported model whose Okta fields are placeholders). */
export function oktaSkipReason(model: ResolvedModel): string | undefined {
  const left = model.organization.okta.placeholders ?? [];
  if (left.length === 0) return undefined;
  return `organization.${left.join(", organization.")} ${left.length === 1 ? "is a placeholder" : "are placeholders"} (left by access import); fill ${left.length === 1 ? "it" : "them"} in to build the okta stack`;
}

export function buildApp(model: ResolvedModel, outdir: string): { app: App; okta?: OktaStack; identityCenter: IdentityCenterStack } {
  // skipValidation: cdktf's validations only check provider version pins, which we override.
  const app = new App({ outdir, skipValidation: true });
  const okta = oktaSkipReason(model) === undefined ? new OktaStack(app, model) : undefined;
  const identityCenter = new IdentityCenterStack(app, model);
  // Assignments need the groups Okta pushes: okta applies first.
  if (okta) identityCenter.addDependency(okta);
  return { app, ...(okta ? { okta } : {}), identityCenter };
}

export function synthesize(model: ResolvedModel, outdir: string): SynthSummary {
  const { app, okta, identityCenter } = buildApp(model, outdir);
  app.synth();
  installLockFiles(outdir);
  const skipReason = oktaSkipReason(model);
  return {
    outdir,
    stacks: [...(okta ? [okta.inventory.summary(okta.node.id)] : []), identityCenter.inventory.summary(identityCenter.node.id)],
    skipped: skipReason ? [{ name: OKTA_STACK, reason: skipReason }] : [],
  };
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
  for (const skipped of summary.skipped ?? []) lines.push(`${skipped.name}: not written: ${skipped.reason}`);
  return lines.join("\n");
}
