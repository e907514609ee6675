// The AWS SDK v3 clients the read-only commands use. Everything else comes from the SDK's standard
// settings: credentials and profile (AWS_PROFILE), region, custom endpoints (AWS_ENDPOINT_URL and
// AWS_ENDPOINT_URL_SSO_ADMIN / _IDENTITYSTORE / _ORGANIZATIONS), and retries with the SDK's own
// strategy: standard mode (exponential backoff with jitter on throttling and transient errors),
// with more attempts than the default 3 because Identity Center's APIs throttle readily; the
// AWS_RETRY_MODE and AWS_MAX_ATTEMPTS variables override both.
import { IdentitystoreClient } from "@aws-sdk/client-identitystore";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { SSOAdminClient } from "@aws-sdk/client-sso-admin";

export interface AwsClients {
  ssoAdmin: SSOAdminClient;
  identityStore: IdentitystoreClient;
  organizations: OrganizationsClient;
}

const DEFAULT_MAX_ATTEMPTS = 10;

export function awsClients(region: string | undefined): AwsClients {
  const common = {
    ...(region ? { region } : {}),
    retryMode: process.env.AWS_RETRY_MODE || "standard",
    maxAttempts: Number(process.env.AWS_MAX_ATTEMPTS) || DEFAULT_MAX_ATTEMPTS,
  };
  return {
    ssoAdmin: new SSOAdminClient(common),
    identityStore: new IdentitystoreClient(common),
    // Organizations is a global service answered in us-east-1 (aws partition); the SDK resolves it.
    organizations: new OrganizationsClient(common),
  };
}

/** Runs `work` over `items` with at most `limit` in flight, keeping the input order in the result. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
