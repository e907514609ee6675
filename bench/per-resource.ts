// The layout we did not choose, for the bench: one construct (and one Terraform block) per
// assignment triple, as a CDKTF app would typically be written with a loop over the model.
import { App, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider/index.js";
import { SsoadminAccountAssignment } from "@cdktf/provider-aws/lib/ssoadmin-account-assignment/index.js";
import { SsoadminPermissionSet } from "@cdktf/provider-aws/lib/ssoadmin-permission-set/index.js";
import { DataAwsIdentitystoreGroup } from "@cdktf/provider-aws/lib/data-aws-identitystore-group/index.js";
import type { ResolvedModel } from "../src/model/types.js";
import { literal } from "../stacks/literal.js";

export function synthesizePerResource(model: ResolvedModel, outdir: string): number {
  const app = new App({ outdir, skipValidation: true });
  const stack = new TerraformStack(app, "identity-center");
  const ic = model.organization.identityCenter;
  new AwsProvider(stack, "aws", { region: ic.region });
  const sets = new Map<string, SsoadminPermissionSet>();
  const groups = new Map<string, DataAwsIdentitystoreGroup>();
  for (const ps of model.permissionSets) {
    sets.set(ps.name, new SsoadminPermissionSet(stack, `ps-${ps.name}`, { instanceArn: ic.instanceArn, name: literal(ps.name), sessionDuration: ps.sessionDuration }));
  }
  for (const g of model.groups) {
    groups.set(
      g.name,
      new DataAwsIdentitystoreGroup(stack, `group-${g.name}`, {
        identityStoreId: ic.identityStoreId,
        alternateIdentifier: { uniqueAttribute: { attributePath: "DisplayName", attributeValue: literal(g.name) } },
      }),
    );
  }
  for (const a of model.assignments) {
    new SsoadminAccountAssignment(stack, `a-${a.group}-${a.permissionSet}-${a.accountId}`, {
      instanceArn: ic.instanceArn,
      permissionSetArn: sets.get(a.permissionSet)!.arn,
      principalType: "GROUP",
      principalId: groups.get(a.group)!.groupId,
      targetType: "AWS_ACCOUNT",
      targetId: a.accountId,
    });
  }
  app.synth();
  return model.permissionSets.length + model.groups.length + model.assignments.length;
}
