// Break-glass: emergency IAM roles for when Okta, SCIM or Identity Center is down. They live in
// the management or security account, are never assigned through Identity Center, can be
// assumed only by named principals holding a fresh MFA session, and every use alarms (stack
// break-glass). Validation refuses a principal without an MFA condition.
import { durationSeconds, HOUR } from "./duration.js";
import { finding } from "./findings.js";
import type { Located } from "./load.js";
import type { RawOrganization } from "./schema.js";
import type { AccountIndex } from "./selectors.js";
import type { BreakGlass, Finding } from "./types.js";
import { cmp } from "./order.js";

/** How old an MFA session may be at most: a break-glass session starts from a fresh MFA. */
export const MAX_MFA_AGE_SECONDS = HOUR;

type Managed = (ref: string) => string | { error: string };

export function checkBreakGlass(org: Located<RawOrganization>, partition: string, accounts: AccountIndex, managedArn: Managed, findings: Finding[]): BreakGlass | undefined {
  const raw = org.value.break_glass;
  if (!raw) return undefined;
  const before = findings.length;
  const err = (path: (string | number)[], code: string, message: string) => findings.push(finding("error", code, org.at(["break_glass", ...path]), message));
  const mgmt = org.value.management_account;
  if (raw.account !== mgmt && !accounts.byId.has(raw.account)) {
    err(["account"], "break-glass-account", `break_glass.account ${raw.account} is neither the management account (${mgmt}) nor an account of the model: put the emergency roles in the management or security account`);
  }
  const names = new Set<string>();
  const roles = raw.roles.map((r, i) => {
    if (names.has(r.name)) err(["roles", i, "name"], "duplicate-name", `break-glass role "${r.name}" is defined twice`);
    names.add(r.name);
    const principals = r.principals.map((p, j) => {
      const at = ["roles", i, "principals", j];
      const m = /^arn:([^:]+):iam::(\d{12}):(user|role)\/[\w+=,.@/-]+$/.exec(p.arn);
      if (!m) err([...at, "arn"], "break-glass-principal", `"${p.arn}" is not an IAM user or role ARN (arn:${partition}:iam::${raw.account}:user/NAME)`);
      else if (m[1] !== partition || m[2] !== raw.account) err([...at, "arn"], "break-glass-principal", `"${p.arn}" is not in the break-glass account ${raw.account} (partition ${partition}): only its own users or roles may assume the emergency role`);
      const age = p.mfa_max_age === undefined ? undefined : durationSeconds(p.mfa_max_age);
      if (p.mfa_max_age === undefined) {
        err(at, "break-glass-without-mfa", `break-glass principal ${p.arn} has no MFA condition: add mfa_max_age (e.g. PT15M); the role is then assumable only with an MFA session (a hardware token) no older than that`);
      } else if (age === undefined || age === 0 || age > MAX_MFA_AGE_SECONDS) {
        err([...at, "mfa_max_age"], "break-glass-without-mfa", `mfa_max_age ${p.mfa_max_age} must be from PT1M to PT1H: a break-glass session starts from a fresh MFA`);
      }
      return { arn: p.arn, mfaMaxAgeSeconds: age ?? 0 };
    });
    const managedPolicies = r.managed_policies.map((ref, j) => {
      const arn = managedArn(ref);
      if (typeof arn !== "string") err(["roles", i, "managed_policies", j], "bad-policy-ref", arn.error);
      return typeof arn === "string" ? arn : "";
    });
    const session = r.max_session ?? "PT1H";
    const secs = durationSeconds(session);
    if (secs === undefined || secs < HOUR || secs > 12 * HOUR) err(["roles", i, "max_session"], "session-duration", `max_session ${session} is outside IAM's range: use PT1H to PT12H`);
    return {
      name: r.name,
      ...(r.description !== undefined ? { description: r.description } : {}),
      principals: principals.sort((a, b) => cmp(a.arn, b.arn)),
      managedPolicies: [...new Set(managedPolicies)].sort(cmp),
      maxSessionSeconds: secs ?? HOUR,
    };
  });
  const email = raw.alert.email ?? [];
  const webhook = raw.alert.webhook ?? [];
  email.forEach((e, i) => {
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(e)) err(["alert", "email", i], "bad-email", `"${e}" is not an e-mail address`);
  });
  webhook.forEach((w, i) => {
    if (!/^https:\/\/\S+$/.test(w)) err(["alert", "webhook", i], "bad-url", "a webhook must be an https URL");
  });
  if (email.length + webhook.length === 0) err(["alert"], "break-glass-no-alert", "break_glass.alert needs at least one email or webhook: every use must reach a person");
  if (findings.length > before) return undefined;
  return { account: raw.account, roles: roles.sort((a, b) => cmp(a.name, b.name)), alert: { email: [...email].sort(cmp), webhook: [...webhook].sort(cmp) } };
}
