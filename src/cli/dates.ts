// The one parser for the dates the commands take (--today, --base-today, --head-today and
// $ACCESS_TODAY, $ACCESS_BASE_TODAY): YYYY-MM-DD that is a day of the calendar. A finer instant
// (an hour-precision --now) belongs here too, beside parseDay.
import type { PairDates } from "../diff/load-pair.js";
import { EnvironmentError, UsageError } from "./errors.js";

/** `value` as a calendar day, or a UsageError naming `label` (an option or variable). */
export function parseDay(label: string, value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new UsageError(`${label} must be YYYY-MM-DD (got "${value}")`);
  // 2027-02-30 has the shape but is no day: Date would roll it over to March.
  const day = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== value) throw new UsageError(`${label} ${value} is not a calendar date`);
  return value;
}

/** --option, else the environment variable, as a calendar day; undefined when neither is set. */
export function dayOption(option: string, value: string | undefined, envName: string): string | undefined {
  if (value) return parseDay(`--${option}`, value);
  const env = process.env[envName] || undefined;
  try {
    return env === undefined ? undefined : parseDay(envName, env);
  } catch (err) {
    throw err instanceof UsageError ? new EnvironmentError(err.message) : err;
  }
}

/** --today, else $ACCESS_TODAY: the YYYY-MM-DD used for expiry; undefined means today (UTC). */
export function todayOption(value: string | undefined): string | undefined {
  return dayOption("today", value, "ACCESS_TODAY");
}

/** A day option that falls back to another day (e.g. --base-today to --today). */
export function dayOr(option: string, value: string | undefined, fallback: string | undefined): string | undefined {
  return value === undefined ? fallback : parseDay(`--${option}`, value);
}

/** --base-today/--head-today, each falling back to --today, then $ACCESS_TODAY, then today (UTC). */
export function pairDates(opts: { today?: string; "base-today"?: string; "head-today"?: string }): PairDates {
  const both = todayOption(opts.today);
  const base = dayOr("base-today", opts["base-today"], both);
  const head = dayOr("head-today", opts["head-today"], both);
  return { ...(base ? { base } : {}), ...(head ? { head } : {}) };
}
