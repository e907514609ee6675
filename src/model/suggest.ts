// "Did you mean" without quadratic cost. A model with thousands of misspelled references must
// still validate in about linear time, so a Suggester indexes its candidates once, looks only
// at candidates whose length can be within the typo limit, stops comparing a pair as soon as it
// cannot beat the best so far, remembers answers, and spends at most a fixed budget of work in
// total: past it, errors are still reported, only without a suggestion.

/** Work (matrix cells) one Suggester may spend across all its queries. */
export const SUGGESTION_BUDGET = 4_000_000;

export class Suggester {
  private readonly byLength = new Map<number, { original: string; lower: string }[]>();
  private readonly exact = new Map<string, string>();
  private readonly memo = new Map<string, string | undefined>();
  private spent = 0;

  constructor(candidates: Iterable<string>, private readonly budget = SUGGESTION_BUDGET) {
    for (const c of candidates) {
      const lower = c.toLowerCase();
      if (this.exact.has(lower)) continue;
      this.exact.set(lower, c);
      const bucket = this.byLength.get(lower.length) ?? [];
      bucket.push({ original: c, lower });
      this.byLength.set(lower.length, bucket);
    }
  }

  /** The closest candidate when it is close enough to be a plausible typo. */
  suggest(input: string): string | undefined {
    const lower = input.toLowerCase();
    if (this.memo.has(lower)) return this.memo.get(lower);
    const answer = this.search(lower);
    if (this.memo.size < 100_000) this.memo.set(lower, answer);
    return answer;
  }

  private search(lower: string): string | undefined {
    const same = this.exact.get(lower);
    if (same !== undefined) return same;
    const n = lower.length;
    // A candidate of length m is acceptable at distance <= max(1, floor(max(n, m) / 3)), and the
    // distance is at least |n - m|: that bounds the lengths worth looking at.
    const lengths: number[] = [];
    for (let m = Math.max(0, n - Math.max(1, Math.floor(n / 3))); m <= Math.ceil(n * 1.5) + 1; m++) if (this.byLength.has(m)) lengths.push(m);
    lengths.sort((a, b) => Math.abs(a - n) - Math.abs(b - n) || a - b);
    let best: string | undefined;
    let bestScore = Infinity;
    for (const m of lengths) {
      if (Math.abs(m - n) >= bestScore) break;
      const limit = Math.max(1, Math.floor(Math.max(n, m) / 3));
      for (const c of this.byLength.get(m)!) {
        const bound = Math.min(limit, bestScore - 1);
        if (Math.abs(m - n) > bound) continue;
        if (this.spent >= this.budget) return best;
        const d = boundedDistance(lower, c.lower, bound, (cells) => (this.spent += cells));
        if (d <= bound && (d < bestScore || (d === bestScore && best !== undefined && c.original < best))) {
          bestScore = d;
          best = c.original;
          if (d === 1) return best;
        }
      }
    }
    return best;
  }
}

/** Levenshtein distance if it is <= bound, otherwise some value > bound; only a band is computed. */
export function boundedDistance(a: string, b: string, bound: number, charge: (cells: number) => void = () => {}): number {
  if (a === b) return 0;
  const n = a.length;
  const m = b.length;
  if (Math.abs(n - m) > bound) return bound + 1;
  const INF = bound + 1;
  let prev = new Array<number>(m + 1);
  let cur = new Array<number>(m + 1);
  for (let j = 0; j <= m; j++) prev[j] = j <= bound ? j : INF;
  for (let i = 1; i <= n; i++) {
    const lo = Math.max(1, i - bound);
    const hi = Math.min(m, i + bound);
    cur.fill(INF);
    cur[0] = i <= bound ? i : INF;
    let rowMin = cur[0]!;
    for (let j = lo; j <= hi; j++) {
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1));
      cur[j] = v > INF ? INF : v;
      if (v < rowMin) rowMin = v;
    }
    charge(hi - lo + 1);
    if (rowMin > bound) return INF;
    [prev, cur] = [cur, prev];
  }
  return prev[m]!;
}
