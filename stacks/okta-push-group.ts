// Typed binding for `okta_push_group` (okta/okta >= 6.6.0), which the prebuilt 4.20 bindings
// predate. Attributes as documented in okta/terraform-provider-okta docs/resources/push_group.md.
import type { Construct } from "constructs";
import { TerraformResource, type TerraformMetaArguments } from "cdktf";

export interface OktaPushGroupConfig extends TerraformMetaArguments {
  /** ID of the Okta application that pushes the group. */
  readonly appId: string;
  /** ID of the Okta group being pushed. */
  readonly sourceGroupId: string;
  /** Link to an existing downstream group by id (forces replacement when changed). */
  readonly targetGroupId?: string;
  /** Name for a newly created downstream group (forces replacement when changed). */
  readonly targetGroupName?: string;
  readonly status?: "ACTIVE" | "INACTIVE";
  /**
   * Whether destroying the mapping deletes the downstream group. Required here (the provider
   * defaults to true) so every caller decides deliberately.
   */
  readonly deleteTargetGroupOnDestroy: boolean;
}

export class OktaPushGroup extends TerraformResource {
  static readonly tfResourceType = "okta_push_group";

  constructor(scope: Construct, id: string, private readonly config: OktaPushGroupConfig) {
    super(scope, id, {
      terraformResourceType: OktaPushGroup.tfResourceType,
      terraformGeneratorMetadata: { providerName: "okta" },
      provider: config.provider,
      dependsOn: config.dependsOn,
      count: config.count,
      lifecycle: config.lifecycle,
      forEach: config.forEach,
    });
  }

  get id(): string {
    return this.getStringAttribute("id");
  }

  protected override synthesizeAttributes(): { [name: string]: unknown } {
    const c = this.config;
    const attrs: { [name: string]: unknown } = {
      app_id: c.appId,
      source_group_id: c.sourceGroupId,
      delete_target_group_on_destroy: c.deleteTargetGroupOnDestroy,
    };
    if (c.targetGroupId !== undefined) attrs.target_group_id = c.targetGroupId;
    if (c.targetGroupName !== undefined) attrs.target_group_name = c.targetGroupName;
    if (c.status !== undefined) attrs.status = c.status;
    return attrs;
  }
}
