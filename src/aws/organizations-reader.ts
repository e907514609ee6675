// Reads the AWS Organization, read-only and every page of it: the management account and every
// account with its name, state, OU path (OU names below the root) and tags.
import {
  DescribeOrganizationCommand,
  paginateListAccountsForParent,
  paginateListOrganizationalUnitsForParent,
  paginateListRoots,
  paginateListTagsForResource,
  type Account,
  type OrganizationsClient,
} from "@aws-sdk/client-organizations";
import type { LiveAccount, LiveAccountState, LiveOrganization } from "../import/estate.js";
import { cmp } from "../model/order.js";
import { mapLimit } from "./clients.js";

const CONCURRENCY = 4;

async function collect<P, T>(pages: AsyncIterable<P>, pick: (page: P) => T[] | undefined): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) out.push(...(pick(page) ?? []));
  return out;
}

function stateOf(a: Account): LiveAccountState {
  const s = (a.State ?? a.Status ?? "ACTIVE") as string;
  return s === "ACTIVE" || s === "SUSPENDED" || s === "PENDING_CLOSURE" || s === "CLOSED" ? s : "SUSPENDED";
}

export async function readOrganization(org: OrganizationsClient, log: (line: string) => void): Promise<LiveOrganization> {
  const described = (await org.send(new DescribeOrganizationCommand({}))).Organization;
  const managementAccountId = described?.MasterAccountId;
  if (!managementAccountId) throw new Error("DescribeOrganization returned no management account");
  const roots = await collect(paginateListRoots({ client: org }, {}), (p) => p.Roots);
  const found: Array<{ account: Account; ou: string }> = [];
  // Breadth-first over the OU tree; an OU path is its names below the root, joined by "/".
  let level: Array<{ id: string; path: string }> = roots.map((r) => ({ id: r.Id!, path: "" }));
  while (level.length > 0) {
    const next: Array<{ id: string; path: string }> = [];
    for (const parent of level) {
      const accounts = await collect(paginateListAccountsForParent({ client: org }, { ParentId: parent.id }), (p) => p.Accounts);
      for (const account of accounts) found.push({ account, ou: parent.path });
      const units = await collect(paginateListOrganizationalUnitsForParent({ client: org }, { ParentId: parent.id }), (p) => p.OrganizationalUnits);
      for (const u of units) {
        // "/" separates OU path segments in the model; an OU name holding one reads as "-" there.
        const name = (u.Name ?? u.Id!).replace(/\//g, "-");
        next.push({ id: u.Id!, path: parent.path ? `${parent.path}/${name}` : name });
      }
    }
    level = next;
  }
  log(`Organization: ${found.length} accounts`);
  const accounts: LiveAccount[] = await mapLimit(found, CONCURRENCY, async ({ account, ou }) => {
    const tags = await collect(paginateListTagsForResource({ client: org }, { ResourceId: account.Id! }), (p) => p.Tags);
    return {
      id: account.Id!,
      name: account.Name ?? account.Id!,
      state: stateOf(account),
      ou,
      tags: Object.fromEntries(tags.map((t) => [t.Key!, t.Value ?? ""] as const).sort(([a], [b]) => cmp(a, b))),
    };
  });
  return { managementAccountId, accounts: accounts.sort((a, b) => cmp(a.id, b.id)) };
}
