import { describe, expect, it } from "vitest";
import { classifyAwsError, describeAwsError } from "../../src/aws/errors.js";
import { backoffDelay, waitForGroups, WaitAbortedError } from "../../src/aws/wait-for-groups.js";
import { awsError, FakeClock, FakeDirectory } from "./fakes.js";

function setup(appearsAt: Record<string, number>, errors: Error[] = []) {
  const clock = new FakeClock();
  const directory = new FakeDirectory(clock, appearsAt, errors);
  const log: string[] = [];
  return { clock, directory, log, base: { directory, clock, log: (l: string) => log.push(l), random: () => 0.5 } };
}

describe("waiting for pushed groups", () => {
  it("returns at once, without sleeping, when every group already exists", async () => {
    const { clock, directory, log, base } = setup({ a: 0, b: 0 });
    const result = await waitForGroups({ ...base, groups: ["b", "a"], timeoutMs: 600_000 });
    expect(result).toEqual({ ok: true, rounds: 1, elapsedMs: 0 });
    expect(clock.sleeps).toEqual([]);
    expect(directory.lookups.map((l) => l.name).sort()).toEqual(["a", "b"]);
    expect(log[0]).toBe("waiting for 2 groups: a, b (up to 600s)");
  });

  it("checks again with growing delays until the last group arrives, and only asks for the missing ones", async () => {
    const { clock, directory, log, base } = setup({ a: 0, b: 20_000 });
    const result = await waitForGroups({ ...base, groups: ["a", "b"], timeoutMs: 600_000 });
    expect(result.ok).toBe(true);
    // random 0.5: 3/4 of 2s, 4s, 8s, 16s ...
    expect(clock.sleeps).toEqual([1_500, 3_000, 6_000, 12_000]);
    expect(directory.lookups.filter((l) => l.name === "a")).toHaveLength(1);
    expect(directory.lookups.filter((l) => l.name === "b").map((l) => l.at)).toEqual([0, 1_500, 4_500, 10_500, 22_500]);
    expect(log).toContain("waiting for 1 group: b; next check in 2s, 600s left");
    expect(log[log.length - 1]).toBe("all 2 groups are in the Identity Store (23s)");
  });

  it("never waits longer than the timeout and names the groups still missing", async () => {
    const { clock, log, base } = setup({ a: 0 });
    const result = await waitForGroups({ ...base, groups: ["c", "a", "b"], timeoutMs: 60_000 });
    expect(result).toMatchObject({ ok: false, missing: ["b", "c"], elapsedMs: 60_000 });
    expect(clock.sleeps.reduce((s, ms) => s + ms, 0)).toBe(60_000);
    expect(Math.max(...clock.sleeps)).toBeLessThanOrEqual(30_000);
    expect(log.some((l) => l.startsWith("waiting for 2 groups: b, c; next check in"))).toBe(true);
  });

  it("caps each delay at the maximum", async () => {
    const { clock, base } = setup({});
    await waitForGroups({ ...base, groups: ["x"], timeoutMs: 3_600_000, random: () => 0.999999 });
    expect(Math.max(...clock.sleeps)).toBe(30_000);
  });

  it("retries throttling and server errors, and reports the last one if time runs out", async () => {
    const { clock, log, base } = setup({ a: 5_000 }, [awsError("ThrottlingException"), awsError("InternalServerException", 500)]);
    const ok = await waitForGroups({ ...base, groups: ["a"], timeoutMs: 600_000 });
    expect(ok.ok).toBe(true);
    expect(clock.sleeps.length).toBeGreaterThanOrEqual(2);
    expect(log.some((l) => l.includes("retrying after ThrottlingException"))).toBe(true);

    const throttledForever = setup({ a: 0 }, Array.from({ length: 100 }, () => awsError("ThrottlingException")));
    const timedOut = await waitForGroups({ ...throttledForever.base, groups: ["a"], timeoutMs: 30_000 });
    expect(timedOut).toMatchObject({ ok: false, missing: ["a"], lastError: "ThrottlingException: ThrottlingException message" });
  });

  it("fails fast, without sleeping, on access denied and other errors retrying cannot fix", async () => {
    const { clock, base } = setup({ a: 0 }, [awsError("AccessDeniedException", 400, "User: arn:aws:sts::1:assumed-role/plan is not authorized")]);
    const run = waitForGroups({ ...base, groups: ["a", "b"], timeoutMs: 600_000 });
    await expect(run).rejects.toThrow(WaitAbortedError);
    await expect(run).rejects.toThrow(/AccessDeniedException: User: arn:aws:sts::1:assumed-role\/plan is not authorized \(the role needs identitystore:GetGroupId/);
    expect(clock.sleeps).toEqual([]);
  });

  it("succeeds at once with nothing to wait for", async () => {
    const { base, log } = setup({});
    expect(await waitForGroups({ ...base, groups: [], timeoutMs: 1 })).toMatchObject({ ok: true, rounds: 0 });
    expect(log).toEqual(["all 0 groups are in the Identity Store (0s)"]);
  });

  it("asks for each pending group once per round, however many there are", async () => {
    const names = Array.from({ length: 30 }, (_, i) => `g${i}`);
    const { directory, base } = setup(Object.fromEntries(names.map((n) => [n, 1_500])));
    await waitForGroups({ ...base, groups: names, timeoutMs: 600_000, concurrency: 4 });
    expect(directory.lookups).toHaveLength(60);
  });
});

describe("backoff", () => {
  it("doubles per round from the initial delay, with jitter in the upper half of the step", () => {
    expect([1, 2, 3, 4].map((r) => backoffDelay(r, 1_000, 60_000, () => 0))).toEqual([500, 1_000, 2_000, 4_000]);
    expect([1, 2, 3, 4].map((r) => backoffDelay(r, 1_000, 60_000, () => 0.999999))).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect(backoffDelay(30, 1_000, 10_000, () => 0.999999)).toBe(10_000);
  });
});

describe("AWS error classes", () => {
  it("treats not found as not pushed yet, throttling, 5xx and network errors as retryable, the rest as fatal", () => {
    expect(classifyAwsError(awsError("ResourceNotFoundException"))).toBe("not-found");
    expect(classifyAwsError(awsError("ThrottlingException"))).toBe("retryable");
    expect(classifyAwsError(awsError("SomethingNew", 503))).toBe("retryable");
    expect(classifyAwsError(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }))).toBe("retryable");
    expect(classifyAwsError(awsError("AccessDeniedException"))).toBe("fatal");
    expect(classifyAwsError(awsError("ValidationException"))).toBe("fatal");
    expect(classifyAwsError(new Error("boom"))).toBe("fatal");
  });

  it("describes credential problems with what to do", () => {
    expect(describeAwsError(awsError("CredentialsProviderError", 400, "Could not load credentials from any providers"))).toBe(
      "CredentialsProviderError: Could not load credentials from any providers (no AWS credentials: configure the role, e.g. with aws-actions/configure-aws-credentials)",
    );
  });
});
