// What an IAM action pattern can match. IAM compares actions case-insensitively and lets `*`
// match any run of characters and `?` any one character, across the ":" too: `iam:**`, `iam:?*`,
// `i*`, `*:*` all match every IAM action. Privilege is decided by what a statement can match,
// never by comparing strings.

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

/**
 * Do the patterns together match `prefix` followed by ANY non-empty action name, including
 * actions AWS adds later? Simulates each pattern over `prefix`, then asks whether what is left of
 * the patterns accepts every non-empty string. A remainder holding a literal character cannot
 * (a name made of other characters escapes it), so only remainders of `*` and `?` count: one
 * with a `*` and q `?` accepts every length >= q, one without accepts exactly length q.
 */
export function coversEveryActionOf(patterns: readonly string[], prefix: string): boolean {
  const pre = prefix.toLowerCase();
  let minStarred = Infinity;
  const exact = new Set<number>();
  for (const raw of patterns) {
    const p = raw.toLowerCase();
    for (const rest of remaindersAfter(p, pre)) {
      if (/[^*?]/.test(rest)) continue;
      const q = rest.replace(/\*/g, "").length;
      if (rest.includes("*")) minStarred = Math.min(minStarred, q);
      else exact.add(q);
    }
  }
  if (minStarred === Infinity) return false;
  for (let n = 1; n < minStarred; n++) if (!exact.has(n)) return false;
  return true;
}

/** The pattern suffixes left after matching all of `text` (NFA simulation over pattern positions). */
function remaindersAfter(p: string, text: string): string[] {
  let states = closure(new Set([0]), p);
  for (const ch of text) {
    const next = new Set<number>();
    for (const i of states) {
      if (i >= p.length) continue;
      if (p[i] === "*") next.add(i); // * consumes ch and stays
      else if (p[i] === "?" || p[i] === ch) next.add(i + 1);
    }
    states = closure(next, p);
    if (states.size === 0) return [];
  }
  return [...states].map((i) => p.slice(i));
}

/** A `*` may also match nothing: add the positions after it. */
function closure(states: Set<number>, p: string): Set<number> {
  const out = new Set(states);
  for (const i of [...out].sort((a, b) => a - b)) {
    let j = i;
    while (j < p.length && p[j] === "*") out.add(++j);
  }
  return out;
}
