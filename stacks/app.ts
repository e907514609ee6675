// Programmatic synthesis: the resolved model in, every stack written under `outdir`.
// Used by main.ts, the tests, the e2e suite and the bench.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { App } from "cdktf";
import { LAYOUT_FILE, layoutFile, OKTA_STACK } from "../src/layout/index.js";
import type { OktaConfig, ResolvedModel } from "../src/model/types.js";
import { stackContents } from "../src/stack-contents/index.js";
import { AssignmentShardStack } from "./assignment-shard-stack.js";
import { BreakGlassStack } from "./break-glass-stack.js";
import { IdentityCenterStack } from "./identity-center-stack.js";
import type { StackSummary } from "./inventory.js";
import { installLockFiles } from "./lock-files.js";
import { OktaStack } from "./okta-stack.js";
import { RevocationStack } from "./revocation-stack.js";

export type { StackSummary, TypeCount } from "./inventory.js";

export interface SynthSummary {
  outdir: string;
  /** In apply order: okta, identity-center (the base), the assignment shards by name, then break-glass. */
  stacks: StackSummary[];
  /** Stacks left out of this synthesis, each with the reason. */
  skipped: Array<{ name: string; reason: string }>;
}

/** Why the okta stack cannot be built yet (an imported model whose Okta fields are placeholders). */
export function oktaSkipReason(okta: Pick<OktaConfig, "placeholders">): string | undefined {
  const left = okta.placeholders ?? [];
  if (left.length === 0) return undefined;
  return `organization.${left.join(", organization.")} ${left.length === 1 ? "is a placeholder" : "are placeholders"} (left by access import); fill ${left.length === 1 ? "it" : "them"} in to build the okta stack`;
}

export interface BuiltApp {
  app: App;
  /** Absent while the model's Okta fields are placeholders (see oktaSkipReason). */
  okta?: OktaStack;
  identityCenter: IdentityCenterStack;
  /** Assignment shards (none with one shard), then draining stacks of a previous layout, by name. */
  shards: AssignmentShardStack[];
  /** Present with organization.leavers: the deny list and the revoker (stacks/revocation-stack.ts). */
  revocation?: RevocationStack;
  /** Only when the model has organization.break_glass; independent of the other stacks. */
  breakGlass?: BreakGlassStack;
}

export function buildApp(model: ResolvedModel, outdir: string): BuiltApp {
  // skipValidation: cdktf's validations only check provider version pins, which we override.
  const app = new App({ outdir, skipValidation: true });
  const contents = stackContents(model);
  const okta = oktaSkipReason(contents.okta.okta) === undefined ? new OktaStack(app, contents.okta) : undefined;
  const identityCenter = new IdentityCenterStack(app, contents.base);
  // Assignments need the groups Okta pushes: okta applies first.
  if (okta) identityCenter.addDependency(okta);
  const shards = contents.shards.map((shard) => new AssignmentShardStack(app, shard));
  // Shards find permission sets by lookup: the base stack applies first.
  for (const shard of shards) shard.addDependency(identityCenter);
  const revocation = contents.revocation ? new RevocationStack(app, contents.revocation, join(outdir, ".build", "revoker")) : undefined;
  const breakGlass = model.organization.breakGlass ? new BreakGlassStack(app, model) : undefined;
  return { app, ...(okta ? { okta } : {}), identityCenter, shards, ...(revocation ? { revocation } : {}), ...(breakGlass ? { breakGlass } : {}) };
}

export function synthesize(model: ResolvedModel, outdir: string): SynthSummary {
  return withPlainStackTraces(() => {
    const { app, okta, identityCenter, shards, revocation, breakGlass } = buildApp(model, outdir);
    app.synth();
    installLockFiles(outdir);
    const skipReason = oktaSkipReason(model.organization.okta);
    const written = [...(okta ? [okta] : []), identityCenter, ...shards, ...(revocation ? [revocation] : [])];
    // The workflows' scripts read the stacks' kinds and apply order from here, not from literals.
    writeFileSync(join(outdir, LAYOUT_FILE), `${JSON.stringify(layoutFile(written.map((s) => s.node.id)), null, 2)}\n`);
    return {
      outdir,
      // break-glass is not in layout.json: the workflows never apply it (docs/review-guarantees.md).
      stacks: [...written, ...(breakGlass ? [breakGlass] : [])].map((s) => s.inventory.summary(s.node.id)),
      skipped: skipReason ? [{ name: OKTA_STACK, reason: skipReason }] : [],
    };
  });
}

/**
 * CDKTF captures a full stack trace for every token and construct it creates (into a plain
 * object, not an Error), kept only to say where a token was made if resolving it fails. Under
 * tsx every trace was mapped through source maps: half of synthesis time with dozens of stacks.
 * While synthesizing, those captures format to nothing; real errors keep a full trace (from the
 * raw call sites, not source-mapped).
 */
function withPlainStackTraces<T>(fn: () => T): T {
  const previous = Error.prepareStackTrace;
  Error.prepareStackTrace = (err, frames) => (err instanceof Error ? [String(err), ...frames.map((f) => `    at ${String(f)}`)].join("\n") : "");
  try {
    return fn();
  } finally {
    Error.prepareStackTrace = previous;
  }
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
