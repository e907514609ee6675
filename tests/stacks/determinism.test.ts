// Addresses come from natural keys: the order of lists and the split into files never matter,
// and a new account changes only its own assignments.
import { afterAll, describe, expect, it } from "vitest";
import { syntheticAccount, syntheticModel } from "../../bench/synthetic.js";
import { readTree, stackJson, synthFromYaml, type Json, removeTempDirs } from "./helpers.js";

afterAll(removeTempDirs);

describe("synthesized output is independent of YAML layout", () => {
  const model = syntheticModel(35);
  const canonical = readTree(synthFromYaml(model).outdir);

  it("writes both stacks, the manifest and the committed lock file", () => {
    expect([...canonical.keys()].sort()).toEqual(["manifest.json", "stacks/identity-center/.terraform.lock.hcl", "stacks/identity-center/cdk.tf.json", "stacks/okta/cdk.tf.json"]);
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

/** Resource and data blocks with for_each maps, as `<kind>.<type>.<name>` -> block. */
function blocks(stack: Json): Map<string, Json> {
  const out = new Map<string, Json>();
  for (const kind of ["resource", "data"]) {
    for (const [type, byName] of Object.entries<Json>(stack[kind] ?? {})) {
      for (const [name, block] of Object.entries<Json>(byName)) out.set(`${kind}.${type}.${name}`, block);
    }
  }
  return out;
}

describe("adding an account that existing selectors match", () => {
  const before = syntheticModel(35);
  const after = syntheticModel(35);
  const added = syntheticAccount(35); // domain d001 (which already exists), env dev
  after.accounts.push(added);
  const old = synthFromYaml(before).outdir;
  const now = synthFromYaml(after).outdir;

  it("leaves the okta stack byte-identical", () => {
    expect(readTree(now).get("stacks/okta/cdk.tf.json")!.equals(readTree(old).get("stacks/okta/cdk.tf.json")!)).toBe(true);
  });

  it("adds only assignment instances for that account and changes nothing else", () => {
    const was = stackJson(old, "identity-center");
    const is = stackJson(now, "identity-center");
    const assignments = is.resource.aws_ssoadmin_account_assignment.assignment.for_each as Json;
    const previous = was.resource.aws_ssoadmin_account_assignment.assignment.for_each as Json;
    const addedKeys = Object.keys(assignments).filter((k) => !(k in previous));
    expect(addedKeys.length).toBeGreaterThan(0);
    for (const key of addedKeys) expect(key.endsWith(`|${added.id}`), key).toBe(true);
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

    // Remove the new instances: what is left must equal the old stack exactly.
    for (const key of addedKeys) delete assignments[key];
    expect(is).toEqual(was);
    expect([...blocks(is).keys()]).toEqual([...blocks(was).keys()]);
  });
});
