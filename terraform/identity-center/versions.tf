# Provider pins of the identity-center stacks (the base stack and every identity-center-shard-NN).
# Not a configuration anyone applies: synthesis copies the lock file beside it into each stack, and
# Dependabot updates both. stacks/providers.ts reads the same version (a test keeps them equal).
terraform {
  required_version = ">= 1.10.0, < 2.0.0"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "5.100.0"
    }
  }
}
