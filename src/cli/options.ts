// Option definitions that are also the usage text: each option says its value and what it does,
// and defineCommand generates the synopsis and the option list from them, parses argv strictly,
// and ends the command through the one error-to-exit-code map (errors.ts, via withUsage).
import type { Command } from "./command.js";
import { parseOptions, withUsage } from "./args.js";

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

export interface CommandSpec<O extends OptionDefs> {
  name: string;
  summary: string;
  /** What the command does, in prose (between the synopsis and the options). */
  description: string;
  options: O;
  /** The exit codes, in words. */
  exit: string;
  run(opts: OptionValues<O>): Promise<number>;
}

function flag(name: string, def: OptionDef): string {
  const text = def.type === "boolean" ? `--${name}` : `--${name} ${def.value ?? "VALUE"}`;
  const shown = def.multiple ? `${text} ...` : text;
  return def.required ? shown : `[${shown}]`;
}

/** The usage text of a command: synopsis, description, one entry per option, exit codes. */
export function usageText<O extends OptionDefs>(spec: Pick<CommandSpec<O>, "name" | "description" | "options" | "exit">): string {
  const entries = Object.entries(spec.options);
  const synopsis = `usage: access ${spec.name} ${entries.map(([n, d]) => flag(n, d)).join(" ")}`.trimEnd();
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

export function defineCommand<const O extends OptionDefs>(spec: CommandSpec<O>): Command {
  const usage = usageText(spec);
  const config = Object.fromEntries(Object.entries(spec.options).map(([n, d]) => [n, { type: d.type, ...(d.multiple ? { multiple: true } : {}) }]));
  return {
    summary: spec.summary,
    usage,
    run: (argv) => withUsage(usage, () => spec.run(parseOptions(argv, config as Parameters<typeof parseOptions>[1]) as OptionValues<O>)),
  };
}
