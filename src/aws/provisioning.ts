// After an apply: is every permission set provisioned to its latest version in every account?
// Identity Center changes an account's role only when ProvisionPermissionSet succeeds for it, and
// the aws provider records a FAILED provisioning as success and never retries it
// (terraform-provider-aws #38247), so an apply can "succeed" while roles keep old policies. This
// lists the accounts behind (ProvisioningStatus LATEST_PERMISSION_SET_NOT_PROVISIONED), provisions
// them again, waits on each request with bounded backoff, and checks again.
import {
  DescribePermissionSetCommand,
  DescribePermissionSetProvisioningStatusCommand,
  paginateListAccountsForProvisionedPermissionSet,
  paginateListPermissionSets,
  ProvisionPermissionSetCommand,
  type SSOAdminClient,
} from "@aws-sdk/client-sso-admin";
import { cmp } from "../model/order.js";
import { mapLimit } from "./clients.js";
import { classifyAwsError, describeAwsError } from "./errors.js";
import { backoffDelay, systemClock, type Clock } from "./wait-for-groups.js";

export interface StaleAccount {
  permissionSet: string;
  accountId: string;
}

export interface FailedAccount extends StaleAccount {
  reason: string;
}

export interface ProvisioningOptions {
  sso: SSOAdminClient;
  instanceArn: string;
  /** Permission set names to check. */
  permissionSets: readonly string[];
  /** Only report the accounts behind; provision nothing. */
  checkOnly?: boolean;
  /** Provisioning rounds before giving up on an account (default 3). */
  attempts?: number;
  /** Bound on the whole repair, in milliseconds (default 15 minutes). */
  timeoutMs?: number;
  clock?: Clock;
  random?: () => number;
  /** First wait between status polls and between rounds; doubles up to maxDelayMs. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  log?: (line: string) => void;
}

export interface ProvisioningResult {
  /** Names found in Identity Center and checked. */
  checked: string[];
  /** Names Identity Center does not have (nothing to provision). */
  missing: string[];
  /** Accounts behind their permission set's latest version when the check started. */
  stale: StaleAccount[];
  /** Accounts still behind at the end, with the last reason known. Empty: all latest. */
  failed: FailedAccount[];
}

/** An AWS error retrying will not fix (access denied, bad credentials, a bad request). */
export class ProvisioningAbortedError extends Error {}

const CONCURRENCY = 4;
const DEFAULT_ATTEMPTS = 3;
const DEFAULT_TIMEOUT_MS = 15 * 60_000;

type Status = { status: "SUCCEEDED" } | { status: "FAILED"; reason: string };

export async function checkProvisioning(options: ProvisioningOptions): Promise<ProvisioningResult> {
  const { sso, instanceArn } = options;
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const log = options.log ?? (() => {});
  const initial = options.initialDelayMs ?? 500;
  const max = options.maxDelayMs ?? 15_000;
  const attempts = Math.max(1, options.attempts ?? DEFAULT_ATTEMPTS);
  const deadline = clock.now() + (options.timeoutMs ?? DEFAULT_TIMEOUT_MS);

  const guard = async <T>(what: string, call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (err) {
      throw new ProvisioningAbortedError(`${what} failed: ${describeAwsError(err)}`);
    }
  };

  const arns = await guard("listing the permission sets", () => permissionSetArns(sso, instanceArn, options.permissionSets));
  const wanted = [...new Set(options.permissionSets)].sort(cmp);
  const checked = wanted.filter((n) => arns.has(n));
  const missing = wanted.filter((n) => !arns.has(n));

  const staleOf = (name: string) =>
    guard(`listing the accounts of ${name} not provisioned to its latest version`, () => staleAccounts(sso, instanceArn, arns.get(name)!));
  let stale = new Map<string, string[]>();
  for (const name of checked) {
    const accounts = await staleOf(name);
    if (accounts.length) stale.set(name, accounts);
  }
  const initialStale = flatten(stale);
  if (initialStale.length === 0 || options.checkOnly) {
    return { checked, missing, stale: initialStale, failed: initialStale.map((s) => ({ ...s, reason: "not provisioned to the latest version" })) };
  }

  const reasons = new Map<string, string>(); // "set|account" or "set|*" -> last failure reason
  for (let round = 1; round <= attempts && stale.size > 0; round++) {
    if (round > 1) {
      const delay = Math.min(backoffDelay(round - 1, initial * 2, max * 2, random), Math.max(0, deadline - clock.now()));
      log(`round ${round} of ${attempts} in ${Math.round(delay / 1000)}s: ${flatten(stale).length} account(s) still behind`);
      await clock.sleep(delay);
    }
    for (const [name, accounts] of stale) {
      const arn = arns.get(name)!;
      const provision = (accountId?: string) => provisionAndWait(sso, instanceArn, arn, accountId, { clock, random, initial, max, deadline });
      // Many accounts behind (a FAILED provisioning of the whole set): one request for all first.
      if (round === 1 && accounts.length > 1) {
        log(`provisioning ${name} to all ${accounts.length} accounts behind`);
        const outcome = await provision();
        if (outcome.status === "FAILED") reasons.set(`${name}|*`, outcome.reason);
        continue;
      }
      log(`provisioning ${name} to ${accounts.join(", ")}`);
      await mapLimit(accounts, CONCURRENCY, async (accountId) => {
        const outcome = await provision(accountId);
        if (outcome.status === "FAILED") reasons.set(`${name}|${accountId}`, outcome.reason);
      });
    }
    const next = new Map<string, string[]>();
    for (const name of stale.keys()) {
      const accounts = await staleOf(name);
      if (accounts.length) next.set(name, accounts);
    }
    stale = next;
    if (clock.now() >= deadline) break;
  }
  const failed = flatten(stale).map((s) => ({
    ...s,
    reason: reasons.get(`${s.permissionSet}|${s.accountId}`) ?? reasons.get(`${s.permissionSet}|*`) ?? "still not provisioned to the latest version",
  }));
  if (failed.length === 0) log(`all ${initialStale.length} account(s) behind are provisioned to the latest version now`);
  return { checked, missing, stale: initialStale, failed };
}

function flatten(stale: Map<string, string[]>): StaleAccount[] {
  return [...stale.entries()].sort(([a], [b]) => cmp(a, b)).flatMap(([permissionSet, accounts]) => accounts.map((accountId) => ({ permissionSet, accountId })));
}

/** Name -> ARN of the named permission sets (the paginators write NextToken into their input: one input each). */
async function permissionSetArns(sso: SSOAdminClient, instanceArn: string, names: readonly string[]): Promise<Map<string, string>> {
  const all: string[] = [];
  for await (const page of paginateListPermissionSets({ client: sso }, { InstanceArn: instanceArn })) all.push(...(page.PermissionSets ?? []));
  const wanted = new Set(names);
  const out = new Map<string, string>();
  await mapLimit(all, CONCURRENCY, async (arn) => {
    const name = (await sso.send(new DescribePermissionSetCommand({ InstanceArn: instanceArn, PermissionSetArn: arn }))).PermissionSet?.Name;
    if (name && wanted.has(name)) out.set(name, arn);
  });
  return out;
}

async function staleAccounts(sso: SSOAdminClient, instanceArn: string, arn: string): Promise<string[]> {
  const out: string[] = [];
  const pages = paginateListAccountsForProvisionedPermissionSet(
    { client: sso },
    { InstanceArn: instanceArn, PermissionSetArn: arn, ProvisioningStatus: "LATEST_PERMISSION_SET_NOT_PROVISIONED" },
  );
  for await (const page of pages) out.push(...(page.AccountIds ?? []));
  return [...new Set(out)].sort(cmp);
}

interface PollSettings {
  clock: Clock;
  random: () => number;
  initial: number;
  max: number;
  deadline: number;
}

/** One ProvisionPermissionSet (one account, or every account it is provisioned to) and its outcome. */
async function provisionAndWait(sso: SSOAdminClient, instanceArn: string, arn: string, accountId: string | undefined, poll: PollSettings): Promise<Status> {
  let requestId: string | undefined;
  try {
    const started = await sso.send(
      new ProvisionPermissionSetCommand({
        InstanceArn: instanceArn,
        PermissionSetArn: arn,
        ...(accountId ? { TargetType: "AWS_ACCOUNT", TargetId: accountId } : { TargetType: "ALL_PROVISIONED_ACCOUNTS" }),
      }),
    );
    requestId = started.PermissionSetProvisioningStatus?.RequestId;
    if (started.PermissionSetProvisioningStatus?.Status === "SUCCEEDED") return { status: "SUCCEEDED" };
    if (started.PermissionSetProvisioningStatus?.Status === "FAILED") return { status: "FAILED", reason: started.PermissionSetProvisioningStatus.FailureReason ?? "FAILED" };
  } catch (err) {
    // Throttling the SDK's retries could not outlast, or a provisioning already running (Conflict): next round.
    if (classifyAwsError(err) === "fatal" && (err as { name?: string }).name !== "ConflictException") {
      throw new ProvisioningAbortedError(`ProvisionPermissionSet failed: ${describeAwsError(err)}`);
    }
    return { status: "FAILED", reason: describeAwsError(err) };
  }
  if (!requestId) return { status: "FAILED", reason: "ProvisionPermissionSet answered without a request id" };
  for (let round = 1; ; round++) {
    const now = poll.clock.now();
    if (now >= poll.deadline) return { status: "FAILED", reason: `provisioning request ${requestId} still IN_PROGRESS at the deadline` };
    await poll.clock.sleep(Math.min(backoffDelay(round, poll.initial, poll.max, poll.random), poll.deadline - now));
    try {
      const s = (await sso.send(new DescribePermissionSetProvisioningStatusCommand({ InstanceArn: instanceArn, ProvisionPermissionSetRequestId: requestId }))).PermissionSetProvisioningStatus;
      if (s?.Status === "SUCCEEDED") return { status: "SUCCEEDED" };
      if (s?.Status === "FAILED") return { status: "FAILED", reason: s.FailureReason ?? "FAILED" };
    } catch (err) {
      if (classifyAwsError(err) !== "retryable") throw new ProvisioningAbortedError(`DescribePermissionSetProvisioningStatus failed: ${describeAwsError(err)}`);
    }
  }
}
