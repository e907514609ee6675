import { loadPair } from "../../diff/load-pair.js";
import { formatFindings, loadGrants, momentOf } from "../../model/index.js";
import { decideOnboarding } from "../../onboarding/decide.js";
import { UsageError } from "../errors.js";
import { todayOption } from "../dates.js";
import { defineCommand } from "../options.js";

export const command = defineCommand({
  name: "onboarding-decision",
  summary: "decide whether an account-only change is pre-approved and goes to main without a PR",
  description: `Decides whether a change from the base model (main) to the head model only adds, moves, renames,
retags or removes accounts, with every new grant coming from an OU, tags or \`all\` selector that is
unchanged on main, and revocations within the guardrail (pre-approved); and whether the base's
organization.onboarding.auto_apply (none | non_privileged | all) lets it go to main without a pull
request. Prints the decision as JSON (reasons, privileged grants, the accounts with their grants).`,
  options: {
    base: { type: "string", value: "DIR", required: true, help: "the base model (main)" },
    head: { type: "string", value: "DIR", required: true, help: "the head model (the change)" },
    now: { type: "string", value: "INSTANT", help: "the instant both are resolved at, e.g. 2027-01-05T18:00Z (default $ACCESS_NOW)" },
    today: { type: "string", value: "YYYY-MM-DD", help: "the date both are resolved at (default $ACCESS_TODAY, else now)" },
  },
  exit: `Exit 0: auto-apply; 3: a pull request is needed (see reasons and review_team); 1: a model is
invalid or the base is missing; 2: usage errors.`,
  run: async (opts) => {
    if (!opts.base || !opts.head) throw new UsageError("--base and --head are required");
    const when = todayOption(opts.today, opts.now);
    const loaded = loadPair(opts.base, opts.head, when);
    if (!loaded.ok) {
      process.stderr.write(`${formatFindings(loaded.findings, "text")}\naccess onboarding-decision: the ${loaded.side} model at ${loaded.dir} is invalid\n`);
      return 1;
    }
    if (!loaded.base) {
      process.stderr.write(`access onboarding-decision: no base model at ${opts.base}: a first model is never pre-approved\n`);
      return 1;
    }
    const baseGrants = loadGrants(opts.base).grants;
    const headGrants = loadGrants(opts.head).grants;
    if (!baseGrants || !headGrants) throw new Error("the models loaded but their assignment entries did not");
    const decision = decideOnboarding({ base: loaded.base, head: loaded.head, baseGrants, headGrants, now: momentOf(when ? { today: when } : {}) });
    process.stdout.write(`${JSON.stringify(decision, null, 2)}\n`);
    return decision.auto_apply ? 0 : 3;
  },
});
