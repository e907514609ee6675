// Option values every command reads the same way.
import { UsageError } from "./errors.js";

export function oneOf<const V extends readonly string[]>(name: string, value: string | undefined, allowed: V, fallback: V[number]): V[number] {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`--${name} must be one of ${allowed.join(", ")} (got "${value}")`);
  }
  return value as V[number];
}

export const DEFAULT_MODEL_DIR = "access-model";

/** --model, else $ACCESS_MODEL_DIR, else ./access-model. */
export function modelDirOption(value: string | undefined): string {
  return value || process.env.ACCESS_MODEL_DIR || DEFAULT_MODEL_DIR;
}
