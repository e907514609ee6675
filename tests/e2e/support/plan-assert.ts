// Reading a plan the way a reviewer must: per address, what happens.
import type { Plan, ResourceChange } from "./workspace.js";

/** Assignments are one block per account: `aws_ssoadmin_account_assignment.assignment_<account>`. */
export const ASSIGNMENT = "aws_ssoadmin_account_assignment.assignment";
export const addressOf = (type: string, key: string) => `${type}[${JSON.stringify(key)}]`;
/** The address of an assignment from its natural key `<group>|<permission set>|<account id>`. */
export const assignmentAddress = (key: string) => addressOf(`${ASSIGNMENT}_${key.split("|").at(-1)}`, key);

/** address -> actions joined ("create", "delete", "delete,create", "no-op", "read") for changes that do something. */
export function actionsByAddress(plan: Plan, include: (c: ResourceChange) => boolean = () => true): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of plan.changes) {
    if (!include(c)) continue;
    const actions = c.actions.join(",");
    if (actions === "no-op") continue;
    out[c.address] = actions;
  }
  return out;
}

export const managedOnly = (c: ResourceChange) => c.mode === "managed";
export const dataOnly = (c: ResourceChange) => c.mode === "data";
