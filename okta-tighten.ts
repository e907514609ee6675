// `npm run synth:okta-tighten -- BASE_MODEL_DIR`: writes the okta stack of the tighten phase to
// cdktf.out.tighten/stacks/okta (same stack name, so the same state as the final okta stack). It
// is the okta model at least as strict as both the base (what is live) and the head model: apply
// it before identity-center, and the final okta stack (cdktf.out/stacks/okta) after. Without a
// base model folder (the first apply) it is the head model. See src/model/phases.ts.
// The base is resolved as okta last applied it (ACCESS_BASE_TODAY, src/cli/phase-models.ts): a
// grant that expired since still made its group privileged there, so the tighten phase keeps that
// group strong until identity-center revokes it.
import { App } from "cdktf";
import { loadPhaseModels } from "./src/cli/phase-models.js";
import { tightenModel } from "./src/model/phases.js";
import { installLockFiles } from "./stacks/lock-files.js";
import { OktaStack } from "./stacks/okta-stack.js";

export const TIGHTEN_OUTDIR = "cdktf.out.tighten";

function main(argv: string[]): number {
  const models = loadPhaseModels("synth:okta-tighten", argv);
  if (typeof models === "number") return models;
  const { base, head, baseDir, headDir } = models;
  const app = new App({ outdir: TIGHTEN_OUTDIR, skipValidation: true });
  new OktaStack(app, tightenModel(base, head));
  app.synth();
  installLockFiles(TIGHTEN_OUTDIR);
  process.stdout.write(`okta (tighten phase${base ? ` from ${baseDir} and ${headDir}` : `, no base: same as ${headDir}`}): ${TIGHTEN_OUTDIR}/stacks/okta/cdk.tf.json\n`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
