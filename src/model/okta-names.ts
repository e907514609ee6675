// Names the okta stack derives from the model, within Okta's limits.

/** Okta's limit on a group rule name; the provider refuses a longer one at plan time (in runes). */
export const GROUP_RULE_NAME_MAX = 50;

/**
 * `<users group>: pushed groups[ <bucket>]`, the users group cut so the whole name fits Okta's 50
 * characters. The cut never splits a character (a lone surrogate would reach Okta as U+FFFD); it
 * counts UTF-16 units, never fewer than the provider's runes. Names stay unique (the bucket is in
 * the suffix) and stable (they change only with the users group or the bucket).
 */
export function groupRuleName(usersGroup: string, bucket?: string): string {
  const suffix = bucket === undefined ? ": pushed groups" : `: pushed groups ${bucket}`;
  const room = GROUP_RULE_NAME_MAX - suffix.length;
  if (room < 1) throw new Error(`bucket ${JSON.stringify(bucket)} leaves no room for the users group in a group rule name`);
  let prefix = "";
  for (const ch of usersGroup) {
    if (prefix.length + ch.length > room) break;
    prefix += ch;
  }
  return prefix + suffix;
}
