// One string order for everything the product sorts: UTF-16 code units, independent of locale,
// which is also the order JSON writers keep. Stable output (Terraform JSON, diffs, findings)
// depends on every sort using it.
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sorts [key, value] entries by key. */
export function byKey<T>([a]: readonly [string, T], [b]: readonly [string, T]): number {
  return cmp(a, b);
}
