// The deny list in AWS Organizations: the service control policies Terraform attached to the root
// (names starting with the configured prefix, content left to the revoker) are read, and written
// back only where their content changes, so a replay makes no write at all.
import {
  DescribePolicyCommand,
  ListPoliciesForTargetCommand,
  ListRootsCommand,
  UpdatePolicyCommand,
  type OrganizationsClient,
} from "@aws-sdk/client-organizations";
import { parseDenyPolicy, renderDenyPolicies } from "./policy-document.js";
import type { StoredEntry } from "./entries.js";

export const DEFAULT_POLICY_PREFIX = "access-revocation-deny-";

export interface DenyPolicy {
  id: string;
  name: string;
  content: string;
}

export interface DenyListState {
  rootId: string;
  /** The deny-list policies attached to the root, by name. */
  policies: DenyPolicy[];
  entries: StoredEntry[];
  /** SCPs attached to the root that are not deny-list policies (FullAWSAccess, guardrails). */
  otherAttached: number;
}

export class DenyListMissingError extends Error {}

async function rootId(org: OrganizationsClient): Promise<string> {
  const roots = await org.send(new ListRootsCommand({}));
  const id = roots.Roots?.[0]?.Id;
  if (!id) throw new DenyListMissingError("the organization has no root: is this the management account?");
  return id;
}

/** Reads the deny-list policies attached to the root and the entries they hold. */
export async function readDenyList(org: OrganizationsClient, prefix = DEFAULT_POLICY_PREFIX): Promise<DenyListState> {
  const root = await rootId(org);
  const attached: Array<{ id: string; name: string }> = [];
  let token: string | undefined;
  do {
    const page = await org.send(new ListPoliciesForTargetCommand({ TargetId: root, Filter: "SERVICE_CONTROL_POLICY", NextToken: token }));
    for (const p of page.Policies ?? []) attached.push({ id: p.Id!, name: p.Name ?? "" });
    token = page.NextToken;
  } while (token);
  const mine = attached.filter((p) => p.name.startsWith(prefix)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (mine.length === 0) {
    throw new DenyListMissingError(`no service control policy named ${prefix}* is attached to the root ${root}: apply the revocation stack first (organization.leavers in the model)`);
  }
  const policies: DenyPolicy[] = [];
  const entries: StoredEntry[] = [];
  for (const p of mine) {
    const described = await org.send(new DescribePolicyCommand({ PolicyId: p.id }));
    const content = described.Policy?.Content ?? "";
    policies.push({ id: p.id, name: p.name, content });
    entries.push(...parseDenyPolicy(content, p.name));
  }
  return { rootId: root, policies, entries: dedupe(entries), otherAttached: attached.length - mine.length };
}

/** The same id in two policies (a write interrupted half-way) keeps its latest until. */
function dedupe(entries: StoredEntry[]): StoredEntry[] {
  const by = new Map<string, StoredEntry>();
  for (const e of entries) {
    const prev = by.get(e.userId);
    if (!prev || prev.until < e.until) by.set(e.userId, e);
  }
  return [...by.values()];
}

/**
 * Writes the entries into the deny-list policies; returns the names of the policies changed.
 * Policies whose content is already right are not touched. Throws DenyListFullError (nothing
 * written) when the entries need more policies than are attached.
 */
export async function writeDenyList(org: OrganizationsClient, state: DenyListState, entries: readonly StoredEntry[]): Promise<string[]> {
  const documents = renderDenyPolicies(entries, state.policies.length);
  const changed: string[] = [];
  // Policies that only gain entries are written first, so an entry moving from one policy to
  // another is in the new one before it leaves the old (a gap remains possible only when a
  // policy both gains and loses entries, e.g. an out-of-order event reshuffling full policies).
  const ids = (content: string, name: string) => new Set(parseDenyPolicy(content, name).map((e) => e.userId));
  const order = state.policies.map((p, i) => {
    const after = ids(documents[i]!, p.name);
    const gainsOnly = [...ids(p.content, p.name)].every((id) => after.has(id));
    return { p, i, gainsOnly };
  });
  order.sort((a, b) => Number(b.gainsOnly) - Number(a.gainsOnly) || a.i - b.i);
  for (const { p: policy, i } of order) {
    if (policy.content === documents[i]) continue;
    await org.send(new UpdatePolicyCommand({ PolicyId: policy.id, Content: documents[i] }));
    changed.push(policy.name);
  }
  return changed;
}
