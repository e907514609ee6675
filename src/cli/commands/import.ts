import { readIdentityCenter } from "../../aws/identity-center-reader.js";
import { awsClients } from "../../aws/clients.js";
import { describeReadError } from "../../aws/errors.js";
import { readOrganization } from "../../aws/organizations-reader.js";
import { buildModel, REPORT_FILE } from "../../import/build.js";
import { writeModelFolder } from "../../import/write.js";
import { formatFindings, hasErrors, loadModel } from "../../model/index.js";
import type { Command } from "../command.js";
import { oneOf, parseOptions, UsageError, withUsage } from "../args.js";

const USAGE = `usage: access import --out DIR [--region R] [--instance-arn ARN] [--identity-store-id ID] [--format text|json]
                     [--okta-org-name NAME] [--okta-base-url okta.com] [--okta-app-id ID]
                     [--okta-acs-url URL] [--okta-entity-id URL] [--force]

Reads, read-only, Identity Center (permission sets with every attribute, where each is provisioned,
every account assignment, group names) and AWS Organizations (accounts, OU paths, tags), and writes
a model folder under DIR with every group source: existing, plus DIR/imports.yaml: the Terraform
import ids that make the first plan adopt the live resources (0 to add, 0 to change, 0 to destroy).
Okta fields AWS cannot tell come from the --okta-* flags; without them they are REPLACE_ME
placeholders (validate warns, synth leaves the okta stack out until they are filled in).
What cannot be represented (USER assignments, unknown groups, suspended accounts, the management
account) is listed on stdout and in DIR/${REPORT_FILE}, each with what to do.
AWS settings are the SDK's own: AWS_PROFILE, AWS_REGION, AWS_ENDPOINT_URL(_SSO_ADMIN,
_IDENTITYSTORE, _ORGANIZATIONS), AWS_MAX_ATTEMPTS. Progress goes to stderr.
Exit 0 when the model was written and validates, 1 on failure, 2 on usage errors.`;

export const command: Command = {
  summary: "write a model (and import ids) from a live Identity Center and AWS Organization",
  usage: USAGE,
  run: (argv) =>
    withUsage(USAGE, async () => {
      const opts = parseOptions(argv, {
        out: { type: "string" },
        region: { type: "string" },
        "instance-arn": { type: "string" },
        "identity-store-id": { type: "string" },
        format: { type: "string" },
        "okta-org-name": { type: "string" },
        "okta-base-url": { type: "string" },
        "okta-app-id": { type: "string" },
        "okta-acs-url": { type: "string" },
        "okta-entity-id": { type: "string" },
        force: { type: "boolean" },
      });
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
    }),
};
