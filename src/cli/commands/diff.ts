import { diffModels } from "../../diff/diff-models.js";
import { loadPair } from "../../diff/load-pair.js";
import { renderDiffMarkdown } from "../../diff/markdown.js";
import { mixedLayoutChange } from "../../diff/layout-change.js";
import { stackImpacts } from "../../diff/stacks.js";
import { DEFAULT_REVOKE_THRESHOLD } from "../../diff/types.js";
import { formatFindings } from "../../model/index.js";
import { oneOf } from "../args.js";
import { UsageError } from "../errors.js";
import { readChangedFiles } from "../changed-files.js";
import { pairDates } from "../dates.js";
import { shareOption } from "../numbers.js";
import { defineCommand } from "../options.js";
import type { ResolvedModel } from "../../model/types.js";
import { countPeople, oktaCredentialsFromEnv, oktaReader } from "../../okta/index.js";

/** People per group from Okta, or undefined (with a note) when Okta is not available. */
async function peopleFromOkta(groups: string[], head: ResolvedModel): Promise<Map<string, number> | undefined> {
  try {
    const creds = oktaCredentialsFromEnv(process.env, head.organization.okta);
    if (!creds) {
      process.stderr.write("access diff: --okta without Okta credentials (OKTA_API_CLIENT_ID ...): people counts left out\n");
      return undefined;
    }
    return await countPeople(oktaReader(creds), groups);
  } catch (err) {
    process.stderr.write(`access diff: cannot read Okta, people counts left out: ${err instanceof Error ? err.message : String(err)}\n`);
    return undefined;
  }
}

export const command = defineCommand({
  name: "diff",
  summary: "show what a change to the model does to access, with risk flags",
  description: `Compares two model folders (base branch and pull request) and reports who gains or loses which
permission set in which account, permission-set, group and Okta changes, and risk flags.
A missing or empty --base folder is the first change: everything in --head is new.`,
  options: {
    base: { type: "string", value: "DIR", required: true, help: "the base model (the base branch, or the last applied model)" },
    head: { type: "string", value: "DIR", required: true, help: "the head model (the pull request)" },
    format: {
      type: "string",
      value: "markdown|json",
      help: "markdown for people (default), or json:\n{ granted, revoked, permission_sets, groups, okta, risks, affected_stacks } (docs/access-diff.md)",
    },
    "revoke-threshold": { type: "string", value: "SHARE", help: `share of all base assignments above which revocations are flagged (default ${DEFAULT_REVOKE_THRESHOLD})` },
    today: { type: "string", value: "YYYY-MM-DD", help: "the date both models are resolved at for expiry (default $ACCESS_TODAY, else now)" },
    now: {
      type: "string",
      value: "INSTANT",
      help: "the instant both are resolved at, e.g. 2027-01-05T18:00Z (default $ACCESS_NOW);\n--today/--base-today/--head-today also take an instant",
    },
    "base-today": {
      type: "string",
      value: "YYYY-MM-DD",
      help: "the date the base is resolved at: the day it was applied, so that grants that\nexpired since then appear as revoked with reason \"expired\" (default --today)",
    },
    "head-today": { type: "string", value: "YYYY-MM-DD", help: "the date the head is resolved at (default --today)" },
    "changed-files": {
      type: "string",
      value: "FILE",
      help: "the repository paths the change touches, one per line (git diff --name-only);\na change to the code that builds the stacks (src/, stacks/, main.ts, package files)\nputs every stack in affected_stacks",
    },
    okta: {
      type: "boolean",
      help: "when the read-only Okta service app is configured (OKTA_API_CLIENT_ID, ...), say how\nmany people each risk reaches; without credentials, or when Okta fails, the diff is\nthe same minus the counts (a note on stderr)",
    },
  },
  exit: `Exit 0 when both models load, 1 when a model is invalid or the change moves assignments to a new layout
(migrate_assignments_from) and changes access in the same change (make those two changes), 2 on usage errors.`,
  run: async (opts) => {
    if (!opts.base || !opts.head) throw new UsageError("--base and --head are required");
    const changedFiles = readChangedFiles(opts["changed-files"]);
    const format = oneOf("format", opts.format, ["markdown", "json"] as const, "markdown");
    const revokeThreshold = shareOption("revoke-threshold", opts["revoke-threshold"], DEFAULT_REVOKE_THRESHOLD);
    const loaded = loadPair(opts.base, opts.head, pairDates(opts));
    if (!loaded.ok) {
      process.stderr.write(`${formatFindings(loaded.findings, "text")}\n`);
      process.stderr.write(`access diff: the ${loaded.side} model at ${loaded.dir} is invalid; fix it before diffing\n`);
      return 1;
    }
    if (loaded.warnings.length) process.stderr.write(`${formatFindings(loaded.warnings, "text")}\n`);
    const stackOptions = changedFiles ? { changedFiles } : {};
    const people = opts.okta ? await peopleFromOkta([...(loaded.base?.groups ?? []), ...loaded.head.groups].map((g) => g.name), loaded.head) : undefined;
    const diff = diffModels(loaded.base, loaded.head, { revokeThreshold, ...stackOptions, ...(people ? { people } : {}) });
    process.stdout.write(
      format === "json"
        ? `${JSON.stringify(diff, null, 2)}\n`
        : renderDiffMarkdown(diff, stackImpacts(loaded.base, loaded.head, stackOptions)),
    );
    const mixed = mixedLayoutChange(loaded.base, loaded.head, diff);
    if (mixed) {
      process.stderr.write(`access diff: refused: ${mixed}\n`);
      return 1;
    }
    return 0;
  },
});
