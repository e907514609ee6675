// Okta System Log events as Okta's log streaming puts them on an EventBridge partner event bus:
// the envelope (source aws.partner/okta.com/<org>/<name>, detail = one LogEvent) is checked, and
// the events that end a person's AWS access become a revocation request. Authenticity comes from
// the envelope: only Okta can put events with the partner source on the partner bus (PutEvents
// refuses sources starting with "aws." from anyone else), so an event with another source is
// refused as unsigned.

/** The System Log event types that end a person's access to AWS. */
export const REVOKING_EVENT_TYPES = [
  "user.lifecycle.deactivate",
  "user.lifecycle.suspend",
  "user.lifecycle.delete.initiated",
  "group.user_membership.remove",
] as const;

export interface RevocationRequest {
  /** Okta's event uuid: the same event delivered twice has the same uuid. */
  eventId: string;
  eventType: string;
  /** When Okta recorded the change: the revocation time (replays compute the same entry). */
  published: Date;
  oktaUserId: string;
  login: string;
  /** Who made the change in Okta (for the audit trail). */
  actor: string;
}

export type EventVerdict =
  | { kind: "revoke"; request: RevocationRequest }
  | { kind: "ignored"; reason: string }
  | { kind: "refused"; reason: string };

export interface EventExpectations {
  /** The partner event source, e.g. aws.partner/okta.com/acme/aws_access_revoker. */
  source: string;
  /** The never-pushed Okta group that gives people the AWS app. */
  usersGroup: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const text = (v: unknown): string | undefined => (typeof v === "string" && v.length > 0 ? v : undefined);

export function classifyOktaEvent(event: unknown, expect: EventExpectations): EventVerdict {
  if (!isObj(event)) return { kind: "refused", reason: "the event is not a JSON object" };
  if (event.source !== expect.source) {
    return { kind: "refused", reason: `the event does not come from the Okta partner event source ${expect.source} (source ${JSON.stringify(event.source ?? null)}): not signed by the partner bus` };
  }
  const detail = event.detail;
  if (!isObj(detail)) return { kind: "refused", reason: "the event has no System Log event in detail" };
  const eventType = text(detail.eventType);
  const eventId = text(detail.uuid);
  const published = text(detail.published);
  if (!eventType || !eventId || !published || Number.isNaN(Date.parse(published))) {
    return { kind: "refused", reason: "the System Log event lacks eventType, uuid or a valid published time" };
  }
  if (!(REVOKING_EVENT_TYPES as readonly string[]).includes(eventType)) return { kind: "ignored", reason: `${eventType} does not end access` };
  const outcome = isObj(detail.outcome) ? text(detail.outcome.result) : undefined;
  if (outcome !== "SUCCESS") return { kind: "ignored", reason: `${eventType} ${eventId} did not succeed (outcome ${outcome ?? "missing"})` };
  const targets = Array.isArray(detail.target) ? detail.target.filter(isObj) : [];
  const user = targets.find((t) => t.type === "User");
  const oktaUserId = text(user?.id);
  const login = text(user?.alternateId);
  if (!oktaUserId || !login) return { kind: "refused", reason: `${eventType} ${eventId} names no target User with an id and a login` };
  if (eventType === "group.user_membership.remove") {
    const group = targets.find((t) => t.type === "UserGroup");
    if (!group) return { kind: "refused", reason: `${eventType} ${eventId} names no target UserGroup` };
    if (group.displayName !== expect.usersGroup) return { kind: "ignored", reason: `${login} left ${String(group.displayName)}, not ${expect.usersGroup}` };
  }
  const actor = isObj(detail.actor) ? (text(detail.actor.alternateId) ?? text(detail.actor.id) ?? "unknown") : "unknown";
  return { kind: "revoke", request: { eventId, eventType, published: new Date(published), oktaUserId, login, actor } };
}
