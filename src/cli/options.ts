// Option definitions that are also the usage text: each option says its value and what it does,
// and defineCommand generates the synopsis and the option list from them, parses argv strictly,
// and ends the command through the one error-to-exit-code map (errors.ts).
import { parseArgs } from "node:util";
import type { Command } from "./command.js";
import { ending, UsageError } from "./errors.js";

export interface OptionDef {
  type: "string" | "boolean";
  multiple?: boolean;
  /** What the value looks like in the synopsis: DIR, FILE, text|json. */
  value?: string;
  /** Shown without brackets in the synopsis (checked by the command). */
  required?: boolean;
  /** One or more lines; continuation lines are indented under the first. */
  help: string;
}

export type OptionDefs = Record<string, OptionDef>;

export type OptionValues<O extends OptionDefs> = {
  [K in keyof O]?: O[K]["type"] extends "boolean" ? boolean : O[K]["multiple"] extends true ? string[] : string;
};

/** The one word the command takes before or among its options: a sub-command (`accounts sync`) or a value (`person <login>`). */
export interface OperandDef {
  /** As in the synopsis: sync, <login>. */
  value: string;
  /** The words it may be (sub-commands); any one value when absent. */
  choices?: readonly string[];
  /** The usage error when it is missing. */
  missing: string;
}

export interface CommandSpec<O extends OptionDefs> {
  name: string;
  summary: string;
  /** What the command does, in prose (between the synopsis and the options). */
  description: string;
  operand?: OperandDef;
  options: O;
  /** The exit codes, in words. */
  exit: string;
  /** `operand` is the operand's value; "" for a command without one. */
  run(opts: OptionValues<O>, operand: string): Promise<number>;
}

function flag(name: string, def: OptionDef): string {
  const text = def.type === "boolean" ? `--${name}` : `--${name} ${def.value ?? "VALUE"}`;
  const shown = def.multiple ? `${text} ...` : text;
  return def.required ? shown : `[${shown}]`;
}

/** The usage text of a command: synopsis, description, one entry per option, exit codes. */
export function usageText<O extends OptionDefs>(spec: Pick<CommandSpec<O>, "name" | "description" | "options" | "exit" | "operand">): string {
  const entries = Object.entries(spec.options);
  const synopsis = ["usage: access", spec.name, ...(spec.operand ? [spec.operand.value] : []), ...entries.map(([n, d]) => flag(n, d))].join(" ");
  const heads = entries.map(([n, d]) => (d.type === "boolean" ? `--${n}` : `--${n} ${d.value ?? "VALUE"}`));
  const width = Math.min(Math.max(0, ...heads.map((h) => h.length)) + 2, 24);
  const lines = entries.map(([, d], i) => {
    const head = heads[i]!;
    const [first, ...rest] = d.help.split("\n");
    const lead = head.length + 2 > width ? `  ${head}\n  ${" ".repeat(width)}${first}` : `  ${head.padEnd(width)}${first}`;
    return [lead, ...rest.map((l) => `  ${" ".repeat(width)}${l}`)].join("\n");
  });
  return [synopsis, "", spec.description, ...lines, ...(spec.exit ? [spec.exit] : [])].join("\n");
}

function parse<O extends OptionDefs>(argv: string[], spec: CommandSpec<O>): { opts: OptionValues<O>; operand: string } {
  const options = Object.fromEntries(Object.entries(spec.options).map(([n, d]) => [n, { type: d.type, ...(d.multiple ? { multiple: true } : {}) }]));
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, strict: true, allowPositionals: spec.operand !== undefined });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  const opts = parsed.values as OptionValues<O>;
  if (!spec.operand) return { opts, operand: "" };
  const [operand, ...more] = parsed.positionals;
  if (!operand) throw new UsageError(spec.operand.missing);
  if (more.length > 0) throw new UsageError(`unexpected argument "${more[0]}" after ${operand}`);
  const { choices } = spec.operand;
  if (choices && !choices.includes(operand)) throw new UsageError(`unknown ${spec.name} subcommand "${operand}" (choose from ${choices.join(", ")})`);
  return { opts, operand };
}

/** Runs a command body; what it throws ends the command as errors.ts says (usage errors exit 2 with the usage). */
async function withUsage(name: string, usage: string, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (err) {
    const end = ending(err, name, usage);
    if (!end) throw err;
    if (end.message) process.stderr.write(end.message);
    return end.code;
  }
}

export function defineCommand<const O extends OptionDefs>(spec: CommandSpec<O>): Command {
  const usage = usageText(spec);
  return {
    summary: spec.summary,
    usage,
    options: spec.options,
    ...(spec.operand ? { operand: spec.operand } : {}),
    run: (argv) =>
      withUsage(spec.name, usage, () => {
        const { opts, operand } = parse(argv, spec);
        return spec.run(opts, operand);
      }),
  };
}
