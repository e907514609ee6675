// Where each stack keeps its state, from the model's `organization.state`.
import { CloudBackend, LocalBackend, NamedCloudWorkspace, S3Backend, type TerraformStack } from "cdktf";
import type { StateBackend } from "../src/model/types.js";
import { literal } from "./literal.js";

/**
 * local: cdktf's default local backend writes an absolute path into cdk.tf.json, which differs
 * per clone. This relative path resolves from cdktf.out/stacks/<stack>/ to the folder holding
 * cdktf.out, i.e. the same place the default uses, and keeps the output identical everywhere.
 * s3: one key per stack, S3-native locking (use_lockfile, Terraform >= 1.10) and encryption on.
 * hcp: one workspace per stack.
 */
export function configureBackend(stack: TerraformStack, stackName: string, state: StateBackend): void {
  switch (state.kind) {
    case "local":
      new LocalBackend(stack, { path: `../../../terraform.${stackName}.tfstate` });
      return;
    case "s3":
      new S3Backend(stack, {
        bucket: literal(state.bucket),
        key: literal(`${state.keyPrefix}${stackName}.tfstate`),
        region: literal(state.region),
        encrypt: true,
        ...(state.kmsKeyId ? { kmsKeyId: literal(state.kmsKeyId) } : {}),
      });
      // The 0.21 bindings predate use_lockfile.
      stack.addOverride("terraform.backend.s3.use_lockfile", true);
      return;
    case "hcp":
      new CloudBackend(stack, {
        organization: literal(state.organization),
        workspaces: new NamedCloudWorkspace(literal(`${state.workspacePrefix}${stackName}`)),
        ...(state.hostname ? { hostname: literal(state.hostname) } : {}),
      });
      return;
    default: {
      const never: never = state;
      throw new Error(`unknown state backend ${JSON.stringify(never)}`);
    }
  }
}
