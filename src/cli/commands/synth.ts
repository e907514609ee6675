// `access synth`: load, validate and resolve the access model, then write every stack and every
// phase of its rollout, and rollout.json (stacks/rollout-synth.ts). `npm run synth` runs it.
import { existsSync } from "node:fs";
import { formatFindings, loadModel } from "../../model/index.js";
import type { ResolvedModel } from "../../model/types.js";
import { formatSummary } from "../../../stacks/app.js";
import { formatRollout, synthesizeRollout } from "../../../stacks/rollout-synth.js";
import { modelDirOption, parseOptions, todayOption, UsageError, withUsage } from "../args.js";
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
An invalid model prints its findings and writes nothing. Exit 0 written, 1 invalid, 2 usage.`;

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
        const appliedOn = opts["base-today"] || process.env.ACCESS_BASE_TODAY || undefined;
        baseToday = appliedOn === undefined ? today : checkedDay("--base-today", appliedOn);
      } catch (err) {
        // A bad date from the environment is bad input, not a misused command line.
        if (!(err instanceof UsageError) || opts.today || opts["base-today"]) throw err;
        process.stderr.write(`synth: ${err.message}\n`);
        return 1;
      }
      const headDir = modelDirOption(opts.model);
      const head = loadModel(headDir, today ? { today } : undefined);
      const warnings = head.findings.filter((f) => f.severity === "warning");
      const errors = head.findings.filter((f) => f.severity === "error");
      if (warnings.length > 0) process.stderr.write(`${formatFindings(warnings, "text")}\n`);
      if (errors.length > 0 || !head.model) {
        process.stderr.write(`${formatFindings(errors, "text")}\n`);
        process.stderr.write(`synth: the model in ${headDir} is invalid (${errors.length} error(s)); nothing was written to ${OUTDIR}\n`);
        return 1;
      }
      let base: ResolvedModel | undefined;
      if (opts.base !== undefined && existsSync(opts.base)) {
        const loaded = loadModel(opts.base, baseToday ? { today: baseToday } : undefined);
        if (!loaded.model) {
          // Without the live model the phases cannot know what to keep: refuse rather than guess.
          process.stderr.write(`${formatFindings(loaded.findings.filter((f) => f.severity === "error"), "text")}\n`);
          process.stderr.write(`synth: the base model in ${opts.base} is invalid; cannot order the phases; nothing was written\n`);
          return 1;
        }
        base = loaded.model;
      }
      const { summary, rollout } = synthesizeRollout(base, head.model, OUTDIR);
      process.stdout.write(`${formatSummary(summary)}\n${formatRollout(rollout, OUTDIR)}\n`);
      return 0;
    }),
};

function checkedDay(option: string, value: string): string {
  try {
    return todayOption(value)!;
  } catch (err) {
    throw err instanceof UsageError ? new UsageError(`${option} ${value} is not a YYYY-MM-DD calendar date`) : err;
  }
}
