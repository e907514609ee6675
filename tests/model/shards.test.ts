import { describe, expect, it } from "vitest";
import { assignmentStackOf, BASE_STACK, shardOf, shardStackName } from "../../src/model/shards.js";

const ids = Array.from({ length: 2000 }, (_, i) => String(100000000000 + i * 7919).padStart(12, "0"));

describe("shard layout", () => {
  it("puts every account in the base stack when there is one shard", () => {
    expect(new Set(ids.map((id) => assignmentStackOf(id, 1)))).toEqual(new Set([BASE_STACK]));
  });

  it("gives an account the same shard whatever other accounts exist", () => {
    const before = new Map(ids.slice(0, 1000).map((id) => [id, shardOf(id, 64)]));
    for (const [id, shard] of before) expect(shardOf(id, 64)).toBe(shard);
  });

  it("spreads accounts over every shard roughly evenly", () => {
    const counts = new Array<number>(64).fill(0);
    for (const id of ids) counts[shardOf(id, 64)]! += 1;
    expect(Math.min(...counts)).toBeGreaterThan(2000 / 64 / 3);
    expect(Math.max(...counts)).toBeLessThan((2000 / 64) * 3);
  });

  it("names shards with zero-padded numbers of one width", () => {
    expect(shardStackName(7, 64)).toBe("identity-center-shard-07");
    expect(shardStackName(7, 256)).toBe("identity-center-shard-007");
    expect(shardStackName(0, 2)).toBe("identity-center-shard-0");
  });

  it("refuses a shard count that is not a positive integer", () => {
    expect(() => shardOf("111111111111", 0)).toThrow(/positive integer/);
    expect(() => shardOf("111111111111", 1.5)).toThrow(/positive integer/);
  });
});
