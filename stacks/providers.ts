// Provider configuration for both stacks. Nothing secret is ever written here: credentials come
// from the environment of whoever runs terraform (OIDC role for AWS, private-key JWT for Okta).
import type { TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider/index.js";
import { OktaProvider } from "@cdktf/provider-okta/lib/provider/index.js";
import type { OktaConfig } from "../src/model/types.js";
import { literal } from "./literal.js";

/**
 * Exactly the versions that are tested, nothing wider: hashicorp/aws 5.100.0 is the one every
 * terraform test here runs (the offline mirror), and the committed lock file
 * (terraform/identity-center/.terraform.lock.hcl) carries its checksums. The bindings are
 * generated for 6.25.0; the resources used have the same arguments in 5.100. Kept equal to
 * terraform/identity-center/versions.tf, which Dependabot bumps (tests/stacks/pins.test.ts).
 */
export const AWS_PROVIDER_CONSTRAINT = "5.100.0";

/**
 * okta/okta 6.12.0: the version the tests build (scripts/install-okta-provider.sh, pinned with its
 * commit in terraform/okta/provider-build.json) and check the okta stack against
 * (okta_push_group exists since 6.6.0; 6.14.0 shipped breaking changes by mistake). Kept equal to
 * terraform/okta/versions.tf. A local build's hashes are not the registry's, so the committed lock
 * file is generated once on a connected machine (docs/setup.md).
 */
export const OKTA_PROVIDER_CONSTRAINT = "6.12.0";

/** S3-native state locking (use_lockfile) needs Terraform 1.10; 2.x is untested. */
export const TERRAFORM_REQUIRED_VERSION = ">= 1.10.0, < 2.0.0";

/**
 * Scopes an applying Okta service app needs (documented in docs/setup.md). They are NOT written
 * into the provider block: a value in config would override OKTA_API_SCOPES, and the PR plan
 * runs with a read-only service app that must ask only for the *.read scopes. Credentials and
 * scopes come from OKTA_API_CLIENT_ID, OKTA_API_PRIVATE_KEY_ID, OKTA_API_PRIVATE_KEY and
 * OKTA_API_SCOPES (okta/config/config.go).
 */
export const OKTA_SCOPES = [
  "okta.apps.manage",
  "okta.apps.read",
  "okta.groups.manage",
  "okta.groups.read",
  "okta.policies.manage",
  "okta.policies.read",
] as const;

export function awsProvider(stack: TerraformStack, region: string): AwsProvider {
  const provider = new AwsProvider(stack, "aws", { region: literal(region) });
  stack.addOverride("terraform.required_providers.aws", { source: "hashicorp/aws", version: AWS_PROVIDER_CONSTRAINT });
  stack.addOverride("terraform.required_version", TERRAFORM_REQUIRED_VERSION);
  return provider;
}

export function oktaProvider(stack: TerraformStack, okta: Pick<OktaConfig, "orgName" | "baseUrl">): OktaProvider {
  const provider = new OktaProvider(stack, "okta", {
    orgName: literal(okta.orgName),
    baseUrl: literal(okta.baseUrl),
  });
  stack.addOverride("terraform.required_providers.okta", { source: "okta/okta", version: OKTA_PROVIDER_CONSTRAINT });
  stack.addOverride("terraform.required_version", TERRAFORM_REQUIRED_VERSION);
  return provider;
}
