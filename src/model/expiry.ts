// When a grant ends, and what "now" is. `expires` is either a day (YYYY-MM-DD: the last day the
// grant is valid, so it ends at the next midnight UTC) or an instant on the hour with its zone
// (2027-01-05T18:00Z: the grant ends at that instant). "Now" is an instant; a day given for it
// (--today, ACCESS_TODAY) means 00:00 UTC of that day, which keeps the daily logic unchanged.

const DAY_MS = 86_400_000;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:\d{2})?$/;

function realDay(y: string, m: string, d: string): number | undefined {
  const t = Date.UTC(Number(y), Number(m) - 1, Number(d));
  return new Date(t).toISOString().slice(0, 10) === `${y}-${m}-${d}` ? t : undefined;
}

/** Epoch milliseconds of a written instant with zone, or why it is not one. */
function readInstant(text: string): { ms: number } | { problem: string } {
  const m = INSTANT.exec(text);
  if (!m) return { problem: "must be a day (YYYY-MM-DD) or an instant with its zone such as 2027-01-05T18:00Z" };
  const [, y, mo, d, h, mi, s, zone] = m;
  if (zone === undefined) {
    return { problem: `has no time zone: write it in UTC with a Z (e.g. ${y}-${mo}-${d}T${h}:${mi}Z) or with an offset such as +01:00` };
  }
  const day = realDay(y!, mo!, d!);
  if (day === undefined) return { problem: "is not a real calendar date" };
  if (Number(h) > 23 || Number(mi) > 59 || Number(s ?? 0) > 59) return { problem: "is not a real time of day" };
  let offset = 0;
  if (zone !== "Z") {
    const [oh, om] = zone.slice(1).split(":").map(Number);
    if (oh! > 14 || om! > 59) return { problem: `has an impossible offset ${zone}` };
    offset = (zone.startsWith("-") ? -1 : 1) * (oh! * 60 + om!) * 60_000;
  }
  return { ms: day + Number(h) * 3_600_000 + Number(mi) * 60_000 + Number(s ?? 0) * 1000 - offset };
}

/** What is wrong with an `expires` value, or undefined when it is a real day or an instant on the hour with a zone. */
export function expiresProblem(text: string): string | undefined {
  const day = DAY.exec(text);
  if (day) return realDay(day[1]!, day[2]!, day[3]!) === undefined ? "not a real calendar date" : undefined;
  const read = readInstant(text);
  if ("problem" in read) return `expires ${read.problem}`;
  if (read.ms % 3_600_000 !== 0) {
    return `expires must be on the hour (grants end on an hour; the expiry run is hourly): write e.g. ${canonicalInstant(read.ms - (read.ms % 3_600_000))}`;
  }
  return undefined;
}

/** The one spelling of a valid `expires`: a day as written, an instant as YYYY-MM-DDTHH:00Z (UTC). */
export function canonicalExpires(text: string): string {
  if (DAY.test(text)) return text;
  const read = readInstant(text);
  return "ms" in read ? canonicalInstant(read.ms) : text;
}

function canonicalInstant(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16)}Z`;
}

/** True for an `expires` that names an hour rather than a whole day. */
export function isHourExpiry(expires: string): boolean {
  return !DAY.test(expires);
}

/** The instant (epoch ms) a grant stops being valid: the midnight after its day, or its instant. */
export function expiryEnd(expires: string): number {
  const day = DAY.exec(expires);
  if (day) return Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3])) + DAY_MS;
  const read = readInstant(expires);
  if ("problem" in read) throw new Error(`not an expiry: ${expires}`);
  return read.ms;
}

/** The instant a revoked grant has been revoked since, as text (a day, or YYYY-MM-DDTHH:00Z). */
export function revokedSince(expires: string): string {
  const end = expiryEnd(expires);
  return isHourExpiry(expires) ? canonicalInstant(end) : new Date(end).toISOString().slice(0, 10);
}

/** True when the grant has ended at `now` (epoch ms). */
export function hasExpired(expires: string, now: number): boolean {
  return expiryEnd(expires) <= now;
}

/** The later-ending of two expiries; undefined (never) when either never expires. */
export function laterExpiry(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined || b === undefined) return undefined;
  return expiryEnd(a) >= expiryEnd(b) ? a : b;
}

/**
 * Reads "now" as given to the CLI: a day (00:00 UTC of it) or an instant with a zone, at any
 * minute. Returns epoch ms, or a message saying what is wrong.
 */
export function readMoment(text: string): { ms: number } | { problem: string } {
  const day = DAY.exec(text);
  if (day) {
    const t = realDay(day[1]!, day[2]!, day[3]!);
    return t === undefined ? { problem: `${text} is not a calendar date` } : { ms: t };
  }
  const read = readInstant(text);
  return "problem" in read ? { problem: `${text} ${read.problem}` } : read;
}

/** The UTC day (YYYY-MM-DD) an instant falls on. */
export function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** An instant as YYYY-MM-DDTHH:MMZ (UTC). */
export function instantText(ms: number): string {
  return canonicalInstant(ms);
}
