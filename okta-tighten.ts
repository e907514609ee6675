// `npm run synth:okta-tighten -- BASE_MODEL_DIR`: writes the okta stack of the tighten phase to
// cdktf.out.tighten/stacks/okta (same stack name, so the same state as the final okta stack). It
// is the okta model at least as strict as both the base (what is live) and the head model: apply
// it before identity-center, and the final okta stack (cdktf.out/stacks/okta) after. Without a
// base model folder (the first apply) it is the head model. See src/model/phases.ts.
// ACCESS_TODAY resolves the head; ACCESS_BASE_TODAY (the day the base was applied, when known)
// resolves the base as okta last applied it: a grant that expired since still made its group
// privileged there, so the tighten phase keeps that group strong until identity-center revokes it.
import { existsSync } from "node:fs";
import { App } from "cdktf";
import { formatFindings, loadModel } from "./src/model/index.js";
import { tightenModel } from "./src/model/phases.js";
import { modelDirOption, todayOption, UsageError } from "./src/cli/args.js";
import { installLockFiles } from "./stacks/lock-files.js";
import { OktaStack } from "./stacks/okta-stack.js";

export const TIGHTEN_OUTDIR = "cdktf.out.tighten";

function main(argv: string[]): number {
  const baseDir = argv[0];
  if (!baseDir || argv.length > 1) {
    process.stderr.write("usage: npm run synth:okta-tighten -- BASE_MODEL_DIR   (a folder that does not exist means: no base)\n");
    return 2;
  }
  let today: string | undefined;
  let baseToday: string | undefined;
  try {
    today = todayOption(undefined);
    const appliedOn = process.env.ACCESS_BASE_TODAY || undefined;
    baseToday = appliedOn === undefined ? today : todayOption(appliedOn);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`${err.message}\n`);
    return 2;
  }
  const headDir = modelDirOption(undefined);
  const head = loadModel(headDir, today ? { today } : undefined);
  if (!head.model) {
    process.stderr.write(`${formatFindings(head.findings.filter((f) => f.severity === "error"), "text")}\nsynth:okta-tighten: the model in ${headDir} is invalid\n`);
    return 1;
  }
  let base = undefined;
  if (existsSync(baseDir)) {
    const loaded = loadModel(baseDir, baseToday ? { today: baseToday } : undefined);
    if (!loaded.model) {
      // Without the live model the tighten phase cannot know what to keep: refuse rather than guess.
      process.stderr.write(`${formatFindings(loaded.findings.filter((f) => f.severity === "error"), "text")}\nsynth:okta-tighten: the base model in ${baseDir} is invalid; cannot order the okta phases\n`);
      return 1;
    }
    base = loaded.model;
  }
  const app = new App({ outdir: TIGHTEN_OUTDIR, skipValidation: true });
  new OktaStack(app, tightenModel(base, head.model));
  app.synth();
  installLockFiles(TIGHTEN_OUTDIR);
  process.stdout.write(`okta (tighten phase${base ? ` from ${baseDir} and ${headDir}` : `, no base: same as ${headDir}`}): ${TIGHTEN_OUTDIR}/stacks/okta/cdk.tf.json\n`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
