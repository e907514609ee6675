// Real-shaped Okta System Log events as Okta's EventBridge log stream delivers them: the recorded
// deactivation fixture and variants of it (another event type, another person, another time).
import { readFileSync } from "node:fs";

export const SOURCE = "aws.partner/okta.com/example/aws_access_revoker";
export const USERS_GROUP = "AWS users";

type Event = Record<string, any>;

export function deactivation(): Event {
  return JSON.parse(readFileSync(new URL("./fixtures/user-deactivate.eventbridge.json", import.meta.url), "utf8"));
}

export function oktaEvent(options: { eventType?: string; login?: string; published?: string; uuid?: string; group?: string; outcome?: string } = {}): Event {
  const e = deactivation();
  const d = e.detail;
  if (options.eventType) d.eventType = options.eventType;
  if (options.published) d.published = options.published;
  if (options.uuid) d.uuid = options.uuid;
  if (options.outcome) d.outcome.result = options.outcome;
  if (options.login) {
    d.target[0].alternateId = options.login;
    d.target[0].id = `00u${Buffer.from(options.login).toString("hex").slice(0, 17)}`;
  }
  if (options.group !== undefined) {
    d.eventType = "group.user_membership.remove";
    d.displayMessage = "Remove user from group membership";
    d.target.push({ id: "00g1awsusers000000x7", type: "UserGroup", alternateId: "unknown", displayName: options.group, detailEntry: null });
  }
  return e;
}
