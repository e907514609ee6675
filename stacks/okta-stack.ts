// Stack `okta`: the AWS IAM Identity Center SAML app, the groups it pushes over SCIM, the
// never-pushed users group that grants the app, and the app's sign-on policy.
//
// Okta and AWS both document assigning and pushing the same group as unsupported, so the app is
// assigned to one dedicated group (`organization.okta.users_group`, default "AWS users") that is
// never pushed; group rules make every member of a pushed group a member of it.
import { Construct } from "constructs";
import { TerraformLocal, TerraformStack, type MapTerraformIterator } from "cdktf";
import { AppGroupAssignments } from "@cdktf/provider-okta/lib/app-group-assignments/index.js";
import { AppSaml } from "@cdktf/provider-okta/lib/app-saml/index.js";
import { AppSignonPolicy } from "@cdktf/provider-okta/lib/app-signon-policy/index.js";
import { AppSignonPolicyRule } from "@cdktf/provider-okta/lib/app-signon-policy-rule/index.js";
import { DataOktaGroup } from "@cdktf/provider-okta/lib/data-okta-group/index.js";
import { Group } from "@cdktf/provider-okta/lib/group/index.js";
import { GroupRule } from "@cdktf/provider-okta/lib/group-rule/index.js";
import { OKTA_STACK } from "../src/layout/index.js";
import type { SignOnTier } from "../src/model/types.js";
import type { OktaSignOnPolicyContent, OktaStackContent } from "../src/stack-contents/index.js";
import { configureBackend } from "./backend.js";
import { Inventory } from "./inventory.js";
import { instanceAddress } from "./imports.js";
import { keyedIterator, keyedMap, type KeyedMap } from "./keyed.js";
import { literal, literalData } from "./literal.js";
import { addLeaverLogStream } from "./okta-log-stream.js";
import { OktaPushGroup } from "./okta-push-group.js";
import { oktaProvider } from "./providers.js";


/** The OIN key of "AWS IAM Identity Center" (`amazon_aws` is the per-account federation app). */
export const IDENTITY_CENTER_OIN_APP = "amazon_aws_sso";

/** Where a managed group that became `existing` is moved to be forgotten; never declared. */
export const FORMERLY_MANAGED_GROUP = "okta_group.no_longer_managed";

/** okta_app_saml arguments the stack leaves to whoever administers the app in Okta. */
export const UNOWNED_APP_SETTINGS = [
  "user_name_template",
  "user_name_template_type",
  "user_name_template_suffix",
  "user_name_template_push_status",
  "default_relay_state",
  "admin_note",
  "enduser_note",
  "hide_ios",
  "hide_web",
  "auto_submit_toolbar",
  "app_links_json",
  "accessibility_self_service",
  "accessibility_error_redirect_url",
  "accessibility_login_redirect_url",
  "implicit_assignment",
] as const;

export class OktaStack extends TerraformStack {
  readonly inventory = new Inventory();

  constructor(scope: Construct, content: OktaStackContent) {
    super(scope, OKTA_STACK);
    const { okta, groups } = content;
    oktaProvider(this, okta);
    configureBackend(this, OKTA_STACK, content.state);

    // Groups: created for `source: managed`, looked up for `source: existing`; both pushed.
    const managed = keyedMap(
      groups.filter((g) => g.source === "managed"),
      (g) => g.name,
      (g) => ({ name: g.name, description: g.description ?? null }),
    );
    const managedIt = this.forEach(managed, Group.tfResourceType);
    new Group(this, "group", {
      forEach: managedIt,
      name: managedIt.getString("name"),
      description: managedIt.getString("description"),
      // A group leaves Okta only after the group rules and the privileged sign-on rule stop naming
      // it: Okta marks a group rule INVALID when a group it names is deleted, and an INVALID rule
      // can be neither deactivated nor updated (found applying a removal with the real provider).
      // create_before_destroy orders the destroy after the updates of everything that uses the group.
      lifecycle: { createBeforeDestroy: true },
    }).overrideLogicalId("group");

    const existing = keyedMap(groups.filter((g) => g.source === "existing"), (g) => g.name, (g) => g.name);
    const existingIt = this.forEach(existing, `data.${DataOktaGroup.tfResourceType}`);
    new DataOktaGroup(this, "existing_group", { forEach: existingIt, name: existingIt.value }).overrideLogicalId("existing_group");
    this.forgetFormerlyManaged(content.forgetManaged);

    // Model group name -> Okta group id, whichever way the group is managed.
    const groupIds = new TerraformLocal(
      this,
      "group_ids",
      "${merge({ for name, g in okta_group.group : name => g.id }, { for name, g in data.okta_group.existing_group : name => g.id })}",
    );
    groupIds.overrideLogicalId("group_ids");

    // The sign-on policy exists before the app so the app is never live under the org default.
    // An adopted app with `sign_on_policy: existing` keeps its own (validation requires app.id):
    // authentication_policy is optional and computed, so leaving it out changes nothing on import,
    // and the model builds no policy that nothing uses.
    const policy = content.signOnPolicy ? this.signOnPolicy(content.signOnPolicy) : undefined;

    const app = new AppSaml(this, "app", {
      label: literal(okta.app.label),
      preconfiguredApp: IDENTITY_CENTER_OIN_APP,
      appSettingsJson: literal(JSON.stringify({ acsURL: okta.app.acsUrl, entityID: okta.app.entityId })),
      ...(policy ? { authenticationPolicy: policy.id } : {}),
      // Settings the model does not own keep what an admin set (on an adopted app, or later in the
      // admin UI): without this the provider writes its defaults back, e.g. the username format
      // `${source.login}` over a `${user.email}` that SSO and SCIM to AWS depend on.
      lifecycle: { ignoreChanges: [...UNOWNED_APP_SETTINGS] },
    });
    app.overrideLogicalId("app");
    this.inventory.add(AppSaml.tfResourceType, 1);
    // An app set up by hand (SCIM is configured in the UI only) is adopted, not duplicated: the
    // provider imports okta_app_saml by the app id. Once in state the block is a no-op.
    if (okta.app.id !== undefined) this.addOverride("import", [{ to: "okta_app_saml.app", id: literal(okta.app.id) }]);

    // The never-pushed group assigned to the app. One okta_app_group_assignments for the app:
    // instances sharing an app_id fight over the app's assignments (see the provider docs).
    const users = new Group(this, "users_group", {
      name: literal(okta.usersGroup),
      description: "Grants the AWS IAM Identity Center app. Never pushed; membership comes from group rules.",
    });
    users.overrideLogicalId("users_group");
    this.inventory.add(Group.tfResourceType, 1);
    new AppGroupAssignments(this, "app_users", { appId: app.id, group: [{ id: users.id }] }).overrideLogicalId("app_users");
    this.inventory.add(AppGroupAssignments.tfResourceType, 1);

    // One rule per bucket of pushed groups, named in src/stack-contents within Okta's limits.
    const rules = keyedMap(content.groupRules, (r) => r.key, (r) => ({ name: r.name, groups: r.groups }));
    const ruleIt = this.forEach(rules, GroupRule.tfResourceType);
    new GroupRule(this, "users_rule", {
      forEach: ruleIt,
      name: ruleIt.getString("name"),
      status: "ACTIVE",
      groupAssignments: [users.id],
      expressionType: "urn:okta:expression:1.0",
      expressionValue:
        '${format("isMemberOfAnyGroup(%s)", join(",", [for name in each.value.groups : jsonencode(local.group_ids[name])]))}',
    }).overrideLogicalId("users_rule");

    // Push mappings. delete_target_group_on_destroy is false on purpose: the provider defaults it
    // to true, and then any replacement of a mapping (target fields force one) or a removal from
    // the model deletes the group in Identity Center, and with it every account assignment of the
    // group in every account. Deleting a downstream group is a deliberate, separate act.
    const pushed = keyedMap(groups, (g) => g.name, (g) => g.name);
    const pushIt = this.forEach(pushed, OktaPushGroup.tfResourceType);
    new OktaPushGroup(this, "push_group", {
      forEach: pushIt,
      appId: app.id,
      sourceGroupId: "${local.group_ids[each.key]}",
      status: "ACTIVE",
      deleteTargetGroupOnDestroy: false,
      // A mapping re-created for a new source group (existing -> managed) is replaced only once
      // the new one exists: when Okta refuses the new group, the group stays pushed (found with
      // the real provider). Only the source group id ever forces a replacement here, so the two
      // mappings never share a source.
      lifecycle: { createBeforeDestroy: true },
    }).overrideLogicalId("push_group");

    if (content.signOnPolicy && policy) this.signOnRules(content.signOnPolicy, policy, users);
    if (content.logStream) addLeaverLogStream(this, content.logStream, this.inventory);
  }

  /**
   * A group switched from managed to existing stays in Okta with its members: Terraform forgets it
   * instead of deleting it. `removed` takes no instance keys (Terraform 1.11: "Resource instance keys
   * not allowed"), so each existing group's managed address is moved to a block no config declares,
   * and that block is removed with destroy = false. Both are no-ops for a group that was never
   * managed here, and the moved `from` is never declared: a group is either managed or existing.
   */
  private forgetFormerlyManaged(names: readonly string[]): void {
    if (names.length === 0) return;
    this.addOverride(
      "moved",
      names.map((name) => ({ from: instanceAddress(`${Group.tfResourceType}.group`, name), to: instanceAddress(FORMERLY_MANAGED_GROUP, name) })),
    );
    this.addOverride("removed", [{ from: FORMERLY_MANAGED_GROUP, lifecycle: { destroy: false } }]);
  }

  private signOnPolicy(content: OktaSignOnPolicyContent): AppSignonPolicy {
    const policy = new AppSignonPolicy(this, "signon_policy", {
      name: literal(content.name),
      description: "Managed by okta-aws-access from the access model. The catch-all rule denies.",
      catchAll: false, // the default rule denies: only the tiers below grant access
    });
    policy.overrideLogicalId("signon_policy");
    this.inventory.add(AppSignonPolicy.tfResourceType, 1);
    return policy;
  }

  private forEach(map: KeyedMap, type: string): MapTerraformIterator {
    this.inventory.add(type, Object.keys(map).length);
    return keyedIterator(map);
  }

  /**
   * Tiers in a fixed priority order: privileged groups first (priority 1), then everyone with
   * app access (the users group). Okta renumbers colliding priorities when rules are created in
   * parallel, so each rule depends on the one before it.
   */
  private signOnRules(signOn: OktaSignOnPolicyContent, policy: AppSignonPolicy, users: Group): void {
    const privilegedNames = signOn.privilegedGroups;
    let previous: AppSignonPolicyRule | undefined;
    let priority = 1;
    if (privilegedNames.length > 0) {
      const names = new TerraformLocal(this, "privileged_groups", literalData(privilegedNames));
      names.overrideLogicalId("privileged_groups");
      previous = this.signOnRule(
        "privileged_rule",
        "Privileged groups",
        priority++,
        policy,
        signOn.privileged,
        "${[for name in local.privileged_groups : local.group_ids[name]]}",
      );
    }
    this.signOnRule("everyone_rule", "Everyone with AWS access", priority, policy, signOn.everyone, [users.id], previous);
  }

  private signOnRule(
    id: string,
    name: string,
    priority: number,
    policy: AppSignonPolicy,
    tier: SignOnTier,
    /** Group ids, or one expression that evaluates to the list of ids. */
    groupsIncluded: string[] | string,
    after?: AppSignonPolicyRule,
  ): AppSignonPolicyRule {
    const rule = new AppSignonPolicyRule(this, id, {
      policyId: policy.id,
      name,
      priority,
      access: "ALLOW",
      factorMode: "2FA",
      reAuthenticationFrequency: literal(tier.reauthenticateAfter),
      // No default since provider 6.5.5; the model has one period per tier, so idle sessions
      // re-authenticate no later than active ones.
      inactivityPeriod: literal(tier.reauthenticateAfter),
      ...(tier.phishingResistant ? { constraints: [JSON.stringify({ possession: { phishingResistant: "REQUIRED" } })] } : {}),
      ...(Array.isArray(groupsIncluded) ? { groupsIncluded } : {}),
      ...(after ? { dependsOn: [after] } : {}),
    });
    rule.overrideLogicalId(id);
    if (!Array.isArray(groupsIncluded)) rule.addOverride("groups_included", groupsIncluded);
    this.inventory.add(AppSignonPolicyRule.tfResourceType, 1);
    return rule;
  }
}
