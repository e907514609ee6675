// The errors a command ends with, and their exit codes, in one place: a misused command line
// exits 2 (with the usage), an invalid model or an unreadable input file exits 1. Commands throw;
// defineCommand (options.ts) reports and maps.
import { InputError } from "../comment/inputs.js";
import { ApprovalFormatError } from "../explain/approved.js";
import { PlanInputError } from "../explain/inputs.js";
import { PlanFormatError } from "../terraform/plan.js";

export class UsageError extends Error {}

/** A setting from the environment (e.g. ACCESS_TODAY) is malformed: bad input, not a misused command line. */
export class EnvironmentError extends Error {}

/** The model did not load; its findings are already on stderr. */
export class ModelInvalidError extends Error {}

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** How a command that threw ends: the exit code and what to print on stderr (undefined: rethrow). */
export function ending(err: unknown, command: string, usage: string): { code: number; message: string } | undefined {
  if (err instanceof UsageError) return { code: EXIT.usage, message: `access: ${err.message}\n${usage}\n` };
  if (err instanceof ModelInvalidError) return { code: EXIT.failed, message: "" };
  if (err instanceof InputError || err instanceof PlanInputError || err instanceof PlanFormatError || err instanceof ApprovalFormatError || err instanceof EnvironmentError) {
    return { code: EXIT.failed, message: `access ${command}: ${err.message}\n` };
  }
  return undefined;
}
