// Sorting AWS SDK errors into "the group is not there yet", "try again" and "stop now".

export type AwsErrorKind = "not-found" | "retryable" | "fatal";

interface SdkErrorShape {
  name?: string;
  code?: string;
  message?: string;
  $fault?: "client" | "server";
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: number };
}

const RETRYABLE_NAMES = new Set([
  "ThrottlingException",
  "TooManyRequestsException",
  "RequestLimitExceeded",
  "SlowDown",
  "InternalServerException",
  "InternalFailure",
  "ServiceUnavailableException",
  "ServiceUnavailable",
  "RequestTimeout",
  "RequestTimeoutException",
  "TimeoutError",
]);

/** Network-level failures (the request never got an AWS answer): transient, so retried. */
const NETWORK_CODES = new Set(["ECONNRESET", "ECONNREFUSED", "ETIMEDOUT", "EPIPE", "EAI_AGAIN", "ENOTFOUND", "ENETUNREACH", "UND_ERR_SOCKET"]);

export function classifyAwsError(err: unknown): AwsErrorKind {
  const e = (err ?? {}) as SdkErrorShape;
  if (e.name === "ResourceNotFoundException") return "not-found";
  if (e.name && RETRYABLE_NAMES.has(e.name)) return "retryable";
  if (e.$retryable) return "retryable";
  const status = e.$metadata?.httpStatusCode;
  if (status === 429 || (status !== undefined && status >= 500)) return "retryable";
  if (e.code && NETWORK_CODES.has(e.code)) return "retryable";
  return "fatal";
}

/** "AccessDeniedException: User ... is not authorized ..." with a hint for the usual causes. */
export function describeAwsError(err: unknown): string {
  const e = (err ?? {}) as SdkErrorShape;
  const name = e.name ?? "Error";
  const message = e.message ?? String(err);
  const hint =
    name === "AccessDeniedException"
      ? " (the role needs identitystore:GetGroupId on the identity store)"
      : name === "CredentialsProviderError"
        ? " (no AWS credentials: configure the role, e.g. with aws-actions/configure-aws-credentials)"
        : name === "UnrecognizedClientException" || name === "ExpiredTokenException" || name === "InvalidSignatureException"
          ? " (the AWS credentials are invalid or expired)"
          : "";
  return `${name}: ${message}${hint}`;
}

/** For the read-only commands (import, accounts sync): the error, pointing at the actions they need. */
export function describeReadError(err: unknown): string {
  const e = (err ?? {}) as SdkErrorShape;
  if (e.name === "AccessDeniedException" || e.name === "AccessDenied") {
    return `${e.name}: ${e.message ?? ""} (the session needs the read-only actions listed in docs/setup.md, section 3.1; AWS Organizations answers only in the management account or a delegated administrator)`;
  }
  return e.$metadata || e.name === "CredentialsProviderError" ? describeAwsError(err) : err instanceof Error ? err.message : String(err);
}
