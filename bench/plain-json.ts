// The floor for the bench: the same for_each maps written as plain Terraform JSON without CDKTF
// (no constructs, no token resolution), built with the same keyed-map helper the stacks use, in
// the same layout: one assignment block per account, in the stack of the account's shard.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { keyedMap } from "../stacks/keyed.js";
import { ruleBuckets } from "../src/stack-contents/rule-buckets.js";
import { assignmentStackOf, BASE_STACK } from "../src/layout/index.js";
import { assignmentKey, type Assignment, type ResolvedModel } from "../src/model/types.js";

type Json = Record<string, any>;

function assignmentStacks(model: ResolvedModel): Map<string, Json> {
  const shards = model.organization.identityCenter.assignmentShards;
  const byStack = new Map<string, Map<string, Assignment[]>>();
  for (const a of model.assignments) {
    const stack = assignmentStackOf(a.accountId, shards);
    let accounts = byStack.get(stack);
    if (!accounts) byStack.set(stack, (accounts = new Map()));
    let list = accounts.get(a.accountId);
    if (!list) accounts.set(a.accountId, (list = []));
    list.push(a);
  }
  const out = new Map<string, Json>();
  for (const [stack, accounts] of byStack) {
    const all = [...accounts.values()].flat();
    const names = (xs: string[]) => keyedMap([...new Set(xs)], (x) => x, (x) => x);
    const blocks: Json = {};
    for (const [account, list] of [...accounts].sort(([a], [b]) => (a < b ? -1 : 1))) {
      blocks[`assignment_${account}`] = { for_each: keyedMap(list, assignmentKey, (a) => ({ group: a.group, permission_set: a.permissionSet })), target_id: account };
    }
    out.set(stack, {
      resource: {
        aws_ssoadmin_account_assignment: blocks,
        terraform_data: { group_push: { for_each: names(all.map((a) => a.group)) }, permission_set_seen: { for_each: names(all.map((a) => a.permissionSet)) } },
      },
      data: {
        aws_identitystore_groups: { listed: {} },
        aws_identitystore_group: { group: { for_each: "${local.missing_groups}" } },
        aws_ssoadmin_permission_sets: { listed: {} },
        aws_ssoadmin_permission_set: { listed: { for_each: "${local.listed_arns}" }, permission_set: { for_each: "${local.missing_permission_sets}" } },
      },
    });
  }
  return out;
}

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
    } as Json,
  };
  const okta = {
    resource: {
      okta_group: { group: { for_each: keyedMap(model.groups.filter((g) => g.source === "managed"), (g) => g.name, (g) => ({ name: g.name, description: g.description ?? null })) } },
      okta_push_group: { push_group: { for_each: keyedMap(model.groups, (g) => g.name, (g) => g.name) } },
      okta_group_rule: { users_rule: { for_each: keyedMap(ruleBuckets(model.groups.map((g) => g.name)), (b) => b.key, (b) => ({ groups: b.groups })) } },
    },
  };
  const stacks = assignmentStacks(model);
  const inBase = stacks.get(BASE_STACK);
  if (inBase) {
    Object.assign(ic.resource, inBase.resource);
    (ic as Json).data = inBase.data;
    stacks.delete(BASE_STACK);
  }
  for (const [name, body] of [["identity-center", ic], ["okta", okta], ...stacks] as const) {
    mkdirSync(join(outdir, "stacks", name), { recursive: true });
    writeFileSync(join(outdir, "stacks", name, "cdk.tf.json"), JSON.stringify(body, null, 2));
  }
}
