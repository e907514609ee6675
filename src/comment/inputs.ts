// Reads the comment's inputs from files: the access diff JSON, plan JSON per stack, findings.
import { readFileSync } from "node:fs";
import type { AccessDiff } from "../diff/types.js";
import type { Finding } from "../model/types.js";
import { summarizePlanJson } from "./plan.js";
import type { StackPlan } from "./render.js";

export class InputError extends Error {}

function readJson(file: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new InputError(`cannot read ${what} ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new InputError(`${what} ${file} is not JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
}

const DIFF_KEYS = ["granted", "revoked", "permission_sets", "groups", "okta", "risks", "affected_stacks"] as const;

export function readDiffFile(file: string): AccessDiff {
  const json = readJson(file, "access diff");
  const obj = json as Record<string, unknown> | null;
  const missing = DIFF_KEYS.filter((k) => !Array.isArray(obj?.[k]));
  if (typeof json !== "object" || json === null || missing.length) {
    throw new InputError(`access diff ${file} is not the output of \`access diff --format json\` (missing lists: ${missing.join(", ")})`);
  }
  return json as AccessDiff;
}

/** Findings as written by `access validate --format json` (a list), or `{ findings: [...] }`. */
export function readFindingsFile(file: string): Finding[] {
  const json = readJson(file, "validation findings");
  const list = Array.isArray(json) ? json : (json as { findings?: unknown } | null)?.findings;
  if (!Array.isArray(list) || !list.every((f) => typeof f === "object" && f !== null && typeof f.message === "string")) {
    throw new InputError(`validation findings ${file} is not the output of \`access validate --format json\``);
  }
  return list as Finding[];
}

/** "name=value" pairs given with --plan and --missing. */
export function splitPair(option: string, pair: string): [string, string] {
  const at = pair.indexOf("=");
  if (at <= 0) throw new InputError(`--${option} expects STACK=VALUE (got "${pair}")`);
  return [pair.slice(0, at), pair.slice(at + 1)];
}

/** Stack names from CDKTF's cdktf.out/manifest.json (`{ "stacks": { "<name>": {...} } }`). */
export function readManifestStacks(file: string): string[] {
  const json = readJson(file, "stack manifest") as { stacks?: unknown } | null;
  const stacks = json?.stacks;
  if (typeof stacks !== "object" || stacks === null || Array.isArray(stacks)) {
    throw new InputError(`stack manifest ${file} has no "stacks" object; give cdktf.out/manifest.json from npm run synth`);
  }
  return Object.keys(stacks);
}

/**
 * One entry per stack: its plan, why it is missing, or why it was not planned. A plan file that
 * cannot be read is reported as missing with the reason, so the comment still goes out and says so.
 */
export function stackPlans(
  plans: Map<string, string>,
  missing: Map<string, string>,
  skipped: Map<string, string>,
  expected: readonly string[],
  warn: (message: string) => void,
): StackPlan[] {
  const names = new Set([...expected, ...plans.keys(), ...missing.keys(), ...skipped.keys()]);
  return [...names].map((name): StackPlan => {
    const why = skipped.get(name);
    if (why !== undefined) return { name, skipped: why };
    const file = plans.get(name);
    if (file === undefined) return { name, missing: missing.get(name) ?? "no plan was given for this stack" };
    try {
      return { name, plan: summarizePlanJson(readJson(file, `${name} plan`), name) };
    } catch (err) {
      const reason = `the plan file could not be read (${err instanceof Error ? err.message : String(err)})`;
      warn(`access comment: ${name}: ${reason}`);
      return { name, missing: reason };
    }
  });
}
