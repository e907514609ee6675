// scripts/ci/terraform-plan.sh against real Terraform, on a stack made only of the built-in
// terraform_data resource (no provider to install), in the cdktf.out layout.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { terraformBinary, terraformEnv, terraformOk } from "../support/terraform.js";
import { runAccess } from "../diff/cli-helpers.js";
import { runScript, tempDir } from "./script-harness.js";

function stackDir(resources: Record<string, object>): string {
  const dir = join(tempDir("tfstack"), "stacks", "demo");
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, "cdk.tf.json"),
    JSON.stringify({ terraform: { backend: { local: { path: "terraform.tfstate" } } }, resource: { terraform_data: resources } }),
  );
  return dir;
}

function plan(dir: string, out: string, detailed: boolean) {
  const env = { ...terraformEnv(), TERRAFORM_BIN: terraformBinary() };
  return runScript("terraform-plan.sh", [dir, out, "demo", ...(detailed ? ["--detailed-exitcode"] : [])], env);
}

describe("terraform-plan.sh", () => {
  it("saves the plan, its JSON and text; exit 2 with --detailed-exitcode when there are changes", () => {
    const dir = stackDir({ group_push: { input: "ops" } });
    const out = tempDir("plans");
    const run = plan(dir, out, true);
    expect(run.status, run.stderr).toBe(2);
    const json = JSON.parse(readFileSync(join(out, "demo.plan.json"), "utf8"));
    expect(json.resource_changes.map((c: { address: string; change: { actions: string[] } }) => [c.address, c.change.actions])).toEqual([
      ["terraform_data.group_push", ["create"]],
    ]);
    expect(readFileSync(join(out, "demo.plan.txt"), "utf8")).toContain("terraform_data.group_push will be created");
    expect(existsSync(join(out, "demo.tfplan"))).toBe(true);
    expect(existsSync(join(out, "demo.failed"))).toBe(false);
  });

  it("exits 0 for changes without --detailed-exitcode, and 0 with it once applied", () => {
    const dir = stackDir({ group_push: { input: "ops" } });
    const out = tempDir("plans");
    expect(plan(dir, out, false).status).toBe(0);
    terraformOk(["apply", "-input=false", join(out, "demo.tfplan")], dir);
    const again = plan(dir, out, true);
    expect(again.status, again.stderr).toBe(0);
    const json = JSON.parse(readFileSync(join(out, "demo.plan.json"), "utf8"));
    expect(json.resource_changes.map((c: { change: { actions: string[] } }) => c.change.actions)).toEqual([["no-op"]]);
  });

  it("gated-apply.sh plans again and applies only what the gates approved (real terraform, real access CLI)", () => {
    const dir = stackDir({ group_push: { input: "ops" } });
    const gate = tempDir("gate");
    expect(plan(dir, gate, false).status).toBe(0);
    const approved = join(gate, "approved.json");
    const record = runAccess(["approve-plans", "--out", approved, "--plan", `demo=${join(gate, "demo.plan.json")}`]);
    expect(record.code, record.stderr).toBe(0);
    const env = { ...terraformEnv(), TERRAFORM_BIN: terraformBinary() };

    // Between the gates and the apply the stack gained a resource: nothing at all is applied.
    const json = JSON.parse(readFileSync(join(dir, "cdk.tf.json"), "utf8"));
    writeFileSync(join(dir, "cdk.tf.json"), JSON.stringify({ ...json, resource: { terraform_data: { group_push: { input: "ops" }, extra: { input: "x" } } } }));
    const refused = runScript("gated-apply.sh", [dir, tempDir("apply"), "demo", approved], env);
    expect(refused.status).toBe(1);
    expect(refused.stdout).toContain("not approved: demo terraform_data.extra (create): the gate saw no change here");
    expect(existsSync(join(dir, "terraform.tfstate"))).toBe(false);

    writeFileSync(join(dir, "cdk.tf.json"), JSON.stringify(json));
    const run = runScript("gated-apply.sh", [dir, tempDir("apply"), "demo", approved], env);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain("Apply complete! Resources: 1 added");
    expect(plan(dir, tempDir("plans"), true).status).toBe(0);
  });

  it("fails with the reason in NAME.failed when the plan errors", () => {
    const dir = stackDir({ broken: { input: "${no_such_thing.x}" } });
    const out = tempDir("plans");
    const run = plan(dir, out, true);
    expect(run.status).toBe(1);
    expect(readFileSync(join(out, "demo.failed"), "utf8").trim()).toMatch(/^terraform (init|plan) failed for demo/);
    expect(existsSync(join(out, "demo.plan.json"))).toBe(false);
  });

  it("fails when the stack was not synthesized", () => {
    const out = tempDir("plans");
    const run = plan(join(tempDir("empty"), "stacks", "okta"), out, false);
    expect(run.status).toBe(1);
    expect(readFileSync(join(out, "demo.failed"), "utf8")).toContain("cdk.tf.json not found");
  });
});
