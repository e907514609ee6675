// The model's groups as Okta sees them: who is in each group, and the pre-plan findings
// (an `existing` group missing in Okta, a group with assignments not pushed to the AWS app,
// a group with no members), each at the file:line of the group's definition.
import { finding } from "../model/findings.js";
import { cmp } from "../model/order.js";
import type { Finding, ResolvedModel, SourceRef } from "../model/types.js";
import type { OktaGroup, OktaPerson, OktaReader, PushedGroups } from "./directory.js";

export interface ModelGroupsInOkta {
  /** Members by model group name, for the groups found in Okta. */
  members: Map<string, OktaPerson[]>;
  /** Okta group id by model group name, for the groups found in Okta. */
  ids: Map<string, string>;
  pushes: PushedGroups;
  findings: Finding[];
}

/** Okta allows the same name on an Okta group and an imported app group: the Okta group wins. */
function byName(groups: OktaGroup[]): Map<string, OktaGroup> {
  const out = new Map<string, OktaGroup>();
  for (const g of groups) {
    const prev = out.get(g.name);
    if (!prev || (prev.type !== "OKTA_GROUP" && g.type === "OKTA_GROUP")) out.set(g.name, g);
  }
  return out;
}

export async function readModelGroups(model: ResolvedModel, okta: OktaReader): Promise<ModelGroupsInOkta> {
  const found = byName(await okta.groups());
  const pushes = await okta.pushedGroups(model.organization.okta.app.label);
  const at = (group: string): SourceRef => model.sources?.groups.get(group) ?? { file: "(model)", line: 1, col: 1 };
  const assignmentsOf = new Map<string, number>();
  for (const a of model.assignments) assignmentsOf.set(a.group, (assignmentsOf.get(a.group) ?? 0) + 1);

  const members = new Map<string, OktaPerson[]>();
  const ids = new Map<string, string>();
  const findings: Finding[] = [];
  for (const group of model.groups) {
    const g = found.get(group.name);
    const held = assignmentsOf.get(group.name) ?? 0;
    if (!g) {
      if (group.source === "existing") {
        findings.push(
          finding("error", "okta-group-missing", at(group.name), `group "${group.name}" is declared source: existing, but Okta has no group of that name: create it in Okta (or fix the name), or declare it source: managed so Terraform creates it`),
        );
      }
      continue; // a managed group not in Okta yet is created by the okta stack
    }
    ids.set(group.name, g.id);
    const people = (await okta.members(g.id)).sort((x, y) => cmp(x.login, y.login));
    members.set(group.name, people);
    if (pushes.readable && held > 0 && !pushes.groupIds.has(g.id)) {
      findings.push(
        finding("warning", "okta-group-not-pushed", at(group.name), `group "${group.name}" has ${held} assignment${held === 1 ? "" : "s"} but Okta does not push it to "${model.organization.okta.app.label}": until the okta stack creates the push (or Push Groups is fixed in the app), its Identity Center group has no members`),
      );
    }
    if (people.length === 0) {
      findings.push(
        finding("warning", "okta-group-empty", at(group.name), `group "${group.name}" has no members in Okta${held ? `, so its ${held} assignment${held === 1 ? "" : "s"} reach nobody` : ""}: add people in Okta, or remove the group if it is no longer needed`),
      );
    }
  }
  return { members, ids, pushes, findings };
}

/** People per group name, for the access diff's risks. */
export function peopleCounts(groups: ModelGroupsInOkta): Map<string, number> {
  return new Map([...groups.members].map(([name, list]) => [name, list.length]));
}

/** People in each named group that exists in Okta (for the groups of both sides of a diff). */
export async function countPeople(okta: OktaReader, names: Iterable<string>): Promise<Map<string, number>> {
  const found = byName(await okta.groups());
  const counts = new Map<string, number>();
  for (const name of [...new Set(names)].sort(cmp)) {
    const g = found.get(name);
    if (g) counts.set(name, (await okta.members(g.id)).length);
  }
  return counts;
}
