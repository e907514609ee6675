import { resolve } from "node:path";
import { ALL_CHECKS, AREAS, doctorContextFromEnv, exitCodeOf, formatResults, runChecks, type Area } from "../../doctor/index.js";
import { formatFindings, loadModel } from "../../model/index.js";
import { modelDirOption, oneOf } from "../args.js";
import { UsageError } from "../errors.js";
import { defineCommand } from "../options.js";

const codes = ALL_CHECKS.map((c) => `  ${String(c.code).padStart(2)}  ${c.id.padEnd(20)} ${c.title}`).join("\n");

export const command = defineCommand({
  name: "doctor",
  summary: "check every prerequisite live (roles, state, Identity Center, Okta, GitHub) and say what to fix",
  description: `Checks every prerequisite of the pipeline live and says what to fix, one line per check. Run it
from doctor.yml (Actions > Access doctor), which has the plan role, the read-only Okta app and
a read-only GitHub token; or locally with the same variables: AWS credentials of the plan role,
AWS_PLAN_ROLE_ARN, AWS_APPLY_ROLE_ARN (default: access-apply next to the plan role),
ACCESS_WORKFLOW_REGION, OKTA_API_CLIENT_ID/_PRIVATE_KEY_ID/_PRIVATE_KEY/_SCOPES, GITHUB_TOKEN,
GITHUB_REPOSITORY, and ACCESS_APPROVAL_APP_ID (the approval app's id, to confirm the pin of the
required access/risk-approval status).`,
  options: {
    model: { type: "string", value: "DIR", help: "the access model (default $ACCESS_MODEL_DIR or access-model/)" },
    only: { type: "string", value: AREAS.join(","), help: "check these areas only (default all)" },
    "before-first-apply": { type: "boolean", help: "the Okta app and its pushes are not expected yet" },
    format: { type: "string", value: "text|json", help: "text for people (default), or json" },
  },
  exit: `Exit 0 when every check passed, 2 on usage errors, else the code of the first failed check:
${codes}`,
  run: async (opts) => {
    const format = oneOf("format", opts.format, ["text", "json"] as const, "text");
    const only = (opts.only ?? AREAS.join(",")).split(",").map((a) => a.trim()).filter(Boolean);
    const unknown = only.filter((a) => !(AREAS as readonly string[]).includes(a));
    if (unknown.length) throw new UsageError(`--only: unknown area(s) ${unknown.join(", ")} (choose from ${AREAS.join(", ")})`);
    const dir = modelDirOption(opts.model);
    const { model, findings } = loadModel(dir);
    if (!model) {
      process.stderr.write(`${formatFindings(findings, "text")}\naccess doctor: the model at ${dir} is invalid; fix it first (npm run access -- validate)\n`);
      return 1;
    }
    const ctx = doctorContextFromEnv(model, process.env, { root: resolve("."), beforeFirstApply: opts["before-first-apply"] === true });
    const results = await runChecks(ALL_CHECKS.filter((c) => only.includes(c.area as Area)), ctx);
    process.stdout.write(format === "json" ? `${JSON.stringify(results, null, 2)}\n` : `${formatResults(results)}\n`);
    return exitCodeOf(results);
  },
});
