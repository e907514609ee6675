import { describeAwsError } from "../../aws/errors.js";
import { analyzePolicies } from "../../aws/access-analyzer.js";
import { formatFindings, type FindingFormat } from "../../model/index.js";
import { requireModel } from "../model.js";
import { inlinePolicies } from "../../model/inline-policies.js";
import { modelDirOption, oneOf, parseOptions, withUsage } from "../args.js";
import type { Command } from "../command.js";

const USAGE = `usage: access analyze-policies [--model DIR] [--format text|json|github]

Runs IAM Access Analyzer ValidatePolicy on every inline policy of the model and reports each
finding at the policy's own file:line (github: workflow annotations). Needs AWS credentials
(access-analyzer:ValidatePolicy); the region is the Identity Center region of the model.
AWS_ENDPOINT_URL_ACCESSANALYZER (or AWS_ENDPOINT_URL) points the client at another endpoint.
Exit 0 when no finding is an error (warnings and suggestions allowed), 1 on error findings, an
invalid model or an AWS error, 2 on usage errors.`;

export const command: Command = {
  summary: "check the inline policies with IAM Access Analyzer (needs AWS credentials)",
  usage: USAGE,
  run: (argv) =>
    withUsage(USAGE, async () => {
      const opts = parseOptions(argv, { model: { type: "string" }, format: { type: "string" } });
      const format: FindingFormat = oneOf("format", opts.format, ["text", "json", "github"] as const, "text");
      const dir = modelDirOption(opts.model);
      const model = requireModel("analyze-policies", dir);
      const { policies } = inlinePolicies(dir);
      let findings;
      try {
        findings = await analyzePolicies(policies, { region: model.organization.identityCenter.region });
      } catch (err) {
        process.stderr.write(`analyze-policies: ${describeAwsError(err)}\n`);
        return 1;
      }
      if (findings.length > 0) process.stdout.write(`${formatFindings(findings, format)}\n`);
      else if (format === "json") process.stdout.write("[]\n");
      else process.stderr.write(`${policies.length} inline ${policies.length === 1 ? "policy" : "policies"}: no IAM Access Analyzer finding\n`);
      return findings.some((f) => f.severity === "error") ? 1 : 0;
    }),
};
