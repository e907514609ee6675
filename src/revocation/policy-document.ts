// The deny list as service control policy documents, and back. Each statement denies every
// action to the listed Identity Store user ids until its instant (aws:CurrentTime), so an entry
// stops binding by itself even if pruning never runs. Entries are packed in order into as few
// policies as fit the SCP size limit; more than the policies available is an error, never a
// silently shortened list.
import { sortEntries, USER_ID, type StoredEntry } from "./entries.js";

/** AWS Organizations: at most 5,120 characters of SCP content. */
export const SCP_MAX_CHARS = 5120;
/** AWS Organizations: at most 5 SCPs attached to a target (FullAWSAccess usually holds one). */
export const SCP_MAX_PER_TARGET = 5;

const CONDITION_KEY = "identitystore:userId";
const SID_PREFIX = "RevokedUntil";
/** The statement of a policy with no entry: its id can never match an Identity Store user id. */
const EMPTY_ID = "no-entries";

export class DenyListFullError extends Error {
  constructor(
    readonly entries: number,
    readonly needed: number,
    readonly available: number,
  ) {
    super(
      `the deny list cannot grow: ${entries} entries need ${needed} service control policies of ${SCP_MAX_CHARS} characters, but only ${available} deny-list ` +
        `polic${available === 1 ? "y is" : "ies are"} attached to the root. Raise organization.leavers.policies (the root takes ${SCP_MAX_PER_TARGET} SCPs, FullAWSAccess included) ` +
        "and apply the revocation stack, or lift entries through a reviewed change; until then end the remaining sessions by hand.",
    );
  }
}

const sid = (until: string) => `${SID_PREFIX}${until.replace(/[-:]/g, "").replace(/\.\d+/, "")}`;

function statement(until: string, ids: string[]): object {
  return {
    Sid: sid(until),
    Effect: "Deny",
    Action: "*",
    Resource: "*",
    Condition: { StringEquals: { [CONDITION_KEY]: ids }, DateLessThan: { "aws:CurrentTime": until } },
  };
}

function doc(statements: object[]): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

/** The content of a deny-list policy that holds nothing (what Terraform creates, too). */
export const EMPTY_DENY_POLICY = doc([{ Sid: "RevocationDenyListEmpty", Effect: "Deny", Action: "*", Resource: "*", Condition: { StringEquals: { [CONDITION_KEY]: EMPTY_ID } } }]);

/** Groups consecutive entries (sorted by until) with the same until into statements. */
function statements(entries: StoredEntry[]): object[] {
  const out: object[] = [];
  let i = 0;
  while (i < entries.length) {
    const until = entries[i]!.until;
    const ids: string[] = [];
    while (i < entries.length && entries[i]!.until === until) ids.push(entries[i++]!.userId);
    out.push(statement(until, ids));
  }
  return out;
}

/**
 * Renders entries into exactly `policies` documents (unused ones hold the empty statement),
 * each within the size limit. Throws DenyListFullError when they do not fit.
 */
export function renderDenyPolicies(entries: readonly StoredEntry[], policies: number, maxChars = SCP_MAX_CHARS): string[] {
  if (policies < 1) throw new DenyListFullError(entries.length, entries.length ? 1 : 0, 0);
  const sorted = sortEntries(entries);
  const out: string[] = [];
  let current: StoredEntry[] = [];
  for (const e of sorted) {
    if (current.length && doc(statements([...current, e])).length > maxChars) {
      out.push(doc(statements(current)));
      current = [];
    }
    current.push(e);
    if (doc(statements(current)).length > maxChars) throw new Error(`one deny entry does not fit ${maxChars} characters`);
  }
  if (current.length) out.push(doc(statements(current)));
  if (out.length > policies) throw new DenyListFullError(sorted.length, out.length, policies);
  while (out.length < policies) out.push(EMPTY_DENY_POLICY);
  return out;
}

/** How many entries with distinct untils fit one policy, for the docs and the "cannot grow" warning. */
export function entriesPerPolicy(sampleUntil = "2026-01-01T00:00:00Z"): number {
  const id = (n: number) => `9a1b2c3d4e-${String(n).padStart(8, "0")}-1111-2222-3333-444455556666`;
  let n = 0;
  while (doc(statements(Array.from({ length: n + 1 }, (_, i) => ({ userId: id(i), until: new Date(Date.parse(sampleUntil) + i * 60_000).toISOString().replace(/\.000Z$/, "Z") })))).length <= SCP_MAX_CHARS) n++;
  return n;
}

export class DenyPolicyFormatError extends Error {}

/**
 * Reads the entries back from a deny-list policy this code wrote. Anything else (a statement
 * edited by hand, an unknown condition) is an error: the revoker never overwrites what it cannot read.
 */
export function parseDenyPolicy(content: string, policyName: string): StoredEntry[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    throw new DenyPolicyFormatError(`policy ${policyName} is not JSON`);
  }
  const list = (parsed as { Statement?: unknown }).Statement;
  const stmts = Array.isArray(list) ? list : list ? [list] : [];
  const out: StoredEntry[] = [];
  for (const s of stmts as Array<Record<string, unknown>>) {
    const cond = (s.Condition ?? {}) as Record<string, Record<string, unknown>>;
    const ids = cond.StringEquals?.[CONDITION_KEY];
    if (s.Effect !== "Deny" || s.Action !== "*" || ids === undefined) throw new DenyPolicyFormatError(`policy ${policyName} has a statement the revoker did not write (${String(s.Sid ?? "no Sid")}): fix it by hand first`);
    if (ids === EMPTY_ID) continue;
    const until = cond.DateLessThan?.["aws:CurrentTime"];
    if (typeof until !== "string" || Number.isNaN(Date.parse(until))) throw new DenyPolicyFormatError(`policy ${policyName}: statement ${String(s.Sid)} has no valid aws:CurrentTime limit`);
    for (const id of Array.isArray(ids) ? ids : [ids]) {
      if (typeof id !== "string" || !USER_ID.test(id)) throw new DenyPolicyFormatError(`policy ${policyName}: "${String(id)}" is not an Identity Store user id`);
      out.push({ userId: id, until });
    }
  }
  return out;
}
