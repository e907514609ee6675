// Minimal, strict option parsing on node:util's parseArgs, shared by every command.
import { parseArgs, type ParseArgsConfig } from "node:util";
import { ending, UsageError } from "./errors.js";

export { UsageError } from "./errors.js";
export { todayOption } from "./dates.js";

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

/** Runs a command body; what it throws ends the command as src/cli/errors.ts says (usage errors exit 2 with the usage). */
export async function withUsage(usage: string, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (err) {
    const end = ending(err, /^usage: access (\S+)/.exec(usage)?.[1] ?? "", usage);
    if (!end) throw err;
    if (end.message) process.stderr.write(end.message);
    return end.code;
  }
}

export const DEFAULT_MODEL_DIR = "access-model";

/** --model, else $ACCESS_MODEL_DIR, else ./access-model. */
export function modelDirOption(value: string | undefined): string {
  return value || process.env.ACCESS_MODEL_DIR || DEFAULT_MODEL_DIR;
}
