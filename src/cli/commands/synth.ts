// `access synth`: load, validate and resolve the access model, then write every stack and every
// phase of its rollout, and rollout.json (stacks/rollout-synth.ts). `npm run synth` runs it.
import { existsSync } from "node:fs";
import { formatSummary } from "../../../stacks/app.js";
import { formatRollout, synthesizeRollout } from "../../../stacks/rollout-synth.js";
import { modelDirOption } from "../args.js";
import { dayOption, todayOption } from "../dates.js";
import { requireModel } from "../model.js";
import { defineCommand } from "../options.js";

export const OUTDIR = "cdktf.out";

export const command = defineCommand({
  name: "synth",
  summary: "write every stack, every phase and rollout.json to cdktf.out",
  description: `Writes every stack to ${OUTDIR}/stacks/, the phases a merge applies first to ${OUTDIR}/phases/
(okta's tighten phase; the base identity-center stack's keep phase when the change removes
permission sets a shard may still assign) and ${OUTDIR}/rollout.json: the ordered steps (stack,
folder, phase, depends on, applies only if) that the apply workflow follows.`,
  options: {
    model: { type: "string", value: "DIR", help: "the access model (default $ACCESS_MODEL_DIR or access-model/)" },
    base: {
      type: "string",
      value: "DIR",
      help: "the model that is live (the last applied); a folder that does not exist means\nthe first apply (no base). Without it the phases are those of a first apply.",
    },
    "base-today": {
      type: "string",
      value: "YYYY-MM-DD",
      help: "the day the base was applied (default $ACCESS_BASE_TODAY, else --today): a\ngrant that expired since still made its group privileged there",
    },
    today: { type: "string", value: "YYYY-MM-DD", help: "resolves the model's expiry (default $ACCESS_TODAY, else today UTC)" },
  },
  exit: "An invalid model (or base) prints its findings and writes nothing. Exit 0 written, 1 invalid, 2 usage.",
  run: async (opts) => {
    const today = todayOption(opts.today);
    const baseToday = dayOption("base-today", opts["base-today"], "ACCESS_BASE_TODAY") ?? today;
    const head = requireModel("synth", modelDirOption(opts.model), today ? { today } : {});
    // Without the live model the phases cannot know what to keep: refuse rather than guess.
    const base = opts.base !== undefined && existsSync(opts.base) ? requireModel("synth", opts.base, baseToday ? { today: baseToday } : {}, "the base model") : undefined;
    const { summary, rollout } = synthesizeRollout(base, head, OUTDIR);
    process.stdout.write(`${formatSummary(summary)}\n${formatRollout(rollout, OUTDIR)}\n`);
    return 0;
  },
});
