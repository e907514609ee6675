// The 36th account, end to end against the local Identity Center + Organizations emulator at the
// example org's size (35 accounts): an account is created in an OU that an existing selector
// covers, then the commands the workflows run, in their order: accounts sync (accounts.yml),
// access diff, the pre-approval decision, synth, a plan of the affected stacks only, explain,
// apply (apply.yml). The new account's assignments are live; the wall time and its parts are
// printed (the 1,000-account figure is bench/onboarding.ts's, in bench/README.md).
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CreateAccountCommand, CreateOrganizationalUnitCommand, ListRootsCommand, MoveAccountCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadModel } from "../../src/model/index.js";
import { assignmentStackOf } from "../../src/model/shards.js";
import type { AccessDiff } from "../../src/diff/types.js";
import { startEmulator, type Emulator } from "../emulator/index.js";
import { GROUPS, ORG } from "../model/fixtures.js";
import { runAccess } from "./support/access-cli.js";
import { removeScratch, scratchDir } from "./support/scratch.js";
import { StackSet, synthLayout } from "./support/stack-set.js";
import { requireTerraformAndMirror } from "./support/workspace.js";

const SHARDS = 4;
const INSTANCE_ARN = "arn:aws:sso:::instance/ssoins-0123456789abcdef";
const IDENTITY_STORE = "d-0123456789";
const PERMISSION_SETS = `permission_sets:
  - name: BIReadOnly
    managed_policies: [ReadOnlyAccess]
  - name: PlatformAdmin
    managed_policies: [AdministratorAccess]
`;
const ASSIGNMENTS = `assignments:
  - { group: bi-analysts, permission_set: BIReadOnly, accounts: { ou: Workloads } }
  - { group: platform-admin, permission_set: PlatformAdmin, accounts: { tags: { env: prod } } }
`;

let emulator: Emulator;
let org: OrganizationsClient;
let set: StackSet;
let base: string;
const ous = new Map<string, string>();

async function createAccount(name: string, ou: string, tags: Record<string, string>): Promise<string> {
  const id = (await org.send(new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com`, Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) }))).CreateAccountStatus!.AccountId!;
  await org.send(new MoveAccountCommand({ AccountId: id, SourceParentId: ous.get("")!, DestinationParentId: ous.get(ou)! }));
  return id;
}

beforeAll(async () => {
  requireTerraformAndMirror();
  emulator = await startEmulator({ instanceArn: INSTANCE_ARN, identityStoreId: IDENTITY_STORE, groups: ["bi-analysts", "platform-admin"], seed: 19 });
  org = new OrganizationsClient({ endpoint: emulator.url, region: "us-east-1", credentials: { accessKeyId: "t", secretAccessKey: "t" } });
  const root = (await org.send(new ListRootsCommand({}))).Roots![0]!.Id!;
  ous.set("", root);
  ous.set("Workloads", (await org.send(new CreateOrganizationalUnitCommand({ ParentId: root, Name: "Workloads" }))).OrganizationalUnit!.Id!);
  ous.set("Workloads/Apps", (await org.send(new CreateOrganizationalUnitCommand({ ParentId: ous.get("Workloads")!, Name: "Apps" }))).OrganizationalUnit!.Id!);
  ous.set("Sandbox", (await org.send(new CreateOrganizationalUnitCommand({ ParentId: root, Name: "Sandbox" }))).OrganizationalUnit!.Id!);
  process.stderr.write(`onboarding: OUs ${Date.now()}\n`);
  // 35 accounts, as the example org: a third production apps, a third workloads, a third sandbox.
  const lines: string[] = ["accounts:"];
  for (let i = 0; i < 35; i++) {
    const [ou, tags] = i % 3 === 0 ? ["Workloads/Apps", { env: "prod" }] : i % 3 === 1 ? ["Workloads", { env: "dev" }] : ["Sandbox", { env: "sandbox" }];
    const name = `acct-${String(i).padStart(2, "0")}`;
    const id = await createAccount(name, ou as string, tags as Record<string, string>);
    lines.push(`  - { id: "${id}", name: ${name}, ou: ${ou}, tags: { env: ${(tags as Record<string, string>).env} } }`);
  }
  base = scratchDir("onboarding-base");
  // Four assignment shards: the plan covers only the new account's shard.
  writeFileSync(join(base, "organization.yaml"), ORG.replace("    identity_store_id: d-0123456789\n", `    identity_store_id: d-0123456789\n    assignment_shards: ${SHARDS}\n`));
  writeFileSync(join(base, "groups.yaml"), GROUPS);
  writeFileSync(join(base, "permission-sets.yaml"), PERMISSION_SETS);
  writeFileSync(join(base, "assignments.yaml"), ASSIGNMENTS);
  mkdirSync(join(base, "accounts"));
  writeFileSync(join(base, "accounts", "all.yaml"), `${lines.join("\n")}\n`);
  set = new StackSet("onboarding", emulator.url);
  const loaded = loadModel(base);
  if (!loaded.model) throw new Error(JSON.stringify(loaded.findings));
  process.stderr.write(`onboarding: model loaded ${Date.now()}\n`);
  const layout = synthLayout(loaded.model);
  process.stderr.write(`onboarding: synthesized ${layout.stacks.join(",")} ${Date.now()}\n`);
  await set.applyAll(layout);
  process.stderr.write(`onboarding: applied ${Date.now()}\n`);
}, 600_000);

afterAll(async () => {
  org?.destroy();
  await emulator?.close();
  set?.dispose();
  removeScratch();
});

describe("a new account in an OU an unchanged selector covers", () => {
  it("is synced, pre-approved, planned in the affected stacks only, explained and applied: its assignments are live", async () => {
    const parts: Record<string, number> = {};
    const timed = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
      const t = Date.now();
      const out = await fn();
      parts[name] = Date.now() - t;
      return out;
    };
    const started = Date.now();
    const id = await timed("create account", () => createAccount("acct-36", "Workloads", { env: "dev" }));

    const head = scratchDir("onboarding-head");
    cpSync(base, head, { recursive: true });
    const awsEnv = { AWS_ENDPOINT_URL_ORGANIZATIONS: emulator.url, AWS_ACCESS_KEY_ID: "t", AWS_SECRET_ACCESS_KEY: "t", AWS_REGION: "us-east-1", AWS_EC2_METADATA_DISABLED: "true" };
    const sync = await timed("accounts sync", () => runAccess(["accounts", "sync", "--model", head], awsEnv));
    expect(sync.status, sync.stderr).toBe(3);
    expect(sync.stdout).toContain(`${id} acct-36`);

    const diffRun = await timed("access diff", () => runAccess(["diff", "--base", base, "--head", head, "--format", "json"]));
    expect(diffRun.status, diffRun.stderr).toBe(0);
    const diff = JSON.parse(diffRun.stdout) as AccessDiff;
    expect(diff.granted.map((t) => `${t.group}|${t.permission_set}|${t.account_id}`)).toEqual([`bi-analysts|BIReadOnly|${id}`]);
    expect(diff.revoked).toEqual([]);
    expect(diff.accounts?.added).toEqual([{ id, name: "acct-36", ou: "Workloads", granted: [{ group: "bi-analysts", permission_set: "BIReadOnly" }], revoked: [] }]);

    const decision = await timed("pre-approval decision", () => runAccess(["onboarding-decision", "--base", base, "--head", head]));
    expect(decision.status, decision.stdout + decision.stderr).toBe(0);
    expect(JSON.parse(decision.stdout)).toMatchObject({ pre_approved: true, auto_apply: true, auto_apply_setting: "non_privileged" });

    const layout = await timed("synth", async () => synthLayout(loadModel(head).model!));
    const affected = layout.stacks.filter((s) => diff.affected_stacks.includes(s));
    expect(affected).toEqual([assignmentStackOf(id, SHARDS)]);

    const plans = await timed("plan (affected stacks)", async () => {
      const out: Record<string, unknown> = {};
      for (const stack of affected) out[stack] = (await set.use(layout, stack).plan()).raw;
      return out;
    });
    const planArgs = Object.entries(plans).flatMap(([stack, raw]) => {
      const file = join(scratchDir("onboarding-plan"), `${stack}.plan.json`);
      writeFileSync(file, JSON.stringify(raw));
      return ["--plan", `${stack}=${file}`];
    });
    const diffFile = join(scratchDir("onboarding-diff"), "diff.json");
    writeFileSync(diffFile, diffRun.stdout);
    const explain = await timed("explain", () => runAccess(["explain", "--diff", diffFile, ...planArgs, "--format", "json"]));
    expect(explain.status, explain.stdout + explain.stderr).toBe(0);
    const explained = JSON.parse(explain.stdout) as { changes: { action: string; code: string }[] };
    expect(explained.changes.filter((c) => c.action !== "read").map((c) => `${c.action} ${c.code}`)).toEqual(["create granted"]);

    await timed("apply", async () => {
      for (const stack of affected) {
        const res = await set.workspace(stack).applyPlan();
        if (res.status !== 0) throw new Error(res.stderr);
      }
    });
    const live = emulator.snapshot().assignments.filter((a) => a.accountId === id);
    expect(live).toEqual([{ group: "bi-analysts", permissionSet: "BIReadOnly", accountId: id }]);
    const total = Date.now() - started;
    process.stderr.write(`onboarding at 35 accounts: ${total} ms from account creation to live assignments: ${JSON.stringify(parts)}\n`);
  }, 600_000);
});
