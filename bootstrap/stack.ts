// The bootstrap stack: what must exist before the first pull request can be planned, applied once
// from a laptop with admin credentials in the Identity Center account. GitHub's OIDC provider,
// the plan and apply roles (exact `sub` claims), the state bucket and its key. Its own state is
// local (bootstrap/terraform.bootstrap.tfstate; docs/setup.md says where to keep it).
import { LocalBackend, TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider/index.js";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role/index.js";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy/index.js";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias/index.js";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key/index.js";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider/index.js";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket/index.js";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls/index.js";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy/index.js";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block/index.js";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration/index.js";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning/index.js";
import { applyRolePolicy, GITHUB_OIDC_AUDIENCE, GITHUB_OIDC_HOST, planRolePolicy, roleSubjects, trustPolicy, type StateLocation } from "../src/setup/role-policies.js";
import { AWS_PROVIDER_CONSTRAINT, TERRAFORM_REQUIRED_VERSION } from "../stacks/providers.js";
import { literal } from "../stacks/literal.js";
import type { BootstrapConfig } from "./config.js";

export const BOOTSTRAP_STACK = "bootstrap";
export const STATE_KEY_ALIAS = "alias/access-terraform-state";

export interface BootstrapStackProps {
  config: BootstrapConfig;
  /** Relative to cdktf.out/stacks/bootstrap/; the default keeps it next to bootstrap.yaml. */
  statePath?: string;
}

export class BootstrapStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: BootstrapStackProps) {
    super(scope, id);
    const c = props.config;
    new LocalBackend(this, { path: props.statePath ?? "../../../terraform.bootstrap.tfstate" });
    new AwsProvider(this, "aws", { region: literal(c.region), defaultTags: [{ tags: { "managed-by": "okta-aws-access-bootstrap" } }] });
    this.addOverride("terraform.required_providers.aws", { source: "hashicorp/aws", version: AWS_PROVIDER_CONSTRAINT });
    this.addOverride("terraform.required_version", TERRAFORM_REQUIRED_VERSION);

    const oidcProviderArn = c.existingOidcProviderArn
      ? literal(c.existingOidcProviderArn)
      : new IamOpenidConnectProvider(this, "github", { url: `https://${GITHUB_OIDC_HOST}`, clientIdList: [GITHUB_OIDC_AUDIENCE] }).arn;

    const bucketName = literal(c.stateBucket);
    const key =
      c.kmsKey === "create"
        ? new KmsKey(this, "state_key", { description: "Encrypts the okta-aws-access Terraform state", enableKeyRotation: true, deletionWindowInDays: 30 })
        : undefined;
    if (key) new KmsAlias(this, "state_key_alias", { name: STATE_KEY_ALIAS, targetKeyId: key.keyId });

    const bucket = new S3Bucket(this, "state", { bucket: bucketName, lifecycle: { preventDestroy: true } });
    new S3BucketOwnershipControls(this, "state_ownership", { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } });
    new S3BucketVersioningA(this, "state_versioning", { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } });
    new S3BucketPublicAccessBlock(this, "state_public_access", { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
    new S3BucketServerSideEncryptionConfigurationA(this, "state_encryption", {
      bucket: bucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", ...(key ? { kmsMasterKeyId: key.arn } : {}) }, bucketKeyEnabled: true }],
    });
    new S3BucketPolicy(this, "state_tls_only", {
      bucket: bucket.id,
      policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "DenyInsecureTransport",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: [`arn:aws:s3:::${bucketName}`, `arn:aws:s3:::${bucketName}/*`],
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          },
        ],
      }),
    });

    const subjects = roleSubjects(c.repository, c.subjectForm);
    const planRole = new IamRole(this, "plan", {
      name: literal(c.planRoleName),
      description: "okta-aws-access: PR plans (plan environment), drift, accounts sync, doctor (read-only)",
      assumeRolePolicy: JSON.stringify(trustPolicy(oidcProviderArn, subjects.plan.map(literal), "GitHubPlanEnvironmentAndMain")),
      maxSessionDuration: 3600,
    });
    const applyRole = new IamRole(this, "apply", {
      name: literal(c.applyRoleName),
      description: "okta-aws-access: apply and expiry jobs in the production environment",
      assumeRolePolicy: JSON.stringify(trustPolicy(oidcProviderArn, subjects.apply.map(literal), "GitHubProductionEnvironmentOnly")),
      maxSessionDuration: 3600,
    });
    const state: StateLocation = { bucket: bucketName, keyPrefix: literal(c.stateKeyPrefix), ...(key ? { kmsKeyArn: key.arn } : {}) };
    new IamRolePolicy(this, "plan_permissions", { role: planRole.name, name: "access-plan", policy: JSON.stringify(planRolePolicy(state, { planRoleArn: planRole.arn, applyRoleArn: applyRole.arn })) });
    new IamRolePolicy(this, "apply_permissions", { role: applyRole.name, name: "access-apply", policy: JSON.stringify(applyRolePolicy(state)) });

    // Read by the repository set-up script (`terraform output -json > bootstrap-outputs.json`).
    new TerraformOutput(this, "aws_region", { value: literal(c.region) });
    new TerraformOutput(this, "plan_role_arn", { value: planRole.arn });
    new TerraformOutput(this, "apply_role_arn", { value: applyRole.arn });
    new TerraformOutput(this, "oidc_provider_arn", { value: oidcProviderArn });
    new TerraformOutput(this, "state_bucket", { value: bucket.bucket });
    new TerraformOutput(this, "state_key_prefix", { value: literal(c.stateKeyPrefix) });
    new TerraformOutput(this, "state_kms_key_arn", { value: key ? key.arn : "" });
    new TerraformOutput(this, "repository", { value: literal(`${c.repository.owner}/${c.repository.name}`) });
  }
}
