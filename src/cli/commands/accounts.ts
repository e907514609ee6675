import { existsSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, relative } from "node:path";
import { awsClients } from "../../aws/clients.js";
import { describeReadError } from "../../aws/errors.js";
import { readOrganization } from "../../aws/organizations-reader.js";
import { syncAccounts } from "../../import/accounts-sync.js";
import { formatFindings, hasErrors, loadModel } from "../../model/index.js";
import { ModelInvalidError, UsageError } from "../errors.js";
import { reportFindings } from "../model.js";
import { modelDirOption, oneOf } from "../args.js";
import { defineCommand } from "../options.js";

export const CHANGED_EXIT = 3;

export const command = defineCommand({
  name: "accounts",
  summary: "bring account files in line with AWS Organizations (exit 3 when files changed)",
  description: `Brings the model's account entries in line with AWS Organizations, read-only on the AWS side:
new accounts are added (id, name, OU path, tags) to the file that holds their OU; renamed, moved
and retagged accounts are updated (renames also in the assignments that name them); accounts that
left the Organization or were closed are removed when no assignment names or selects them, and
otherwise flagged with a comment. Everything else in the files, comments included, stays as it was.
AWS settings are the SDK's own (AWS_PROFILE, AWS_REGION, AWS_ENDPOINT_URL_ORGANIZATIONS).`,
  operand: { value: "sync", choices: ["sync"], missing: "missing subcommand: accounts sync" },
  options: {
    model: { type: "string", value: "DIR", help: "the access model (default $ACCESS_MODEL_DIR or access-model/)" },
    region: { type: "string", value: "REGION", help: "the AWS Organizations region (default the SDK's: AWS_REGION)" },
    format: { type: "string", value: "text|json", help: "text for people (default), or json" },
  },
  exit: "Exit 0 when nothing changed, 3 when files changed, 1 on failure, 2 on usage errors.",
  run: async (opts) => {
    const format = oneOf("format", opts.format, ["text", "json"] as const, "text");
    const dir = modelDirOption(opts.model);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`model folder ${dir} does not exist`);
    const before = loadModel(dir);
    reportFindings("accounts sync", dir, before.findings, !hasErrors(before.findings));
    if (hasErrors(before.findings)) throw new ModelInvalidError(`the model in ${dir} is invalid`);
    let organization;
    try {
      organization = await readOrganization(awsClients(opts.region).organizations, (line) => process.stderr.write(`accounts sync: ${line}\n`));
    } catch (err) {
      process.stderr.write(`access accounts sync: reading AWS Organizations failed: ${describeReadError(err)}\n`);
      return 1;
    }
    const granted = new Set(before.model?.assignments.map((a) => a.accountId) ?? []);
    const { writes, changes } = syncAccounts(dir, organization, granted);
    for (const [path, text] of writes) {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
    }
    const after = writes.size > 0 ? loadModel(dir) : before;
    if (format === "json") {
      process.stdout.write(`${JSON.stringify({ changed: writes.size > 0, files: [...writes.keys()].map((p) => relative(process.cwd(), p)), changes }, null, 2)}\n`);
    } else if (changes.length === 0) {
      process.stdout.write(`${dir}: accounts are in line with AWS Organizations\n`);
    } else {
      process.stdout.write(`${changes.map((c) => `${c.kind}: ${c.accountId} ${c.detail} (${c.file})`).join("\n")}\n`);
    }
    if (hasErrors(after.findings)) {
      process.stderr.write(`access accounts sync: the model no longer validates after the sync; review the changes:\n${formatFindings(after.findings.filter((f) => f.severity === "error"), "text")}\n`);
      return 1;
    }
    return writes.size > 0 ? CHANGED_EXIT : 0;
  },
});
