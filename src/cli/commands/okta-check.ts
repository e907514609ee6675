import { formatFindings, hasErrors } from "../../model/index.js";
import { requireModel } from "../model.js";
import { oktaCredentialsFromEnv, OktaConfigError, oktaReader, readModelGroups } from "../../okta/index.js";
import { modelDirOption, oneOf, parseOptions, todayOption, UsageError, withUsage } from "../args.js";
import type { Command } from "../command.js";

const USAGE = `usage: access okta-check [--model DIR] [--format text|json|github] [--today YYYY-MM-DD]

Pre-plan checks of the model's groups against Okta (read-only service app: OKTA_API_CLIENT_ID,
OKTA_API_PRIVATE_KEY_ID, OKTA_API_PRIVATE_KEY, OKTA_API_SCOPES), each at the group's file:line:
  error    okta-group-missing     a source: existing group that Okta does not have
  warning  okta-group-not-pushed  a group with assignments the AWS app does not push (when readable)
  warning  okta-group-empty       a group with no members
Exit 0 when no error, 1 on an error finding or when Okta cannot be read, 2 on usage errors
(including missing credentials).`;

export const command: Command = {
  summary: "check the model's groups against Okta (missing, not pushed, empty) before planning",
  usage: USAGE,
  run: (argv) =>
    withUsage(USAGE, async () => {
      const opts = parseOptions(argv, { model: { type: "string" }, format: { type: "string" }, today: { type: "string" } });
      const format = oneOf("format", opts.format, ["text", "json", "github"] as const, "text");
      const dir = modelDirOption(opts.model);
      const today = todayOption(opts.today);
      const model = requireModel("okta-check", dir, today ? { today } : {});
      let creds;
      try {
        creds = oktaCredentialsFromEnv(process.env, model.organization.okta);
      } catch (err) {
        if (err instanceof OktaConfigError) throw new UsageError(err.message);
        throw err;
      }
      if (!creds) throw new UsageError("set OKTA_API_CLIENT_ID, OKTA_API_PRIVATE_KEY_ID and OKTA_API_PRIVATE_KEY (the read-only Okta service app)");
      let result;
      try {
        result = await readModelGroups(model, oktaReader(creds));
      } catch (err) {
        process.stderr.write(`access okta-check: cannot read Okta at ${creds.orgUrl}: ${err instanceof Error ? err.message : String(err)}\n`);
        return 1;
      }
      const out = formatFindings(result.findings, format);
      if (format === "text") {
        if (out) process.stderr.write(out + "\n");
        const notes = result.pushes.readable ? "" : `; push mappings not checked: ${result.pushes.reason}`;
        process.stdout.write(`okta-check: ${result.members.size} of ${model.groups.length} groups found in Okta, ${result.findings.length} finding${result.findings.length === 1 ? "" : "s"}${notes}\n`);
      } else if (out || format === "json") process.stdout.write(out + "\n");
      return hasErrors(result.findings) ? 1 : 0;
    }),
};
