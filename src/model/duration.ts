// ISO-8601 durations as used by the model (PT1H, PT8H, P1D, PT30M).

const PATTERN = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/** Seconds in an ISO-8601 duration, or undefined when it is not one. */
export function durationSeconds(iso: string): number | undefined {
  const m = PATTERN.exec(iso);
  if (!m || iso === "P" || iso.endsWith("T")) return undefined;
  const [, d, h, min, s] = m.map((x) => (x === undefined ? 0 : Number(x)));
  return d! * 86_400 + h! * 3_600 + min! * 60 + s!;
}

export const HOUR = 3_600;

/** True when `a` is strictly longer than `b`; false when either cannot be read. */
export function longerThan(a: string, b: string): boolean {
  const sa = durationSeconds(a);
  const sb = durationSeconds(b);
  return sa !== undefined && sb !== undefined && sa > sb;
}
