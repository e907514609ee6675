import { readFileSync } from "node:fs";
import { join } from "node:path";
import { summarizePlanJson } from "../../src/comment/plan.js";

export const FIXTURES = join(import.meta.dirname, "fixtures");

export function fixtureJson(name: string): unknown {
  return JSON.parse(readFileSync(join(FIXTURES, name), "utf8"));
}

export function fixturePlan(name: string) {
  return summarizePlanJson(fixtureJson(name));
}

/** A plan in Terraform's JSON format with `count` assignment changes cycling through actions. */
export function largePlanJson(count: number, actions: string[][]): object {
  return {
    format_version: "1.2",
    terraform_version: "1.11.4",
    resource_changes: Array.from({ length: count }, (_, i) => {
      const index = `group-${String(i % 97).padStart(2, "0")}|PermissionSet${i % 13}|${String(100000000000 + i)}`;
      return {
        address: `aws_ssoadmin_account_assignment.assignment["${index}"]`,
        mode: "managed",
        type: "aws_ssoadmin_account_assignment",
        name: "assignment",
        index,
        provider_name: "registry.terraform.io/hashicorp/aws",
        change: { actions: actions[i % actions.length], before: {}, after: {}, after_unknown: {}, before_sensitive: {}, after_sensitive: {} },
      };
    }),
  };
}
