// What one person can reach through the model: the (group, permission set, account) triples of the
// model groups they are in, each with its session length. Pure: groups come in as plain names.
import { durationSeconds } from "../model/duration.js";
import { cmp } from "../model/order.js";
import type { ResolvedModel } from "../model/types.js";

export interface ReachableTriple {
  group: string;
  permissionSet: string;
  accountId: string;
  accountName: string;
  sessionDuration: string;
  expires?: string;
}

export interface ModelReach {
  /** The person's groups that the model knows, sorted. */
  modelGroups: string[];
  triples: ReachableTriple[];
  /** Longest session of the reachable permission sets, in seconds (0: none reachable). */
  longestSessionSeconds: number;
  /** Reachable permission sets in the management account, where SCPs do not bind. */
  managementAccountPermissionSets: string[];
}

export function modelReach(model: ResolvedModel, personGroups: readonly string[]): ModelReach {
  const mine = new Set(personGroups);
  const sets = new Map(model.permissionSets.map((p) => [p.name, p]));
  const triples = model.assignments
    .filter((a) => mine.has(a.group))
    .map((a) => ({
      group: a.group,
      permissionSet: a.permissionSet,
      accountId: a.accountId,
      accountName: a.accountName,
      sessionDuration: sets.get(a.permissionSet)?.sessionDuration ?? "PT1H",
      ...(a.expires ? { expires: a.expires } : {}),
    }))
    .sort((x, y) => cmp(x.accountName, y.accountName) || cmp(x.permissionSet, y.permissionSet) || cmp(x.group, y.group));
  const longest = Math.max(0, ...triples.map((t) => durationSeconds(t.sessionDuration) ?? 12 * 3600));
  const management = [...new Set(triples.filter((t) => t.accountId === model.organization.managementAccount).map((t) => t.permissionSet))].sort(cmp);
  return {
    modelGroups: model.groups.map((g) => g.name).filter((g) => mine.has(g)),
    triples,
    longestSessionSeconds: longest,
    managementAccountPermissionSets: management,
  };
}

/** Triples whose account carries every tag in `filter` (e.g. { env: "prod" }). */
export function filterByAccountTags(model: ResolvedModel, triples: readonly ReachableTriple[], filter: Record<string, string>): ReachableTriple[] {
  const tags = new Map(model.accounts.map((a) => [a.id, a.tags]));
  return triples.filter((t) => Object.entries(filter).every(([k, v]) => tags.get(t.accountId)?.[k] === v));
}
