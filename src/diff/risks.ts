// Risk flags: what a reviewer must not miss, each with a stable code and the reason in words.
import type { Account, ResolvedModel } from "../model/types.js";
import { longerThan } from "../model/duration.js";
import { cmp } from "../model/order.js";
import { groupTriples } from "./triples.js";
import type { AccessTriple, GroupChange, OktaChange, PermissionSetChange, Risk, RiskLevel } from "./types.js";

export interface RiskInput {
  base: ResolvedModel | undefined;
  head: ResolvedModel;
  granted: AccessTriple[];
  revoked: AccessTriple[];
  permissionSets: PermissionSetChange[];
  groups: GroupChange[];
  okta: OktaChange[];
  revokeThreshold: number;
  /** People per group (from Okta); absent when Okta was not read. */
  people?: ReadonlyMap<string, number>;
}

/** "bi-analysts (37 people)" when Okta was read, else just the group name. */
function who(input: RiskInput, group: string): string {
  const n = input.people?.get(group);
  return n === undefined ? group : `${group} (${plural(n, "person", "people")})`;
}

function reach(input: RiskInput, group: string): { people?: number } {
  const n = input.people?.get(group);
  return n === undefined ? {} : { people: n };
}

const LEVEL_ORDER: Record<RiskLevel, number> = { high: 0, medium: 1, low: 2 };

export function compareRisks(a: Risk, b: Risk): number {
  return LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] || cmp(a.code, b.code) || cmp(a.message, b.message);
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "a (1), b (2) and 3 more" */
export function accountList(accounts: readonly { id: string; name: string }[], max = 5): string {
  const shown = accounts.slice(0, max).map((a) => `${a.name} (${a.id})`);
  const rest = accounts.length - shown.length;
  return rest > 0 ? `${shown.join(", ")} and ${rest} more` : shown.join(", ");
}

function isProduction(account: Account | undefined): boolean {
  return account?.tags?.env === "prod";
}

function roleArns(ps: string): string {
  return `AWSReservedSSO_${ps}_<id>`;
}

const REPLACEMENT_CONSEQUENCES =
  "every account gets new role ARNs ({roles}) in place of the old ones, people lose this access between the old " +
  "assignments being deleted and the new ones being provisioned, and anything that trusts the old role ARN " +
  "(EKS access entries, resource policies, trust policies) stops matching";

function grantRisks(input: RiskInput): Risk[] {
  const { head } = input;
  const psByName = new Map(head.permissionSets.map((p) => [p.name, p]));
  const groupByName = new Map(head.groups.map((g) => [g.name, g]));
  const accountById = new Map(head.accounts.map((a) => [a.id, a]));
  const risks: Risk[] = [];
  // A renamed permission set has identical content: holders of the old name gain nothing new.
  const renamedFrom = new Map(input.permissionSets.filter((c) => c.change === "renamed").map((c) => [c.name, c.renamed_from]));
  const held = new Set((input.base?.assignments ?? []).map((a) => `${a.group}|${a.permissionSet}|${a.accountId}`));
  const newAccess = input.granted.filter((t) => {
    const old = renamedFrom.get(t.permission_set);
    return !(old && held.has(`${t.group}|${old}|${t.account_id}`));
  });
  for (const pair of groupTriples(newAccess)) {
    const ps = psByName.get(pair.permission_set);
    const group = groupByName.get(pair.group);
    const where = `in ${plural(pair.accounts.length, "account")}`;
    if (ps?.privileged || group?.privileged) {
      const reasons = ps?.privileged
        ? `permission set ${ps.name} is privileged${because(ps.privilegedReasons)}`
        : `group ${pair.group} is privileged${because(group?.privilegedReasons ?? [])}`;
      risks.push({
        level: "high",
        code: "privileged-access-granted",
        message: `${who(input, pair.group)} gains privileged access ${pair.permission_set} ${where}: ${reasons}.`,
        ...reach(input, pair.group),
      });
    }
    const prod = pair.accounts.filter((a) => isProduction(accountById.get(a.id)));
    if (prod.length > 0) {
      risks.push({
        level: "medium",
        code: "production-access-granted",
        message: `${who(input, pair.group)} gains ${pair.permission_set} in ${plural(prod.length, "production account")} (tag env=prod): ${accountList(prod)}.`,
        ...reach(input, pair.group),
      });
    }
  }
  return risks;
}

function because(reasons: readonly string[]): string {
  return reasons.length > 0 ? ` (${reasons.join("; ")})` : "";
}

function permissionSetRisks(input: RiskInput): Risk[] {
  const risks: Risk[] = [];
  const removed = input.permissionSets.filter((c) => c.change === "removed");
  const added = new Set(input.permissionSets.filter((c) => c.change === "added").map((c) => c.name));
  const replaced = replacements(input.revoked, input.granted, new Set(removed.map((c) => c.name)), added);

  for (const c of input.permissionSets) {
    if (c.change === "renamed") {
      risks.push({
        level: "high",
        code: "permission-set-renamed",
        message:
          `Permission set ${c.renamed_from} is renamed to ${c.name} (reaching ${plural(c.accounts, "account")}): Identity Center ` +
          `cannot rename a permission set, so it is deleted and created anew; ` +
          REPLACEMENT_CONSEQUENCES.replace("{roles}", roleArns(c.name)) + ".",
      });
    }
    if (c.change === "removed") {
      const by = replaced.get(c.name);
      if (by) {
        risks.push({
          level: "high",
          code: "permission-set-replaced",
          message:
            `Permission set ${c.name} is replaced by ${[...by.to].sort().join(", ")} for ${plural(by.pairs, "group-account pair")}: ` +
            REPLACEMENT_CONSEQUENCES.replace("{roles}", [...by.to].sort().map(roleArns).join(", ")) + ".",
        });
      } else {
        risks.push({
          level: c.assignments > 0 ? "medium" : "low",
          code: "permission-set-removed",
          message:
            `Permission set ${c.name} is removed: its ${plural(c.assignments, "assignment")} go and its role ` +
            `${roleArns(c.name)} is deleted from ${plural(c.accounts, "account")}.`,
        });
      }
    }
    if (c.change === "modified") {
      const gains = [
        c.managed_policies.added.length && plural(c.managed_policies.added.length, "managed policy", "managed policies"),
        c.customer_managed_policies.added.length &&
          plural(c.customer_managed_policies.added.length, "customer managed policy", "customer managed policies"),
        c.inline_policy_statements.added.length && plural(c.inline_policy_statements.added.length, "inline policy statement"),
      ].filter((s): s is string => Boolean(s));
      if (gains.length > 0 && c.accounts > 0) {
        risks.push({
          level: "low",
          code: "permissions-broadened",
          message: `Permission set ${c.name} gains ${gains.join(", ")}, reaching ${plural(c.accounts, "account")}.`,
        });
      }
      if (c.privileged?.before === false && c.privileged.after === true && c.assignments > 0) {
        const holders = [...new Set(input.head.assignments.filter((a) => a.permissionSet === c.name).map((a) => a.group))].sort();
        const ps = input.head.permissionSets.find((p) => p.name === c.name);
        risks.push({
          level: "high",
          code: "privileged-access-granted",
          message:
            `Permission set ${c.name} becomes privileged${because(ps?.privilegedReasons ?? [])}: ` +
            `${holders.join(", ")} ${holders.length === 1 ? "gains" : "gain"} privileged access in ${plural(c.accounts, "account")} through existing assignments.`,
        });
      }
      if (c.permissions_boundary?.before && !c.permissions_boundary.after) {
        risks.push({
          level: "high",
          code: "permissions-boundary-removed",
          message: `Permission set ${c.name} loses its permissions boundary ${c.permissions_boundary.before}, reaching ${plural(c.accounts, "account")}.`,
        });
      }
    }
  }
  return risks;
}

/** Removed permission sets whose (group, account) pairs move to an added permission set. */
function replacements(
  revoked: AccessTriple[],
  granted: AccessTriple[],
  removed: Set<string>,
  added: Set<string>,
): Map<string, { to: Set<string>; pairs: number }> {
  const grantedTo = new Map<string, Set<string>>();
  for (const t of granted) {
    if (!added.has(t.permission_set)) continue;
    const key = `${t.group}|${t.account_id}`;
    if (!grantedTo.has(key)) grantedTo.set(key, new Set());
    grantedTo.get(key)!.add(t.permission_set);
  }
  const result = new Map<string, { to: Set<string>; pairs: number }>();
  for (const t of revoked) {
    if (!removed.has(t.permission_set)) continue;
    const to = grantedTo.get(`${t.group}|${t.account_id}`);
    if (!to) continue;
    const entry = result.get(t.permission_set) ?? { to: new Set<string>(), pairs: 0 };
    to.forEach((n) => entry.to.add(n));
    entry.pairs += 1;
    result.set(t.permission_set, entry);
  }
  return result;
}

function groupRisks(input: RiskInput): Risk[] {
  const risks: Risk[] = [];
  const accountsOf = (group: string, triples: AccessTriple[]) => new Set(triples.filter((t) => t.group === group).map((t) => t.account_id)).size;
  for (const g of input.groups) {
    if (g.change === "removed") {
      const accounts = accountsOf(g.name, input.revoked);
      risks.push({
        level: g.assignments > 0 ? "high" : "medium",
        code: "group-removed",
        message:
          `Group ${who(input, g.name)} is removed: its push to Identity Center goes, so its Identity Center group and ` +
          `its ${plural(g.assignments, "assignment")} in ${plural(accounts, "account")} go with it.`,
        ...reach(input, g.name),
      });
      if (g.source?.before === "managed") {
        risks.push({
          level: "high",
          code: "managed-okta-group-removed",
          message:
            `Okta group ${g.name} is managed here and will be deleted from Okta: its memberships are lost, ` +
            `and re-creating the group does not bring them back.`,
        });
      }
    }
    if (g.change === "modified" && g.source) {
      risks.push({
        level: "medium",
        code: "group-source-changed",
        message:
          g.source.before === "managed"
            ? `Group ${g.name} changes source from managed to existing: the Okta group is no longer managed, kept in Okta ` +
              `with its members (Terraform forgets it, never deletes it); from now on it is looked up by name, so whoever ` +
              `owns it in Okta decides its members.`
            : `Group ${g.name} changes source from existing to managed: Terraform will create an Okta group of that name; ` +
              `import the existing group first or the apply creates a second one.`,
      });
    }
    if (g.change === "modified" && g.privileged?.before === true && g.privileged.after === false) {
      risks.push({
        level: "medium",
        code: "group-no-longer-privileged",
        message: `Group ${g.name} is no longer privileged: its members move to the everyone sign-on tier.`,
      });
    }
  }
  return risks;
}

function guardrailRisks(input: RiskInput): Risk[] {
  const { base, head } = input;
  const max = head.organization.guardrails.privilegedSessionMax;
  const violates = (m: ResolvedModel | undefined, name: string) => {
    const ps = m?.permissionSets.find((p) => p.name === name);
    return ps !== undefined && ps.privileged && longerThan(ps.sessionDuration, m!.organization.guardrails.privilegedSessionMax);
  };
  return head.permissionSets
    .filter((ps) => violates(head, ps.name) && !violates(base, ps.name))
    .map((ps) => ({
      level: "medium" as const,
      code: "session-above-guardrail" as const,
      message: `Permission set ${ps.name} is privileged and allows sessions of ${ps.sessionDuration}, above the guardrail privileged_session_max ${max}.`,
    }));
}

function revocationRisks(input: RiskInput): Risk[] {
  const total = input.base?.assignments.length ?? 0;
  if (total === 0 || input.revoked.length === 0) return [];
  const share = input.revoked.length / total;
  if (share <= input.revokeThreshold) return [];
  const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;
  return [
    {
      level: "high",
      code: "mass-revocation",
      message:
        `This change revokes ${input.revoked.length} of ${total} assignments (${pct(share)}), ` +
        `above the ${pct(input.revokeThreshold)} threshold.`,
    },
  ];
}

function oktaRisks(input: RiskInput): Risk[] {
  if (!input.base) return [];
  const risks: Risk[] = [];
  const changed = new Map(input.okta.map((c) => [c.setting, c]));
  const saml = ["app.acs_url", "app.entity_id"].filter((s) => changed.has(s as OktaChange["setting"]));
  if (saml.length > 0) {
    risks.push({
      level: "high",
      code: "okta-saml-settings-changed",
      message: `The Okta app's ${saml.join(" and ")} change: sign-in to AWS breaks unless they match Identity Center's external identity provider settings.`,
    });
  }
  const policy = changed.get("app.sign_on_policy");
  if (policy?.after === "managed") {
    risks.push({
      level: "medium",
      code: "okta-sign-on-policy-managed",
      message:
        "The app moves from the sign-on policy it has in Okta to the model's: from this apply people sign in under the " +
        "sign_on tiers (privileged groups under the stronger one), and anyone the tiers do not cover is denied.",
    });
  } else if (policy?.after === "existing") {
    risks.push({
      level: "high",
      code: "okta-sign-on-policy-unmanaged",
      message:
        "The app stops using the model's sign-on policy, and the plan deletes that policy while the app still uses it: " +
        "Okta refuses, so the apply fails. sign_on_policy: existing is for adopting an app; assign the app another " +
        "policy in Okta first if this is meant.",
    });
  }
  const users = changed.get("users_group");
  if (users) {
    risks.push({
      level: "medium",
      code: "okta-users-group-changed",
      message:
        `The app is assigned through ${users.after} instead of ${users.before}: people not in ${users.after} are ` +
        `unassigned from the app and deprovisioned from Identity Center.`,
    });
  }
  // The privileged tier weakening is high (control-risks.ts).
  for (const tier of ["everyone"] as const) {
    const reauth = changed.get(`sign_on.${tier}.reauthenticate_after`);
    const pr = changed.get(`sign_on.${tier}.phishing_resistant`);
    const weaker: string[] = [];
    if (reauth && typeof reauth.before === "string" && typeof reauth.after === "string" && longerThan(reauth.after, reauth.before)) {
      weaker.push(`re-authentication every ${reauth.after} instead of ${reauth.before}`);
    }
    if (pr && pr.before === true && pr.after === false) weaker.push("phishing-resistant factors no longer required");
    if (weaker.length > 0) {
      risks.push({ level: "medium", code: "sign-on-weakened", message: `The ${tier} sign-on tier is weakened: ${weaker.join("; ")}.` });
    }
  }
  return risks;
}

export function assessRisks(input: RiskInput): Risk[] {
  return [
    ...grantRisks(input),
    ...permissionSetRisks(input),
    ...groupRisks(input),
    ...guardrailRisks(input),
    ...revocationRisks(input),
    ...oktaRisks(input),
  ].sort(compareRisks);
}

