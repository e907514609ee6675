// The one parser for the moments the commands take (--now, --today, --base-today, --head-today and
// $ACCESS_NOW, $ACCESS_TODAY, $ACCESS_BASE_TODAY): a day of the calendar (YYYY-MM-DD: 00:00 UTC of
// it) or an instant with its zone (2027-01-05T18:00Z), as the hourly expiry run passes. Expiry is
// judged at that moment (src/model/expiry.ts).
import type { PairDates } from "../diff/load-pair.js";
import { readMoment } from "../model/expiry.js";
import { EnvironmentError, UsageError } from "./errors.js";

/** `text` when it is a day or an instant with its zone; else a UsageError naming `label` (an option or variable). */
export function momentText(label: string, text: string): string {
  if (!/^\d{4}-\d{2}-\d{2}(T|$)/.test(text)) {
    throw new UsageError(`${label} must be YYYY-MM-DD or an instant with its zone such as 2027-01-05T18:00Z (got "${text}")`);
  }
  // 2027-02-30 has the shape but is no day: Date would roll it over to March.
  const read = readMoment(text);
  if ("problem" in read) throw new UsageError(`${label} ${read.problem}`);
  return text;
}

/** --option, else the first environment variable set, as a moment; undefined when none is set. */
export function momentOption(option: string, value: string | undefined, ...envNames: string[]): string | undefined {
  if (value) return momentText(`--${option}`, value);
  const envName = envNames.find((n) => process.env[n]);
  if (envName === undefined) return undefined;
  try {
    return momentText(envName, process.env[envName]!);
  } catch (err) {
    throw err instanceof UsageError ? new EnvironmentError(err.message) : err;
  }
}

/**
 * The moment expiry is judged at: --now, else --today, else $ACCESS_NOW, else $ACCESS_TODAY;
 * undefined means the current time.
 */
export function todayOption(value: string | undefined, now?: string): string | undefined {
  if (now) return momentText("--now", now);
  return momentOption("today", value, "ACCESS_NOW", "ACCESS_TODAY");
}

/** A moment option that falls back to another (e.g. --base-today to --today). */
export function dayOr(option: string, value: string | undefined, fallback: string | undefined): string | undefined {
  return value === undefined ? fallback : momentText(`--${option}`, value);
}

/** --base-today/--head-today, each falling back to --now/--today, then $ACCESS_NOW/$ACCESS_TODAY, then now. */
export function pairDates(opts: { today?: string; now?: string; "base-today"?: string; "head-today"?: string }): PairDates {
  const both = todayOption(opts.today, opts.now);
  const base = dayOr("base-today", opts["base-today"], both);
  const head = dayOr("head-today", opts["head-today"], both);
  return { ...(base ? { base } : {}), ...(head ? { head } : {}) };
}
