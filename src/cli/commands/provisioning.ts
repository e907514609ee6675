import { awsClients } from "../../aws/clients.js";
import { describeAwsError } from "../../aws/errors.js";
import { checkProvisioning, ProvisioningAbortedError } from "../../aws/provisioning.js";
import { formatFindings, loadModel } from "../../model/index.js";
import { modelDirOption } from "../args.js";
import { todayOption } from "../dates.js";
import { positiveOption } from "../numbers.js";
import { defineCommand } from "../options.js";

const DEFAULT_ATTEMPTS = 3;
const DEFAULT_TIMEOUT_SECONDS = 900;

export const command = defineCommand({
  name: "provisioning",
  summary: "check (and repair) that permission sets are provisioned to their latest version in every account",
  description: `Checks that every permission set of the model (or each --permission-set) is provisioned to its
latest version in every account it is provisioned to (ListAccountsForProvisionedPermissionSet,
ProvisioningStatus LATEST_PERMISSION_SET_NOT_PROVISIONED). An edit reaches an account's role only
when ProvisionPermissionSet succeeds there, and the aws provider does not retry a FAILED one. Accounts
behind are provisioned again (each request awaited with bounded backoff) and checked again.
Instance and region come from the model; AWS credentials from the usual chain
(AWS_ENDPOINT_URL_SSO_ADMIN for another endpoint).`,
  options: {
    model: { type: "string", value: "DIR", help: "the access model (default $ACCESS_MODEL_DIR or access-model/)" },
    "permission-set": { type: "string", value: "NAME", multiple: true, help: "check these permission sets only (repeatable)" },
    "check-only": { type: "boolean", help: "provision nothing, only report the accounts behind (drift, audit)" },
    attempts: { type: "string", value: "N", help: `rounds of provisioning again (default ${DEFAULT_ATTEMPTS})` },
    timeout: { type: "string", value: "SECONDS", help: `the most to wait in all (default ${DEFAULT_TIMEOUT_SECONDS})` },
    today: { type: "string", value: "YYYY-MM-DD", help: "decides which grants have expired (default $ACCESS_TODAY, else now)" },
  },
  exit: `Exit 0 when every account is on the latest version, 1 when one is not (each named with its
permission set and the reason), on an AWS error retrying cannot fix or an invalid model, 2 on
usage errors.`,
  run: async (opts) => {
    const attempts = Math.floor(positiveOption("attempts", opts.attempts, DEFAULT_ATTEMPTS, "rounds"));
    const timeoutSeconds = positiveOption("timeout", opts.timeout, DEFAULT_TIMEOUT_SECONDS, "seconds");
    const dir = modelDirOption(opts.model);
    const today = todayOption(opts.today);
    const { model, findings } = loadModel(dir, today ? { today } : {});
    if (!model) {
      process.stderr.write(`${formatFindings(findings, "text")}\naccess provisioning: the model at ${dir} is invalid\n`);
      return 1;
    }
    const known = new Set(model.permissionSets.map((p) => p.name));
    const names = opts["permission-set"]?.length ? opts["permission-set"] : [...known];
    for (const n of names) {
      if (!known.has(n)) process.stderr.write(`access provisioning: warning: permission set ${n} is not in the model; checking it anyway\n`);
    }
    const { instanceArn, region } = model.organization.identityCenter;
    const checkOnly = opts["check-only"] === true;
    process.stdout.write(`Identity Center ${instanceArn} (${region}): ${names.length} permission set${names.length === 1 ? "" : "s"}${checkOnly ? " (check only)" : ""}\n`);
    try {
      const result = await checkProvisioning({
        sso: awsClients(region).ssoAdmin,
        instanceArn,
        permissionSets: names,
        checkOnly,
        attempts,
        timeoutMs: timeoutSeconds * 1000,
        log: (line) => process.stdout.write(`${line}\n`),
      });
      for (const m of result.missing) process.stderr.write(`access provisioning: warning: Identity Center has no permission set ${m}; nothing to check for it\n`);
      for (const s of result.stale) process.stdout.write(`behind: ${s.permissionSet} in account ${s.accountId}\n`);
      if (result.failed.length === 0) {
        process.stdout.write(
          result.stale.length === 0
            ? `every account is on the latest version of ${result.checked.length} permission set${result.checked.length === 1 ? "" : "s"}\n`
            : `provisioned again: ${result.stale.length} account${result.stale.length === 1 ? "" : "s"}; every account is on the latest version now\n`,
        );
        return 0;
      }
      const lines = result.failed.map((f) => `  ${f.permissionSet} in account ${f.accountId}: ${f.reason}`);
      process.stderr.write(
        checkOnly
          ? `access provisioning: ${result.failed.length} account${result.failed.length === 1 ? " is" : "s are"} not on the latest version of its permission set (the role there still has the old policies):\n${lines.join("\n")}\nRun \`access provisioning\` with the apply role to provision them again.\n`
          : `access provisioning: ${result.failed.length} account${result.failed.length === 1 ? " is" : "s are"} still not on the latest version after ${attempts} round${attempts === 1 ? "" : "s"}:\n${lines.join("\n")}\n`,
      );
      return 1;
    } catch (err) {
      const message = err instanceof ProvisioningAbortedError ? err.message : describeAwsError(err);
      process.stderr.write(`access provisioning: ${message}\n`);
      return 1;
    }
  },
});
