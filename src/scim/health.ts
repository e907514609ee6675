// SCIM health, pure: people Okta has deactivated or suspended whose Identity Store user is still
// there and ENABLED after the grace period; model groups whose members differ between Okta and
// the Identity Store; the SCIM token's expiry (recorded in the model) within 30 days or past.
import { cmp } from "../model/order.js";

export interface ScimInputs {
  now: Date;
  graceSeconds: number;
  /** Okta users that cannot sign in (DEPROVISIONED, SUSPENDED). */
  signedOut: Array<{ login: string; status: string; statusChanged?: string }>;
  /** Identity Store users by UserName (lower case). */
  storeUsers: Map<string, { userId: string; status: string }>;
  /** Per model group present in both: active Okta members' logins and Identity Store members' user names. */
  groups: Array<{ name: string; okta: string[]; store: string[] | undefined }>;
  /** identity_center.scim_token_expires (YYYY-MM-DD), if recorded. */
  scimTokenExpires?: string;
}

export interface ScimProblem {
  kind: "not-deprovisioned" | "membership-differs" | "group-not-pushed" | "token-expiring" | "token-expired";
  subject: string;
  message: string;
}

export interface ScimReport {
  problems: ScimProblem[];
  notes: string[];
}

export const TOKEN_WARNING_DAYS = 30;
const DAY = 86_400_000;

export function scimHealth(input: ScimInputs): ScimReport {
  const problems: ScimProblem[] = [];
  const notes: string[] = [];
  const now = input.now.getTime();
  for (const person of [...input.signedOut].sort((a, b) => cmp(a.login, b.login))) {
    const store = input.storeUsers.get(person.login.toLowerCase());
    if (!store || store.status !== "ENABLED") continue;
    const since = person.statusChanged ? Date.parse(person.statusChanged) : NaN;
    if (Number.isFinite(since) && now - since < input.graceSeconds * 1000) continue;
    problems.push({
      kind: "not-deprovisioned",
      subject: person.login,
      message: `${person.login} is ${person.status} in Okta${person.statusChanged ? ` since ${person.statusChanged}` : ""} but the Identity Store user ${store.userId} is still ENABLED: SCIM did not deprovision them (token expired? provisioning off?); run access leaver ${person.login}`,
    });
  }
  for (const g of [...input.groups].sort((a, b) => cmp(a.name, b.name))) {
    if (g.store === undefined) {
      if (g.okta.length) problems.push({ kind: "group-not-pushed", subject: g.name, message: `group ${g.name} has ${g.okta.length} member(s) in Okta but no Identity Store group of that name` });
      continue;
    }
    const okta = new Set(g.okta.map((l) => l.toLowerCase()));
    const store = new Set(g.store.map((l) => l.toLowerCase()));
    const onlyOkta = [...okta].filter((l) => !store.has(l)).sort(cmp);
    const onlyStore = [...store].filter((l) => !okta.has(l)).sort(cmp);
    if (onlyOkta.length || onlyStore.length) {
      const parts = [onlyOkta.length ? `missing in the Identity Store: ${onlyOkta.join(", ")}` : "", onlyStore.length ? `in the Identity Store but not (or no longer active) in Okta: ${onlyStore.join(", ")}` : ""].filter(Boolean);
      problems.push({ kind: "membership-differs", subject: g.name, message: `group ${g.name}: ${parts.join("; ")}` });
    }
  }
  if (input.scimTokenExpires) {
    const expires = Date.parse(`${input.scimTokenExpires}T00:00:00Z`);
    const days = Math.floor((expires - now) / DAY);
    if (expires <= now) problems.push({ kind: "token-expired", subject: "scim-token", message: `the SCIM token expired on ${input.scimTokenExpires}: nothing is provisioned or deprovisioned; generate a new one in IAM Identity Center, set it in the Okta app, and update identity_center.scim_token_expires` });
    else if (days < TOKEN_WARNING_DAYS) problems.push({ kind: "token-expiring", subject: "scim-token", message: `the SCIM token expires on ${input.scimTokenExpires} (in ${days} day${days === 1 ? "" : "s"}): rotate it before then and update identity_center.scim_token_expires` });
    else notes.push(`the SCIM token expires on ${input.scimTokenExpires}`);
  } else notes.push("identity_center.scim_token_expires is not recorded: the SCIM token's expiry cannot be watched");
  return { problems, notes };
}

export function renderScimMarkdown(report: ScimReport): string {
  const lines = [report.problems.length ? `**${report.problems.length} SCIM problem${report.problems.length === 1 ? "" : "s"}**` : "**SCIM is healthy**", ""];
  for (const p of report.problems) lines.push(`- \`${p.kind}\` ${p.message}`);
  if (report.notes.length) lines.push("", ...report.notes.map((n) => `_${n}_`));
  return lines.join("\n") + "\n";
}
