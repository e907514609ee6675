// Okta settings that changed: the app, the sign-on tiers and the users group.
import type { OktaConfig } from "../model/types.js";
import type { OktaChange, OktaSetting } from "./types.js";

type Value = string | boolean;

export function oktaSettings(okta: OktaConfig): Record<OktaSetting, Value> {
  return {
    org_name: okta.orgName,
    base_url: okta.baseUrl,
    "app.label": okta.app.label,
    "app.acs_url": okta.app.acsUrl,
    "app.entity_id": okta.app.entityId,
    "app.sign_on_policy": okta.app.signOnPolicy,
    "sign_on.everyone.reauthenticate_after": okta.signOn.everyone.reauthenticateAfter,
    "sign_on.everyone.phishing_resistant": okta.signOn.everyone.phishingResistant,
    "sign_on.privileged.reauthenticate_after": okta.signOn.privileged.reauthenticateAfter,
    "sign_on.privileged.phishing_resistant": okta.signOn.privileged.phishingResistant,
    users_group: okta.usersGroup,
  };
}

/** Changed settings in a fixed order; with no base (first change) every setting is new. */
export function oktaChanges(base: OktaConfig | undefined, head: OktaConfig): OktaChange[] {
  const before = base ? oktaSettings(base) : undefined;
  const after = oktaSettings(head);
  const changes: OktaChange[] = [];
  for (const setting of Object.keys(after).sort() as OktaSetting[]) {
    const b = before?.[setting];
    if (b !== after[setting]) changes.push({ setting, before: b ?? null, after: after[setting] });
  }
  return changes;
}
