// What an IAM action pattern can match. IAM compares actions case-insensitively and lets `*`
// match any run of characters and `?` any one character, across the ":" too: `iam:**`, `iam:?*`,
// `i*`, `*:*` all match every IAM action. Privilege (privilege.ts) is decided by matching
// patterns against the real action catalogue, never by comparing strings.

/** Does `pattern` match `text` (IAM wildcard semantics, case-insensitive)? Linear-time greedy matcher. */
export function wildcardMatch(pattern: string, text: string): boolean {
  const p = pattern.toLowerCase();
  const t = text.toLowerCase();
  let pi = 0;
  let ti = 0;
  let star = -1;
  let mark = 0;
  while (ti < t.length) {
    if (pi < p.length && (p[pi] === "?" || p[pi] === t[ti])) {
      pi++;
      ti++;
    } else if (pi < p.length && p[pi] === "*") {
      star = pi++;
      mark = ti;
    } else if (star !== -1) {
      pi = star + 1;
      ti = ++mark;
    } else return false;
  }
  while (pi < p.length && p[pi] === "*") pi++;
  return pi === p.length;
}
