// The Identity Center stacks of one layout (base and assignment shards), each in its own Terraform
// working folder and state, as the pipeline runs them: one workspace per stack name, kept across
// steps so states carry over when the layout changes.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ResolvedModel } from "../../../src/model/types.js";
import { synthesize, type SynthSummary } from "../../../stacks/app.js";
import { scratchDir } from "./scratch.js";
import { TerraformWorkspace, type Plan } from "./workspace.js";

type Json = Record<string, any>;

export interface SynthesizedLayout {
  outdir: string;
  /** Identity Center stacks in apply order (okta left out: there is no Okta provider here). */
  stacks: string[];
  summary: SynthSummary;
}

export function synthLayout(model: ResolvedModel): SynthesizedLayout {
  const outdir = scratchDir("synth");
  const summary = synthesize(model, outdir);
  return { outdir, summary, stacks: summary.stacks.map((s) => s.name).filter((n) => n !== "okta") };
}

export class StackSet {
  private readonly spaces = new Map<string, TerraformWorkspace>();

  constructor(
    private readonly name: string,
    private readonly endpoint: string,
    private readonly parallelism = 20,
  ) {}

  workspace(stack: string): TerraformWorkspace {
    let ws = this.spaces.get(stack);
    if (!ws) this.spaces.set(stack, (ws = new TerraformWorkspace(`${this.name}-${stack}`, this.endpoint, this.parallelism)));
    return ws;
  }

  /** Puts the synthesized stack into its workspace, optionally rewritten first. */
  use(layout: SynthesizedLayout, stack: string, rewrite: (json: Json) => Json = (j) => j): TerraformWorkspace {
    const ws = this.workspace(stack);
    const json = rewrite(JSON.parse(readFileSync(join(layout.outdir, "stacks", stack, "cdk.tf.json"), "utf8")));
    const scratch = scratchDir(`stack-${stack}`);
    writeFileSync(join(scratch, "cdk.tf.json"), JSON.stringify(json, null, 2));
    ws.useStack(scratch);
    return ws;
  }

  async planAll(layout: SynthesizedLayout): Promise<Map<string, Plan>> {
    const plans = new Map<string, Plan>();
    for (const stack of layout.stacks) plans.set(stack, await this.use(layout, stack).plan());
    return plans;
  }

  /** Plans and applies every stack in apply order; throws on the first failure. */
  async applyAll(layout: SynthesizedLayout): Promise<Map<string, Plan>> {
    const plans = new Map<string, Plan>();
    for (const stack of layout.stacks) {
      const ws = this.use(layout, stack);
      plans.set(stack, await ws.plan());
      const res = await ws.applyPlan();
      if (res.status !== 0) throw new Error(`apply of ${stack} failed:\n${res.stderr}\n${res.stdout.slice(-3000)}`);
    }
    return plans;
  }

  /** Instance addresses in a stack's state. */
  stateAddresses(stack: string): string[] {
    const state = this.workspace(stack).state() as Json;
    if (!existsSync(join(this.workspace(stack).dir, "terraform.tfstate"))) return [];
    const out: string[] = [];
    for (const r of (state.resources ?? []) as Json[]) {
      const base = `${r.mode === "data" ? "data." : ""}${r.type}.${r.name}`;
      for (const i of r.instances as Json[]) out.push(i.index_key === undefined ? base : `${base}[${JSON.stringify(i.index_key)}]`);
    }
    return out.sort();
  }

  dispose(): void {
    for (const ws of this.spaces.values()) ws.dispose();
  }
}
