// affected_stacks: exactly the stacks a model change touches, for every kind of change, in the
// monolithic and the sharded layout.
import { describe, expect, it } from "vitest";
import { diffModels } from "../../src/diff/diff-models.js";
import { renderDiffMarkdown } from "../../src/diff/markdown.js";
import { affectedStacks, isCodePath, stackImpacts } from "../../src/diff/stacks.js";
import { layoutStacks } from "../../src/layout/index.js";
import { assignmentStackOf, shardOf } from "../../src/layout/index.js";
import type { Account, ResolvedModel } from "../../src/model/types.js";
import { testOrganization } from "../support/organization.js";
import { account, group, manyAccounts, model, permissionSet, type ModelSpec } from "./model-fixtures.js";

const SHARDS = 8;
const SHARDED = testOrganization({ assignmentShards: SHARDS });
const MONO = testOrganization();

/** 40 accounts: every one of the 8 shards holds several. */
const ACCOUNTS = manyAccounts(40);
const stackOf = (a: Account) => assignmentStackOf(a.id, SHARDS);
const idsIn = (shard: number) => ACCOUNTS.filter((a) => shardOf(a.id, SHARDS) === shard);
const [A, B] = [idsIn(2)[0]!, idsIn(5)[0]!];
const A2 = idsIn(2)[1]!; // same shard as A

const RO = permissionSet("ReadOnly", { managedPolicies: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] });
const ADMIN = permissionSet("Admin", { managedPolicies: ["arn:aws:iam::aws:policy/AdministratorAccess"], privileged: true, privilegedReasons: ["x"] });

function sharded(spec: ModelSpec = {}): ResolvedModel {
  return model({ accounts: ACCOUNTS, groups: [group("ops"), group("dev")], permissionSets: [RO], organization: SHARDED, ...spec });
}
function mono(spec: ModelSpec = {}): ResolvedModel {
  return sharded({ organization: MONO, ...spec });
}
const everywhere = (g: string, ps: string, accounts = ACCOUNTS): [string, string, string][] => accounts.map((a) => [g, ps, a.id]);
const sorted = (list: Iterable<string>) => [...new Set(list)].sort();

const BASE_ASSIGNMENTS: [string, string, string][] = [["ops", "ReadOnly", A.id], ["ops", "ReadOnly", B.id], ["dev", "ReadOnly", A2.id]];
const base = sharded({ assignments: BASE_ASSIGNMENTS });

describe("layout", () => {
  it("lists okta, the base and every shard in apply order", () => {
    expect(layoutStacks(1)).toEqual(["okta", "identity-center"]);
    expect(layoutStacks(3)).toEqual(["okta", "identity-center", "identity-center-shard-0", "identity-center-shard-1", "identity-center-shard-2"]);
    expect(layoutStacks(100)).toHaveLength(102);
  });
});

describe("affected stacks, sharded layout", () => {
  it("is empty when nothing changes", () => {
    expect(affectedStacks(base, structuredClone(base))).toEqual([]);
  });

  it("an assignment added in one account plans only that account's shard", () => {
    const head = sharded({ assignments: [...BASE_ASSIGNMENTS, ["dev", "ReadOnly", B.id]] });
    expect(affectedStacks(base, head)).toEqual([stackOf(B)]);
    expect(diffModels(base, head).affected_stacks).toEqual([stackOf(B)]);
  });

  it("an assignment removed plans only its shard", () => {
    const head = sharded({ assignments: BASE_ASSIGNMENTS.slice(1) });
    expect(affectedStacks(base, head)).toEqual([stackOf(A)]);
  });

  it("a selector change spanning shards plans every shard with a changed account, and no other", () => {
    const prodish = ACCOUNTS.filter((_, i) => i % 7 === 0);
    const head = sharded({ assignments: [...BASE_ASSIGNMENTS, ...everywhere("dev", "ReadOnly", prodish)] });
    const expected = sorted(prodish.filter((a) => a.id !== A2.id).map(stackOf));
    expect(expected.length).toBeGreaterThan(1);
    expect(expected.length).toBeLessThan(SHARDS);
    expect(affectedStacks(base, head)).toEqual(expected);
  });

  it("a group added without assignments touches only okta; with assignments also their shards, never the base", () => {
    expect(affectedStacks(base, sharded({ groups: [group("ops"), group("dev"), group("new")], assignments: BASE_ASSIGNMENTS }))).toEqual(["okta"]);
    const head = sharded({ groups: [group("ops"), group("dev"), group("new")], assignments: [...BASE_ASSIGNMENTS, ["new", "ReadOnly", B.id]] });
    expect(affectedStacks(base, head)).toEqual([stackOf(B), "okta"].sort());
  });

  it("a group removed touches okta and the shards that held its assignments", () => {
    const head = sharded({ groups: [group("dev")], assignments: [["dev", "ReadOnly", A2.id]] });
    expect(affectedStacks(base, head)).toEqual(sorted([stackOf(A), stackOf(B), "okta"]));
  });

  it("a group's description, source or explicit privilege touches only okta", () => {
    const withGroups = (ops: Partial<ReturnType<typeof group>>) => sharded({ groups: [group("ops", ops), group("dev")], assignments: BASE_ASSIGNMENTS });
    expect(affectedStacks(base, withGroups({ description: "Operations" }))).toEqual(["okta"]);
    expect(affectedStacks(base, withGroups({ source: "existing" }))).toEqual(["okta"]);
    expect(affectedStacks(base, withGroups({ privileged: true, privilegedReasons: ["marked"] }))).toEqual(["okta"]);
  });

  it("a permission set added without assignments touches only the base", () => {
    expect(affectedStacks(base, sharded({ permissionSets: [RO, ADMIN], assignments: BASE_ASSIGNMENTS }))).toEqual(["identity-center"]);
  });

  it("a privileged permission set granted to a group: base, the group's new shard, and okta for the privileged tier", () => {
    const head = sharded({
      groups: [group("ops", { privileged: true, privilegedReasons: ["holds Admin"] }), group("dev")],
      permissionSets: [RO, ADMIN],
      assignments: [...BASE_ASSIGNMENTS, ["ops", "Admin", B.id]],
    });
    expect(affectedStacks(base, head)).toEqual(sorted(["identity-center", stackOf(B), "okta"]));
  });

  it("a permission set's policies, session or inline policy change only the base, however widely it is assigned", () => {
    const wide = sharded({ assignments: everywhere("ops", "ReadOnly") });
    const changes = [
      { managedPolicies: ["arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"] },
      { customerManagedPolicies: [{ name: "Read", path: "/team/" }] },
      { sessionDuration: "PT4H" },
      { inlinePolicy: '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iam:*","Resource":"*"}]}' },
      { permissionsBoundary: { kind: "managed" as const, arn: "arn:aws:iam::aws:policy/PowerUserAccess" } },
      { description: "read", relayState: "https://console.aws.amazon.com/", tags: { team: "ops" } },
    ];
    for (const change of changes) {
      const head = sharded({ permissionSets: [{ ...RO, ...change }], assignments: everywhere("ops", "ReadOnly") });
      expect([change, affectedStacks(wide, head)]).toEqual([change, ["identity-center"]]);
    }
  });

  it("a renamed permission set touches the base and every shard where it is assigned", () => {
    const head = sharded({
      permissionSets: [{ ...RO, name: "ViewOnly" }],
      assignments: BASE_ASSIGNMENTS.map(([g, , id]) => [g, "ViewOnly", id] as [string, string, string]),
    });
    const d = diffModels(base, head);
    expect(d.permission_sets.map((p) => p.change)).toEqual(["renamed"]);
    expect(d.affected_stacks).toEqual(sorted(["identity-center", stackOf(A), stackOf(B)]));
  });

  it("an account added with no grants touches nothing; one reached by `all` touches only its own shard", () => {
    const extra = account("987654321098", "new-account");
    const before = sharded({ assignments: everywhere("ops", "ReadOnly") });
    expect(affectedStacks(before, sharded({ accounts: [...ACCOUNTS, extra], assignments: everywhere("ops", "ReadOnly") }))).toEqual([]);
    const after = sharded({ accounts: [...ACCOUNTS, extra], assignments: everywhere("ops", "ReadOnly", [...ACCOUNTS, extra]) });
    expect(affectedStacks(before, after)).toEqual([assignmentStackOf(extra.id, SHARDS)]);
  });

  it("an account removed touches only its shard", () => {
    const before = sharded({ assignments: everywhere("ops", "ReadOnly") });
    const rest = ACCOUNTS.filter((a) => a.id !== B.id);
    expect(affectedStacks(before, sharded({ accounts: rest, assignments: everywhere("ops", "ReadOnly", rest) }))).toEqual([stackOf(B)]);
  });

  it("an account moved to another OU touches only its shard, where its grants change", () => {
    // ops holds ReadOnly in the Workloads OU; B moves from Workloads to Sandbox.
    const inOu = (moved: boolean) => ACCOUNTS.map((a) => ({ ...a, ou: a.id === B.id && moved ? "Sandbox" : "Workloads" }));
    const m = (moved: boolean) => sharded({ accounts: inOu(moved), assignments: everywhere("ops", "ReadOnly", inOu(moved).filter((a) => a.ou === "Workloads")) });
    expect(affectedStacks(m(false), m(true))).toEqual([stackOf(B)]);
  });

  it("an account renamed (same id) touches nothing: addresses use the id", () => {
    const renamed = ACCOUNTS.map((a) => (a.id === A.id ? { ...a, name: "renamed" } : a));
    expect(affectedStacks(base, sharded({ accounts: renamed, assignments: BASE_ASSIGNMENTS }))).toEqual([]);
  });

  it("Okta settings touch only okta", () => {
    const okta = { ...SHARDED.okta, signOn: { ...SHARDED.okta.signOn, privileged: { reauthenticateAfter: "PT2H", phishingResistant: true } } };
    expect(affectedStacks(base, sharded({ organization: { ...SHARDED, okta }, assignments: BASE_ASSIGNMENTS }))).toEqual(["okta"]);
    const users = { ...SHARDED.okta, usersGroup: "AWS people" };
    expect(affectedStacks(base, sharded({ organization: { ...SHARDED, okta: users }, assignments: BASE_ASSIGNMENTS }))).toEqual(["okta"]);
  });

  it("guardrails and the management account are validation only and touch no stack", () => {
    const org = { ...SHARDED, guardrails: { privilegedSessionMax: "PT2H" }, managementAccount: "888888888888" };
    expect(affectedStacks(base, sharded({ organization: org, assignments: BASE_ASSIGNMENTS }))).toEqual([]);
  });

  it("Identity Center settings touch every Identity Center stack, not okta", () => {
    const org = testOrganization({ assignmentShards: SHARDS, region: "eu-west-1" });
    expect(affectedStacks(base, sharded({ organization: org, assignments: BASE_ASSIGNMENTS }))).toEqual(layoutStacks(SHARDS).filter((s) => s !== "okta").sort());
  });

  it("a new state backend touches every stack", () => {
    const org = { ...SHARDED, state: { kind: "s3" as const, bucket: "b", region: "us-east-1", keyPrefix: "access/" } };
    expect(affectedStacks(base, sharded({ organization: org, assignments: BASE_ASSIGNMENTS }))).toEqual(layoutStacks(SHARDS).sort());
  });

  it("a change of the shard count touches every stack of both layouts", () => {
    const head = sharded({ organization: testOrganization({ assignmentShards: 3 }), assignments: BASE_ASSIGNMENTS });
    expect(affectedStacks(base, head)).toEqual(sorted([...layoutStacks(SHARDS), ...layoutStacks(3)]));
    expect(affectedStacks(mono({ assignments: BASE_ASSIGNMENTS }), base)).toEqual(layoutStacks(SHARDS).sort());
    expect(affectedStacks(base, mono({ assignments: BASE_ASSIGNMENTS }))).toEqual(layoutStacks(SHARDS).sort());
  });

  it("during a layout migration a changed triple touches the previous layout's stack only when it changes what moves", () => {
    const migrating = (assignments: [string, string, string][], from?: number) =>
      sharded({ organization: { ...SHARDED, identityCenter: { ...SHARDED.identityCenter, ...(from ? { migrateAssignmentsFrom: from } : {}) } }, assignments });
    const before = migrating(BASE_ASSIGNMENTS, 1);
    // B's assignments move already: identity-center (the previous layout's stack) forgets B either way.
    expect(affectedStacks(before, migrating([...BASE_ASSIGNMENTS, ["dev", "ReadOnly", B.id]], 1))).toEqual([stackOf(B)]);
    // C's first assignment makes C move too: identity-center now forgets it.
    const C = idsIn(6)[0]!;
    expect(affectedStacks(before, migrating([...BASE_ASSIGNMENTS, ["dev", "ReadOnly", C.id]], 1))).toEqual(sorted(["identity-center", stackOf(C)]));
    // Ending (or starting) the migration changes every move: every Identity Center stack of both layouts.
    expect(affectedStacks(before, migrating(BASE_ASSIGNMENTS))).toEqual(layoutStacks(SHARDS).filter((s) => s !== "okta").sort());
    expect(affectedStacks(undefined, migrating(BASE_ASSIGNMENTS, 3))).toEqual(sorted([...layoutStacks(SHARDS), ...layoutStacks(3)]));
  });

  it("a change to the code that builds the stacks touches every stack; docs, tests and workflows do not", () => {
    const all = layoutStacks(SHARDS).sort();
    for (const path of ["src/model/resolve.ts", "stacks/identity-center-stack.ts", "main.ts", "package.json", "package-lock.json", "stacks/.terraform.lock.hcl"]) {
      expect([path, affectedStacks(base, structuredClone(base), { changedFiles: ["README.md", path] })]).toEqual([path, all]);
    }
    const notCode = ["README.md", "docs/setup.md", "tests/diff/x.test.ts", ".github/workflows/plan.yml", "access-model/groups.yaml", "bench/run.ts"];
    expect(affectedStacks(base, structuredClone(base), { changedFiles: notCode })).toEqual([]);
    expect(diffModels(base, structuredClone(base), { changedFiles: ["src/diff/stacks.ts"] }).affected_stacks).toEqual(all);
  });

  it("the first model (no base) touches every stack of its layout", () => {
    expect(affectedStacks(undefined, base)).toEqual(layoutStacks(SHARDS).sort());
  });

  it("imports touch the stack that holds the imported resource", () => {
    const withImports = (imports: ResolvedModel["imports"]) => ({ ...base, imports });
    expect(affectedStacks(base, withImports({ assignment: new Map([[`ops|ReadOnly|${B.id}`, "x"]]) }))).toEqual([stackOf(B)]);
    // A shard imports its marker of an adopted permission set it assigns: the shards that assign ReadOnly.
    expect(affectedStacks(base, withImports({ permission_set: new Map([["ReadOnly", "x"]]) }))).toEqual(sorted(["identity-center", stackOf(A), stackOf(B)]));
    expect(affectedStacks(base, withImports({ group_push: new Map([["dev", "x"]]) }))).toEqual([stackOf(A2)]);
  });

  it("says why each stack is affected", () => {
    const head = sharded({ groups: [group("ops"), group("dev"), group("new")], permissionSets: [RO, ADMIN], assignments: [...BASE_ASSIGNMENTS.slice(1), ["new", "Admin", B.id]] });
    const impacts = Object.fromEntries(stackImpacts(base, head).map((i) => [i.stack, i.reasons]));
    expect(Object.keys(impacts)).toEqual(["okta", "identity-center", ...sorted([stackOf(A), stackOf(B)])]);
    expect(impacts.okta).toEqual(["1 group added: new"]);
    expect(impacts["identity-center"]).toEqual(["1 permission set added, removed or changed: Admin"]);
    expect(impacts[stackOf(A)]).toEqual(["1 assignment revoked"]);
    expect(impacts[stackOf(B)]).toEqual(["1 assignment granted"]);
  });
});

describe("affected stacks in the Markdown diff", () => {
  it("says why each stack is affected, stacks with the same reasons on one line", () => {
    const head = sharded({ assignments: [...BASE_ASSIGNMENTS, ...everywhere("dev", "ReadOnly", [B, idsIn(6)[0]!])] });
    const md = renderDiffMarkdown(diffModels(base, head), stackImpacts(base, head));
    expect(md).toContain(`Stacks affected: ${sorted([stackOf(B), stackOf(idsIn(6)[0]!)]).join(", ")}`);
    expect(md).toContain("- `identity-center-shard-5`, `identity-center-shard-6`: 1 assignment granted");
    const code = renderDiffMarkdown(diffModels(base, base, { changedFiles: ["stacks/app.ts"] }), stackImpacts(base, base, { changedFiles: ["stacks/app.ts"] }));
    expect(code).toContain("- `okta`, `identity-center`, `identity-center-shard-0` … `identity-center-shard-7`: code that builds or plans the stacks changed: stacks/app.ts");
  });
});

describe("affected stacks, monolithic layout", () => {
  const m = mono({ assignments: BASE_ASSIGNMENTS });

  it("puts groups, permission sets and assignments in identity-center", () => {
    expect(affectedStacks(m, mono({ assignments: [...BASE_ASSIGNMENTS, ["dev", "ReadOnly", B.id]] }))).toEqual(["identity-center"]);
    expect(affectedStacks(m, mono({ permissionSets: [RO, ADMIN], assignments: BASE_ASSIGNMENTS }))).toEqual(["identity-center"]);
    // Every group has a push marker and lookup there, assigned or not.
    expect(affectedStacks(m, mono({ groups: [group("ops"), group("dev"), group("new")], assignments: BASE_ASSIGNMENTS }))).toEqual(["identity-center", "okta"]);
    expect(affectedStacks(m, mono({ groups: [group("ops", { description: "d" }), group("dev")], assignments: BASE_ASSIGNMENTS }))).toEqual(["okta"]);
  });
});

describe("code paths", () => {
  it("recognises the code that synthesizes and plans the stacks", () => {
    for (const p of ["src/cli/main.ts", "stacks/app.ts", "./main.ts", "terraform/okta/versions.tf", "package.json", "tsconfig.json", "cdktf.json", "scripts/ci/terraform-plan.sh", "x/.terraform.lock.hcl"]) {
      expect([p, isCodePath(p)]).toEqual([p, true]);
    }
    for (const p of ["", "README.md", "srcx/a.ts", "tests/a.test.ts", "access-model/a.yaml", "main.ts.bak", "scripts/ci/drift-issue.sh"]) {
      expect([p, isCodePath(p)]).toEqual([p, false]);
    }
  });
});
