// The apply workflow's job and step conditions, evaluated by GitHub's own expression evaluator
// (tests/workflows/expressions.ts) over every combination of the jobs' results (success,
// failure, skipped, cancelled), their outputs, the event and a cancelled run, against the
// intended truth table written out below. A condition that reads right but decides wrong (an
// `&&` turned into `||`, a flipped comparison) fails here.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { combinations, compileIf, type ConditionContext, type NeedResult } from "./expressions.js";

type Result = NeedResult["result"];
const RESULTS: readonly Result[] = ["success", "failure", "skipped", "cancelled"];
/** For jobs whose conditions only ask "success?" or "skipped?": cancelled decides as failure does. */
const SOME_RESULTS: readonly Result[] = ["success", "failure", "skipped"];

interface Job {
  if?: string;
  needs?: string | string[];
  env?: Record<string, string>;
  steps?: Array<{ id?: string; name?: string; if?: string }>;
}

function jobsOf(text: string): Record<string, Job> {
  return (parse(text) as { jobs: Record<string, Job> }).jobs;
}

const APPLY = readFileSync(".github/workflows/apply.yml", "utf8");

/** One situation of a run: results of the jobs before, prepare's outputs, the event. */
const CASES = combinations({
  event: ["push", "workflow_dispatch"] as const,
  ref: ["refs/heads/main", "refs/heads/other"] as const,
  cancelled: [false, true] as const,
  prepare: RESULTS,
  plan: RESULTS,
  // The team job's failure must not stop the gates (no label counts then).
  team: ["success", "failure"] as const,
  gate: RESULTS,
  apply: RESULTS,
  shards: SOME_RESULTS,
  oktaFinal: SOME_RESULTS,
  okta: ["true", "false"] as const,
  keep: ["true", "false"] as const,
  shardList: ["[]", '["identity-center-shard-1"]'] as const,
  count: ["0", "3"] as const,
});
type Case = (typeof CASES)[number];

function context(c: Case, needs: readonly string[]): ConditionContext {
  const all: Record<string, NeedResult> = {
    prepare: { result: c.prepare, outputs: { okta: c.okta, "identity-center-keep": c.keep, shards: c.shardList, count: c.count } },
    plan: { result: c.plan },
    team: { result: c.team },
    gate: { result: c.gate },
    apply: { result: c.apply },
    shards: { result: c.shards },
    "okta-final": { result: c.oktaFinal },
    record: { result: "success" },
  };
  return { github: { ref: c.ref, event_name: c.event }, needs: Object.fromEntries(needs.map((n) => [n, all[n]!])), cancelled: c.cancelled };
}

/** When each job runs: the truth table the workflow must implement. */
const INTENDED: Record<string, (c: Case) => boolean> = {
  prepare: (c) => c.ref === "refs/heads/main" && !c.cancelled,
  // Only after prepare succeeded, and only when some stack is affected.
  plan: (c) => c.ref === "refs/heads/main" && !c.cancelled && c.prepare === "success" && c.count !== "0",
  team: (c) => c.ref === "refs/heads/main" && !c.cancelled && c.prepare === "success" && c.count !== "0",
  // Every plan made, whatever the team job did (unknown members: no label counts).
  gate: (c) => c.ref === "refs/heads/main" && !c.cancelled && c.plan === "success",
  // Nothing is applied unless the gates passed.
  apply: (c) => c.ref === "refs/heads/main" && !c.cancelled && c.gate === "success",
  // Only after the gates passed and okta, the push and the base stack succeeded.
  shards: (c) => c.ref === "refs/heads/main" && !c.cancelled && c.prepare === "success" && c.gate === "success" && c.apply === "success" && c.shardList !== "[]",
  // Loosening last: only when the first apply job succeeded and every shard applied (or there were none).
  "okta-final": (c) =>
    c.ref === "refs/heads/main" && !c.cancelled && (c.okta === "true" || c.keep === "true") && c.apply === "success" && (c.shards === "success" || c.shardList === "[]"),
  // The record moves on merge only, and only when every job that had something to apply did.
  record: (c) =>
    c.ref === "refs/heads/main" &&
    !c.cancelled &&
    c.event === "push" &&
    c.prepare === "success" &&
    (c.apply === "success" || c.count === "0") &&
    (c.shards === "success" || c.shardList === "[]") &&
    (c.oktaFinal === "success" || (c.okta !== "true" && c.keep !== "true")),
  // Always says what happened, even after a failure or a cancelled run.
  report: (c) => c.ref === "refs/heads/main",
};

/** The cases where the job's condition and the intended table disagree (first few). */
function mismatches(text: string, job: string): string[] {
  const def = jobsOf(text)[job]!;
  const needs = def.needs === undefined ? [] : Array.isArray(def.needs) ? def.needs : [def.needs];
  const decide = compileIf(def.if, "job");
  const out: string[] = [];
  for (const c of CASES) {
    if (decide(context(c, needs)) !== INTENDED[job]!(c)) out.push(JSON.stringify(c));
    if (out.length >= 3) break;
  }
  return out;
}

describe("apply.yml job conditions, evaluated", () => {
  it("has a truth table for every job", () => {
    expect(Object.keys(jobsOf(APPLY)).sort()).toEqual(Object.keys(INTENDED).sort());
  });

  for (const job of Object.keys(INTENDED)) {
    it(`${job} runs exactly when intended (${CASES.length} situations)`, () => {
      expect(mismatches(APPLY, job)).toEqual([]);
    });
  }

  it("catches a condition that reads right but decides wrong", () => {
    const mutated = APPLY.replace("&& needs.apply.result == 'success' && (needs.shards.result", "|| needs.apply.result == 'success' && (needs.shards.result");
    expect(mutated).not.toBe(APPLY);
    expect(mismatches(mutated, "okta-final").length).toBeGreaterThan(0);
    const recordless = APPLY.replace("github.event_name == 'push' && needs.prepare.result == 'success'", "needs.prepare.result == 'success'");
    expect(mismatches(recordless, "record").length).toBeGreaterThan(0);
    const ungated = APPLY.replace("&& needs.gate.result == 'success' }}", "&& needs.gate.result != 'failure' }}");
    expect(ungated).not.toBe(APPLY);
    expect(mismatches(ungated, "apply").length).toBeGreaterThan(0);
  });
});

describe("apply.yml step conditions, evaluated", () => {
  const STEP_CASES = combinations({
    cancelled: [false, true] as const,
    previousStepFailed: [false, true] as const,
    okta: ["true", "false"] as const,
    keep: ["true", "false"] as const,
    base: ["true", "false"] as const,
    icAffected: ["true", "false"] as const,
  });
  type StepCase = (typeof STEP_CASES)[number];
  const ctx = (c: StepCase): ConditionContext => ({
    github: { ref: "refs/heads/main", event_name: "push" },
    needs: {
      prepare: { result: "success", outputs: { okta: c.okta, "identity-center-keep": c.keep, "identity-center": c.base } },
      gate: { result: "success" },
    },
    env: { IC_AFFECTED: c.icAffected },
    cancelled: c.cancelled,
    previousStepFailed: c.previousStepFailed,
  });
  const ok = (c: StepCase) => !c.cancelled && !c.previousStepFailed;

  /** job -> step (id or name) -> when it runs. */
  const INTENDED_STEPS: Record<string, Record<string, (c: StepCase) => boolean>> = {
    plan: {
      "Plan okta for the gates (tighten and final phase)": (c) => ok(c) && c.okta === "true",
      "Plan the affected Identity Center stacks for the gates": (c) => ok(c) && c.icAffected === "true",
      "Plan the identity-center keep phase for the gates": (c) => ok(c) && c.keep === "true" && c.base === "true",
    },
    gate: {
      // The evidence is kept after a refusal too, never after a cancel.
      "Keep the gate report, the approval and the gated plans": (c) => !c.cancelled,
    },
    apply: {
      okta: (c) => ok(c) && c.okta === "true",
      wait: (c) => ok(c) && c.icAffected === "true",
      "Provision every permission set to its latest version in every account": (c) => ok(c) && c.icAffected === "true",
      "Keep the applied plans and their checks": (c) => !c.cancelled,
    },
    "okta-final": {
      "identity-center-final": (c) => ok(c) && c.keep === "true",
      "okta-final": (c) => ok(c) && c.okta === "true",
      "Keep the applied plans and their checks": () => true,
    },
    shards: {
      "Record the result": () => true,
      "Keep the result, the applied plan and its check": () => true,
    },
  };

  for (const [job, steps] of Object.entries(INTENDED_STEPS)) {
    it(`${job}: every conditional step runs exactly when intended`, () => {
      const defs = jobsOf(APPLY)[job]!.steps!.filter((s) => s.if !== undefined);
      expect(defs.map((s) => s.id ?? s.name).sort()).toEqual(Object.keys(steps).sort());
      for (const def of defs) {
        const decide = compileIf(def.if, "step");
        const want = steps[(def.id ?? def.name)!]!;
        const wrong = STEP_CASES.filter((c) => decide(ctx(c)) !== want(c)).slice(0, 3);
        expect([def.id ?? def.name, wrong]).toEqual([def.id ?? def.name, []]);
      }
    });
  }
});
