// The revoker's AWS Lambda entry point (bundled by scripts/build-revoker.mjs): settings from the
// environment the revocation stack sets, SDK clients with the function's role, one JSON line per
// decision to CloudWatch Logs. Errors talking to AWS are thrown so EventBridge's asynchronous
// invocation retries the event; refused and ignored events return normally.
import { IdentitystoreClient } from "@aws-sdk/client-identitystore";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { dispatchRevocation } from "./audit.js";
import { DEFAULT_POLICY_PREFIX } from "./deny-list-aws.js";
import { handleRevocationEvent, type RevokerDeps, type RevokerOutcome } from "./revoker.js";

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name]?.trim();
  if (!value) throw new Error(`the revoker needs ${name} in its environment (set by the revocation stack)`);
  return value;
}

/** Builds the revoker's dependencies from the environment; exported for tests. */
export function revokerFromEnv(env: NodeJS.ProcessEnv, log: RevokerDeps["log"]): RevokerDeps {
  const region = required(env, "IDENTITY_STORE_REGION");
  const identityStore = new IdentitystoreClient({ region });
  const organizations = new OrganizationsClient({ region: "us-east-1" });
  const secretArn = env.GITHUB_TOKEN_SECRET_ARN?.trim();
  const repository = env.GITHUB_REPOSITORY?.trim();
  let token: Promise<string> | undefined;
  const dispatch =
    secretArn && repository
      ? async (payload: Record<string, unknown>) => {
          token ??= new SecretsManagerClient({ region: env.AWS_REGION ?? region })
            .send(new GetSecretValueCommand({ SecretId: secretArn }))
            .then((s) => s.SecretString ?? "");
          await dispatchRevocation({ repository, token: await token }, payload);
        }
      : undefined;
  return {
    target: { organizations, identityStore, identityStoreId: required(env, "IDENTITY_STORE_ID"), policyPrefix: env.POLICY_PREFIX?.trim() || DEFAULT_POLICY_PREFIX },
    settings: {
      source: required(env, "OKTA_EVENT_SOURCE"),
      usersGroup: required(env, "OKTA_USERS_GROUP"),
      longestSessionSeconds: Number(required(env, "LONGEST_SESSION_SECONDS")),
      marginSeconds: Number(required(env, "MARGIN_SECONDS")),
      managementAccount: env.MANAGEMENT_ACCOUNT ?? "",
      managementAccountPermissionSets: (env.MANAGEMENT_ACCOUNT_PERMISSION_SETS ?? "").split(",").filter(Boolean),
    },
    now: () => new Date(),
    log,
    ...(dispatch ? { dispatch } : {}),
  };
}

let deps: RevokerDeps | undefined;

export async function handler(event: unknown): Promise<RevokerOutcome> {
  // The Lambda runtime sends stdout to CloudWatch Logs: one JSON record per line.
  deps ??= revokerFromEnv(process.env, (record) => console.log(JSON.stringify(record)));
  return handleRevocationEvent(event, deps);
}
