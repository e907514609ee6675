// Minimal, strict option parsing on node:util's parseArgs, shared by every command.
import { parseArgs, type ParseArgsConfig } from "node:util";

export class UsageError extends Error {}

export function parseOptions<T extends NonNullable<ParseArgsConfig["options"]>>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values;
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

export function oneOf<const V extends readonly string[]>(name: string, value: string | undefined, allowed: V, fallback: V[number]): V[number] {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`--${name} must be one of ${allowed.join(", ")} (got "${value}")`);
  }
  return value as V[number];
}

/** Wraps a command body so usage errors print the usage and exit 2. */
export async function withUsage(usage: string, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`access: ${err.message}\n${usage}\n`);
      return 2;
    }
    throw err;
  }
}

export const DEFAULT_MODEL_DIR = "access-model";

/** --model, else $ACCESS_MODEL_DIR, else ./access-model. */
export function modelDirOption(value: string | undefined): string {
  return value || process.env.ACCESS_MODEL_DIR || DEFAULT_MODEL_DIR;
}

/** --today, else $ACCESS_TODAY: the YYYY-MM-DD used for expiry; undefined means today (UTC). */
export function todayOption(value: string | undefined): string | undefined {
  const today = value || process.env.ACCESS_TODAY || undefined;
  if (today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(today)) {
    throw new UsageError(`${value ? "--today" : "ACCESS_TODAY"} must be YYYY-MM-DD (got "${today}")`);
  }
  // 2027-02-30 has the shape but is no day: Date would roll it over to March.
  const day = today === undefined ? undefined : new Date(`${today}T00:00:00Z`);
  if (today !== undefined && (Number.isNaN(day!.getTime()) || day!.toISOString().slice(0, 10) !== today)) {
    throw new UsageError(`${value ? "--today" : "ACCESS_TODAY"} ${today} is not a calendar date`);
  }
  return today;
}
