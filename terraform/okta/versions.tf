# Provider pins of the okta stack. Not a configuration anyone applies: synthesis copies the lock
# file beside it into the stack, and Dependabot updates both. stacks/providers.ts reads the same
# version (a test keeps them equal), and terraform/okta/provider-build.json pins the commit the tests build.
terraform {
  required_version = ">= 1.10.0, < 2.0.0"
  required_providers {
    okta = {
      source  = "okta/okta"
      version = "6.12.0"
    }
  }
}
