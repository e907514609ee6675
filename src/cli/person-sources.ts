// What `access leaver` and `access person` share: the Okta reader for one person
// (okta.users.read + okta.groups.read), AWS clients, and errors sorted into
// "unknown login", "no credentials" and "cannot reach" with what to do about each.
import { awsClients, type AwsClients } from "../aws/clients.js";
import { gatherPerson, type PersonFacts } from "../person/gather.js";
import { describeAwsError } from "../aws/errors.js";
import type { ResolvedModel } from "../model/types.js";
import { oktaPersonReader, OktaPersonNotFound, PERSON_SCOPES, type OktaPersonReader } from "../okta/person.js";
import { requireOktaCredentials } from "./okta.js";

/** The Okta reader; throws UsageError when the service app's credentials are not set. */
export function personReader(model: ResolvedModel, env: NodeJS.ProcessEnv): { reader: OktaPersonReader; orgUrl: string } {
  const creds = requireOktaCredentials(model, `no Okta credentials: set OKTA_API_CLIENT_ID, OKTA_API_PRIVATE_KEY_ID and OKTA_API_PRIVATE_KEY (a read-only service app granted ${PERSON_SCOPES.join(" and ")})`, PERSON_SCOPES, env);
  return { reader: oktaPersonReader(creds), orgUrl: creds.orgUrl };
}

export function clientsFor(model: ResolvedModel): AwsClients {
  return awsClients(model.organization.identityCenter.region);
}

/**
 * What one person can reach, from Okta and the live Identity Center. Throws UsageError without
 * Okta credentials; a failure to read is returned as one line (describeFailure) to print.
 */
export async function readPerson(model: ResolvedModel, login: string): Promise<{ facts: PersonFacts; clients: AwsClients } | { failure: string }> {
  const { reader, orgUrl } = personReader(model, process.env);
  const clients = clientsFor(model);
  try {
    return { facts: await gatherPerson({ model, okta: reader, identityStore: clients.identityStore, ssoAdmin: clients.ssoAdmin }, login), clients };
  } catch (err) {
    return { failure: describeFailure(err, login, orgUrl) };
  }
}

/** One line saying what failed and what it means for the person's access. */
export function describeFailure(err: unknown, login: string, orgUrl: string): string {
  if (err instanceof OktaPersonNotFound) return `${err.message} (check the spelling; a deleted user is no longer in Okta: look them up in the Identity Store console)`;
  const e = err as { name?: string; status?: number; $metadata?: unknown; message?: string };
  if (e.$metadata !== undefined || /Credentials|ExpiredToken|UnrecognizedClient/.test(e.name ?? "")) return `cannot read AWS for ${login}: ${describeAwsError(err)}`;
  const status = typeof e.status === "number" ? ` (HTTP ${e.status})` : "";
  return `cannot read Okta at ${orgUrl}${status}: ${e.message ?? String(err)}`;
}
