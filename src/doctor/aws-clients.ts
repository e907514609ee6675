// The AWS SDK clients `access doctor` uses, from the SDK's standard settings (credentials chain,
// AWS_ENDPOINT_URL and the per-service variants); tests pass an endpoint and credentials.
import { IAMClient } from "@aws-sdk/client-iam";
import { IdentitystoreClient } from "@aws-sdk/client-identitystore";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { S3Client } from "@aws-sdk/client-s3";
import { SSOAdminClient } from "@aws-sdk/client-sso-admin";
import { STSClient } from "@aws-sdk/client-sts";

export interface DoctorAws {
  sts: STSClient;
  iam: IAMClient;
  s3: S3Client;
  ssoAdmin: SSOAdminClient;
  identityStore: IdentitystoreClient;
  organizations: OrganizationsClient;
}

export interface DoctorAwsOptions {
  region: string;
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

export function doctorAws(options: DoctorAwsOptions): DoctorAws {
  const common = {
    region: options.region,
    maxAttempts: 3,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
  };
  return {
    sts: new STSClient(common),
    iam: new IAMClient(common),
    // Path-style only matters for a local endpoint; AWS itself accepts both.
    s3: new S3Client({ ...common, forcePathStyle: Boolean(options.endpoint) }),
    ssoAdmin: new SSOAdminClient(common),
    identityStore: new IdentitystoreClient(common),
    organizations: new OrganizationsClient(common),
  };
}
