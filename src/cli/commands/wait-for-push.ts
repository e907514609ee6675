import { describeAwsError } from "../../aws/errors.js";
import { identityStoreDirectory } from "../../aws/identity-store.js";
import { waitForGroups, WaitAbortedError } from "../../aws/wait-for-groups.js";
import { requireModel } from "../model.js";
import { positiveOption } from "../numbers.js";
import { modelDirOption } from "../args.js";
import { todayOption } from "../dates.js";
import { defineCommand } from "../options.js";

const DEFAULT_TIMEOUT_SECONDS = 600;


const parseTimeout = (value: string | undefined) => positiveOption("timeout", value, DEFAULT_TIMEOUT_SECONDS, "seconds");

export const command = defineCommand({
  name: "wait-for-push",
  summary: "wait until Okta has pushed the model's groups into the Identity Store",
  description: `Waits until Okta's SCIM push has created every group of the model (or each --group) in the
Identity Store, looking groups up by display name (identitystore:GetGroupId). Identity store id
and region come from the model. Checks with exponential backoff and jitter, at most --timeout
seconds in all. AWS credentials come from the usual chain;
AWS_ENDPOINT_URL_IDENTITYSTORE (or AWS_ENDPOINT_URL) points the client at another endpoint.`,
  options: {
    model: { type: "string", value: "DIR", help: "the access model (default $ACCESS_MODEL_DIR or access-model/)" },
    timeout: { type: "string", value: "SECONDS", help: `the most to wait in all (default ${DEFAULT_TIMEOUT_SECONDS})` },
    group: { type: "string", value: "NAME", multiple: true, help: "wait for these groups only (repeatable)" },
    today: { type: "string", value: "YYYY-MM-DD", help: "decides which grants have expired (default $ACCESS_TODAY, else today UTC)" },
  },
  exit: `Exit 0 when every group exists, 1 on timeout (naming the missing groups), on an AWS error that
retrying cannot fix (access denied, no credentials) or an invalid model, 2 on usage errors.`,
  run: async (opts) => {
    const timeoutSeconds = parseTimeout(opts.timeout);
    const dir = modelDirOption(opts.model);
    const today = todayOption(opts.today);
    const model = requireModel("wait-for-push", dir, today ? { today } : {});
    const known = new Set(model.groups.map((g) => g.name));
    const groups = opts.group?.length ? opts.group : [...known];
    for (const g of groups) {
      if (!known.has(g)) process.stderr.write(`access wait-for-push: warning: group ${g} is not in the model; waiting for it anyway\n`);
    }
    const { identityStoreId, region } = model.organization.identityCenter;
    const directory = identityStoreDirectory({ identityStoreId, region });
    process.stdout.write(`Identity Store ${identityStoreId} (${region})\n`);
    try {
      const result = await waitForGroups({
        groups,
        directory,
        timeoutMs: timeoutSeconds * 1000,
        log: (line) => process.stdout.write(`${line}\n`),
      });
      if (result.ok) return 0;
      const last = result.lastError ? ` (last error: ${result.lastError})` : "";
      process.stderr.write(
        `access wait-for-push: timed out after ${timeoutSeconds}s: ${result.missing.length} ${result.missing.length === 1 ? "group is" : "groups are"} ` +
          `not in Identity Store ${identityStoreId}: ${result.missing.join(", ")}${last}. Check the Okta app's Push Groups and provisioning (SCIM token) settings.\n`,
      );
      return 1;
    } catch (err) {
      const message = err instanceof WaitAbortedError ? err.message : describeAwsError(err);
      process.stderr.write(`access wait-for-push: ${message}\n`);
      return 1;
    }
  },
});
