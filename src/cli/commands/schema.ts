import { writeFileSync } from "node:fs";
import { modelJsonSchema } from "../../model/index.js";
import { defineCommand } from "../options.js";

export function schemaText(): string {
  return JSON.stringify(modelJsonSchema(), null, 2) + "\n";
}

export const command = defineCommand({
  name: "schema",
  summary: "print or write the JSON Schema of the model files",
  description: `Prints the JSON Schema of a model file (generated from the validator's own schema), or writes it
to FILE. Editors use it through the "# yaml-language-server: $schema=..." line.`,
  options: {
    out: { type: "string", value: "FILE", help: "write the schema there instead of stdout" },
  },
  exit: "Exit 0 when written, 2 on usage errors.",
  run: async (opts) => {
    if (opts.out) writeFileSync(opts.out, schemaText());
    else process.stdout.write(schemaText());
    return 0;
  },
});
