// Selector compression: whatever the estate, the selector written selects exactly the live
// accounts (never one more), and it is the readable form when one exists.
import { describe, expect, it } from "vitest";
import { compressSelector } from "../../src/import/compress.js";
import { AccountIndex, selectAccounts } from "../../src/model/selectors.js";
import type { Account } from "../../src/model/types.js";
import { seededRandom } from "../support/random.js";

const OUS = ["", "Security", "Infrastructure", "Workloads", "Workloads/Prod", "Workloads/Prod/Payments", "Workloads/NonProd", "Sandbox"];
const ENVS = ["prod", "dev", "sandbox"];
const TEAMS = ["data", "shop", "platform"];

function randomOrg(random: () => number, size: number): Account[] {
  return Array.from({ length: size }, (_, i) => {
    const tags: Record<string, string> = {};
    if (random() < 0.8) tags.env = ENVS[Math.floor(random() * ENVS.length)]!;
    if (random() < 0.5) tags.team = TEAMS[Math.floor(random() * TEAMS.length)]!;
    return { id: String(100000000000 + i * 7919), name: `acct-${i}`, ou: OUS[Math.floor(random() * OUS.length)]!, tags };
  });
}

/** Subsets shaped like real grants: whole OUs, tag matches, OUs minus a few, and random picks. */
function randomSubset(random: () => number, accounts: Account[]): Set<string> {
  const shape = random();
  let chosen: Account[];
  if (shape < 0.25) {
    const ou = OUS[1 + Math.floor(random() * (OUS.length - 1))]!;
    chosen = accounts.filter((a) => a.ou === ou || a.ou.startsWith(`${ou}/`));
  } else if (shape < 0.45) {
    const env = ENVS[Math.floor(random() * ENVS.length)]!;
    chosen = accounts.filter((a) => a.tags.env === env);
  } else if (shape < 0.65) {
    chosen = accounts.filter((a) => a.ou.startsWith("Workloads")).filter(() => random() < 0.85);
  } else chosen = accounts.filter(() => random() < random());
  if (chosen.length === 0) chosen = [accounts[Math.floor(random() * accounts.length)]!];
  return new Set(chosen.map((a) => a.id));
}

describe("compressSelector", () => {
  it("never selects more or fewer accounts than the live set (2,000 seeded random estates)", () => {
    const random = seededRandom(8);
    let readable = 0;
    for (let run = 0; run < 2000; run++) {
      const accounts = randomOrg(random, 1 + Math.floor(random() * 30));
      const ids = randomSubset(random, accounts);
      const selector = compressSelector(ids, accounts);
      const selected = selectAccounts(selector, new AccountIndex(accounts));
      expect(selected.problems).toEqual([]);
      expect(selected.accounts.map((a) => a.id).sort()).toEqual([...ids].sort());
      if (!Array.isArray(selector)) readable++;
    }
    expect(readable).toBeGreaterThan(500); // the property is not met by always writing lists
  });

  const org: Account[] = [
    { id: "111111111111", name: "log-archive", ou: "Security", tags: { env: "prod" } },
    { id: "222222222222", name: "shop-prod", ou: "Workloads/Prod", tags: { env: "prod" } },
    { id: "333333333333", name: "data-prod", ou: "Workloads/Prod", tags: { env: "prod" } },
    { id: "444444444444", name: "shop-dev", ou: "Workloads/NonProd", tags: { env: "dev" } },
    { id: "555555555555", name: "data-dev", ou: "Workloads/NonProd", tags: { env: "dev" } },
    { id: "666666666666", name: "sandbox-a", ou: "Sandbox", tags: { env: "sandbox" } },
  ];
  const ids = (...names: string[]) => new Set(org.filter((a) => names.includes(a.name)).map((a) => a.id));

  it("writes all, an OU, a tag, an OU with a tag, an OU minus a few, or a list, in that order of preference", () => {
    expect(compressSelector(new Set(org.map((a) => a.id)), org)).toBe("all");
    expect(compressSelector(ids("shop-dev", "data-dev"), org)).toEqual({ ou: "Workloads/NonProd" });
    expect(compressSelector(ids("log-archive", "shop-prod", "data-prod"), org)).toEqual({ tags: { env: "prod" } });
    expect(compressSelector(ids("shop-prod", "data-prod", "shop-dev"), org)).toEqual({ ou: "Workloads", except: ["data-dev"] });
    expect(compressSelector(ids("log-archive", "sandbox-a"), org)).toEqual(["log-archive", "sandbox-a"]);
  });

  it("prefers the deepest OU when several select the same accounts", () => {
    const nested: Account[] = [
      { id: "111111111111", name: "a", ou: "Workloads/Data", tags: {} },
      { id: "222222222222", name: "b", ou: "Security", tags: {} },
    ];
    expect(compressSelector(new Set(["111111111111"]), nested)).toEqual({ ou: "Workloads/Data" });
  });
});
