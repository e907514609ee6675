// What the local Okta holds, in the terms of the access model (group names, not ids), and what
// it should hold for a resolved model: a test compares the two after every apply.
import type { ResolvedModel, SignOnTier } from "../../../src/model/types.js";
import type { FakeOkta } from "../../okta-fake/server.js";
import { effectiveMembers, groupsInExpression } from "../../okta-fake/groups.js";
import { IDENTITY_CENTER_OIN_APP } from "../../../stacks/okta-stack.js";

export interface SignOnRuleView {
  name: string;
  priority: number;
  access: string;
  groups: string[];
  reauthenticateIn: string;
  inactivityPeriod: string;
  phishingResistant: boolean;
}

export interface OktaView {
  /** Every OKTA_GROUP group: name -> description. */
  groups: Record<string, string | null>;
  app: { name: string; label: string; status: string; settings: Record<string, unknown>; assignedGroups: string[]; policy: string } | null;
  /** `<group>: <status>` of every push mapping of the app. */
  pushed: string[];
  /** Groups whose members ACTIVE group rules add to the users group. */
  ruledIntoUsersGroup: string[];
  signOn: { rules: SignOnRuleView[]; catchAll: string } | null;
}

const sorted = (xs: Iterable<string>) => [...xs].sort();

export function oktaView(fake: FakeOkta, appLabel: string, usersGroup: string): OktaView {
  const s = fake.state;
  const nameOf = (id: string) => s.groups.find((g) => g.id === id)?.name ?? `(missing ${id})`;
  const groups = Object.fromEntries(
    s.groups.filter((g) => (g.type ?? "OKTA_GROUP") === "OKTA_GROUP").map((g) => [g.name, g.description ?? null] as const).sort(([a], [b]) => a.localeCompare(b)),
  );
  const app = s.apps.find((a) => a.label === appLabel && a.name === IDENTITY_CENTER_OIN_APP);
  const users = s.groups.find((g) => g.name === usersGroup);
  const policy = app ? s.policies.find((p) => p.id === app.accessPolicyId) : undefined;
  const ruleView = (r: (typeof s.policies)[number]["rules"][number]): SignOnRuleView => {
    const method = r.actions.appSignOn?.verificationMethod ?? {};
    return {
      name: r.name,
      priority: r.priority,
      access: r.actions.appSignOn?.access,
      groups: sorted((r.conditions?.people?.groups?.include ?? []).map(nameOf)),
      reauthenticateIn: method.reauthenticateIn,
      inactivityPeriod: method.inactivityPeriod,
      phishingResistant: (method.constraints ?? []).some((c: any) => c?.possession?.phishingResistant === "REQUIRED"),
    };
  };
  return {
    groups,
    app: app
      ? {
          name: app.name,
          label: app.label,
          status: app.status ?? "ACTIVE",
          settings: app.body?.settings?.app ?? {},
          assignedGroups: sorted((app.groups ?? []).map((a) => nameOf(a.id))),
          policy: policy?.name ?? "(none)",
        }
      : null,
    pushed: sorted((app?.pushMappings ?? []).map((m) => `${nameOf(m.sourceGroupId)}: ${m.status}`)),
    ruledIntoUsersGroup: users
      ? sorted(new Set(s.groupRules.filter((r) => r.status === "ACTIVE" && r.assignGroupIds.includes(users.id)).flatMap((r) => groupsInExpression(r.expression.value).map(nameOf))))
      : [],
    signOn: policy
      ? {
          rules: policy.rules.filter((r) => !r.system).sort((a, b) => a.priority - b.priority).map(ruleView),
          catchAll: policy.rules.find((r) => r.system)?.actions.appSignOn?.access,
        }
      : null,
  };
}

const USERS_GROUP_DESCRIPTION = "Grants the AWS IAM Identity Center app. Never pushed; membership comes from group rules.";

/** What the okta stack of `model` makes of the org; groups outside the model keep what they have. */
export function expectedOktaView(model: ResolvedModel, fake: FakeOkta): OktaView {
  const okta = model.organization.okta;
  const handMade = Object.fromEntries(fake.state.groups.filter((g) => (g.type ?? "OKTA_GROUP") === "OKTA_GROUP").map((g) => [g.name, g.description ?? null]));
  const managed = new Set(model.groups.filter((g) => g.source === "managed").map((g) => g.name));
  const groups: Record<string, string | null> = {};
  for (const [name, description] of Object.entries(handMade)) if (!managed.has(name) && name !== okta.usersGroup) groups[name] = description;
  for (const g of model.groups) if (g.source === "managed") groups[g.name] = g.description ?? null;
  groups[okta.usersGroup] = USERS_GROUP_DESCRIPTION;
  const names = model.groups.map((g) => g.name);
  const privileged = model.groups.filter((g) => g.privileged).map((g) => g.name);
  const tier = (name: string, priority: number, t: SignOnTier, groupNames: string[]): SignOnRuleView => ({
    name,
    priority,
    access: "ALLOW",
    groups: sorted(groupNames),
    reauthenticateIn: t.reauthenticateAfter,
    inactivityPeriod: t.reauthenticateAfter,
    phishingResistant: t.phishingResistant,
  });
  return {
    groups: Object.fromEntries(Object.entries(groups).sort(([a], [b]) => a.localeCompare(b))),
    app: {
      name: IDENTITY_CENTER_OIN_APP,
      label: okta.app.label,
      status: "ACTIVE",
      settings: { acsURL: okta.app.acsUrl, entityID: okta.app.entityId },
      assignedGroups: [okta.usersGroup],
      policy: `${okta.app.label} sign-on`,
    },
    pushed: sorted(names.map((n) => `${n}: ACTIVE`)),
    ruledIntoUsersGroup: sorted(names),
    signOn: {
      rules: [
        ...(privileged.length ? [tier("Privileged groups", 1, okta.signOn.privileged, privileged)] : []),
        tier("Everyone with AWS access", privileged.length ? 2 : 1, okta.signOn.everyone, [okta.usersGroup]),
      ],
      catchAll: "DENY",
    },
  };
}

/** Members of the app's users group (through the group rules), as user ids. */
export function appUsers(fake: FakeOkta, usersGroup: string): string[] {
  const users = fake.state.groups.find((g) => g.name === usersGroup);
  return users ? sorted(effectiveMembers(fake.state, users.id)) : [];
}
