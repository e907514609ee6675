// The org-events stack (management account, us-east-1): AWS Organizations events reach this
// repository within seconds. An EventBridge rule matches the CloudTrail events of an account
// created, invited and joined, moved between OUs, closed or removed, and an API destination
// posts a repository_dispatch (event_type "aws-organizations") that starts accounts.yml. No
// custom code runs: the connection sends the GitHub token, which EventBridge reads from a
// Secrets Manager secret created here and filled in once by hand (docs/onboarding-and-elevation.md).
import { ORG_EVENTS_STACK } from "../src/layout/index.js";
import { TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider/index.js";
import { CloudwatchEventApiDestination } from "@cdktf/provider-aws/lib/cloudwatch-event-api-destination/index.js";
import { CloudwatchEventConnection } from "@cdktf/provider-aws/lib/cloudwatch-event-connection/index.js";
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule/index.js";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target/index.js";
import { DataAwsSecretsmanagerSecretVersion } from "@cdktf/provider-aws/lib/data-aws-secretsmanager-secret-version/index.js";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role/index.js";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy/index.js";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret/index.js";
import type { ResolvedModel } from "../src/model/types.js";
import { configureBackend } from "./backend.js";
import { literal } from "./literal.js";
import { AWS_PROVIDER_CONSTRAINT, TERRAFORM_REQUIRED_VERSION } from "./providers.js";

export { ORG_EVENTS_STACK };

/** The event type accounts.yml listens for (on: repository_dispatch: types). */
export const ORG_EVENT_TYPE = "aws-organizations";

/** Organizations' CloudTrail events that change which accounts exist or where they sit. */
export const ORG_EVENT_NAMES = [
  "CreateAccountResult",
  "InviteAccountToOrganization",
  "AcceptHandshake",
  "MoveAccount",
  "CloseAccount",
  "RemoveAccountFromOrganization",
  "TagResource",
  "UntagResource",
] as const;

/** Organizations is a global service whose events are delivered in us-east-1 only. */
export const ORG_EVENTS_REGION = "us-east-1";

export class OrgEventsStack extends TerraformStack {
  constructor(scope: Construct, model: ResolvedModel) {
    super(scope, ORG_EVENTS_STACK);
    const events = model.organization.onboarding?.events;
    if (!events) throw new Error("organization.onboarding.events is not set: there is no org-events stack to build");
    new AwsProvider(this, "aws", { region: ORG_EVENTS_REGION });
    this.addOverride("terraform.required_providers.aws", { source: "hashicorp/aws", version: AWS_PROVIDER_CONSTRAINT });
    this.addOverride("terraform.required_version", TERRAFORM_REQUIRED_VERSION);
    configureBackend(this, ORG_EVENTS_STACK, model.organization.state);

    // Terraform creates the secret; a person puts the token in (never Terraform, never the repo).
    const secret = new SecretsmanagerSecret(this, "github_token", {
      name: literal(events.secretName),
      description: "GitHub token (contents: write on the access repository only) that EventBridge sends to repository_dispatch",
    });
    const token = new DataAwsSecretsmanagerSecretVersion(this, "github_token_value", { secretId: secret.id });

    const connection = new CloudwatchEventConnection(this, "github", {
      name: "access-org-events-github",
      description: "repository_dispatch on the access repository",
      authorizationType: "API_KEY",
      authParameters: {
        apiKey: { key: "Authorization", value: `Bearer \${${token.fqn}.secret_string}` },
        invocationHttpParameters: {
          header: [
            { key: "Accept", value: "application/vnd.github+json", isValueSecret: false },
            { key: "X-GitHub-Api-Version", value: "2022-11-28", isValueSecret: false },
          ],
        },
      },
    });
    const destination = new CloudwatchEventApiDestination(this, "dispatch", {
      name: "access-org-events-dispatch",
      description: "POST /repos/{owner}/{name}/dispatches",
      connectionArn: connection.arn,
      httpMethod: "POST",
      invocationEndpoint: literal(`https://api.github.com/repos/${events.githubRepository}/dispatches`),
      invocationRateLimitPerSecond: 1,
    });

    const rule = new CloudwatchEventRule(this, "organizations", {
      name: "access-org-events",
      description: "AWS Organizations: account created, invited/joined, moved, closed, removed, tagged",
      eventPattern: JSON.stringify({
        source: ["aws.organizations"],
        "detail-type": ["AWS API Call via CloudTrail", "AWS Service Event via CloudTrail"],
        detail: { eventSource: ["organizations.amazonaws.com"], eventName: [...ORG_EVENT_NAMES] },
      }),
    });

    const role = new IamRole(this, "invoke", {
      name: "access-org-events-invoke",
      assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "sts:AssumeRole" }],
      }),
    });
    new IamRolePolicy(this, "invoke_destination", {
      role: role.id,
      name: "invoke-api-destination",
      policy: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"events:InvokeApiDestination","Resource":"\${${destination.fqn}.arn}"}]}`,
    });

    new CloudwatchEventTarget(this, "dispatch_target", {
      rule: rule.name,
      targetId: "github-repository-dispatch",
      arn: destination.arn,
      roleArn: role.arn,
      // GitHub's body: {event_type, client_payload}. The payload says what happened; accounts.yml
      // reads Organizations itself and trusts nothing in it.
      inputTransformer: {
        inputPaths: { event: "$.detail.eventName", account: "$.account", time: "$.time" },
        inputTemplate: `{"event_type": "${ORG_EVENT_TYPE}", "client_payload": {"event": <event>, "account": <account>, "time": <time>}}`,
      },
      retryPolicy: { maximumEventAgeInSeconds: 3600, maximumRetryAttempts: 20 },
    });
  }
}
