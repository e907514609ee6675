// Addresses come from natural keys: the order of lists and the split into files never matter,
// and a new account changes only its own assignments.
import { afterAll, describe, expect, it } from "vitest";
import { syntheticAccount, syntheticModel } from "../../bench/synthetic.js";
import { assignmentStackOf, shardStackName } from "../../src/layout/index.js";
import { readTree, stackJson, stackNames, synthFromYaml, type Json, removeTempDirs } from "./helpers.js";

afterAll(removeTempDirs);

describe("synthesized output is independent of YAML layout", () => {
  const model = syntheticModel(35);
  const canonical = readTree(synthFromYaml(model).outdir);

  it("writes okta, the base identity-center stack, every assignment shard (default 64), the manifest, layout.json and the committed lock files", () => {
    const shards = Array.from({ length: 64 }, (_, i) => [`stacks/${shardStackName(i, 64)}/cdk.tf.json`, `stacks/${shardStackName(i, 64)}/.terraform.lock.hcl`]).flat();
    expect([...canonical.keys()].sort()).toEqual(
      ["layout.json", "manifest.json", "stacks/identity-center/.terraform.lock.hcl", "stacks/identity-center/cdk.tf.json", "stacks/okta/cdk.tf.json", ...shards].sort(),
    );
  });

  for (const layout of [
    { seed: 1, files: 2 },
    { seed: 2, files: 5 },
    { seed: 3, files: 17 },
  ]) {
    it(`is byte-identical with every list shuffled and the model split over ${layout.files} files (seed ${layout.seed})`, () => {
      const other = readTree(synthFromYaml(model, layout).outdir);
      expect([...other.keys()]).toEqual([...canonical.keys()]);
      for (const [file, bytes] of canonical) expect(other.get(file)!.equals(bytes), file).toBe(true);
    });
  }
});

/** The stack files that differ between two synth outputs. */
function changedFiles(a: Map<string, Buffer>, b: Map<string, Buffer>): string[] {
  const files = new Set([...a.keys(), ...b.keys()]);
  return [...files].filter((f) => !(a.get(f) && b.get(f) && a.get(f)!.equals(b.get(f)!))).sort();
}

/** The names (keys) of a marker or lookup block, or none. */
const keysOf = (stack: Json, kind: string, type: string, name: string): string[] => Object.keys(stack[kind]?.[type]?.[name]?.for_each ?? {});

describe("adding an account that existing selectors match", () => {
  const before = syntheticModel(35);
  const after = syntheticModel(35);
  const added = syntheticAccount(35); // domain d001 (which already exists), env dev
  after.accounts.push(added);
  const old = synthFromYaml(before).outdir;
  const now = synthFromYaml(after).outdir;
  const shard = assignmentStackOf(added.id as string, 64);

  it("changes one file: the added account's shard (okta, the base and every other shard are byte-identical)", () => {
    expect(changedFiles(readTree(old), readTree(now))).toEqual([`stacks/${shard}/cdk.tf.json`]);
  });

  it("adds only that account's block and the lookups of groups and permission sets new to the shard", () => {
    const was = stackJson(old, shard);
    const is = stackJson(now, shard);
    const block = is.resource.aws_ssoadmin_account_assignment[`assignment_${added.id}`];
    expect(was.resource?.aws_ssoadmin_account_assignment?.[`assignment_${added.id}`]).toBeUndefined();
    const addedKeys = Object.keys(block.for_each);
    // Selectors: the six org-wide grants, and d001's domain-wide and dev-only grants.
    expect(addedKeys.sort()).toEqual(
      [
        "billing|Billing",
        "d001-developers|DeveloperAccess",
        "d001-operators|DeveloperAccess",
        "d001-operators|Operator",
        "d001-operators|ReadOnly",
        "incident-response|Operator",
        "platform-admin|AdministratorAccess",
        "readonly-all|ReadOnly",
        "security-audit|ReadOnly",
        "security-audit|SecurityAudit",
      ].map((k) => `${k}|${added.id}`),
    );
    expect(block.target_id).toBe(added.id);

    // Every other account's block is unchanged; lookups only grew by what the new account uses.
    const { [`assignment_${added.id}`]: _new, ...others } = is.resource.aws_ssoadmin_account_assignment;
    expect(others).toEqual(was.resource?.aws_ssoadmin_account_assignment ?? {});
    const groups = new Set(addedKeys.map((k) => k.split("|")[0]));
    const sets = new Set(addedKeys.map((k) => k.split("|")[1]));
    for (const [kind, type, name, used] of [
      ["resource", "terraform_data", "group_push", groups],
      ["resource", "terraform_data", "permission_set_seen", sets],
    ] as const) {
      const before = keysOf(was, kind, type, name);
      const now = keysOf(is, kind, type, name);
      expect(now.filter((k) => !before.includes(k)).every((k) => used.has(k)), `${type}.${name}`).toBe(true);
      expect(before.every((k) => now.includes(k)), `${type}.${name}`).toBe(true);
    }
  });

  it("removing the account again gives back the previous output byte for byte", () => {
    expect(changedFiles(readTree(old), readTree(synthFromYaml(before).outdir))).toEqual([]);
  });
});

describe("with one stack (assignment_shards: 1), adding an account", () => {
  const one = (n: number) => {
    const m = syntheticModel(35);
    (m.organization.identity_center as Json).assignment_shards = 1;
    if (n > 35) m.accounts.push(syntheticAccount(35));
    return m;
  };
  const was = stackJson(synthFromYaml(one(35)).outdir, "identity-center");
  const is = stackJson(synthFromYaml(one(36)).outdir, "identity-center");
  const added = syntheticAccount(35).id as string;

  it("writes only okta and identity-center", () => {
    expect(stackNames(synthFromYaml(one(35)).outdir)).toEqual(["identity-center", "okta"]);
  });

  it("adds that account's block (and its moved blocks) and changes nothing else", () => {
    expect(Object.keys(is.resource.aws_ssoadmin_account_assignment[`assignment_${added}`].for_each)).toHaveLength(10);
    const strip = (stack: Json) => {
      const { [`assignment_${added}`]: _a, ...blocks } = stack.resource.aws_ssoadmin_account_assignment;
      return { ...stack, resource: { ...stack.resource, aws_ssoadmin_account_assignment: blocks }, moved: stack.moved.filter((m: Json) => !m.to.startsWith(`aws_ssoadmin_account_assignment.assignment_${added}[`)) };
    };
    expect(strip(is)).toEqual(was);
  });
});
