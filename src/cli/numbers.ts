// The one parser for the numbers the commands take: shares (thresholds from 0 to 1), positive
// amounts (seconds) and whole counts (days).
import { UsageError } from "./errors.js";

/** A share from 0 to 1, e.g. --revoke-threshold 0.1. */
export function shareOption(option: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || n < 0 || n > 1) throw new UsageError(`--${option} must be a number from 0 to 1 (got "${value}")`);
  return n;
}

/** A number above 0, e.g. --timeout 600 (`unit` names it in the error: "seconds"). */
export function positiveOption(option: string, value: string | undefined, fallback: number, unit: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || n <= 0) throw new UsageError(`--${option} must be a positive number of ${unit} (got "${value}")`);
  return n;
}

/** A whole number from 0 up, e.g. --within 14. */
export function wholeOption(option: string, value: string | undefined, what: string): number {
  if (value === undefined || !/^\d+$/.test(value)) throw new UsageError(`--${option} ${what} is required (a whole number of ${what.toLowerCase()})`);
  return Number(value);
}
