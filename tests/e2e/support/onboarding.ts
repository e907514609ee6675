// The onboarding path as the workflows run it, shared by tests/e2e/onboarding.test.ts (the
// example org's size) and bench/onboarding.ts (1,000 accounts, 64 shards): an Organization seeded
// through the Organizations API of the emulator with a model that matches it, and the steps from
// a new account to its live assignments (accounts sync, access diff, the pre-approval decision,
// synth, plan of the affected stacks only, explain, apply), each timed.
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CreateAccountCommand, CreateOrganizationalUnitCommand, ListRootsCommand, MoveAccountCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import type { AccessDiff } from "../../../src/diff/types.js";
import { loadModel } from "../../../src/model/index.js";
import type { Emulator } from "../../emulator/index.js";
import { GROUPS, ORG } from "../../model/fixtures.js";
import { runAccess, type CliRun } from "./access-cli.js";
import { scratchDir } from "./scratch.js";
import { synthLayout, type StackSet, type SynthesizedLayout } from "./stack-set.js";

export const INSTANCE_ARN = "arn:aws:sso:::instance/ssoins-0123456789abcdef";
export const IDENTITY_STORE = "d-0123456789";
export const GROUP_NAMES = ["bi-analysts", "platform-admin"];
const PERMISSION_SETS = `permission_sets:
  - name: BIReadOnly
    managed_policies: [ReadOnlyAccess]
  - name: PlatformAdmin
    managed_policies: [AdministratorAccess]
`;
// The reviewed selectors a new account falls under: an OU and a tag.
const ASSIGNMENTS = `assignments:
  - { group: bi-analysts, permission_set: BIReadOnly, accounts: { ou: Workloads } }
  - { group: platform-admin, permission_set: PlatformAdmin, accounts: { tags: { env: prod } } }
`;

export class SeededOrganization {
  private readonly ous = new Map<string, string>();
  private constructor(
    readonly org: OrganizationsClient,
    readonly emulator: Emulator,
  ) {}

  /** OUs Workloads, Workloads/Apps and Sandbox, and `accounts` accounts spread over them. */
  static async create(emulator: Emulator, accounts: number, shards: number): Promise<{ seeded: SeededOrganization; base: string }> {
    const s = new SeededOrganization(new OrganizationsClient({ endpoint: emulator.url, region: "us-east-1", credentials: { accessKeyId: "t", secretAccessKey: "t" } }), emulator);
    const root = (await s.org.send(new ListRootsCommand({}))).Roots![0]!.Id!;
    s.ous.set("", root);
    const ou = async (path: string, parent: string, name: string) => s.ous.set(path, (await s.org.send(new CreateOrganizationalUnitCommand({ ParentId: s.ous.get(parent)!, Name: name }))).OrganizationalUnit!.Id!);
    await ou("Workloads", "", "Workloads");
    await ou("Workloads/Apps", "Workloads", "Apps");
    await ou("Sandbox", "", "Sandbox");
    const lines = ["accounts:"];
    for (let i = 0; i < accounts; i++) {
      const [path, env] = i % 3 === 0 ? ["Workloads/Apps", "prod"] : i % 3 === 1 ? ["Workloads", "dev"] : ["Sandbox", "sandbox"];
      const name = `acct-${String(i).padStart(4, "0")}`;
      const id = await s.createAccount(name, path, { env });
      lines.push(`  - { id: "${id}", name: ${name}, ou: ${path}, tags: { env: ${env} } }`);
    }
    const base = scratchDir("onboarding-base");
    writeFileSync(join(base, "organization.yaml"), ORG.replace("    identity_store_id: d-0123456789\n", `    identity_store_id: d-0123456789\n    assignment_shards: ${shards}\n`));
    writeFileSync(join(base, "groups.yaml"), GROUPS);
    writeFileSync(join(base, "permission-sets.yaml"), PERMISSION_SETS);
    writeFileSync(join(base, "assignments.yaml"), ASSIGNMENTS);
    mkdirSync(join(base, "accounts"));
    writeFileSync(join(base, "accounts", "all.yaml"), `${lines.join("\n")}\n`);
    return { seeded: s, base };
  }

  /** CreateAccount (the emulator completes it at once), then MoveAccount into the OU. */
  async createAccount(name: string, ou: string, tags: Record<string, string>): Promise<string> {
    const id = (await this.org.send(new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com`, Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) }))).CreateAccountStatus!.AccountId!;
    await this.org.send(new MoveAccountCommand({ AccountId: id, SourceParentId: this.ous.get("")!, DestinationParentId: this.ous.get(ou)! }));
    return id;
  }

  destroy(): void {
    this.org.destroy();
  }
}

export interface OnboardingRun {
  head: string;
  sync: CliRun;
  diff: AccessDiff;
  decision: CliRun;
  layout: SynthesizedLayout;
  affected: string[];
  explain: CliRun;
  /** Milliseconds per step, in order. */
  parts: Record<string, number>;
}

/** The workflows' steps from a synced model to applied stacks; stops at the first failing step. */
export async function onboard(emulator: Emulator, base: string, set: StackSet): Promise<OnboardingRun> {
  const parts: Record<string, number> = {};
  const timed = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    const out = await fn();
    parts[name] = Math.round(performance.now() - t);
    return out;
  };
  const fail = (step: string, run: CliRun) => new Error(`${step} exited ${run.status}:\n${run.stderr}\n${run.stdout.slice(0, 3000)}`);
  const head = scratchDir("onboarding-head");
  cpSync(base, head, { recursive: true });
  const awsEnv = { AWS_ENDPOINT_URL_ORGANIZATIONS: emulator.url, AWS_ACCESS_KEY_ID: "t", AWS_SECRET_ACCESS_KEY: "t", AWS_REGION: "us-east-1", AWS_EC2_METADATA_DISABLED: "true" };
  const sync = await timed("accounts sync", () => runAccess(["accounts", "sync", "--model", head], awsEnv));
  if (sync.status !== 3) throw fail("accounts sync", sync);
  const diffRun = await timed("access diff", () => runAccess(["diff", "--base", base, "--head", head, "--format", "json"]));
  if (diffRun.status !== 0) throw fail("access diff", diffRun);
  const diff = JSON.parse(diffRun.stdout) as AccessDiff;
  const decision = await timed("pre-approval decision", () => runAccess(["onboarding-decision", "--base", base, "--head", head]));
  if (decision.status !== 0 && decision.status !== 3) throw fail("onboarding-decision", decision);
  const layout = await timed("synth", async () => synthLayout(loadModel(head).model!));
  const affected = layout.stacks.filter((s) => diff.affected_stacks.includes(s));
  const planFiles = await timed("plan (affected stacks)", async () => {
    const dir = scratchDir("onboarding-plan");
    const args: string[] = [];
    for (const stack of affected) {
      const file = join(dir, `${stack}.plan.json`);
      writeFileSync(file, JSON.stringify((await set.use(layout, stack).plan()).raw));
      args.push("--plan", `${stack}=${file}`);
    }
    return args;
  });
  const diffFile = join(scratchDir("onboarding-diff"), "diff.json");
  writeFileSync(diffFile, diffRun.stdout);
  const explain = await timed("explain", () => runAccess(["explain", "--diff", diffFile, ...planFiles, "--format", "json"]));
  if (explain.status !== 0) throw fail("explain", explain);
  await timed("apply (affected stacks)", async () => {
    for (const stack of affected) {
      const res = await set.workspace(stack).applyPlan();
      if (res.status !== 0) throw new Error(`apply of ${stack}: ${res.stderr}`);
    }
  });
  return { head, sync, diff, decision, layout, affected, explain, parts };
}
