import { readIdentityCenter } from "../../aws/identity-center-reader.js";
import { awsClients } from "../../aws/clients.js";
import { describeReadError } from "../../aws/errors.js";
import { readOrganization } from "../../aws/organizations-reader.js";
import { buildModel, REPORT_FILE } from "../../import/build.js";
import { writeModelFolder } from "../../import/write.js";
import { formatFindings, hasErrors, loadModel } from "../../model/index.js";
import { oneOf } from "../args.js";
import { UsageError } from "../errors.js";
import { defineCommand } from "../options.js";

export const command = defineCommand({
  name: "import",
  summary: "write a model (and import ids) from a live Identity Center and AWS Organization",
  description: `Reads, read-only, Identity Center (permission sets with every attribute, where each is provisioned,
every account assignment, group names) and AWS Organizations (accounts, OU paths, tags), and writes
a model folder under DIR with every group source: existing, plus DIR/imports.yaml: the Terraform
import ids that make the first plan adopt the live resources (0 to add, 0 to change, 0 to destroy).
Okta fields AWS cannot tell come from the --okta-* options; without them they are REPLACE_ME
placeholders (validate warns, synth leaves the okta stack out until they are filled in).
What cannot be represented (USER assignments, unknown groups, suspended accounts, the management
account) is listed on stdout and in DIR/${REPORT_FILE}, each with what to do.
AWS settings are the SDK's own: AWS_PROFILE, AWS_REGION, AWS_ENDPOINT_URL(_SSO_ADMIN,
_IDENTITYSTORE, _ORGANIZATIONS), AWS_MAX_ATTEMPTS. Progress goes to stderr.`,
  options: {
    out: { type: "string", value: "DIR", required: true, help: "the folder the imported model is written to" },
    region: { type: "string", value: "REGION", help: "the Identity Center region (default the SDK's: AWS_REGION)" },
    "instance-arn": { type: "string", value: "ARN", help: "the Identity Center instance (default the only one in the region)" },
    "identity-store-id": { type: "string", value: "ID", help: "its identity store (default the instance's; needed with an --instance-arn the\nregion does not list)" },
    format: { type: "string", value: "text|json", help: "text for people (default), or json" },
    "okta-org-name": { type: "string", value: "NAME", help: "the Okta org name (e.g. acme for acme.okta.com)" },
    "okta-base-url": { type: "string", value: "DOMAIN", help: "okta.com, oktapreview.com or okta-emea.com (default okta.com with --okta-org-name)" },
    "okta-app-id": { type: "string", value: "ID", help: "the id of the existing AWS IAM Identity Center app in Okta" },
    "okta-acs-url": { type: "string", value: "URL", help: "the ACS URL from Identity Center's identity source settings" },
    "okta-entity-id": { type: "string", value: "URL", help: "the issuer URL from Identity Center's identity source settings" },
    force: { type: "boolean", help: "replace the contents of DIR when it is not empty" },
  },
  exit: "Exit 0 when the model was written and validates, 1 on failure, 2 on usage errors.",
  run: async (opts) => {
    const format = oneOf("format", opts.format, ["text", "json"] as const, "text");
    if (!opts.out) throw new UsageError("--out DIR is required: the folder the imported model is written to");
    const log = (line: string) => process.stderr.write(`import: ${line}\n`);
    const clients = awsClients(opts.region);
    let estate;
    try {
      const region = await clients.ssoAdmin.config.region();
      if (!region) throw new UsageError("no AWS region: pass --region or set AWS_REGION");
      const identityCenter = await readIdentityCenter(clients, { region, instanceArn: opts["instance-arn"], identityStoreId: opts["identity-store-id"] }, log);
      const organization = await readOrganization(clients.organizations, log);
      estate = { identityCenter, organization };
    } catch (err) {
      if (err instanceof UsageError) throw err;
      process.stderr.write(`access import: reading AWS failed: ${describeReadError(err)}\n`);
      return 1;
    }
    const result = buildModel(estate, {
      orgName: opts["okta-org-name"],
      baseUrl: opts["okta-base-url"],
      appId: opts["okta-app-id"],
      acsUrl: opts["okta-acs-url"],
      entityId: opts["okta-entity-id"],
    });
    try {
      writeModelFolder(opts.out, result.files, opts.force === true);
    } catch (err) {
      process.stderr.write(`access import: ${err instanceof Error ? err.message : String(err)}\n`);
      return 1;
    }
    // The imported model is checked like any other. Live values outside the product's rules
    // (e.g. a relay state that is not https) are written as they are, so the plan stays
    // change-free, and reported here with file:line:col for a person to settle.
    const { findings } = loadModel(opts.out);
    const valid = !hasErrors(findings);
    if (!valid) {
      const errors = findings.filter((f) => f.severity === "error");
      process.stderr.write(`access import: the model was written, but ${errors.length} live value(s) break the model's rules; settle each, then run access validate:\n${formatFindings(errors, "text")}\n`);
    }
    const c = result.counts;
    if (format === "json") {
      process.stdout.write(`${JSON.stringify({ out: opts.out, valid, counts: c, report: result.report, files: [...result.files.keys()] }, null, 2)}\n`);
    } else {
      const lines = [
        `${opts.out}: ${c.accounts} accounts, ${c.groups} groups, ${c.permissionSets} permission sets, ${c.assignmentTriples} assignments (${c.assignmentEntries} entries), ${c.imports} import ids in imports.yaml`,
      ];
      if (result.report.length > 0) {
        lines.push(`${result.report.length} item(s) need attention (also in ${opts.out}/${REPORT_FILE}):`);
        for (const r of result.report) lines.push(`  ${r.kind}: ${r.subject}: ${r.action}`);
      }
      process.stdout.write(`${lines.join("\n")}\n`);
    }
    return valid ? 0 : 1;
  },
});
