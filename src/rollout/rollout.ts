// The rollout of a merge: which stack applies in which phase, from which folder, after which
// steps, and only if what. One value object, written by `access synth` as cdktf.out/rollout.json;
// the apply workflow and its report follow it instead of re-deciding.
//
// Order (src/model/phases.ts says why): okta's tighten phase (never weaker than what is live or
// what is merged); then, once Okta has pushed the groups, the identity-center base (its keep phase
// when the merge removes permission sets a shard may still assign); then the shards; then the
// base's final phase (deleting those permission sets, now unassigned); then okta's final phase
// (loosening comes last).
import { BASE_STACK, OKTA_STACK, stackKind, type StackKind } from "../layout/index.js";
import { permissionSetsRemovedLast } from "../model/phases.js";
import type { ResolvedModel } from "../model/types.js";

export type Phase = "tighten" | "keep" | "final";

export interface RolloutStep {
  /** Unique: the stack, with the phase unless final (`okta-tighten`, `identity-center-keep`, `identity-center-shard-03`). */
  id: string;
  stack: string;
  kind: StackKind;
  phase: Phase;
  /** The synthesized stack folder, relative to the synthesis output folder. */
  folder: string;
  /** Step ids that must have applied first. */
  dependsOn: string[];
  /** The step applies only if one of these stacks is in the access diff's affected_stacks. */
  appliesOnlyIfAffected: string[];
  /** Something else that must hold first, in words (e.g. every pushed group has arrived). */
  waitsFor?: string;
}

export interface RolloutJson {
  /** Permission sets the keep phase holds back until the shards no longer assign them. */
  heldBack: string[];
  /** True when the base stack applies in two phases (keep before the shards, final after). */
  keep: boolean;
  steps: RolloutStep[];
}

export const ROLLOUT_FILE = "rollout.json";
/** Folders of the phases other than final, under the synthesis output folder. */
export const PHASES_DIR = "phases";

export function phaseFolder(phase: Phase, stack: string): string {
  return phase === "final" ? `stacks/${stack}` : `${PHASES_DIR}/${phase}/stacks/${stack}`;
}

export class Rollout {
  private constructor(readonly heldBack: readonly string[], readonly steps: readonly RolloutStep[]) {}

  /**
   * The rollout from `base` (what is live; undefined for the first apply) to `head`, over the
   * stacks synthesis wrote (in apply order; okta absent while the model's Okta fields are placeholders).
   */
  static plan(base: ResolvedModel | undefined, head: ResolvedModel, stacks: readonly string[]): Rollout {
    const heldBack = permissionSetsRemovedLast(base, head).map((p) => p.name);
    const keep = heldBack.length > 0;
    const steps: RolloutStep[] = [];
    const step = (stack: string, phase: Phase, dependsOn: string[], extra: Partial<RolloutStep> = {}): RolloutStep => {
      const s: RolloutStep = {
        id: phase === "final" ? stack : `${stack}-${phase}`,
        stack,
        kind: stackKind(stack) ?? "shard",
        phase,
        folder: phaseFolder(phase, stack),
        dependsOn,
        appliesOnlyIfAffected: [stack],
        ...extra,
      };
      steps.push(s);
      return s;
    };
    const hasOkta = stacks.includes(OKTA_STACK);
    const tighten = hasOkta ? [step(OKTA_STACK, "tighten", []).id] : [];
    const baseStep = step(BASE_STACK, keep ? "keep" : "final", tighten, { waitsFor: "every group Okta pushes has arrived in the Identity Store" });
    const shards = stacks.filter((s) => stackKind(s) === "shard").map((s) => step(s, "final", [baseStep.id]).id);
    const identityCenter = [baseStep.id, ...shards];
    if (keep) identityCenter.push(step(BASE_STACK, "final", [baseStep.id, ...shards]).id);
    if (hasOkta) step(OKTA_STACK, "final", identityCenter);
    return new Rollout(heldBack, steps);
  }

  get keep(): boolean {
    return this.heldBack.length > 0;
  }

  /** The phases other than final that synthesis must write, per stack. */
  get earlyPhases(): Array<{ stack: string; phase: Exclude<Phase, "final"> }> {
    return this.steps.filter((s) => s.phase !== "final").map((s) => ({ stack: s.stack, phase: s.phase as Exclude<Phase, "final"> }));
  }

  toJSON(): RolloutJson {
    return { heldBack: [...this.heldBack], keep: this.keep, steps: this.steps.map((s) => ({ ...s, dependsOn: [...s.dependsOn] })) };
  }
}
