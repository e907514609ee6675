// Provider configuration for both stacks. Nothing secret is ever written here: credentials come
// from the environment of whoever runs terraform (OIDC role for AWS, private-key JWT for Okta).
import type { TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider/index.js";
import { OktaProvider } from "@cdktf/provider-okta/lib/provider/index.js";
import type { IdentityCenterConfig, OktaConfig } from "../src/model/types.js";
import { literal } from "./literal.js";

/**
 * The bindings are generated for hashicorp/aws 6.25.0 and pin exactly that. The resources used
 * here have the same arguments in 5.x, and we must admit both the 5.100.0 in offline mirrors
 * (CI and air-gapped machines) and the 6.x a user's `terraform init` fetches from the registry.
 * 7.0 may break arguments, so it stays out until someone has reviewed it.
 */
export const AWS_PROVIDER_CONSTRAINT = ">= 5.100.0, < 7.0.0";

/**
 * The okta bindings (4.20) pin okta/okta 4.20.0, which has no okta_push_group (first in 6.6.0).
 * 6.14.0 shipped breaking changes by mistake, so 6.15 is the floor; `~>` keeps 7.x (unreviewed
 * breaking changes) out. The resources used only gained attributes between 4.20 and 6.x.
 */
export const OKTA_PROVIDER_CONSTRAINT = "~> 6.15";

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

export function awsProvider(stack: TerraformStack, ic: IdentityCenterConfig): AwsProvider {
  const provider = new AwsProvider(stack, "aws", { region: literal(ic.region) });
  stack.addOverride("terraform.required_providers.aws", { source: "hashicorp/aws", version: AWS_PROVIDER_CONSTRAINT });
  return provider;
}

export function oktaProvider(stack: TerraformStack, okta: OktaConfig): OktaProvider {
  const provider = new OktaProvider(stack, "okta", {
    orgName: literal(okta.orgName),
    baseUrl: literal(okta.baseUrl),
  });
  stack.addOverride("terraform.required_providers.okta", { source: "okta/okta", version: OKTA_PROVIDER_CONSTRAINT });
  return provider;
}
