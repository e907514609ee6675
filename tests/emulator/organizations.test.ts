// The emulator's AWS Organizations, driven by the real SDK v3 client: every list pages, seeding
// writes shape the tree the reads report, and errors have the service's names.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CloseAccountCommand,
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  DescribeOrganizationCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
  paginateListAccounts,
  paginateListAccountsForParent,
  paginateListOrganizationalUnitsForParent,
  TagResourceCommand,
} from "@aws-sdk/client-organizations";
import { readOrganization } from "../../src/aws/organizations-reader.js";
import { startEmulator, type Emulator } from "./index.js";

let emulator: Emulator;
let org: OrganizationsClient;

beforeAll(async () => {
  emulator = await startEmulator({ pageSize: 2 });
  org = new OrganizationsClient({ endpoint: emulator.url, region: "us-east-1", credentials: { accessKeyId: "t", secretAccessKey: "t" } });
});
afterAll(async () => {
  org?.destroy();
  await emulator?.close();
});

async function all<P, T>(pages: AsyncIterable<P>, pick: (p: P) => T[] | undefined): Promise<T[]> {
  const out: T[] = [];
  for await (const p of pages) out.push(...(pick(p) ?? []));
  return out;
}

describe("emulated AWS Organizations", () => {
  it("describes the organization with the instance owner as management account", async () => {
    const o = (await org.send(new DescribeOrganizationCommand({}))).Organization!;
    expect(o.MasterAccountId).toBe(emulator.state.ownerAccountId);
  });

  it("builds OUs and accounts through the API and pages through them", async () => {
    const root = (await org.send(new ListRootsCommand({}))).Roots![0]!.Id!;
    const workloads = (await org.send(new CreateOrganizationalUnitCommand({ ParentId: root, Name: "Workloads" }))).OrganizationalUnit!.Id!;
    const data = (await org.send(new CreateOrganizationalUnitCommand({ ParentId: workloads, Name: "Data" }))).OrganizationalUnit!.Id!;
    await org.send(new CreateOrganizationalUnitCommand({ ParentId: workloads, Name: "Apps" }));
    await org.send(new CreateOrganizationalUnitCommand({ ParentId: workloads, Name: "Legacy" }));
    const ids: string[] = [];
    for (const name of ["a", "b", "c", "d", "e"]) {
      const id = (await org.send(new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` }))).CreateAccountStatus!.AccountId!;
      await org.send(new MoveAccountCommand({ AccountId: id, SourceParentId: root, DestinationParentId: data }));
      ids.push(id);
    }
    await org.send(new TagResourceCommand({ ResourceId: ids[0]!, Tags: [{ Key: "env", Value: "prod" }] }));
    await org.send(new CloseAccountCommand({ AccountId: ids[4]! }));

    expect(await all(paginateListOrganizationalUnitsForParent({ client: org }, { ParentId: workloads }), (p) => p.OrganizationalUnits)).toHaveLength(3);
    expect(await all(paginateListAccountsForParent({ client: org }, { ParentId: data }), (p) => p.Accounts)).toHaveLength(5);
    const every = await all(paginateListAccounts({ client: org }, {}), (p) => p.Accounts);
    expect(every).toHaveLength(6);
    expect(every.find((a) => a.Id === ids[4])!.State).toBe("SUSPENDED");
    expect(emulator.calls.ListAccounts).toBeGreaterThanOrEqual(3); // two per page

    const live = await readOrganization(org, () => {});
    expect(live.accounts.find((a) => a.id === ids[0])).toEqual({ id: ids[0], name: "a", state: "ACTIVE", ou: "Workloads/Data", tags: { env: "prod" } });
    expect(live.accounts.filter((a) => a.state === "SUSPENDED").map((a) => a.id)).toEqual([ids[4]]);
  });

  it("answers the service's errors", async () => {
    await expect(org.send(new MoveAccountCommand({ AccountId: "123456789012", SourceParentId: "r-a1b2", DestinationParentId: "r-a1b2" }))).rejects.toMatchObject({ name: "AccountNotFoundException" });
    await expect(org.send(new CreateOrganizationalUnitCommand({ ParentId: "ou-a1b2-99999999", Name: "x" }))).rejects.toMatchObject({ name: "ParentNotFoundException" });
  });
});
