// Every registered command's usage is generated from its option definitions (defineCommand): its
// --help lists exactly the flags it parses, each with an entry saying what it does.
import { describe, expect, it, vi } from "vitest";
import { COMMANDS, main } from "../../src/cli/main.js";

async function help(name: string): Promise<string> {
  let out = "";
  const spy = vi.spyOn(process.stdout, "write").mockImplementation(((text: string) => ((out += text), true)) as typeof process.stdout.write);
  try {
    expect(await main([name, "--help"])).toBe(0);
  } finally {
    spy.mockRestore();
  }
  return out;
}

describe("the command registry", () => {
  for (const name of Object.keys(COMMANDS)) {
    it(`access ${name} --help is generated from the options it parses`, async () => {
      const { command } = await COMMANDS[name]!();
      const text = await help(name);
      expect(text).toBe(`${command.usage}\n`);
      const synopsis = text.slice(0, text.indexOf("\n\n"));
      expect(synopsis.startsWith(`usage: access ${name} ${command.operand ? `${command.operand.value} ` : ""}`)).toBe(true);
      const flags = Object.keys(command.options);
      expect(new Set(synopsis.match(/--[a-z][a-z-]*/g) ?? [])).toEqual(new Set(flags.map((f) => `--${f}`)));
      for (const flag of flags) expect(text).toMatch(new RegExp(`^  --${flag}( |$)`, "m"));
    });
  }
});
