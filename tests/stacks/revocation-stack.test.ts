// The revocation stack: emitted only with organization.leavers; deny-list SCP shells whose content
// Terraform ignores, attached to the root; the partner bus, rule and revoker Lambda built
// reproducibly from this repository; valid for hashicorp/aws and planned against the emulator.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { EMPTY_DENY_POLICY } from "../../src/revocation/policy-document.js";
import { startEmulator } from "../emulator/index.js";
import { localAwsEndpoints, runTerraformAsync, terraformEnv, terraformOk } from "../support/terraform.js";
import { fixtureModel, fixtureModelWithLeavers } from "./fixture.js";
import { removeTempDirs, stackJson, stackNames, synthModel } from "./helpers.js";

afterAll(removeTempDirs);


describe("revocation stack", () => {
  it("is not written without organization.leavers, and the okta stack has no log stream then", () => {
    const outdir = synthModel(fixtureModel());
    expect(stackNames(outdir)).not.toContain("revocation");
    expect(stackJson(outdir, "okta").resource.okta_log_stream).toBeUndefined();
  });

  const outdir = synthModel(fixtureModelWithLeavers());
  const tf = stackJson(outdir, "revocation");

  it("declares deny-list shells attached to the root whose content Terraform leaves to the revoker", () => {
    const policies = tf.resource.aws_organizations_policy;
    expect(Object.keys(policies)).toEqual(["deny_1", "deny_2"]);
    expect(policies.deny_1).toMatchObject({ name: "access-revocation-deny-1", type: "SERVICE_CONTROL_POLICY", content: EMPTY_DENY_POLICY, lifecycle: { ignore_changes: ["content"] } });
    expect(tf.resource.aws_organizations_policy_attachment.deny_2_root).toMatchObject({
      policy_id: "${aws_organizations_policy.deny_2.id}",
      target_id: "${data.aws_organizations_organization.organization.roots[0].id}",
    });
  });

  it("routes the partner source's leaver events to the revoker, configured from the model", () => {
    expect(tf.resource.aws_cloudwatch_event_bus.okta.event_source_name).toBe("aws.partner/okta.com/example/aws_access_revoker");
    const pattern = JSON.parse(tf.resource.aws_cloudwatch_event_rule.leavers.event_pattern);
    expect(pattern.detail.eventType).toEqual(["user.lifecycle.deactivate", "user.lifecycle.suspend", "user.lifecycle.delete.initiated", "group.user_membership.remove"]);
    const fn = tf.resource.aws_lambda_function.revoker_function;
    expect(fn.environment.variables).toMatchObject({ LONGEST_SESSION_SECONDS: "14400", MARGIN_SECONDS: "900", IDENTITY_STORE_ID: "d-1234567890", GITHUB_REPOSITORY: "acme/access" });
    expect(fn.reserved_concurrent_executions).toBe(1);
    const zip = readFileSync(join(outdir, "stacks", "revocation", fn.filename));
    expect(fn.source_code_hash).toBe(createHash("sha256").update(zip).digest("base64"));
    const policy = JSON.parse(tf.resource.aws_iam_role_policy.revoker_policy.policy);
    expect(policy.Statement.find((s: { Sid: string }) => s.Sid === "WriteDenyList").Resource).toEqual(["${aws_organizations_policy.deny_1.arn}", "${aws_organizations_policy.deny_2.arn}"]);
  });

  it("builds the same Lambda package from the same sources", () => {
    const again = stackJson(synthModel(fixtureModelWithLeavers()), "revocation");
    expect(again.resource.aws_lambda_function.revoker_function.source_code_hash).toBe(tf.resource.aws_lambda_function.revoker_function.source_code_hash);
  });

  it("adds the Okta log stream to EventBridge in the management account", () => {
    expect(stackJson(outdir, "okta").resource.okta_log_stream.leavers_log_stream).toMatchObject({
      name: "AWS access revoker (aws_access_revoker)",
      type: "aws_eventbridge",
      status: "ACTIVE",
      settings: { account_id: "999999999999", region: "eu-west-1", event_source_name: "aws_access_revoker" },
    });
    // Its arguments are checked against the real provider's schema in okta-schema.test.ts.
  });

  it("passes terraform validate and plans against the emulated Organizations", async () => {
    const dir = join(outdir, "stacks", "revocation");
    const env = terraformEnv();
    terraformOk(["init", "-backend=false", "-input=false", "-no-color"], dir, env);
    const validate = JSON.parse(terraformOk(["validate", "-json"], dir, env));
    expect(validate.diagnostics).toEqual([]);
    const emulator = await startEmulator();
    try {
      const stackFile = join(dir, "cdk.tf.json");
      const stack = JSON.parse(readFileSync(stackFile, "utf8"));
      Object.assign(stack.provider.aws[0], localAwsEndpoints(emulator.url, ["organizations", "sts", "iam", "lambda", "events", "cloudwatchlogs"]));
      delete stack.terraform.backend;
      writeFileSync(stackFile, JSON.stringify(stack));
      const plan = await runTerraformAsync(["plan", "-input=false", "-no-color", "-lock=false", "-out=plan.bin"], dir, { ...env, AWS_ACCESS_KEY_ID: "t", AWS_SECRET_ACCESS_KEY: "t" });
      expect(plan.stderr).toBe("");
      expect(plan.status).toBe(0);
      expect(emulator.unknownOperations).toEqual([]);
      const shown = JSON.parse(terraformOk(["show", "-json", "plan.bin"], dir, env));
      const creates = shown.resource_changes.filter((c: { change: { actions: string[] } }) => c.change.actions.includes("create")).map((c: { address: string }) => c.address);
      expect(creates).toContain("aws_organizations_policy_attachment.deny_1_root");
      expect(creates).toContain("aws_lambda_function.revoker_function");
      expect(shown.resource_changes.find((c: { address: string }) => c.address === "aws_organizations_policy_attachment.deny_1_root").change.after.target_id).toBe("r-a1b2");
    } finally {
      await emulator.close();
    }
  }, 240_000);
});
