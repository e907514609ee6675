import { writeFileSync } from "node:fs";
import { modelJsonSchema } from "../../model/index.js";
import type { Command } from "../command.js";
import { parseOptions, withUsage } from "../args.js";

const USAGE = `usage: access schema [--out FILE]

Prints the JSON Schema of a model file (generated from the validator's own schema), or writes it
to FILE. Editors use it through the "# yaml-language-server: $schema=..." line.`;

export function schemaText(): string {
  return JSON.stringify(modelJsonSchema(), null, 2) + "\n";
}

export const command: Command = {
  summary: "print or write the JSON Schema of the model files",
  usage: USAGE,
  run: (argv) =>
    withUsage(USAGE, async () => {
      const opts = parseOptions(argv, { out: { type: "string" } });
      if (opts.out) writeFileSync(opts.out, schemaText());
      else process.stdout.write(schemaText());
      return 0;
    }),
};
