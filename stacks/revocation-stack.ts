// Stack `revocation` (only with organization.leavers in the model), in the management account:
// the deny-list service control policies attached to the root, whose content the revoker owns
// (Terraform creates them empty and ignores their content afterwards, so the two never fight);
// the partner event bus Okta's log stream feeds, a rule for the events that end access, and the
// revoker Lambda with its role, log group and invoke permission.
import { Construct } from "constructs";
import { TerraformAsset, AssetType, TerraformStack } from "cdktf";
import { CloudwatchEventBus } from "@cdktf/provider-aws/lib/cloudwatch-event-bus/index.js";
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule/index.js";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target/index.js";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group/index.js";
import { DataAwsOrganizationsOrganization } from "@cdktf/provider-aws/lib/data-aws-organizations-organization/index.js";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role/index.js";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy/index.js";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function/index.js";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission/index.js";
import { OrganizationsPolicy } from "@cdktf/provider-aws/lib/organizations-policy/index.js";
import { OrganizationsPolicyAttachment } from "@cdktf/provider-aws/lib/organizations-policy-attachment/index.js";
import { REVOCATION_STACK } from "../src/layout/index.js";
import { DEFAULT_POLICY_PREFIX } from "../src/revocation/deny-list-aws.js";
import { REVOKING_EVENT_TYPES } from "../src/revocation/okta-event.js";
import { EMPTY_DENY_POLICY } from "../src/revocation/policy-document.js";
import type { RevocationStackContent } from "../src/stack-contents/index.js";
import { configureBackend } from "./backend.js";
import { Inventory } from "./inventory.js";
import { literal } from "./literal.js";
import { awsProvider } from "./providers.js";
import { REVOKER_HANDLER, REVOKER_RUNTIME, writeRevokerBundle } from "./revoker-bundle.js";

export { REVOCATION_STACK };
export const REVOKER_FUNCTION = "access-revoker";

export class RevocationStack extends TerraformStack {
  readonly inventory = new Inventory();

  constructor(scope: Construct, content: RevocationStackContent, bundleDir: string) {
    super(scope, REVOCATION_STACK);
    const { leavers } = content;
    awsProvider(this, leavers.region);
    configureBackend(this, REVOCATION_STACK, content.state);
    const count = (type: string, n = 1) => this.inventory.add(type, n);

    const org = new DataAwsOrganizationsOrganization(this, "organization", {});
    org.overrideLogicalId("organization");
    const rootId = "${data.aws_organizations_organization.organization.roots[0].id}";

    const policies: OrganizationsPolicy[] = [];
    for (let i = 1; i <= leavers.denyPolicies; i++) {
      const policy = new OrganizationsPolicy(this, `deny_${i}`, {
        name: `${DEFAULT_POLICY_PREFIX}${i}`,
        description: "Revocation deny list: content written by the access-revoker Lambda, never by Terraform (docs/leavers.md)",
        type: "SERVICE_CONTROL_POLICY",
        content: EMPTY_DENY_POLICY,
        lifecycle: { ignoreChanges: ["content"] },
      });
      policy.overrideLogicalId(`deny_${i}`);
      new OrganizationsPolicyAttachment(this, `deny_${i}_root`, { policyId: policy.id, targetId: rootId }).overrideLogicalId(`deny_${i}_root`);
      policies.push(policy);
    }
    count(OrganizationsPolicy.tfResourceType, leavers.denyPolicies);
    count(OrganizationsPolicyAttachment.tfResourceType, leavers.denyPolicies);

    // A partner event bus carries the event source's name.
    const bus = new CloudwatchEventBus(this, "okta", { name: literal(leavers.eventSource), eventSourceName: literal(leavers.eventSource) });
    bus.overrideLogicalId("okta");
    const rule = new CloudwatchEventRule(this, "leavers", {
      name: "access-revoker-leavers",
      description: "Okta System Log events that end a person's AWS access",
      eventBusName: bus.name,
      eventPattern: JSON.stringify({ source: [literal(leavers.eventSource)], detail: { eventType: [...REVOKING_EVENT_TYPES], outcome: { result: ["SUCCESS"] } } }),
    });
    rule.overrideLogicalId("leavers");

    const logGroup = new CloudwatchLogGroup(this, "revoker_logs", { name: `/aws/lambda/${REVOKER_FUNCTION}`, retentionInDays: 400 });
    logGroup.overrideLogicalId("revoker_logs");

    const role = new IamRole(this, "revoker", {
      name: REVOKER_FUNCTION,
      description: "The access revoker: rewrites the deny-list SCPs, reads Identity Store users",
      assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
    });
    role.overrideLogicalId("revoker");
    const statements: object[] = [
      { Sid: "ReadDenyList", Effect: "Allow", Action: ["organizations:ListRoots", "organizations:ListPoliciesForTarget", "organizations:DescribePolicy"], Resource: "*" },
      { Sid: "WriteDenyList", Effect: "Allow", Action: ["organizations:UpdatePolicy"], Resource: policies.map((_, i) => `\${aws_organizations_policy.deny_${i + 1}.arn}`) },
      { Sid: "FindUsers", Effect: "Allow", Action: ["identitystore:GetUserId", "identitystore:DescribeUser"], Resource: "*" },
      { Sid: "Log", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `\${aws_cloudwatch_log_group.revoker_logs.arn}:*` },
      ...(leavers.githubTokenSecretArn ? [{ Sid: "DispatchToken", Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: literal(leavers.githubTokenSecretArn) }] : []),
    ];
    new IamRolePolicy(this, "revoker_policy", { name: "deny-list", role: role.id, policy: JSON.stringify({ Version: "2012-10-17", Statement: statements }) }).overrideLogicalId("revoker_policy");

    const bundle = writeRevokerBundle(bundleDir);
    const asset = new TerraformAsset(this, "revoker_bundle", { path: bundle.zipPath, type: AssetType.FILE });
    const fn = new LambdaFunction(this, "revoker_function", {
      functionName: REVOKER_FUNCTION,
      description: "Adds Okta leavers to the revocation deny list (docs/leavers.md)",
      role: role.arn,
      runtime: REVOKER_RUNTIME,
      handler: REVOKER_HANDLER,
      filename: asset.path,
      sourceCodeHash: bundle.sha256,
      timeout: 60,
      memorySize: 256,
      // One at a time: each invocation reads, changes and writes the whole list.
      reservedConcurrentExecutions: 1,
      environment: {
        variables: {
          OKTA_EVENT_SOURCE: literal(leavers.eventSource),
          OKTA_USERS_GROUP: literal(content.usersGroup),
          IDENTITY_STORE_ID: literal(content.identityStore.identityStoreId),
          IDENTITY_STORE_REGION: literal(content.identityStore.region),
          POLICY_PREFIX: DEFAULT_POLICY_PREFIX,
          LONGEST_SESSION_SECONDS: String(content.longestSessionSeconds),
          MARGIN_SECONDS: String(leavers.marginSeconds),
          MANAGEMENT_ACCOUNT: content.managementAccount,
          MANAGEMENT_ACCOUNT_PERMISSION_SETS: literal(content.managementAccountPermissionSets.join(",")),
          ...(leavers.auditRepository ? { GITHUB_REPOSITORY: literal(leavers.auditRepository) } : {}),
          ...(leavers.githubTokenSecretArn ? { GITHUB_TOKEN_SECRET_ARN: literal(leavers.githubTokenSecretArn) } : {}),
        },
      },
      dependsOn: [logGroup],
    });
    fn.overrideLogicalId("revoker_function");
    new CloudwatchEventTarget(this, "revoker_target", {
      rule: rule.name,
      eventBusName: bus.name,
      arn: fn.arn,
      retryPolicy: { maximumRetryAttempts: 185, maximumEventAgeInSeconds: 86400 },
    }).overrideLogicalId("revoker_target");
    new LambdaPermission(this, "revoker_invoke", {
      statementId: "okta-leavers",
      action: "lambda:InvokeFunction",
      functionName: fn.functionName,
      principal: "events.amazonaws.com",
      sourceArn: rule.arn,
    }).overrideLogicalId("revoker_invoke");
    for (const t of [CloudwatchEventBus, CloudwatchEventRule, CloudwatchEventTarget, CloudwatchLogGroup, IamRole, IamRolePolicy, LambdaFunction, LambdaPermission]) count(t.tfResourceType);
  }
}
