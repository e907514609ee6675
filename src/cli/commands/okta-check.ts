import { formatFindings, hasErrors } from "../../model/index.js";
import { requireModel } from "../model.js";
import { requireOktaCredentials } from "../okta.js";
import { checkPhishingResistantFactors, oktaFactorReader, oktaReader, readModelGroups } from "../../okta/index.js";
import { modelDirOption, oneOf } from "../args.js";
import { todayOption } from "../dates.js";
import { defineCommand } from "../options.js";

export const command = defineCommand({
  name: "okta-check",
  summary: "check the model's groups against Okta (missing, not pushed, empty) before planning",
  description: `Pre-plan checks of the model's groups against Okta (read-only service app: OKTA_API_CLIENT_ID,
OKTA_API_PRIVATE_KEY_ID, OKTA_API_PRIVATE_KEY, OKTA_API_SCOPES), each at the group's file:line:
  error    okta-group-missing     a source: existing group that Okta does not have
  warning  okta-group-not-pushed  a group with assignments the AWS app does not push (when readable)
  warning  okta-group-empty       a group with no members
  warning  okta-phishing-resistant-factor-missing
                                  members of a group under a phishing-resistant sign-on tier (the
                                  privileged one) without FastPass or WebAuthn enrolled: they would
                                  be locked out (needs okta.users.read; skipped, and said so, without)`,
  options: {
    model: { type: "string", value: "DIR", help: "the access model (default $ACCESS_MODEL_DIR or access-model/)" },
    format: { type: "string", value: "text|json|github", help: "text for people (default), json, or github workflow annotations" },
    today: { type: "string", value: "YYYY-MM-DD", help: "decides which grants have expired (default $ACCESS_TODAY, else today UTC)" },
  },
  exit: `Exit 0 when no error, 1 on an error finding or when Okta cannot be read, 2 on usage errors
(including missing credentials).`,
  run: async (opts) => {
    const format = oneOf("format", opts.format, ["text", "json", "github"] as const, "text");
    const dir = modelDirOption(opts.model);
    const today = todayOption(opts.today);
    const model = requireModel("okta-check", dir, today ? { today } : {});
    const creds = requireOktaCredentials(model, "set OKTA_API_CLIENT_ID, OKTA_API_PRIVATE_KEY_ID and OKTA_API_PRIVATE_KEY (the read-only Okta service app)");
    let result;
    let factors;
    try {
      result = await readModelGroups(model, oktaReader(creds));
      factors = await checkPhishingResistantFactors(model, result.members, oktaFactorReader(creds));
    } catch (err) {
      process.stderr.write(`access okta-check: cannot read Okta at ${creds.orgUrl}: ${err instanceof Error ? err.message : String(err)}\n`);
      return 1;
    }
    result.findings.push(...factors.findings);
    const out = formatFindings(result.findings, format);
    if (!factors.readable && format === "github") process.stdout.write(`::warning::okta-check: phishing-resistant factors not checked: ${factors.reason}\n`);
    if (format === "text") {
      if (out) process.stderr.write(out + "\n");
      const notes = (result.pushes.readable ? "" : `; push mappings not checked: ${result.pushes.reason}`) + (factors.readable ? "" : `; phishing-resistant factors not checked: ${factors.reason}`);
      process.stdout.write(`okta-check: ${result.members.size} of ${model.groups.length} groups found in Okta, ${result.findings.length} finding${result.findings.length === 1 ? "" : "s"}${notes}\n`);
    } else if (out || format === "json") process.stdout.write(out + "\n");
    return hasErrors(result.findings) ? 1 : 0;
  },
});
