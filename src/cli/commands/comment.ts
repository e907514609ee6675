import { writeFileSync } from "node:fs";
import { InputError, readDiffFile, readFindingsFile, readManifestStacks, splitPair, stackPlans } from "../../comment/inputs.js";
import { renderComment } from "../../comment/render.js";
import { diffModels } from "../../diff/diff-models.js";
import { loadPair } from "../../diff/load-pair.js";
import { layoutStacks, OKTA_STACK, BASE_STACK } from "../../layout/index.js";
import type { AccessDiff } from "../../diff/types.js";
import { DEFAULT_MAX_REVOCATION, type Finding } from "../../model/types.js";
import { todayUtc } from "../../model/index.js";
import { checkRevocations, explainPlans } from "../../explain/index.js";
import { UsageError } from "../errors.js";
import { defineCommand } from "../options.js";
import { readChangedFiles } from "../changed-files.js";
import { pairDates, todayOption } from "../dates.js";
import { shareOption } from "../numbers.js";
import { DEFAULT_REVOKE_THRESHOLD } from "../../diff/types.js";

/** Listed when neither the diff nor a manifest says which stacks there are. */
const DEFAULT_STACKS = [OKTA_STACK, BASE_STACK];

export const NOT_AFFECTED = "not affected by this change";

function pairs(option: string, values: string[] | undefined): Map<string, string> {
  const map = new Map<string, string>();
  for (const v of values ?? []) {
    const [stack, value] = splitPair(option, v);
    if (map.has(stack)) throw new UsageError(`--${option} given twice for ${stack}`);
    map.set(stack, value);
  }
  return map;
}

export const command = defineCommand({
  name: "comment",
  summary: "build the one PR comment from the access diff and the Terraform plans",
  description: `Writes the Markdown of the one PR comment (docs/pr-comment.md): hidden marker, a first line in
words, warnings on destroy/replace, the access diff, a table per stack, folded Terraform details.
Give the access diff (--diff) or the two models to diff (--base and --head).
The diff's affected_stacks (without a diff: every known stack) are expected: one without --plan
is shown as missing. With the diff and plans, every planned change carries its reason (\`access explain\`),
anything unexplained gets a loud block, a plan set over organization.guardrails.max_revocation says
that acknowledgement will be required, and grants in the change expiring within 14 days of --today
(or --head-today) are called out.`,
  options: {
    diff: { type: "string", value: "FILE", help: "JSON from `access diff --format json`" },
    base: { type: "string", value: "DIR", help: "the base model to diff (with --head)" },
    head: { type: "string", value: "DIR", help: "the head model to diff (with --base)" },
    plan: { type: "string", value: "STACK=FILE", multiple: true, help: "JSON from `terraform show -json <planfile>` for a stack (repeatable)" },
    missing: {
      type: "string",
      value: "STACK=WHY",
      multiple: true,
      help: 'a stack whose plan could not run, and why (repeatable), e.g.\n--missing identity-center="no credentials: fork PR"',
    },
    skipped: { type: "string", value: "STACK=WHY", multiple: true, help: "a stack deliberately not planned, and why (repeatable)" },
    manifest: {
      type: "string",
      value: "FILE",
      help: `cdktf.out/manifest.json: every synthesized stack (default: the head model's
layout with --base/--head, else okta and identity-center); those the diff does
not list in affected_stacks are shown as not planned, "${NOT_AFFECTED}"`,
    },
    "changed-files": { type: "string", value: "FILE", help: "with --base/--head: paths the change touches (see access diff)" },
    validation: { type: "string", value: "FILE", help: "JSON from `access validate --format json`" },
    title: { type: "string", value: "TEXT", help: "the comment's title" },
    output: { type: "string", value: "FILE", help: "write there instead of stdout" },
    "revoke-threshold": { type: "string", value: "SHARE", help: `with --base/--head: as in access diff (default ${DEFAULT_REVOKE_THRESHOLD})` },
    today: { type: "string", value: "YYYY-MM-DD", help: "the date the models are resolved at and expiring grants counted from\n(default $ACCESS_TODAY, else now)" },
    "base-today": { type: "string", value: "YYYY-MM-DD", help: "with --base/--head: the date the base is resolved at (see access diff)" },
    "head-today": { type: "string", value: "YYYY-MM-DD", help: "with --base/--head: the date the head is resolved at (see access diff)" },
  },
  exit: "Exit 0 when written, 1 when an input cannot be read, 2 on usage errors.",
  run: async (opts) => {
    if (opts.diff && (opts.base || opts.head)) throw new UsageError("give --diff or --base/--head, not both");
    if (!opts.diff && Boolean(opts.base) !== Boolean(opts.head)) throw new UsageError("--base and --head go together");
    let plans: Map<string, string>;
    let missing: Map<string, string>;
    let skipped: Map<string, string>;
    try {
      plans = pairs("plan", opts.plan);
      missing = pairs("missing", opts.missing);
      skipped = pairs("skipped", opts.skipped);
    } catch (err) {
      throw err instanceof InputError ? new UsageError(err.message) : err;
    }
    const given = [plans, missing, skipped];
    const twice = [...new Set(given.flatMap((m) => [...m.keys()]))].filter((s) => given.filter((m) => m.has(s)).length > 1);
    if (twice.length) throw new UsageError(`more than one of --plan, --missing and --skipped given for ${twice.join(", ")}`);
    if (opts["changed-files"] && !opts.base) throw new UsageError("--changed-files goes with --base and --head (with --diff, give it to access diff)");
    const changedFiles = readChangedFiles(opts["changed-files"]);
    const revokeThreshold = shareOption("revoke-threshold", opts["revoke-threshold"], DEFAULT_REVOKE_THRESHOLD);

    let diff: AccessDiff | undefined;
    let layout: string[] | undefined;
    let validation: Finding[] | undefined = opts.validation ? readFindingsFile(opts.validation) : undefined;
    if (opts.diff) diff = readDiffFile(opts.diff);
    else if (opts.base && opts.head) {
      const loaded = loadPair(opts.base, opts.head, pairDates(opts));
      if (loaded.ok) {
        diff = diffModels(loaded.base, loaded.head, { revokeThreshold, ...(changedFiles ? { changedFiles } : {}) });
        layout = layoutStacks(loaded.head.organization.identityCenter.assignmentShards);
      } else {
        process.stderr.write(`access comment: the ${loaded.side} model at ${loaded.dir} is invalid; the comment lists its findings\n`);
        validation ??= loaded.findings;
      }
    }
    // Every stack there is: the synthesized ones, else the head's layout, else the defaults.
    const known = opts.manifest
      ? readManifestStacks(opts.manifest)
      : (layout ?? [...new Set([...DEFAULT_STACKS, ...(diff?.affected_stacks ?? [])])]);
    const expected = diff ? diff.affected_stacks : known;
    for (const stack of known) {
      if (!expected.includes(stack) && !plans.has(stack) && !missing.has(stack) && !skipped.has(stack)) skipped.set(stack, NOT_AFFECTED);
    }
    const stacks = stackPlans(plans, missing, skipped, expected, (m) => process.stderr.write(`${m}\n`));
    // The plans as read above, for explain and the revocation threshold (unreadable ones are
    // reported as missing).
    const planFiles = stacks.flatMap((s) => ("plan" in s ? [s.plan.plan] : []));
    const explanation = diff && planFiles.length ? explainPlans(diff, planFiles) : undefined;
    const revocations = planFiles.length ? checkRevocations(planFiles, diff?.max_revocation ?? DEFAULT_MAX_REVOCATION) : undefined;
    const dates = pairDates(opts);
    const today = dates.head ?? todayOption(opts.today) ?? todayUtc();
    const markdown = renderComment({
      ...(explanation ? { explanation } : {}),
      ...(revocations ? { revocations } : {}),
      today,
      ...(opts.title ? { title: opts.title } : {}),
      ...(diff ? { diff } : {}),
      ...(validation ? { validation } : {}),
      stacks,
    });
    if (opts.output) writeFileSync(opts.output, markdown);
    else process.stdout.write(markdown);
    return 0;
  },
});
