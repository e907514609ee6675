// `access synth`: load, validate and resolve the access model, then write every stack and every
// phase of its rollout, and rollout.json (stacks/rollout-synth.ts). `npm run synth` runs it.
import { existsSync } from "node:fs";
import { formatSummary } from "../../../stacks/app.js";
import { formatRollout, synthesizeRollout } from "../../../stacks/rollout-synth.js";
import { modelDirOption, parseOptions, UsageError, withUsage } from "../args.js";
import { dayOption, todayOption } from "../dates.js";
import { requireModel } from "../model.js";
import type { Command } from "../command.js";

export const OUTDIR = "cdktf.out";

const USAGE = `usage: access synth [--model DIR] [--base DIR] [--base-today YYYY-MM-DD] [--today YYYY-MM-DD]

Writes every stack to ${OUTDIR}/stacks/, the phases a merge applies first to ${OUTDIR}/phases/
(okta's tighten phase; the base identity-center stack's keep phase when the change removes
permission sets a shard may still assign) and ${OUTDIR}/rollout.json: the ordered steps (stack,
folder, phase, depends on, applies only if) that the apply workflow follows.
  --model DIR        the access model (default $ACCESS_MODEL_DIR or access-model/)
  --base DIR         the model that is live (the last applied); a folder that does not exist means
                     the first apply (no base). Without it the phases are those of a first apply.
  --base-today DATE  the day the base was applied (default $ACCESS_BASE_TODAY, else --today): a
                     grant that expired since still made its group privileged there
  --today DATE       resolves the model's expiry (default $ACCESS_TODAY, else today UTC)
An invalid model (or base) prints its findings and writes nothing. Exit 0 written, 1 invalid, 2 usage.`;

export const command: Command = {
  summary: "write every stack, every phase and rollout.json to cdktf.out",
  usage: USAGE,
  run: (argv) =>
    withUsage(USAGE, async () => {
      const opts = parseOptions(argv, {
        model: { type: "string" },
        base: { type: "string" },
        "base-today": { type: "string" },
        today: { type: "string" },
      });
      let today: string | undefined;
      let baseToday: string | undefined;
      try {
        today = todayOption(opts.today);
        baseToday = dayOption("base-today", opts["base-today"], "ACCESS_BASE_TODAY") ?? today;
      } catch (err) {
        // A bad date from the environment is bad input, not a misused command line.
        if (!(err instanceof UsageError) || opts.today || opts["base-today"]) throw err;
        process.stderr.write(`synth: ${err.message}\n`);
        return 1;
      }
      const head = requireModel("synth", modelDirOption(opts.model), today ? { today } : {});
      // Without the live model the phases cannot know what to keep: refuse rather than guess.
      const base = opts.base !== undefined && existsSync(opts.base) ? requireModel("synth", opts.base, baseToday ? { today: baseToday } : {}, "the base model") : undefined;
      const { summary, rollout } = synthesizeRollout(base, head, OUTDIR);
      process.stdout.write(`${formatSummary(summary)}\n${formatRollout(rollout, OUTDIR)}\n`);
      return 0;
    }),
};
