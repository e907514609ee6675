// The read-only Okta service app's credentials for a command, from the environment: a usage error
// (exit 2) naming what to set when they are missing or malformed. `scopes` are asked for when
// OKTA_API_SCOPES does not name any (a command that needs more than the default read scopes).
import { oktaCredentialsFromEnv, OktaConfigError, type OktaCredentials } from "../okta/credentials.js";
import type { ResolvedModel } from "../model/types.js";
import { UsageError } from "./errors.js";

export function requireOktaCredentials(model: ResolvedModel, missing: string, scopes?: readonly string[], env: NodeJS.ProcessEnv = process.env): OktaCredentials {
  const withScopes = scopes && !env.OKTA_API_SCOPES?.trim() ? { ...env, OKTA_API_SCOPES: scopes.join(" ") } : env;
  let creds;
  try {
    creds = oktaCredentialsFromEnv(withScopes, model.organization.okta);
  } catch (err) {
    if (err instanceof OktaConfigError) throw new UsageError(err.message);
    throw err;
  }
  if (!creds) throw new UsageError(missing);
  return creds;
}
