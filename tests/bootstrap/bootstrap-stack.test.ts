// The bootstrap stack: its config is checked with positions, it synthesizes, `terraform validate`
// passes, and `terraform plan` runs with hashicorp/aws pointed at the local emulator (every AWS
// endpoint the stack could touch goes to 127.0.0.1; a plan of new resources makes no AWS call,
// and the test proves none leaked by the emulator's request log).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BootstrapConfigError, parseBootstrapConfig } from "../../bootstrap/config.js";
import { synthBootstrap } from "../../bootstrap/main.js";
import { startEmulator, type Emulator } from "../emulator/index.js";
import { localAwsEndpoints, runTerraformAsync, terraformEnv } from "../support/terraform.js";

type Json = Record<string, any>;

const CONFIG = `repository: acme/okta-aws-access
subject_form: classic
region: eu-west-1
state_bucket: acme-access-state
state_key_prefix: access/
kms_key: create
`;

describe("bootstrap config", () => {
  it("names the file, line and column of a bad value and what to write instead", () => {
    expect(() => parseBootstrapConfig(CONFIG.replace("acme/okta-aws-access", "not a repo"), "b.yaml")).toThrow(/b\.yaml:1:13: repository: repository must be OWNER\/NAME/);
  });

  it("refuses the immutable subject form without the numeric ids", () => {
    expect(() => parseBootstrapConfig(CONFIG.replace("classic", "immutable"), "b.yaml")).toThrow(BootstrapConfigError);
  });

  it("refuses unknown keys rather than ignoring a typo", () => {
    expect(() => parseBootstrapConfig(`${CONFIG}state_buckett: x\n`, "b.yaml")).toThrow(/state_buckett/);
  });
});

describe("the bootstrap stack", () => {
  const dirs: string[] = [];
  const scratch = (p: string) => {
    const d = mkdtempSync(join(tmpdir(), `access-bootstrap-${p}-`));
    dirs.push(d);
    return d;
  };
  let stack: Json;
  let emulator: Emulator;
  let validate: { status: number; stdout: string; stderr: string };
  let plan: { status: number; stdout: string; stderr: string };
  let planJson: Json;

  beforeAll(async () => {
    emulator = await startEmulator();
    const cfg = join(scratch("cfg"), "bootstrap.yaml");
    writeFileSync(cfg, CONFIG);
    const dir = synthBootstrap(cfg, join(scratch("out"), "cdktf.out"));
    stack = JSON.parse(readFileSync(join(dir, "cdk.tf.json"), "utf8"));
    const work = scratch("tf");
    writeFileSync(join(work, "cdk.tf.json"), JSON.stringify(stack));
    writeFileSync(
      join(work, "zz_override.tf.json"),
      JSON.stringify({
        terraform: { backend: { local: { path: join(work, "terraform.tfstate") } } },
        provider: { aws: { ...localAwsEndpoints(emulator.url, ["iam", "s3", "sts", "kms"]), s3_use_path_style: true, access_key: "test", secret_key: "test" } },
      }),
    );
    const env = terraformEnv();
    const init = await runTerraformAsync(["init", "-input=false", "-no-color"], work, env);
    expect(init.status, init.stderr).toBe(0);
    validate = await runTerraformAsync(["validate", "-no-color"], work, env);
    plan = await runTerraformAsync(["plan", "-input=false", "-no-color", "-out=tfplan"], work, env);
    if (plan.status === 0) planJson = JSON.parse((await runTerraformAsync(["show", "-json", "tfplan"], work, env)).stdout);
  });

  afterAll(async () => {
    await emulator?.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it("passes terraform validate", () => {
    expect(validate.status, validate.stderr).toBe(0);
  });

  it("plans against the local emulator without calling anything it does not answer", () => {
    expect(plan.status, plan.stderr).toBe(0);
    expect(emulator.unknownOperations).toEqual([]);
    const created = (planJson.resource_changes as Json[]).filter((c) => c.change.actions.includes("create")).map((c) => c.address).sort();
    expect(created).toEqual(
      [
        "aws_iam_openid_connect_provider.github",
        "aws_iam_role.apply",
        "aws_iam_role.plan",
        "aws_iam_role_policy.apply_permissions",
        "aws_iam_role_policy.plan_permissions",
        "aws_kms_alias.state_key_alias",
        "aws_kms_key.state_key",
        "aws_s3_bucket.state",
        "aws_s3_bucket_ownership_controls.state_ownership",
        "aws_s3_bucket_policy.state_tls_only",
        "aws_s3_bucket_public_access_block.state_public_access",
        "aws_s3_bucket_server_side_encryption_configuration.state_encryption",
        "aws_s3_bucket_versioning.state_versioning",
      ].sort(),
    );
    expect(Object.keys(planJson.planned_values.outputs).sort()).toEqual(
      ["apply_role_arn", "aws_region", "oidc_provider_arn", "plan_role_arn", "repository", "state_bucket", "state_key_prefix", "state_kms_key_arn"].sort(),
    );
  });

  it("trusts exact sub claims: the plan environment and main for plan (never a pull request's own workflow), the production environment alone for apply", () => {
    const trust = (name: string) => JSON.parse(stack.resource.aws_iam_role[name].assume_role_policy).Statement[0].Condition;
    expect(trust("plan")).toEqual({
      StringEquals: {
        "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
        "token.actions.githubusercontent.com:sub": ["repo:acme/okta-aws-access:environment:plan", "repo:acme/okta-aws-access:ref:refs/heads/main"],
      },
    });
    expect(stack.resource.aws_iam_role.plan.assume_role_policy).not.toContain(":pull_request");
    expect(trust("apply").StringEquals["token.actions.githubusercontent.com:sub"]).toBe("repo:acme/okta-aws-access:environment:production");
    expect(JSON.stringify(stack.resource.aws_iam_role)).not.toMatch(/StringLike|ForAllValues|\*"/);
  });

  it("merges the Organizations, KMS and state statements into the plan role, whose only state write is the lock", () => {
    const statements: Json[] = JSON.parse(stack.resource.aws_iam_role_policy.plan_permissions.policy).Statement;
    const sids = statements.map((s) => s.Sid);
    expect(sids).toEqual(expect.arrayContaining(["ReadOrganization", "StateKey", "ReadState", "TakeAndReleaseTheStateLock"]));
    const writes = statements.filter((s) => [s.Action].flat().some((a: string) => a === "s3:PutObject"));
    expect(writes.map((s) => s.Resource)).toEqual(["arn:aws:s3:::acme-access-state/access/*.tfstate.tflock"]);
    expect(statements.find((s) => s.Sid === "StateKey")!.Resource).toBe("${aws_kms_key.state_key.arn}");
  });

  it("makes the bucket versioned, KMS-encrypted, TLS-only and private", () => {
    const r = stack.resource;
    expect(r.aws_s3_bucket_versioning.state_versioning.versioning_configuration.status).toBe("Enabled");
    expect(r.aws_s3_bucket_server_side_encryption_configuration.state_encryption.rule[0].apply_server_side_encryption_by_default).toEqual({
      sse_algorithm: "aws:kms",
      kms_master_key_id: "${aws_kms_key.state_key.arn}",
    });
    const pab = r.aws_s3_bucket_public_access_block.state_public_access;
    expect([pab.block_public_acls, pab.block_public_policy, pab.ignore_public_acls, pab.restrict_public_buckets]).toEqual([true, true, true, true]);
    const deny = JSON.parse(r.aws_s3_bucket_policy.state_tls_only.policy).Statement[0];
    expect(deny).toMatchObject({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } });
    expect(r.aws_s3_bucket.state.lifecycle.prevent_destroy).toBe(true);
  });

  it("keeps its own state in a local file next to bootstrap.yaml", () => {
    expect(stack.terraform.backend).toEqual({ local: { path: "../../../terraform.bootstrap.tfstate" } });
  });
});

describe("the immutable subject form", () => {
  it("puts the numeric owner and repository ids into every sub claim", () => {
    const dir = mkdtempSync(join(tmpdir(), "access-bootstrap-imm-"));
    try {
      const cfg = join(dir, "bootstrap.yaml");
      writeFileSync(cfg, `${CONFIG.replace("classic", "immutable")}owner_id: "42"\nrepository_id: "4242"\n`);
      const out = synthBootstrap(cfg, join(dir, "cdktf.out"));
      const stack = JSON.parse(readFileSync(join(out, "cdk.tf.json"), "utf8"));
      const sub = JSON.parse(stack.resource.aws_iam_role.apply.assume_role_policy).Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:sub"];
      expect(sub).toBe("repo:acme@42/okta-aws-access@4242:environment:production");
      const plan = JSON.parse(stack.resource.aws_iam_role.plan.assume_role_policy).Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:sub"];
      expect(plan).toEqual(["repo:acme@42/okta-aws-access@4242:environment:plan", "repo:acme@42/okta-aws-access@4242:ref:refs/heads/main"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
