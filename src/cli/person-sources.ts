// What `access leaver` and `access person` share: the model, the Okta reader for one person
// (okta.users.read + okta.groups.read), AWS clients, a positional login, and errors sorted into
// "unknown login", "no credentials" and "cannot reach" with what to do about each.
import { parseArgs } from "node:util";
import { awsClients, type AwsClients } from "../aws/clients.js";
import { describeAwsError } from "../aws/errors.js";
import { formatFindings, loadModel } from "../model/index.js";
import type { ResolvedModel } from "../model/types.js";
import { oktaCredentialsFromEnv, OktaConfigError } from "../okta/credentials.js";
import { oktaPersonReader, OktaPersonNotFound, PERSON_SCOPES, type OktaPersonReader } from "../okta/person.js";
import { modelDirOption, todayOption, UsageError } from "./args.js";

export function parseWithLogin<T extends NonNullable<Parameters<typeof parseArgs>[0]>["options"]>(argv: string[], options: T, command: string) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: options!, strict: true, allowPositionals: true });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  if (parsed.positionals.length !== 1 || !parsed.positionals[0]) throw new UsageError(`access ${command} needs exactly one Okta login, e.g. access ${command} jane.doe@example.com`);
  return { login: parsed.positionals[0], values: parsed.values };
}

export function loadModelOrReport(dir: string | undefined, today: string | undefined, command: string): ResolvedModel | undefined {
  const modelDir = modelDirOption(dir);
  const t = todayOption(today);
  const { model, findings } = loadModel(modelDir, t ? { today: t } : {});
  if (!model) process.stderr.write(`${formatFindings(findings, "text")}\naccess ${command}: the model at ${modelDir} is invalid; fix it first\n`);
  return model;
}

/** The Okta reader; throws UsageError when the service app's credentials are not set. */
export function personReader(model: ResolvedModel, env: NodeJS.ProcessEnv): { reader: OktaPersonReader; orgUrl: string } {
  let creds;
  try {
    creds = oktaCredentialsFromEnv({ ...env, OKTA_API_SCOPES: env.OKTA_API_SCOPES?.trim() ? env.OKTA_API_SCOPES : PERSON_SCOPES.join(" ") }, model.organization.okta);
  } catch (err) {
    if (err instanceof OktaConfigError) throw new UsageError(err.message);
    throw err;
  }
  if (!creds) throw new UsageError(`no Okta credentials: set OKTA_API_CLIENT_ID, OKTA_API_PRIVATE_KEY_ID and OKTA_API_PRIVATE_KEY (a read-only service app granted ${PERSON_SCOPES.join(" and ")})`);
  return { reader: oktaPersonReader(creds), orgUrl: creds.orgUrl };
}

export function clientsFor(model: ResolvedModel): AwsClients {
  return awsClients(model.organization.identityCenter.region);
}

/** One line saying what failed and what it means for the person's access. */
export function describeFailure(err: unknown, login: string, orgUrl: string): string {
  if (err instanceof OktaPersonNotFound) return `${err.message} (check the spelling; a deleted user is no longer in Okta: look them up in the Identity Store console)`;
  const e = err as { name?: string; status?: number; $metadata?: unknown; message?: string };
  if (e.$metadata !== undefined || /Credentials|ExpiredToken|UnrecognizedClient/.test(e.name ?? "")) return `cannot read AWS for ${login}: ${describeAwsError(err)}`;
  const status = typeof e.status === "number" ? ` (HTTP ${e.status})` : "";
  return `cannot read Okta at ${orgUrl}${status}: ${e.message ?? String(err)}`;
}
