import { createInterface } from "node:readline/promises";
import { compareWithModel, isClean } from "../../audit/compare.js";
import { auditClients, readIdentityCenter } from "../../audit/live.js";
import { renderAuditJson, renderAuditMarkdown, renderAuditText } from "../../audit/render.js";
import { revokeAssignments } from "../../audit/revoke.js";
import { describeAwsError, describeReadError } from "../../aws/errors.js";
import { requireModel } from "../model.js";
import { modelDirOption, oneOf } from "../args.js";
import { UsageError } from "../errors.js";
import { todayOption } from "../dates.js";
import { defineCommand } from "../options.js";

async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await Promise.race([rl.question(question), new Promise<string>((resolve) => rl.once("close", () => resolve("")))]);
    return answer.trim().toLowerCase() === "yes";
  } finally {
    rl.close();
  }
}

export const command = defineCommand({
  name: "audit",
  summary: "list access in the live Identity Center that the model does not manage (and revoke it)",
  description: `Reads the live Identity Center (read-only: ListPermissionSets, DescribePermissionSet,
ListAccountsForProvisionedPermissionSet, then ListAccountAssignments only where a permission set
is provisioned, every page; DescribeGroup/DescribeUser for names) and lists every assignment the
model does not manage: to users, to groups not in the model, of permission sets not in the model,
and (group, permission set, account) triples of managed groups and permission sets that the model
does not grant; plus permission sets that exist but are not in the model, and accounts whose role is
behind its permission set's latest version (ProvisioningStatus LATEST_PERMISSION_SET_NOT_PROVISIONED;
\`access provisioning\` repairs them). Says how many calls it made.
Instance and region come from the model; credentials, profile (AWS_PROFILE) and endpoints
(AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_SSO_ADMIN, AWS_ENDPOINT_URL_IDENTITYSTORE) from the AWS SDK's settings.`,
  options: {
    model: { type: "string", value: "DIR", help: "the access model (default $ACCESS_MODEL_DIR or access-model/)" },
    format: { type: "string", value: "text|json|markdown", help: "text for people (default), json, or markdown for an issue" },
    today: { type: "string", value: "YYYY-MM-DD", help: "decides which grants have expired (default $ACCESS_TODAY, else now)" },
    "detailed-exitcode": { type: "boolean", help: "exit 2 when something is outside the model or an account is behind (0 when nothing is)" },
    revoke: {
      type: "boolean",
      help: "delete the triples of managed permission sets and groups that the model does not\ngrant (never users, unknown groups or unmanaged permission sets), after printing\nthem and asking for confirmation; needs the apply role. Never run by a workflow.",
    },
    yes: { type: "boolean", help: "do not ask (for --revoke)" },
  },
  exit: "Exit 0 on success, 1 on failure (or a refused confirmation), 2 on usage errors.",
  run: async (opts) => {
    const format = oneOf("format", opts.format, ["text", "json", "markdown"] as const, "text");
    if (opts.yes && !opts.revoke) throw new UsageError("--yes only applies to --revoke");
    const dir = modelDirOption(opts.model);
    const today = todayOption(opts.today);
    const model = requireModel("audit", dir, today ? { today } : {});
    const { instanceArn, identityStoreId, region } = model.organization.identityCenter;
    const clients = auditClients(region);
    let result;
    try {
      result = compareWithModel(model, await readIdentityCenter(clients, instanceArn, identityStoreId));
    } catch (err) {
      process.stderr.write(`access audit: cannot read Identity Center ${instanceArn} (${region}): ${describeReadError(err)}\n`);
      return 1;
    }
    process.stdout.write(format === "json" ? renderAuditJson(result) : format === "markdown" ? renderAuditMarkdown(result) : renderAuditText(result));
    if (!opts.revoke) return opts["detailed-exitcode"] && !isClean(result) ? 2 : 0;

    const targets = result.unmanaged.filter((a) => a.revocable);
    if (targets.length === 0) {
      process.stderr.write("access audit --revoke: nothing to revoke (only triples of managed permission sets and groups are revoked)\n");
      return 0;
    }
    process.stderr.write(`\naccess audit --revoke will DELETE ${targets.length} assignment${targets.length === 1 ? "" : "s"} from ${instanceArn}:\n`);
    for (const a of targets) process.stderr.write(`  - group ${a.principalName} loses ${a.permissionSet} in ${a.accountName ? `${a.accountName} (${a.accountId})` : a.accountId}\n`);
    if (!opts.yes && !(await confirm("Type yes to delete them: "))) {
      process.stderr.write("access audit --revoke: not confirmed; nothing deleted\n");
      return 1;
    }
    let outcomes;
    try {
      outcomes = await revokeAssignments(clients.ssoAdmin, instanceArn, targets);
    } catch (err) {
      process.stderr.write(`access audit --revoke: ${describeAwsError(err)}\n`);
      return 1;
    }
    for (const o of outcomes) {
      const a = o.assignment;
      process.stderr.write(`  ${o.status === "SUCCEEDED" ? "deleted" : "FAILED "} group ${a.principalName} ${a.permissionSet} in ${a.accountId}${o.reason ? `: ${o.reason}` : ""}\n`);
    }
    const failed = outcomes.filter((o) => o.status === "FAILED").length;
    process.stderr.write(`access audit --revoke: ${outcomes.length - failed} deleted, ${failed} failed\n`);
    return failed ? 1 : 0;
  },
});
