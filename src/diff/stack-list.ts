// Stack names for people: a long run of shards reads as one range, so 100 skipped shards take a
// line, not a page.

/** "`okta`, `identity-center-shard-00` … `identity-center-shard-07`, `identity-center-shard-09`" */
export function compactStackList(input: readonly string[]): string {
  const names = input.map((n) => n.replace(/`/g, "'"));
  const parts: string[] = [];
  let run: { prefix: string; width: number; from: number; to: number; first: string; last: string } | undefined;
  const flush = () => {
    if (!run) return;
    if (run.to === run.from) parts.push(`\`${run.first}\``);
    else if (run.to === run.from + 1) parts.push(`\`${run.first}\``, `\`${run.last}\``);
    else parts.push(`\`${run.first}\` … \`${run.last}\``);
    run = undefined;
  };
  for (const name of names) {
    const m = /^(.*-shard-)(\d+)$/.exec(name);
    if (m) {
      const [, prefix, digits] = m as unknown as [string, string, string];
      const n = Number(digits);
      if (run && run.prefix === prefix && run.width === digits.length && n === run.to + 1) {
        run.to = n;
        run.last = name;
        continue;
      }
      flush();
      run = { prefix, width: digits.length, from: n, to: n, first: name, last: name };
      continue;
    }
    flush();
    parts.push(`\`${name}\``);
  }
  flush();
  return parts.join(", ");
}
