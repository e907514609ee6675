// Reads `--plan [STACK=]FILE` arguments into plan files. Without a STACK= label the file name
// names the stack (`identity-center-shard-03.plan.json` -> identity-center-shard-03).
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { readPlan, type Plan } from "../terraform/plan.js";

export class PlanInputError extends Error {}

export function planLabel(arg: string): { stack: string; file: string } {
  const m = /^([A-Za-z0-9_.-]+)=(.+)$/.exec(arg);
  if (m && !m[1]!.includes(".json")) return { stack: m[1]!, file: m[2]! };
  return { stack: basename(arg).replace(/\.plan\.json$|\.json$/, ""), file: arg };
}

export function readPlanArgs(args: readonly string[]): Plan[] {
  return args.map((arg) => {
    const { stack, file } = planLabel(arg);
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(file, "utf8"));
    } catch (err) {
      throw new PlanInputError(`cannot read plan ${file}: ${err instanceof Error ? err.message : String(err)}`);
    }
    try {
      return readPlan(json, stack);
    } catch (err) {
      throw new PlanInputError(`plan ${file}: ${err instanceof Error ? err.message : String(err)}`);
    }
  });
}
