// scripts/ci/terraform-plan.sh against real Terraform, on a stack made only of the built-in
// terraform_data resource (no provider to install), in the cdktf.out layout.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { terraformBinary, terraformEnv, terraformOk } from "../support/terraform.js";
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

  it("apply-stack.sh applies exactly the saved plan of the named stack", () => {
    const dir = stackDir({ group_push: { input: "ops" } });
    const out = tempDir("plans");
    expect(plan(dir, out, false).status).toBe(0);
    const env = { ...terraformEnv(), TERRAFORM_BIN: terraformBinary() };
    const stacks = join(dir, "..");
    expect(runScript("apply-stack.sh", [stacks, out, "../demo"], env).status).toBe(64);
    expect(runScript("apply-stack.sh", [stacks, tempDir("none"), "demo"], env).status).toBe(1);
    const run = runScript("apply-stack.sh", [stacks, out, "demo"], env);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain("Apply complete! Resources: 1 added");
    expect(plan(dir, out, true).status).toBe(0);
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
