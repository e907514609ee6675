// What the revoker does with one EventBridge event: classify it, revoke when it ends access, and
// record every decision (refusals included) as one JSON log record; changes also go to the
// repository as a repository_dispatch. Refused and ignored events change nothing.
import { classifyOktaEvent, type EventExpectations } from "./okta-event.js";
import { revokePerson, type RevocationTarget, type RevokeResult } from "./revoke.js";

export interface RevokerSettings extends EventExpectations {
  longestSessionSeconds: number;
  marginSeconds: number;
  /** Permission sets the model assigns in the management account, where SCPs do not bind. */
  managementAccountPermissionSets: string[];
  managementAccount: string;
}

export interface RevokerDeps {
  target: RevocationTarget;
  settings: RevokerSettings;
  now: () => Date;
  log: (record: Record<string, unknown>) => void;
  /** Records a change in the repository; failures are logged, never undo the deny. */
  dispatch?: (payload: Record<string, unknown>) => Promise<void>;
}

export type RevokerOutcome = { kind: "refused" | "ignored"; reason: string } | { kind: "revoked"; result: RevokeResult };

export async function handleRevocationEvent(event: unknown, deps: RevokerDeps): Promise<RevokerOutcome> {
  const verdict = classifyOktaEvent(event, deps.settings);
  if (verdict.kind !== "revoke") {
    deps.log({ level: verdict.kind === "refused" ? "ERROR" : "INFO", decision: verdict.kind, reason: verdict.reason, eventId: eventIdOf(event) });
    return verdict;
  }
  const { request } = verdict;
  const now = deps.now();
  let result;
  try {
    result = await revokePerson(deps.target, {
      login: request.login,
      reason: `${request.eventType} by ${request.actor} (Okta event ${request.eventId})`,
      revokedAt: request.published,
      longestSessionSeconds: deps.settings.longestSessionSeconds,
      marginSeconds: deps.settings.marginSeconds,
      now,
    });
  } catch (err) {
    // Logged with the person and event, then thrown so EventBridge retries (a full list stays
    // full until someone acts; the log says what to do).
    deps.log({ level: "ERROR", decision: "revoke-failed", login: request.login, eventId: request.eventId, reason: err instanceof Error ? `${err.name}: ${err.message}` : String(err) });
    throw err;
  }
  const record = {
    level: result.outcome === "no-store-user" ? "ERROR" : "INFO",
    decision: "revoke",
    outcome: result.outcome,
    login: request.login,
    oktaUserId: request.oktaUserId,
    eventId: request.eventId,
    eventType: request.eventType,
    actor: request.actor,
    published: request.published.toISOString(),
    ...(result.entry ? { userId: result.entry.userId, until: result.entry.until } : {}),
    pruned: result.pruned.length,
    changedPolicies: result.changedPolicies,
    entries: result.total,
    ...(result.outcome === "no-store-user" ? { reason: `the Identity Store has no user named ${request.login}: nothing to deny by id; check SCIM and end sessions by hand` } : {}),
  };
  deps.log(record);
  if (deps.settings.managementAccountPermissionSets.length) {
    deps.log({
      level: "WARN",
      decision: "management-account-refused",
      login: request.login,
      reason:
        `service control policies do not bind the management account ${deps.settings.managementAccount}; the model assigns ${deps.settings.managementAccountPermissionSets.join(", ")} there. ` +
        "The revoker does not edit those permission sets (Terraform owns their inline policies): end this person's sessions there by hand (IAM Identity Center console, Users, Active sessions).",
    });
  }
  if (deps.dispatch && (result.changedPolicies.length || result.outcome === "no-store-user")) {
    try {
      await deps.dispatch(record);
    } catch (err) {
      deps.log({ level: "ERROR", decision: "dispatch-failed", eventId: request.eventId, reason: err instanceof Error ? err.message : String(err) });
    }
  }
  return { kind: "revoked", result };
}

function eventIdOf(event: unknown): string | undefined {
  const detail = (event as { detail?: { uuid?: unknown } } | null)?.detail;
  return typeof detail?.uuid === "string" ? detail.uuid : undefined;
}
