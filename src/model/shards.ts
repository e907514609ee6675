// Which Terraform stack holds what on the Identity Center side. With one shard the layout is
// monolithic: the `identity-center` stack holds permission sets and every assignment. With more,
// `identity-center` keeps permission sets, their policies and nothing per account, and each
// account's assignments live in the shard stack its id hashes to. The hash depends only on the
// account id and the shard count, so adding or removing accounts never moves another account.
import type { AccountId } from "./types.js";

export const BASE_STACK = "identity-center";
export const DEFAULT_ASSIGNMENT_SHARDS = 64;
export const MAX_ASSIGNMENT_SHARDS = 256;

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
export function shardOf(accountId: AccountId, shardCount: number): number {
  if (!Number.isInteger(shardCount) || shardCount < 1) throw new Error(`shard count must be a positive integer, got ${shardCount}`);
  return fnv1a(accountId) % shardCount;
}

/** Stack name of a shard: `identity-center-shard-07` (zero-padded to the width of the count). */
export function shardStackName(shard: number, shardCount: number): string {
  const width = String(Math.max(shardCount - 1, 0)).length;
  return `${BASE_STACK}-shard-${String(shard).padStart(width, "0")}`;
}

/** The stack that holds an account's assignments: the base stack itself when not sharded. */
export function assignmentStackOf(accountId: AccountId, shardCount: number): string {
  return shardCount <= 1 ? BASE_STACK : shardStackName(shardOf(accountId, shardCount), shardCount);
}
