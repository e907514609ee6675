// Stack `break-glass`, written only when the model has `organization.break_glass`: emergency IAM
// roles in the management or security account (never an Identity Center assignment), assumable
// only by named principals with a fresh MFA session, and an alarm on every use: EventBridge rules
// on the CloudTrail events of assuming a role and of a principal signing in, published to an SNS
// topic with e-mail and webhook subscriptions. Plain blocks keyed by natural keys (role name,
// "role|policy arn", address): no list position ever becomes an address.
import type { Construct } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider/index.js";
import { BREAK_GLASS_STACK } from "../src/layout/index.js";
import type { BreakGlass, ResolvedModel } from "../src/model/types.js";
import { configureBackend } from "./backend.js";
import { Inventory } from "./inventory.js";
import { literal, literalData, type Data } from "./literal.js";
import { AWS_PROVIDER_CONSTRAINT, TERRAFORM_REQUIRED_VERSION } from "./providers.js";
import { RawTerraformStack } from "./raw-stack.js";

export { BREAK_GLASS_STACK };

/** Logical names: they appear in plans and state. */
export const BG = {
  role: "aws_iam_role.break_glass",
  attachment: "aws_iam_role_policy_attachment.break_glass",
  topic: "aws_sns_topic.break_glass",
} as const;

/**
 * Where the alarm lives. CloudTrail delivers an event to EventBridge in the region of the call:
 * calls through the global STS endpoint and IAM users' console sign-ins arrive in us-east-1.
 */
export function alarmRegion(partition: string, fallback: string): string {
  return partition === "aws" ? "us-east-1" : fallback;
}

export class BreakGlassStack extends RawTerraformStack {
  readonly inventory = new Inventory();

  constructor(scope: Construct, model: ResolvedModel) {
    super(scope, BREAK_GLASS_STACK);
    const org = model.organization;
    const bg = org.breakGlass!;
    new AwsProvider(this, "aws", {
      region: literal(alarmRegion(org.partition, org.identityCenter.region)),
      // A plan with credentials of any other account fails instead of creating roles there.
      allowedAccountIds: [literal(bg.account)],
    });
    this.addOverride("terraform.required_providers.aws", { source: "hashicorp/aws", version: AWS_PROVIDER_CONSTRAINT });
    this.addOverride("terraform.required_version", TERRAFORM_REQUIRED_VERSION);
    configureBackend(this, BREAK_GLASS_STACK, org.state);
    this.roles(bg);
    this.alarm(bg, org.partition);
  }

  private add(type: string, name: string, forEach: Record<string, Data> | undefined, body: Record<string, Data>): void {
    this.inventory.add(type, forEach ? Object.keys(forEach).length : 1);
    this.raw.addResource(type, name, forEach ? { for_each: literalData(forEach), ...body } : body);
  }

  private roles(bg: BreakGlass): void {
    const roles: Record<string, Data> = {};
    for (const r of bg.roles) {
      const trust = {
        Version: "2012-10-17",
        Statement: r.principals.map((p) => ({
          Effect: "Allow",
          Principal: { AWS: p.arn },
          Action: "sts:AssumeRole",
          Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" }, NumericLessThan: { "aws:MultiFactorAuthAge": String(p.mfaMaxAgeSeconds) } },
        })),
      };
      roles[r.name] = { description: r.description ?? "Break-glass emergency access (every use alarms)", trust: JSON.stringify(trust), max_session: r.maxSessionSeconds };
    }
    this.add("aws_iam_role", "break_glass", roles, {
      name: "${each.key}",
      description: "${each.value.description}",
      assume_role_policy: "${each.value.trust}",
      max_session_duration: "${each.value.max_session}",
      tags: { "access:purpose": "break-glass" },
    });
    const attachments: Record<string, Data> = {};
    for (const r of bg.roles) for (const arn of r.managedPolicies) attachments[`${r.name}|${arn}`] = { role: r.name, policy_arn: arn };
    this.add("aws_iam_role_policy_attachment", "break_glass", attachments, {
      role: `\${${BG.role}[each.value.role].name}`,
      policy_arn: "${each.value.policy_arn}",
    });
  }

  private alarm(bg: BreakGlass, partition: string): void {
    this.add("aws_sns_topic", "break_glass", undefined, { name: "break-glass-use" });
    const publish = {
      Version: "2012-10-17",
      Statement: [{ Sid: "EventBridgePublishes", Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "sns:Publish", Resource: `\${${BG.topic}.arn}` }],
    };
    this.add("aws_sns_topic_policy", "break_glass", undefined, { arn: `\${${BG.topic}.arn}`, policy: JSON.stringify(publish) });
    this.add("aws_sns_topic_subscription", "email", Object.fromEntries(bg.alert.email.map((e) => [e, e])), { topic_arn: `\${${BG.topic}.arn}`, protocol: "email", endpoint: "${each.value}" });
    this.add("aws_sns_topic_subscription", "webhook", Object.fromEntries(bg.alert.webhook.map((w) => [w, w])), { topic_arn: `\${${BG.topic}.arn}`, protocol: "https", endpoint: "${each.value}" });

    const roleArns = bg.roles.map((r) => `arn:${partition}:iam::${bg.account}:role/${r.name}`);
    const principals = [...new Set(bg.roles.flatMap((r) => r.principals.map((p) => p.arn)))].sort();
    const rules: Record<string, { description: string; pattern: unknown }> = {
      assumed: {
        description: "A break-glass role was assumed",
        pattern: { source: ["aws.sts"], "detail-type": ["AWS API Call via CloudTrail"], detail: { eventSource: ["sts.amazonaws.com"], eventName: ["AssumeRole"], requestParameters: { roleArn: roleArns } } },
      },
      signed_in: {
        description: "A break-glass principal signed in to the console",
        pattern: { "detail-type": ["AWS Console Sign In via CloudTrail"], detail: { userIdentity: { arn: principals } } },
      },
    };
    this.add(
      "aws_cloudwatch_event_rule",
      "break_glass",
      Object.fromEntries(Object.entries(rules).map(([k, r]) => [k, { description: r.description, pattern: JSON.stringify(r.pattern) }])),
      { name: "break-glass-${each.key}", description: "${each.value.description}", event_pattern: "${each.value.pattern}" },
    );
    this.add("aws_cloudwatch_event_target", "break_glass", Object.fromEntries(Object.keys(rules).map((k) => [k, k])), {
      rule: "${aws_cloudwatch_event_rule.break_glass[each.key].name}",
      target_id: "sns",
      arn: `\${${BG.topic}.arn}`,
    });
  }
}
