// Minimal, strict option parsing on node:util's parseArgs, shared by every command.
import { parseArgs, type ParseArgsConfig } from "node:util";
import { readMoment } from "../model/expiry.js";

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

/**
 * The moment expiry is judged at: --now, else --today, else $ACCESS_NOW, else $ACCESS_TODAY;
 * undefined means the current time. Each may be a day (YYYY-MM-DD: 00:00 UTC of it) or an instant
 * with its zone (2027-01-05T18:00Z), as the hourly expiry run passes.
 */
export function todayOption(value: string | undefined, now?: string): string | undefined {
  const [name, text] = now
    ? ["--now", now]
    : value
      ? ["--today", value]
      : process.env.ACCESS_NOW
        ? ["ACCESS_NOW", process.env.ACCESS_NOW]
        : ["ACCESS_TODAY", process.env.ACCESS_TODAY || undefined];
  if (text === undefined) return undefined;
  return momentText(name, text);
}

/** `text` when it is a day or an instant with its zone; else a usage error naming `name`. */
export function momentText(name: string, text: string): string {
  if (!/^\d{4}-\d{2}-\d{2}(T|$)/.test(text)) {
    throw new UsageError(`${name} must be YYYY-MM-DD or an instant with its zone such as 2027-01-05T18:00Z (got "${text}")`);
  }
  // 2027-02-30 has the shape but is no day: Date would roll it over to March.
  const read = readMoment(text);
  if ("problem" in read) throw new UsageError(`${name} ${read.problem}`);
  return text;
}
