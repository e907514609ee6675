// Reading a live estate with the real SDK v3 clients against the emulator: every page of every
// list, and throttling absorbed by the SDK's own retry strategy (the same estate comes back).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { awsClients } from "../../src/aws/clients.js";
import { readIdentityCenter } from "../../src/aws/identity-center-reader.js";
import { readOrganization } from "../../src/aws/organizations-reader.js";
import type { LiveEstate } from "../../src/import/estate.js";
import { seedBrownfield, type Brownfield } from "../emulator/brownfield.js";
import { startEmulator, type Emulator } from "../emulator/index.js";

let emulator: Emulator;
let estate: Brownfield;

beforeAll(async () => {
  emulator = await startEmulator({ pageSize: 3, seed: 8 });
  estate = await seedBrownfield(emulator);
  Object.assign(process.env, { AWS_ENDPOINT_URL: emulator.url, AWS_ACCESS_KEY_ID: "t", AWS_SECRET_ACCESS_KEY: "t", AWS_EC2_METADATA_DISABLED: "true" });
});

afterAll(async () => {
  await emulator?.close();
});

async function read(): Promise<LiveEstate> {
  const clients = awsClients("us-east-1");
  const identityCenter = await readIdentityCenter(clients, { region: "us-east-1" }, () => {});
  const organization = await readOrganization(clients.organizations, () => {});
  return { identityCenter, organization };
}

describe("reading the live estate", () => {
  let calm: LiveEstate;

  it("reads every page: all permission sets with their attributes, all 39 assignments, all accounts", async () => {
    calm = await read();
    const ic = calm.identityCenter;
    expect(ic.permissionSets.map((p) => p.name)).toEqual(["AdministratorAccess", "Billing", "DataEngineer", "ReadOnly"]);
    expect(ic.permissionSets.find((p) => p.name === "ReadOnly")).toMatchObject({
      description: "Read everything",
      sessionDuration: "PT8H",
      relayState: "https://console.aws.amazon.com/cloudwatch/home",
      managedPolicies: ["arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"],
      customerManagedPolicies: [{ name: "extra-read", path: "/" }],
    });
    expect(ic.permissionSets.find((p) => p.name === "DataEngineer")).toMatchObject({
      tags: { "cost-center": "42", team: "data" },
      permissionsBoundary: { kind: "customer_managed", name: "data-boundary", path: "/boundaries/" },
    });
    expect(ic.assignments).toHaveLength(39);
    expect(ic.assignments.filter((a) => a.principalType === "USER")).toHaveLength(1);
    expect(Object.values(ic.groupNames).sort()).toEqual(["auditors", "data-engineers", "engineers", "finance", "platform-admins"]);
    expect(calm.organization.accounts).toHaveLength(12);
    expect(calm.organization.accounts.find((a) => a.id === estate.accounts["shop-dev"])).toEqual({ id: estate.accounts["shop-dev"], name: "shop-dev", state: "ACTIVE", ou: "Workloads/NonProd", tags: { env: "dev" } });
  });

  it("reads the same estate when a tenth of all calls are throttled", async () => {
    emulator.faults.throttleRate = 0.1;
    const throttled = await read();
    emulator.faults.throttleRate = 0;
    expect(Object.values(emulator.throttled).reduce((a, b) => a + b, 0)).toBeGreaterThan(5);
    expect(throttled).toEqual(calm);
  });
});
