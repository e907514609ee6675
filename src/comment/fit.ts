// Keeps a comment under a size limit by shrinking foldable parts, never the required ones.
// A foldable part is a list of items (lines or small blocks) between a fixed prefix and suffix;
// shrinking drops whole items and says how many were cut, so Markdown structure stays intact.

export interface Foldable {
  prefix: string;
  items: string[];
  suffix: string;
  /** What the items are, for the note: e.g. "lines of the identity-center Terraform changes". */
  what: string;
  /** Which items to keep when cutting: the first ones, or the first and the last ones. */
  keep: "head" | "middle";
  /** Where the cut marker goes inside the kept items (e.g. a line in a code block). */
  marker?: (cut: number) => string;
}

export const GITHUB_COMMENT_LIMIT = 65_536;

function fmt(n: number): string {
  return n.toLocaleString("en-US");
}

export function cutNote(part: Foldable, cut: number): string {
  return `_Cut ${fmt(cut)} of ${fmt(part.items.length)} ${part.what} to stay under GitHub's ${fmt(GITHUB_COMMENT_LIMIT)}-character comment limit; the full text is in the workflow run's log and artifacts._`;
}

export function renderFull(part: Foldable): string {
  return `${part.prefix}${part.items.join("\n")}${part.suffix}`;
}

/** The part rendered in at most `budget` characters (best effort when even the note is longer). */
export function renderWithin(part: Foldable, budget: number): string {
  const full = renderFull(part);
  if (full.length <= budget) return full;
  const worstNote = `\n\n${cutNote(part, part.items.length)}`;
  const worstMarker = part.marker ? part.marker(part.items.length).length + 1 : 0;
  let room = budget - part.prefix.length - part.suffix.length - worstNote.length - worstMarker;
  if (room <= 0) return cutNote(part, part.items.length);

  const head: string[] = [];
  const tail: string[] = [];
  let i = 0;
  let j = part.items.length - 1;
  let takeHead = true;
  while (i <= j) {
    const fromHead = part.keep === "head" || takeHead;
    const item = fromHead ? part.items[i]! : part.items[j]!;
    if (item.length + 1 > room) break;
    room -= item.length + 1;
    if (fromHead) head.push(part.items[i++]!);
    else tail.unshift(part.items[j--]!);
    // Keep about two thirds from the head and one third from the tail.
    if (part.keep === "middle") takeHead = head.length < 2 * (tail.length + 1);
  }
  const cut = part.items.length - head.length - tail.length;
  const kept = [...head, ...(part.marker ? [part.marker(cut)] : []), ...tail];
  return `${part.prefix}${kept.join("\n")}${part.suffix}\n\n${cutNote(part, cut)}`;
}

/**
 * Budgets for the foldable parts so that together they take at most `budget` characters: small
 * parts keep everything, the longest parts share what is left equally (water-filling).
 */
export function shareBudget(lengths: readonly number[], budget: number): number[] {
  const order = lengths.map((len, i) => ({ len, i })).sort((a, b) => a.len - b.len);
  const shares = new Array<number>(lengths.length).fill(0);
  let left = Math.max(0, budget);
  order.forEach(({ len, i }, k) => {
    const fair = Math.floor(left / (order.length - k));
    shares[i] = Math.min(len, fair);
    left -= shares[i]!;
  });
  return shares;
}
