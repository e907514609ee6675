// Waits, bounded in time, until every named group exists in the Identity Store: Okta's SCIM push
// creates them some seconds or minutes after the okta stack applies.
import { classifyAwsError, describeAwsError } from "./errors.js";
import type { GroupDirectory } from "./identity-store.js";

export interface Clock {
  now(): number; // milliseconds
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface WaitOptions {
  groups: readonly string[];
  directory: GroupDirectory;
  timeoutMs: number;
  clock?: Clock;
  /** Returns [0, 1); injected so tests can pin the jitter. */
  random?: () => number;
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** Lookups in flight at once (Identity Center APIs share about 20 TPS). */
  concurrency?: number;
  log?: (line: string) => void;
}

export type WaitResult =
  | { ok: true; rounds: number; elapsedMs: number }
  | { ok: false; missing: string[]; rounds: number; elapsedMs: number; lastError?: string };

/** An AWS error that retrying will not fix (access denied, bad credentials, bad request). */
export class WaitAbortedError extends Error {}

export const DEFAULT_INITIAL_DELAY_MS = 2_000;
export const DEFAULT_MAX_DELAY_MS = 30_000;

/** Exponential backoff with "equal jitter": half the step fixed, half random. */
export function backoffDelay(round: number, initialMs: number, maxMs: number, random: () => number): number {
  const step = Math.min(maxMs, initialMs * 2 ** Math.max(0, round - 1));
  return Math.round(step / 2 + random() * (step / 2));
}

function seconds(ms: number): string {
  return `${Math.max(0, Math.round(ms / 1000))}s`;
}

function list(groups: readonly string[]): string {
  return groups.length > 20 ? `${groups.slice(0, 20).join(", ")} and ${groups.length - 20} more` : groups.join(", ");
}

export async function waitForGroups(options: WaitOptions): Promise<WaitResult> {
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const log = options.log ?? (() => {});
  const initial = options.initialDelayMs ?? DEFAULT_INITIAL_DELAY_MS;
  const max = options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
  const concurrency = Math.max(1, options.concurrency ?? 4);

  const start = clock.now();
  const deadline = start + options.timeoutMs;
  let pending = [...new Set(options.groups)].sort();
  let lastError: string | undefined;
  let round = 0;
  const total = pending.length;
  if (total > 0) log(`waiting for ${total} ${total === 1 ? "group" : "groups"}: ${list(pending)} (up to ${seconds(options.timeoutMs)})`);

  while (pending.length > 0) {
    round++;
    const found = new Set<string>();
    let throttled: string | undefined;
    const queue = [...pending];
    const worker = async () => {
      for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
        try {
          if (await options.directory.groupExists(name)) found.add(name);
        } catch (err) {
          const kind = classifyAwsError(err);
          if (kind !== "retryable") {
            queue.length = 0;
            throw new WaitAbortedError(`looking up group ${name} in the Identity Store failed: ${describeAwsError(err)}`);
          }
          throttled = describeAwsError(err);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, pending.length) }, worker));
    if (throttled) lastError = throttled;
    if (found.size > 0) log(`pushed: ${list([...found].sort())}`);
    pending = pending.filter((g) => !found.has(g));
    if (pending.length === 0) break;

    const now = clock.now();
    if (now >= deadline) {
      return { ok: false, missing: pending, rounds: round, elapsedMs: now - start, ...(lastError ? { lastError } : {}) };
    }
    const delay = Math.min(backoffDelay(round, initial, max, random), deadline - now);
    const retry = throttled ? ` (retrying after ${throttled})` : "";
    log(`waiting for ${pending.length} ${pending.length === 1 ? "group" : "groups"}: ${list(pending)}; next check in ${seconds(delay)}, ${seconds(deadline - now)} left${retry}`);
    await clock.sleep(delay);
  }
  const elapsedMs = clock.now() - start;
  log(`all ${total} ${total === 1 ? "group is" : "groups are"} in the Identity Store (${seconds(elapsedMs)})`);
  return { ok: true, rounds: round, elapsedMs };
}
