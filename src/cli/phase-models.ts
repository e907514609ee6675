// The two models a phase synthesis needs (okta-tighten.ts, identity-center-keep.ts): the head
// model from ACCESS_MODEL_DIR (or access-model/) and the base, what is live, from a folder given
// on the command line (a folder that does not exist means the first apply: no base).
// ACCESS_TODAY resolves the head; ACCESS_BASE_TODAY (the day the base was applied, when known)
// resolves the base as it was last applied.
import { existsSync } from "node:fs";
import { formatFindings, loadModel } from "../model/index.js";
import type { ResolvedModel } from "../model/types.js";
import { modelDirOption, todayOption, UsageError } from "./args.js";

export interface PhaseModels {
  head: ResolvedModel;
  headDir: string;
  base?: ResolvedModel;
  baseDir: string;
}

/** The models, or the exit code after saying on stderr why there are none. */
export function loadPhaseModels(command: string, argv: string[]): PhaseModels | number {
  const baseDir = argv[0];
  if (!baseDir || argv.length > 1) {
    process.stderr.write(`usage: npm run ${command} -- BASE_MODEL_DIR   (a folder that does not exist means: no base)\n`);
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
    process.stderr.write(`${formatFindings(head.findings.filter((f) => f.severity === "error"), "text")}\n${command}: the model in ${headDir} is invalid\n`);
    return 1;
  }
  if (!existsSync(baseDir)) return { head: head.model, headDir, baseDir };
  const loaded = loadModel(baseDir, baseToday ? { today: baseToday } : undefined);
  if (!loaded.model) {
    // Without the live model a phase cannot know what to keep: refuse rather than guess.
    process.stderr.write(`${formatFindings(loaded.findings.filter((f) => f.severity === "error"), "text")}\n${command}: the base model in ${baseDir} is invalid; cannot order the phases\n`);
    return 1;
  }
  return { head: head.model, headDir, base: loaded.model, baseDir };
}
