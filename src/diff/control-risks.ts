// Risky changes that are not grants: loosening what limits privileged access (expiry, session
// lengths, sign-on, boundaries, the revocation guardrail), landing pages outside AWS, and access
// to the management account. Each is high: over-reporting is the safe mistake.
import { codePoints, skeleton } from "../model/confusables.js";
import { longerThan } from "../model/duration.js";
import { classifyPermissionSet } from "../model/privilege.js";
import { assignmentKey, maxRevocationOf, type ResolvedModel } from "../model/types.js";
import { accountList, plural } from "./risks.js";
import type { AccessTriple, OktaChange, PermissionSetChange, Risk } from "./types.js";

export interface ControlRiskInput {
  base: ResolvedModel | undefined;
  head: ResolvedModel;
  granted: AccessTriple[];
  permissionSets: PermissionSetChange[];
  okta: OktaChange[];
}

/** Hosts a relay state may land on without a high-risk flag: the AWS consoles of every partition. */
export const RELAY_STATE_DOMAINS = ["aws.amazon.com", "amazonaws-us-gov.com", "amazonaws.cn", "awsapps.com"];

export function relayStateAllowed(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return false;
  }
  return RELAY_STATE_DOMAINS.some((d) => host === d || host.endsWith(`.${d}`));
}

/** Privileged in base or head: the stricter side decides, as for max_revocation. */
function privilegedEither(input: ControlRiskInput, ps: string, group: string): boolean {
  return [input.base, input.head].some((m) => m?.permissionSets.find((p) => p.name === ps)?.privileged || m?.groups.find((g) => g.name === group)?.privileged);
}

function expiryRisks(input: ControlRiskInput): Risk[] {
  if (!input.base) return [];
  const before = new Map(input.base.assignments.map((a) => [assignmentKey(a), a]));
  const risks: Risk[] = [];
  for (const a of input.head.assignments) {
    const b = before.get(assignmentKey(a));
    if (!b?.expires || !privilegedEither(input, a.permissionSet, a.group)) continue;
    if (a.expires === undefined || a.expires > b.expires) {
      risks.push({
        level: "high",
        code: "privileged-expiry-extended",
        message:
          a.expires === undefined
            ? `${a.group} keeps privileged ${a.permissionSet} in ${a.accountName} (${a.accountId}) for good: its expiry ${b.expires} is removed.`
            : `${a.group} keeps privileged ${a.permissionSet} in ${a.accountName} (${a.accountId}) longer: expiry ${b.expires} becomes ${a.expires}.`,
      });
    }
  }
  return risks;
}

function sessionRisks(input: ControlRiskInput): Risk[] {
  const risks: Risk[] = [];
  const { base, head } = input;
  if (base && longerThan(head.organization.guardrails.privilegedSessionMax, base.organization.guardrails.privilegedSessionMax)) {
    risks.push({
      level: "high",
      code: "privileged-session-raised",
      message: `guardrails.privileged_session_max is raised from ${base.organization.guardrails.privilegedSessionMax} to ${head.organization.guardrails.privilegedSessionMax}: privileged sessions may last longer.`,
    });
  }
  for (const c of input.permissionSets) {
    const s = c.session_duration;
    if (c.change !== "modified" || !s?.before || !s.after || !longerThan(s.after, s.before)) continue;
    const privileged = [base, head].some((m) => m?.permissionSets.find((p) => p.name === c.name)?.privileged);
    if (!privileged) continue;
    risks.push({ level: "high", code: "privileged-session-raised", message: `Privileged permission set ${c.name} allows sessions of ${s.after} instead of ${s.before}.` });
  }
  return risks;
}

function signOnRisks(input: ControlRiskInput): Risk[] {
  if (!input.base) return [];
  const changed = new Map(input.okta.map((c) => [c.setting, c]));
  const reauth = changed.get("sign_on.privileged.reauthenticate_after");
  const pr = changed.get("sign_on.privileged.phishing_resistant");
  const weaker: string[] = [];
  if (reauth && typeof reauth.before === "string" && typeof reauth.after === "string" && longerThan(reauth.after, reauth.before)) weaker.push(`re-authentication every ${reauth.after} instead of ${reauth.before}`);
  if (pr && pr.before === true && pr.after === false) weaker.push("phishing-resistant factors no longer required");
  return weaker.length ? [{ level: "high", code: "privileged-sign-on-weakened", message: `The privileged sign-on tier is weakened: ${weaker.join("; ")}.` }] : [];
}

function relayStateRisks(input: ControlRiskInput): Risk[] {
  return input.permissionSets
    .filter((c) => c.change !== "removed" && c.relay_state?.after && c.relay_state.after !== c.relay_state.before && !relayStateAllowed(c.relay_state.after))
    .map((c) => ({
      level: "high" as const,
      code: "relay-state-outside-aws" as const,
      message: `Permission set ${c.name} sends people after sign-in to ${c.relay_state!.after}, outside the AWS console domains (${RELAY_STATE_DOMAINS.join(", ")}): a landing page can phish the session.`,
    }));
}

function managementAccountRisks(input: ControlRiskInput): Risk[] {
  const mgmt = input.head.organization.managementAccount;
  const hits = input.granted.filter((t) => t.account_id === mgmt);
  const pairs = new Map<string, AccessTriple>();
  for (const t of hits) pairs.set(`${t.group}|${t.permission_set}`, t);
  return [...pairs.values()].map((t) => ({
    level: "high" as const,
    code: "management-account-access-granted" as const,
    message: `${t.group} gains ${t.permission_set} in the management account ${accountList([{ id: t.account_id, name: t.account_name }])} (allow_management_account): it controls the whole organization.`,
  }));
}

function boundaryRisks(input: ControlRiskInput): Risk[] {
  const risks: Risk[] = [];
  for (const c of input.permissionSets) {
    const b = c.permissions_boundary;
    if (c.change !== "modified" || !b?.before || b.before === b.after || c.assignments === 0) continue;
    const after = b.after;
    const loosened =
      after === null ||
      !after.startsWith("arn:") ||
      classifyPermissionSet({ managedPolicies: [after], customerManagedPolicies: [] }).privileged;
    if (!loosened || after === null) continue; // a removed boundary is flagged where it is detected (permissionSetRisks)
    risks.push({
      level: "high",
      code: "permissions-boundary-loosened",
      message: `Permission set ${c.name} swaps its permissions boundary ${b.before} for ${after}, which does not limit privilege (its contents are unknown here or admin-equivalent), reaching ${plural(c.accounts, "account")}.`,
    });
  }
  return risks;
}

function guardrailRisks(input: ControlRiskInput): Risk[] {
  if (!input.base) return [];
  const before = maxRevocationOf(input.base.organization);
  const after = maxRevocationOf(input.head.organization);
  if (after.share <= before.share && after.count <= before.count) return [];
  return [
    {
      level: "high",
      code: "max-revocation-raised",
      message: `guardrails.max_revocation is raised (share ${before.share} -> ${after.share}, count ${before.count} -> ${after.count}): applies may remove more access without acknowledgement (this change itself is still gated by the stricter of the two).`,
    },
  ];
}

/** A new name that looks like a name the base has (it may have been removed in the same change). */
function lookAlikeRisks(input: ControlRiskInput): Risk[] {
  if (!input.base) return [];
  const risks: Risk[] = [];
  const kinds: [string, (m: ResolvedModel) => string[]][] = [
    ["group", (m) => m.groups.map((g) => g.name)],
    ["permission set", (m) => m.permissionSets.map((p) => p.name)],
    ["account", (m) => m.accounts.map((a) => a.name)],
  ];
  for (const [what, names] of kinds) {
    const before = new Map(names(input.base).map((n) => [skeleton(n), n]));
    const existed = new Set(names(input.base));
    for (const name of names(input.head)) {
      const twin = before.get(skeleton(name));
      if (existed.has(name) || twin === undefined) continue;
      risks.push({
        level: "high",
        code: "confusable-name",
        message: `New ${what} "${name}" (${codePoints(name)}) looks like ${what} "${twin}" (${codePoints(twin)}) of the base: they are different names.`,
      });
    }
  }
  return risks;
}

export function controlRisks(input: ControlRiskInput): Risk[] {
  return [...lookAlikeRisks(input), ...expiryRisks(input), ...sessionRisks(input), ...signOnRisks(input), ...relayStateRisks(input), ...managementAccountRisks(input), ...boundaryRisks(input), ...guardrailRisks(input)];
}
