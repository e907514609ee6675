// What every `access` subcommand module exports as `command`; its own module so commands do not
// import the dispatcher (cli/main.ts) that loads them.
import type { OperandDef, OptionDefs } from "./options.js";

export interface Command {
  summary: string;
  /** Generated from `options` and `operand` by defineCommand (options.ts). */
  usage: string;
  options: OptionDefs;
  operand?: OperandDef;
  /** Returns the process exit code: 0 ok, 1 failed/invalid, 2 usage error. */
  run(argv: string[]): Promise<number>;
}
