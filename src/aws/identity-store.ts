// The Identity Store seen as a directory of groups by display name (what SCIM push creates).
import { GetGroupIdCommand, IdentitystoreClient } from "@aws-sdk/client-identitystore";
import { classifyAwsError } from "./errors.js";

export interface GroupDirectory {
  /** True when a group with this display name exists; throws on any other AWS error. */
  groupExists(displayName: string): Promise<boolean>;
}

export interface IdentityStoreOptions {
  identityStoreId: string;
  region: string;
  /** For tests; by default a client for `region`. The SDK reads AWS_ENDPOINT_URL_IDENTITYSTORE
   * (or AWS_ENDPOINT_URL) for a custom endpoint, such as a local emulator. */
  client?: Pick<IdentitystoreClient, "send">;
  /** Per-request limit, so a hanging endpoint cannot stretch the bounded wait. Default 10s. */
  requestTimeoutMs?: number;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

export function identityStoreDirectory(options: IdentityStoreOptions): GroupDirectory {
  const timeout = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const client =
    options.client ??
    new IdentitystoreClient({
      region: options.region,
      // Without throwOnRequestTimeout the SDK only logs a warning when requestTimeout passes.
      requestHandler: { connectionTimeout: timeout, requestTimeout: timeout, throwOnRequestTimeout: true },
    });
  return {
    async groupExists(displayName) {
      try {
        await client.send(
          new GetGroupIdCommand({
            IdentityStoreId: options.identityStoreId,
            AlternateIdentifier: { UniqueAttribute: { AttributePath: "DisplayName", AttributeValue: displayName } },
          }),
        );
        return true;
      } catch (err) {
        if (classifyAwsError(err) === "not-found") return false;
        throw err;
      }
    },
  };
}
