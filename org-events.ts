// `npm run synth:org-events`: writes the org-events stack (stacks/org-events-stack.ts) to
// cdktf.out.org-events/stacks/org-events when organization.onboarding.events asks for it. Kept
// apart from cdktf.out: it lives in the management account and is applied once by hand with that
// account's credentials (docs/onboarding-and-elevation.md), never by the access workflows.
import { App } from "cdktf";
import { modelDirOption } from "./src/cli/args.js";
import { todayOption } from "./src/cli/dates.js";
import { UsageError } from "./src/cli/errors.js";
import { formatFindings, loadModel } from "./src/model/index.js";
import { installLockFiles } from "./stacks/lock-files.js";
import { OrgEventsStack } from "./stacks/org-events-stack.js";

export const ORG_EVENTS_OUTDIR = process.env.ACCESS_ORG_EVENTS_OUTDIR || "cdktf.out.org-events";

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
  const { model, findings } = loadModel(dir, today ? { today } : {});
  if (!model) {
    process.stderr.write(`${formatFindings(findings.filter((f) => f.severity === "error"), "text")}\nsynth:org-events: the model in ${dir} is invalid\n`);
    return 1;
  }
  if (!model.organization.onboarding?.events) {
    process.stdout.write("org-events: not written: organization.onboarding.events is not set (accounts.yml then runs on its hourly schedule only)\n");
    return 0;
  }
  const app = new App({ outdir: ORG_EVENTS_OUTDIR, skipValidation: true });
  new OrgEventsStack(app, model);
  app.synth();
  installLockFiles(ORG_EVENTS_OUTDIR);
  process.stdout.write(`org-events: ${ORG_EVENTS_OUTDIR}/stacks/org-events/cdk.tf.json\n`);
  return 0;
}

process.exitCode = main();
