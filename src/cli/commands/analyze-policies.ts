import { describeAwsError } from "../../aws/errors.js";
import { analyzePolicies } from "../../aws/access-analyzer.js";
import { formatFindings, type FindingFormat } from "../../model/index.js";
import { requireModel } from "../model.js";
import { inlinePolicies } from "../../model/inline-policies.js";
import { modelDirOption, oneOf } from "../args.js";
import { defineCommand } from "../options.js";

export const command = defineCommand({
  name: "analyze-policies",
  summary: "check the inline policies with IAM Access Analyzer (needs AWS credentials)",
  description: `Runs IAM Access Analyzer ValidatePolicy on every inline policy of the model and reports each
finding at the policy's own file:line (github: workflow annotations). Needs AWS credentials
(access-analyzer:ValidatePolicy); the region is the Identity Center region of the model.
AWS_ENDPOINT_URL_ACCESSANALYZER (or AWS_ENDPOINT_URL) points the client at another endpoint.`,
  options: {
    model: { type: "string", value: "DIR", help: "the access model (default $ACCESS_MODEL_DIR or access-model/)" },
    format: { type: "string", value: "text|json|github", help: "text for people (default), json, or github workflow annotations" },
  },
  exit: `Exit 0 when no finding is an error (warnings and suggestions allowed), 1 on error findings, an
invalid model or an AWS error, 2 on usage errors.`,
  run: async (opts) => {
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
  },
});
