// Evaluates a workflow's `if:` conditions with GitHub's own expression evaluator
// (@actions/expressions), so conditions are tested as logic, not as text. The status functions
// follow GitHub's rules: without success(), failure(), cancelled() or always() a condition is
// `success() && (...)`; for a job, success() means the run is not cancelled and every job it
// needs succeeded, failure() that one of them failed; for a step, the same over the steps before.
import { data, Evaluator, Lexer, Parser } from "@actions/expressions";
import { truthy } from "@actions/expressions/result";

type Value = string | boolean | number | null | Value[] | { [key: string]: Value };

export interface NeedResult {
  result: "success" | "failure" | "skipped" | "cancelled";
  outputs?: Record<string, string>;
}

export interface ConditionContext {
  github: Record<string, string>;
  needs?: Record<string, NeedResult>;
  env?: Record<string, string>;
  steps?: Record<string, { outcome?: string; outputs?: Record<string, string> }>;
  inputs?: Record<string, string>;
  /** The run was cancelled. */
  cancelled?: boolean;
  /** Step conditions: a step before this one failed. */
  previousStepFailed?: boolean;
}

function toData(v: Value | undefined): data.ExpressionData {
  if (v === undefined || v === null) return new data.Null();
  if (typeof v === "string") return new data.StringData(v);
  if (typeof v === "boolean") return new data.BooleanData(v);
  if (typeof v === "number") return new data.NumberData(v);
  if (Array.isArray(v)) return new data.Array(...v.map(toData));
  return new data.Dictionary(...Object.entries(v).map(([key, value]) => ({ key, value: toData(value) })));
}

const STATUS = /\b(success|failure|cancelled|always)\s*\(/;

/** The `if:` text as an expression: without `${{ }}`, and with GitHub's implicit success(). */
export function normalize(condition: string | boolean | undefined): string {
  if (condition === undefined) return "success()";
  const text = String(condition).trim();
  const inner = /^\$\{\{([\s\S]*)\}\}$/.exec(text)?.[1]?.trim() ?? text;
  return STATUS.test(inner) ? inner : `success() && (${inner})`;
}

/** Parses a condition once; the result evaluates it in any context. */
export function compileIf(condition: string | boolean | undefined, level: "job" | "step"): (ctx: ConditionContext) => boolean {
  const expression = normalize(condition);
  let results: string[] = [];
  let cancelled = false;
  const status = (name: string, value: () => boolean) => ({ name, minArgs: 0, maxArgs: 0, call: () => new data.BooleanData(value()) });
  const functions = [
    status("success", () => !cancelled && results.every((r) => r === "success")),
    status("failure", () => results.some((r) => r === "failure")),
    status("cancelled", () => cancelled),
    status("always", () => true),
  ];
  const byName = new Map(functions.map((f) => [f.name.toLowerCase(), f]));
  const parsed = new Parser(new Lexer(expression).lex().tokens, ["github", "needs", "env", "steps", "inputs"], functions).parse();
  return (ctx) => {
    const needs = ctx.needs ?? {};
    results = level === "job" ? Object.values(needs).map((n) => n.result) : [ctx.previousStepFailed ? "failure" : "success"];
    cancelled = ctx.cancelled === true;
    const contexts: Record<string, Value> = { github: ctx.github, needs: needs as unknown as Value, env: ctx.env ?? {}, steps: (ctx.steps ?? {}) as unknown as Value, inputs: ctx.inputs ?? {} };
    const context = new data.Dictionary(...Object.entries(contexts).map(([key, value]) => ({ key, value: toData(value) })));
    return truthy(new Evaluator(parsed, context, byName).evaluate());
  };
}

export function evaluateIf(condition: string | boolean | undefined, ctx: ConditionContext, level: "job" | "step"): boolean {
  return compileIf(condition, level)(ctx);
}

/** Every combination of the given choices, as objects. */
export function combinations<T extends Record<string, readonly unknown[]>>(choices: T): Array<{ [K in keyof T]: T[K][number] }> {
  let out: Array<Record<string, unknown>> = [{}];
  for (const [key, values] of Object.entries(choices)) out = out.flatMap((partial) => values.map((v) => ({ ...partial, [key]: v })));
  return out as Array<{ [K in keyof T]: T[K][number] }>;
}
