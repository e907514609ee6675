// Adopting a live estate (issue 8): a brownfield Identity Center and Organization seeded through
// the services' own APIs -> `access import` -> `access validate` (exit 0) -> `npm run synth` ->
// the first plan only imports (0 to add, 0 to change, 0 to destroy, helpers included) -> apply
// makes no create/delete/update call -> the second plan is empty -> a model edit after adoption
// plans and applies as usual. Real terraform, real hashicorp/aws, the local emulator.
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedBrownfield, type Brownfield } from "../emulator/brownfield.js";
import { startEmulator, type Emulator } from "../emulator/index.js";
import { REPO_ROOT, runAccess, type CliRun } from "./support/access-cli.js";
import { editYaml } from "./support/model-dir.js";
import { removeScratch, scratchDir } from "./support/scratch.js";
import { requireTerraformAndMirror, TerraformWorkspace, type Plan } from "./support/workspace.js";
import { isMap, isSeq } from "yaml";

let emulator: Emulator;
let estate: Brownfield;
let ws: TerraformWorkspace;
let modelDir: string;
let awsEnv: NodeJS.ProcessEnv;

/** Calls that would change Identity Center; an adoption must make none of them. */
const WRITES = /^(Create|Delete|Update|Put|Attach|Detach|Tag|Untag|Provision)/;

beforeAll(async () => {
  requireTerraformAndMirror();
  emulator = await startEmulator({ pageSize: 4 });
  estate = await seedBrownfield(emulator);
  ws = new TerraformWorkspace("adoption", emulator.url, 10);
  awsEnv = {
    AWS_ENDPOINT_URL: emulator.url,
    AWS_ACCESS_KEY_ID: "test",
    AWS_SECRET_ACCESS_KEY: "test",
    AWS_REGION: "us-east-1",
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_CONFIG_FILE: "/dev/null",
    AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
  };
});

afterAll(async () => {
  await emulator?.close();
  ws?.dispose();
  removeScratch();
});

/** `ACCESS_MODEL_DIR=DIR npm run synth`, run in a scratch folder so cdktf.out lands there. */
function synth(dir: string): Promise<CliRun & { stackDir: string; outdir: string }> {
  const cwd = scratchDir("adopt-synth");
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(join(REPO_ROOT, "node_modules/.bin/tsx"), [join(REPO_ROOT, "main.ts")], { cwd, env: { ...process.env, ACCESS_MODEL_DIR: dir }, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (c: Buffer) => out.push(c));
    child.stderr.on("data", (c: Buffer) => err.push(c));
    child.on("error", reject);
    child.on("close", (code) =>
      resolve({
        status: code ?? -1,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
        ms: Date.now() - started,
        outdir: join(cwd, "cdktf.out"),
        stackDir: join(cwd, "cdktf.out", "stacks", "identity-center"),
      }),
    );
  });
}

function importing(plan: Plan): Array<{ address: string; id: string }> {
  const changes = (plan.raw.resource_changes ?? []) as Array<{ address: string; change: { importing?: { id: string } } }>;
  return changes.filter((c) => c.change.importing).map((c) => ({ address: c.address, id: c.change.importing!.id }));
}

function filesUnder(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, name.name);
      if (name.isDirectory()) walk(p);
      else out[relative(dir, p)] = readFileSync(p, "utf8");
    }
  };
  walk(dir);
  return out;
}

describe("adopting a live Identity Center", () => {
  it("imports the estate into a model that validates, with a report of what it could not represent", async () => {
    modelDir = join(scratchDir("adopted"), "model");
    const run = await runAccess(["import", "--out", modelDir], awsEnv);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/import: \[4\/4\]/); // progress on stderr

    const report = readFileSync(join(modelDir, "IMPORT-REPORT.md"), "utf8");
    for (const text of [run.stdout, report]) {
      expect(text).toContain(`USER ${estate.userId}`);
      expect(text).toContain(`GROUP ${estate.groups.ghost}`);
      expect(text).toMatch(/legacy-app.*SUSPENDED/);
      expect(text).toMatch(/finance has Billing in 999999999999/);
      expect(text).toContain("organization.okta.org_name is a placeholder");
    }
    const assignments = (name: string) => readFileSync(join(modelDir, "assignments", `${name}.yaml`), "utf8");
    expect(assignments("platform-admins")).toContain("{ group: platform-admins, permission_set: AdministratorAccess, accounts: all }");
    expect(assignments("engineers")).toContain("accounts: { ou: Workloads }");
    expect(assignments("engineers")).toContain("accounts: { ou: Workloads/NonProd }");
    expect(assignments("data-engineers")).toContain("accounts: { tags: { env: prod } }");
    expect(assignments("data-engineers")).toContain("accounts: [ data-dev, data-prod ]");
    expect(readFileSync(join(modelDir, "groups.yaml"), "utf8")).not.toContain("ghost");

    const validate = await runAccess(["validate", "--model", modelDir]);
    expect(validate.status, validate.stderr).toBe(0);
    for (const field of ["org_name", "base_url", "app.id", "app.acs_url", "app.entity_id"]) {
      expect(validate.stderr).toContain(`warning: organization.okta.${field} is a placeholder`);
    }
  });

  it("imports byte-identical files when run again against the same estate", async () => {
    const again = join(scratchDir("adopted-again"), "model");
    const run = await runAccess(["import", "--out", again, "--format", "json"], awsEnv);
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).valid).toBe(true);
    expect(filesUnder(again)).toEqual(filesUnder(modelDir));
  });

  it("synthesizes the identity-center stack with import blocks and leaves the okta stack out, saying why", async () => {
    const run = await synth(modelDir);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/okta: not written: organization\.okta\.org_name, .* are placeholders/);
    expect(existsSync(join(run.outdir, "stacks", "okta"))).toBe(false);
    const stack = JSON.parse(readFileSync(join(run.stackDir, "cdk.tf.json"), "utf8"));
    expect(stack.import.length).toBeGreaterThan(40);
    ws.useStack(run.stackDir);
  });

  it("plans imports only: 0 to add, 0 to change, 0 to destroy, helper resources included", async () => {
    const plan = await ws.plan();
    expect(plan.effective.map((c) => `${c.address}: ${c.actions.join(",")}`)).toEqual([]);
    const imports = importing(plan);
    const byType = (prefix: string) => imports.filter((i) => i.address.startsWith(prefix)).length;
    expect(byType("aws_ssoadmin_permission_set.")).toBe(4);
    expect(byType("aws_ssoadmin_managed_policy_attachment.")).toBe(4);
    expect(byType("aws_ssoadmin_customer_managed_policy_attachment.")).toBe(2);
    expect(byType("aws_ssoadmin_permission_set_inline_policy.")).toBe(2);
    expect(byType("aws_ssoadmin_permissions_boundary_attachment.")).toBe(2);
    expect(byType("aws_ssoadmin_account_assignment.")).toBe(35); // 39 live: USER, ghost group, suspended account and management account left out
    expect(byType("terraform_data.group_push")).toBe(5);
    expect(imports).toContainEqual({
      address: `aws_ssoadmin_account_assignment.assignment_${estate.accounts["shop-dev"]}["engineers|ReadOnly|${estate.accounts["shop-dev"]}"]`,
      id: `${estate.groups.engineers},GROUP,${estate.accounts["shop-dev"]},AWS_ACCOUNT,${estate.permissionSets.ReadOnly},${emulator.state.instanceArn}`,
    });
  });

  it("applies without a single write to Identity Center, then plans nothing", async () => {
    const before = emulator.snapshot();
    emulator.resetCalls();
    const res = await ws.applyPlan();
    expect(res.status, res.stderr).toBe(0);
    expect(Object.keys(emulator.calls).filter((op) => WRITES.test(op))).toEqual([]);
    expect(emulator.snapshot()).toEqual(before);
    expect(emulator.unknownOperations).toEqual([]);

    const second = await ws.plan();
    expect(second.effective).toEqual([]);
    expect(importing(second)).toEqual([]);
  });

  it("treats a model edit after adoption as usual: one new grant is one create", async () => {
    editYaml(modelDir, (file, doc) => {
      if (!file.endsWith("data-engineers.yaml")) return false;
      const list = doc.get("assignments", true);
      if (!isSeq(list)) return false;
      const entry = list.items.find((i) => isMap(i) && i.get("permission_set") === "DataEngineer");
      doc.setIn(["assignments", list.items.indexOf(entry!), "accounts"], doc.createNode(["data-dev", "data-prod", "shop-dev"], { flow: true }));
      return true;
    });
    const run = await synth(modelDir);
    expect(run.status, run.stderr).toBe(0);
    ws.useStack(run.stackDir);
    const plan = await ws.plan();
    expect(plan.effective.map((c) => `${c.address}: ${c.actions.join(",")}`)).toEqual([
      `aws_ssoadmin_account_assignment.assignment_${estate.accounts["shop-dev"]}["data-engineers|DataEngineer|${estate.accounts["shop-dev"]}"]: create`,
    ]);
    const res = await ws.applyPlan();
    expect(res.status, res.stderr).toBe(0);
    expect(emulator.snapshot().assignments).toContainEqual({ group: "data-engineers", permissionSet: "DataEngineer", accountId: estate.accounts["shop-dev"] });
  });
});
