// The floor for the bench: the same for_each maps written as plain Terraform JSON without CDKTF
// (no constructs, no token resolution), built with the same keyed-map helper the stacks use.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { keyedMap } from "../stacks/keyed.js";
import { ruleBuckets } from "../stacks/rule-buckets.js";
import { assignmentKey, type ResolvedModel } from "../src/model/types.js";

export function writePlainJson(model: ResolvedModel, outdir: string): void {
  const sets = model.permissionSets;
  const ic = {
    resource: {
      aws_ssoadmin_permission_set: {
        permission_set: {
          for_each: keyedMap(sets, (p) => p.name, (p) => ({ name: p.name, description: p.description ?? null, session_duration: p.sessionDuration, relay_state: p.relayState ?? null, tags: p.tags })),
        },
      },
      aws_ssoadmin_managed_policy_attachment: {
        managed_policy: {
          for_each: keyedMap(sets.flatMap((p) => p.managedPolicies.map((arn) => ({ ps: p.name, arn }))), (m) => `${m.ps}|${m.arn}`, (m) => ({ permission_set: m.ps, arn: m.arn })),
        },
      },
      aws_ssoadmin_customer_managed_policy_attachment: {
        customer_managed_policy: {
          for_each: keyedMap(sets.flatMap((p) => p.customerManagedPolicies.map((c) => ({ ps: p.name, ...c }))), (c) => `${c.ps}|${c.path}${c.name}`, (c) => ({ permission_set: c.ps, name: c.name, path: c.path })),
        },
      },
      aws_ssoadmin_permission_set_inline_policy: {
        inline_policy: { for_each: keyedMap(sets.filter((p) => p.inlinePolicy !== undefined), (p) => p.name, (p) => ({ permission_set: p.name, policy: p.inlinePolicy! })) },
      },
      aws_ssoadmin_permissions_boundary_attachment: {
        permissions_boundary: {
          for_each: keyedMap(sets.filter((p) => p.permissionsBoundary !== undefined), (p) => p.name, (p) => {
            const b = p.permissionsBoundary!;
            return b.kind === "managed"
              ? { permission_set: p.name, managed_policy_arn: b.arn, customer_managed: [] }
              : { permission_set: p.name, managed_policy_arn: null, customer_managed: [{ name: b.name, path: b.path }] };
          }),
        },
      },
      aws_ssoadmin_account_assignment: {
        assignment: {
          for_each: keyedMap(model.assignments, assignmentKey, (a) => ({ group: a.group, permission_set: a.permissionSet, account_id: a.accountId })),
        },
      },
      terraform_data: { group_push: { for_each: keyedMap(model.groups, (g) => g.name, (g) => g.name) } },
    },
    data: { aws_identitystore_group: { group: { for_each: keyedMap(model.groups, (g) => g.name, (g) => g.name) } } },
  };
  const okta = {
    resource: {
      okta_group: { group: { for_each: keyedMap(model.groups.filter((g) => g.source === "managed"), (g) => g.name, (g) => ({ name: g.name, description: g.description ?? null })) } },
      okta_push_group: { push_group: { for_each: keyedMap(model.groups, (g) => g.name, (g) => g.name) } },
      okta_group_rule: { users_rule: { for_each: keyedMap(ruleBuckets(model.groups.map((g) => g.name)), (b) => b.key, (b) => ({ groups: b.groups })) } },
    },
  };
  for (const [name, body] of [["identity-center", ic], ["okta", okta]] as const) {
    mkdirSync(join(outdir, "stacks", name), { recursive: true });
    writeFileSync(join(outdir, "stacks", name, "cdk.tf.json"), JSON.stringify(body, null, 2));
  }
}
