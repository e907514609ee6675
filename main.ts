// `npm run synth`: load, validate and resolve the access model, then write every stack (okta, the
// identity-center base and its assignment shards, listed in apply order) to
// cdktf.out. The model folder is $ACCESS_MODEL_DIR or ./access-model; $ACCESS_NOW (an instant such as
// 2027-01-05T18:00Z) or $ACCESS_TODAY (YYYY-MM-DD, or an hour) fixes "now" for expiry. An invalid model prints its findings and writes nothing.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { formatFindings, loadModel } from "./src/model/index.js";
import { formatSummary, synthesize } from "./stacks/app.js";
import { modelDirOption, todayOption, UsageError } from "./src/cli/args.js";

const OUTDIR = "cdktf.out";

function main(): number {
  const dir = modelDirOption(undefined);
  let today: string | undefined;
  try {
    today = todayOption(undefined);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`${err.message}\n`);
    return 1;
  }
  const { model, findings } = loadModel(dir, today ? { today } : undefined);
  const errors = findings.filter((f) => f.severity === "error");
  const warnings = findings.filter((f) => f.severity === "warning");
  if (warnings.length > 0) process.stderr.write(`${formatFindings(warnings, "text")}\n`);
  if (errors.length > 0 || !model) {
    process.stderr.write(`${formatFindings(errors, "text")}\n`);
    process.stderr.write(`synth: the model in ${dir} is invalid (${errors.length} error(s)); nothing was written to ${OUTDIR}\n`);
    return 1;
  }
  const summary = synthesize(model, OUTDIR);
  // A stack left out (Okta placeholders) must not leave an older synthesis of it behind.
  for (const skipped of summary.skipped) rmSync(join(OUTDIR, "stacks", skipped.name), { recursive: true, force: true });
  process.stdout.write(`${formatSummary(summary)}\n`);
  return 0;
}

process.exitCode = main();
