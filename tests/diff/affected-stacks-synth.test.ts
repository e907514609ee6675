// affected_stacks against synthesis itself: for random model edits, a stack is reported affected
// exactly when its synthesized Terraform JSON changes (or it is written on one side only), for
// every kind of stack: okta, the base, each shard, draining shards of a layout migration and the
// revocation stack. Edits keep the layout: a new shard count or migration is planned everywhere
// on purpose (tests/diff/affected-stacks.test.ts).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { affectedStacks } from "../../src/diff/stacks.js";
import { stackKind } from "../../src/layout/index.js";
import type { ImportKind, LeaversConfig, ResolvedModel } from "../../src/model/types.js";
import { removeTempDirs, synthModel } from "../stacks/helpers.js";
import { testOrganization } from "../support/organization.js";
import { seededRandom } from "../support/random.js";
import { group, manyAccounts, model, permissionSet } from "./model-fixtures.js";

afterAll(removeTempDirs);

const ACCOUNTS = manyAccounts(12);
const MANAGEMENT = ACCOUNTS[0]!.id;
const LEAVERS: LeaversConfig = { eventSource: "aws.partner/okta.com/acme/rev", eventSourceName: "rev", region: "us-east-1", marginSeconds: 900, denyPolicies: 2, scimGraceSeconds: 3600 };
const GROUPS = ["ops", "dev", "finance", "admins"];
const SETS = ["ReadOnly", "Admin", "Billing"];

function baseModel(shards: number, migrateFrom?: number): ResolvedModel {
  const org = testOrganization({ assignmentShards: shards });
  const assignments: [string, string, string][] = ACCOUNTS.flatMap((a, i) => [
    ["ops", "ReadOnly", a.id] as [string, string, string],
    ...(i % 3 === 0 ? [["admins", "Admin", a.id] as [string, string, string]] : []),
    ...(i % 4 === 1 ? [["finance", "Billing", a.id] as [string, string, string]] : []),
  ]);
  const m = model({
    accounts: ACCOUNTS,
    groups: [group("ops"), group("dev", { description: "Developers" }), group("finance", { source: "existing" }), group("admins", { privileged: true, privilegedReasons: ["holds Admin"] })],
    permissionSets: [
      permissionSet("ReadOnly", { managedPolicies: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] }),
      permissionSet("Admin", { managedPolicies: ["arn:aws:iam::aws:policy/AdministratorAccess"], permissionsBoundary: { kind: "managed", arn: "arn:aws:iam::aws:policy/PowerUserAccess" }, privileged: true }),
      permissionSet("Billing", { sessionDuration: "PT4H", customerManagedPolicies: [{ name: "billing", path: "/" }], tags: { team: "finance" } }),
    ],
    organization: {
      ...org,
      managementAccount: MANAGEMENT,
      leavers: LEAVERS,
      identityCenter: { ...org.identityCenter, ...(migrateFrom ? { migrateAssignmentsFrom: migrateFrom } : {}) },
    },
    assignments,
  });
  m.imports = { permission_set: new Map([["Billing", "ps-billing,inst"]]), group_push: new Map([["finance", "finance"]]) };
  return m;
}

type Edit = [string, (m: ResolvedModel, pick: <T>(list: readonly T[]) => T) => void];

/** Adds a grant unless the model holds it already (the resolved model is unique by triple). */
function grant(m: ResolvedModel, g: string, ps: string, accountId: string): void {
  if (m.assignments.some((a) => a.group === g && a.permissionSet === ps && a.accountId === accountId)) return;
  m.assignments.push({ group: g, permissionSet: ps, accountId, accountName: ACCOUNTS.find((a) => a.id === accountId)!.name });
}
const setImport = (m: ResolvedModel, kind: ImportKind, key: string, id: string) => {
  m.imports = { ...m.imports, [kind]: new Map([...(m.imports?.[kind] ?? []), [key, id]]) };
};

const EDITS: Edit[] = [
  ["grant", (m, pick) => grant(m, pick(GROUPS), pick(SETS), pick(ACCOUNTS).id)],
  ["revoke", (m, pick) => m.assignments.splice(m.assignments.indexOf(pick(m.assignments)), 1)],
  ["grant in the management account", (m, pick) => grant(m, pick(GROUPS), pick(SETS), MANAGEMENT)],
  ["add a group", (m) => m.groups.push(group(`new-${m.groups.length}`))],
  ["add a group and assign it", (m, pick) => {
    const name = `assigned-${m.groups.length}`;
    m.groups.push(group(name));
    grant(m, name, pick(SETS), pick(ACCOUNTS).id);
  }],
  ["describe a group", (m, pick) => void (pick(m.groups).description = "changed")],
  ["change a group's source", (m, pick) => {
    const g = pick(m.groups);
    g.source = g.source === "managed" ? "existing" : "managed";
  }],
  // Managed -> existing forgets the Okta group (moved + removed blocks); existing -> managed creates it.
  ["stop managing a managed group", (m, pick) => void (pick(m.groups.filter((g) => g.source === "managed")).source = "existing")],
  ["start managing an existing group", (m, pick) => {
    const existing = m.groups.filter((g) => g.source === "existing");
    if (existing.length) pick(existing).source = "managed";
  }],
  ["make a group privileged", (m, pick) => void (pick(m.groups).privileged = true)],
  ["add a permission set", (m) => m.permissionSets.push(permissionSet(`Fresh-${m.permissionSets.length}`, { managedPolicies: ["arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"] }))],
  ["change a session", (m, pick) => void (pick(m.permissionSets).sessionDuration = "PT12H")],
  ["change managed policies", (m, pick) => void (pick(m.permissionSets).managedPolicies = ["arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"])],
  ["add an inline policy", (m, pick) => void (pick(m.permissionSets).inlinePolicy = '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iam:*","Resource":"*"}]}')],
  ["tag a permission set", (m, pick) => void (pick(m.permissionSets).tags = { owner: "x" })],
  ["mark a permission set privileged (validation only)", (m, pick) => void (pick(m.permissionSets).privileged = true)],
  ["remove a permission set and its assignments", (m, pick) => {
    const name = pick(m.permissionSets).name;
    m.permissionSets = m.permissionSets.filter((p) => p.name !== name);
    m.assignments = m.assignments.filter((a) => a.permissionSet !== name);
  }],
  ["rename an account (addresses use ids)", (m, pick) => void (pick(m.accounts).name = "renamed")],
  ["tighten a sign-on tier", (m) => void (m.organization.okta.signOn.everyone = { reauthenticateAfter: "PT2H", phishingResistant: true })],
  ["rename the users group", (m) => void (m.organization.okta.usersGroup = "AWS people")],
  ["adopt the Okta app", (m) => void (m.organization.okta.app.id = "0oa123")],
  // The app keeps its own policy: no policy, rules or tiers are built, so sign_on and privileged no longer reach the okta stack.
  ["adopt the Okta app under its own sign-on policy", (m) => void (m.organization.okta.app = { ...m.organization.okta.app, id: "0oa123", signOnPolicy: "existing" })],
  ["switch the app's sign-on policy", (m) => {
    const app = m.organization.okta.app;
    m.organization.okta.app = { ...app, id: app.id ?? "0oa123", signOnPolicy: app.signOnPolicy === "managed" ? "existing" : "managed" };
  }],
  ["relabel the Okta app (and its sign-on policy)", (m) => void (m.organization.okta.app.label = "AWS")],
  ["rename the users group past the rule name limit", (m) => void (m.organization.okta.usersGroup = `${"x".repeat(34)}\u{1F680} platform team`)],
  ["change the leaver margin", (m) => void (m.organization.leavers = { ...LEAVERS, marginSeconds: 1800 })],
  ["change the leaver event source", (m) => void (m.organization.leavers = { ...LEAVERS, eventSourceName: "other", eventSource: "aws.partner/okta.com/acme/other" })],
  ["turn leavers off", (m) => void delete m.organization.leavers],
  ["change the management account", (m) => void (m.organization.managementAccount = ACCOUNTS[1]!.id)],
  ["change the guardrails (validation only)", (m) => void (m.organization.guardrails = { privilegedSessionMax: "PT4H" })],
  ["change the Identity Center region", (m) => void (m.organization.identityCenter.region = "eu-west-1")],
  ["change the identity store", (m) => void (m.organization.identityCenter.identityStoreId = "d-9999999999")],
  ["move the state backend", (m) => void (m.organization.state = { kind: "s3", bucket: "b", region: "us-east-1", keyPrefix: "access/" })],
  ["import a permission set", (m, pick) => setImport(m, "permission_set", pick(SETS), "ps-x,inst")],
  ["import a managed policy attachment", (m) => setImport(m, "managed_policy", "ReadOnly|arn:aws:iam::aws:policy/ReadOnlyAccess", "x")],
  ["import an assignment", (m, pick) => {
    const a = pick(m.assignments);
    setImport(m, "assignment", `${a.group}|${a.permissionSet}|${a.accountId}`, "x");
  }],
  ["import a group marker", (m, pick) => setImport(m, "group_push", pick(GROUPS), "x")],
  ["import something the model does not declare", (m) => setImport(m, "permission_set", "Nowhere", "x")],
];

/** Each stack's cdk.tf.json text, by name; undefined for a stack not written. */
function stackTexts(outdir: string, names: Iterable<string>): Map<string, string | undefined> {
  return new Map([...names].map((n) => {
    const file = join(outdir, "stacks", n, "cdk.tf.json");
    return [n, existsSync(file) ? readFileSync(file, "utf8") : undefined];
  }));
}

function writtenStacks(outdir: string): string[] {
  return (JSON.parse(readFileSync(join(outdir, "layout.json"), "utf8")) as { stacks: Array<{ name: string }> }).stacks.map((s) => s.name);
}

describe("a stack is affected exactly when its synthesized Terraform changes", () => {
  const LAYOUTS: Array<[string, number, number?]> = [
    ["one stack", 1],
    ["4 shards", 4],
    ["4 shards migrating from 1", 4, 1],
    ["1 stack migrating from 3", 1, 3],
  ];
  for (const [label, shards, from] of LAYOUTS) {
    it(`${label}: every kind of stack, over random edits`, () => {
      const base = baseModel(shards, from);
      const baseOut = synthModel(base);
      const kinds = new Set(writtenStacks(baseOut).map((s) => stackKind(s)));
      expect([...kinds].sort()).toEqual(shards > 1 || from ? ["base", "okta", "revocation", "shard"] : ["base", "okta", "revocation"]);
      const random = seededRandom(20 + shards * 10 + (from ?? 0));
      const pick = <T,>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
      const seen = { affected: 0, unaffected: 0 };
      for (let round = 0; round < 10; round++) {
        const head = structuredClone(base);
        const applied = Array.from({ length: 1 + Math.floor(random() * 2) }, () => pick(EDITS));
        for (const [, edit] of applied) edit(head, pick);
        const headOut = synthModel(head);
        const names = new Set([...writtenStacks(baseOut), ...writtenStacks(headOut)]);
        const before = stackTexts(baseOut, names);
        const after = stackTexts(headOut, names);
        const changed = [...names].filter((n) => before.get(n) !== after.get(n)).sort();
        const affected = affectedStacks(base, head);
        expect({ edits: applied.map(([what]) => what), affected }).toEqual({ edits: applied.map(([what]) => what), affected: changed });
        seen.affected += changed.length;
        seen.unaffected += names.size - changed.length;
      }
      // The edits exercise both answers.
      expect(seen.affected).toBeGreaterThan(0);
      expect(seen.unaffected).toBeGreaterThan(0);
    });
  }

  // Pairs the random rounds rarely draw: with the app under its own policy, the tiers and the
  // privileged groups reach no Terraform, and a group's source decides the forget blocks.
  const byName = (what: string) => EDITS.find(([name]) => name === what)!;
  const PAIRS: string[][] = [
    ["adopt the Okta app under its own sign-on policy", "tighten a sign-on tier"],
    ["adopt the Okta app under its own sign-on policy", "make a group privileged"],
    ["adopt the Okta app under its own sign-on policy", "relabel the Okta app (and its sign-on policy)"],
    ["adopt the Okta app under its own sign-on policy", "rename the users group past the rule name limit"],
    ["adopt the Okta app under its own sign-on policy", "stop managing a managed group"],
    ["switch the app's sign-on policy", "switch the app's sign-on policy"],
    ["stop managing a managed group", "start managing an existing group"],
    ["stop managing a managed group", "stop managing a managed group"],
    ["start managing an existing group", "describe a group"],
  ];
  it("sign-on policy and group source edits, from a managed and from an existing sign-on policy", () => {
    const managed = baseModel(1);
    const existing = structuredClone(managed);
    byName("adopt the Okta app under its own sign-on policy")[1](existing, (l) => l[0]!);
    for (const base of [managed, existing]) {
      const baseOut = synthModel(base);
      let i = 0;
      for (const pair of PAIRS) {
        const head = structuredClone(base);
        const pick = <T,>(list: readonly T[]): T => list[i++ % list.length]!;
        for (const what of pair) byName(what)[1](head, pick);
        const headOut = synthModel(head);
        const names = new Set([...writtenStacks(baseOut), ...writtenStacks(headOut)]);
        const before = stackTexts(baseOut, names);
        const after = stackTexts(headOut, names);
        const changed = [...names].filter((n) => before.get(n) !== after.get(n)).sort();
        expect({ base: base.organization.okta.app.signOnPolicy, pair, affected: affectedStacks(base, head) }).toEqual({ base: base.organization.okta.app.signOnPolicy, pair, affected: changed });
      }
    }
  });

  it("reordering the model's lists changes neither a stack nor the affected list", () => {
    const base = baseModel(4);
    const head = structuredClone(base);
    head.groups.reverse();
    head.permissionSets.reverse();
    head.assignments.reverse();
    expect(affectedStacks(base, head)).toEqual([]);
    const [a, b] = [synthModel(base), synthModel(head)];
    const names = writtenStacks(a);
    expect([...stackTexts(b, names)]).toEqual([...stackTexts(a, names)]);
  });
});
