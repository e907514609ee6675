// ISO-8601 durations as used by the model (PT1H, PT90M, P1D, P1DT2H): enough to compare them.
const PATTERN = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/** Seconds in the duration, or undefined when it is not a day/time duration we understand. */
export function durationSeconds(iso: string): number | undefined {
  const m = PATTERN.exec(iso);
  if (!m || iso === "P" || iso.endsWith("T")) return undefined;
  const [d, h, min, s] = m.slice(1).map((v) => Number(v ?? 0));
  return ((d! * 24 + h!) * 60 + min!) * 60 + s!;
}

/** True when `a` is strictly longer than `b`; false when either cannot be read. */
export function longerThan(a: string, b: string): boolean {
  const sa = durationSeconds(a);
  const sb = durationSeconds(b);
  return sa !== undefined && sb !== undefined && sa > sb;
}
