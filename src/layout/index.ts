// The stack layout: which Terraform stacks exist, what each holds, and the order they apply in.
// This module is the only place that knows stack names. With one shard the layout is monolithic:
// the `identity-center` stack holds permission sets and every assignment. With more,
// `identity-center` (the base) keeps permission sets, their policies and nothing per account, and
// each account's assignments live in the shard stack its id hashes to. The hash depends only on
// the account id and the shard count, so adding or removing accounts never moves another account.
// Pure data: no model, no CDKTF (src/model reads the caps from here).

export const OKTA_STACK = "okta";
export const BASE_STACK = "identity-center";
/** Present with organization.leavers: the deny list and the revoker, in the management account. */
export const REVOCATION_STACK = "revocation";
/** The AWS Organizations event rule (organization.onboarding.events): applied by hand, not by the workflows. */
export const ORG_EVENTS_STACK = "org-events";
/** Written only when the model has break_glass; applied by hand, never by the workflows. */
export const BREAK_GLASS_STACK = "break-glass";
const SHARD_PREFIX = `${BASE_STACK}-shard-`;

export const DEFAULT_ASSIGNMENT_SHARDS = 64;

/** GitHub Actions expands a matrix to at most 256 jobs; scripts/ci/stack-matrix.sh refuses more stacks. */
export const WORKFLOW_STACK_LIMIT = 256;
/** Stacks the workflows run besides the shards: okta, the base and the revocation stack. */
const FIXED_STACKS = 3;
/** The most shards whose every stack the plan and apply workflows can still run (253). */
export const MAX_ASSIGNMENT_SHARDS = WORKFLOW_STACK_LIMIT - FIXED_STACKS;

/**
 * What a stack holds. A draining stack is a shard of a previous layout that only forgets. The
 * revocation stack depends on no other stack: it applies beside the shards.
 */
export type StackKind = "okta" | "base" | "shard" | "revocation";

/** True when assignments live in shard stacks rather than in the base stack. */
export function isSharded(shardCount: number): boolean {
  return shardCount > 1;
}

/** FNV-1a (32 bit) of the account id: cheap, stable across runtimes and releases. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** The shard (0-based) of an account for a given shard count (>= 1). */
export function shardOf(accountId: string, shardCount: number): number {
  if (!Number.isInteger(shardCount) || shardCount < 1) throw new Error(`shard count must be a positive integer, got ${shardCount}`);
  return fnv1a(accountId) % shardCount;
}

/** Stack name of a shard: `identity-center-shard-07` (zero-padded to the width of the count). */
export function shardStackName(shard: number, shardCount: number): string {
  const width = String(Math.max(shardCount - 1, 0)).length;
  return `${SHARD_PREFIX}${String(shard).padStart(width, "0")}`;
}

/** The stack that holds an account's assignments: the base stack itself when not sharded. */
export function assignmentStackOf(accountId: string, shardCount: number): string {
  return isSharded(shardCount) ? shardStackName(shardOf(accountId, shardCount), shardCount) : BASE_STACK;
}

/** The shard stacks of a layout, by name (none when not sharded). */
export function shardStacks(shardCount: number): string[] {
  return isSharded(shardCount) ? Array.from({ length: shardCount }, (_, i) => shardStackName(i, shardCount)) : [];
}

/** Every Identity Center stack of a layout: the base, then each shard. */
export function identityCenterStacks(shardCount: number): string[] {
  return [BASE_STACK, ...shardStacks(shardCount)];
}

/** Every stack of a layout, in apply order: okta, the identity-center base, then the shards. */
export function layoutStacks(shardCount: number): string[] {
  return [OKTA_STACK, ...identityCenterStacks(shardCount)];
}

/** The kind of a stack by its name; undefined for a name no layout writes. */
export function stackKind(stack: string): StackKind | undefined {
  if (stack === OKTA_STACK) return "okta";
  if (stack === BASE_STACK) return "base";
  if (stack === REVOCATION_STACK) return "revocation";
  return /^identity-center-shard-\d+$/.test(stack) ? "shard" : undefined;
}

/** The folder under terraform/ with the provider pins and lock file of a stack. */
export function providerFolderOf(stack: string): string {
  const kind = stackKind(stack);
  // Every AWS-only stack shares the aws pins and lock file.
  return kind === "base" || kind === "shard" || kind === "revocation" || stack === ORG_EVENTS_STACK || stack === BREAK_GLASS_STACK ? BASE_STACK : stack;
}

/** Apply order: okta, then identity-center, then shards by name, then revocation; anything else last, by name. */
export function compareStacks(a: string, b: string): number {
  const RANK: Record<StackKind, number> = { okta: 0, base: 1, shard: 2, revocation: 3 };
  const rank = (s: string) => {
    const kind = stackKind(s);
    return kind ? RANK[kind] : 4;
  };
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * The stacks synthesis writes for a shard count and, while a layout change is under way, the
 * previous shard count (its stacks that the new layout lacks drain: they only forget), in apply order.
 */
export function synthesizedStacks(shardCount: number, previousShards?: number): string[] {
  const current = layoutStacks(shardCount);
  const draining = previousShards === undefined ? [] : identityCenterStacks(previousShards).filter((s) => !current.includes(s));
  return [...current, ...draining];
}

/** Written next to cdktf.out/manifest.json: what scripts/ci/stack-matrix.sh reads. */
export const LAYOUT_FILE = "layout.json";

/** The synthesized stacks for the workflows: name and kind, in apply order. */
export interface LayoutFile {
  stacks: Array<{ name: string; kind: StackKind }>;
}

export function layoutFile(stacks: readonly string[]): LayoutFile {
  return { stacks: stacks.map((name) => ({ name, kind: stackKind(name) ?? "shard" })) };
}
