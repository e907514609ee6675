// Loads the explain fixtures: real plans of the identity-center stack against the local Identity
// Center (tests/explain/fixtures/generate.ts) and their access diffs.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { AccessDiff } from "../../src/diff/types.js";
import { readPlan as readPlanFile, type Plan as PlanFile } from "../../src/terraform/plan.js";

export const FIXTURES = join(import.meta.dirname, "fixtures");

export type Json = Record<string, any>;

export function planJson(name: string): Json {
  return JSON.parse(readFileSync(join(FIXTURES, `${name}.plan.json`), "utf8")) as Json;
}

export function diffOf(name: string): AccessDiff {
  return JSON.parse(readFileSync(join(FIXTURES, `${name}.diff.json`), "utf8")) as AccessDiff;
}

export function plan(name: string, stack = "identity-center", edit?: (json: Json) => void): PlanFile {
  const json = planJson(name);
  edit?.(json);
  return readPlanFile(json, stack);
}

export const EMPTY_DIFF: AccessDiff = { granted: [], revoked: [], permission_sets: [], groups: [], okta: [], risks: [], affected_stacks: [] };
