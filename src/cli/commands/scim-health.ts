import { awsClients } from "../../aws/clients.js";
import { describeAwsError } from "../../aws/errors.js";
import { oktaReader } from "../../okta/directory.js";
import { oktaPersonReader, PERSON_SCOPES, SIGNED_OUT_STATUSES } from "../../okta/person.js";
import { renderScimMarkdown, scimHealth, type ScimInputs } from "../../scim/health.js";
import { storeGroupMembers, storeUsers } from "../../scim/read.js";
import { modelDirOption, oneOf } from "../args.js";
import { todayOption } from "../dates.js";
import { defineCommand } from "../options.js";
import { requireModel } from "../model.js";
import { requireOktaCredentials } from "../okta.js";

export const command = defineCommand({
  name: "scim-health",
  summary: "check SCIM: leavers still enabled in the Identity Store, membership differences, token expiry",
  description: `Checks that SCIM keeps the Identity Store in step with Okta:
  not-deprovisioned   deactivated or suspended in Okta, still ENABLED in the Identity Store after
                      the grace period (organization.leavers.scim_grace, default PT1H)
  membership-differs  a model group whose members differ between Okta and the Identity Store
  group-not-pushed    a model group with members in Okta and no Identity Store group
  token-expiring      identity_center.scim_token_expires within 30 days (token-expired: past)
Okta: OKTA_API_CLIENT_ID, OKTA_API_PRIVATE_KEY_ID, OKTA_API_PRIVATE_KEY (okta.users.read, okta.groups.read).
AWS: the SDK's settings; read-only (identitystore:ListUsers, GetGroupId, ListGroupMemberships).`,
  options: {
    model: { type: "string", value: "DIR", help: "the access model (default $ACCESS_MODEL_DIR or access-model/)" },
    format: { type: "string", value: "text|markdown|json", help: "text for people (default), markdown for an issue, or json" },
    "detailed-exitcode": { type: "boolean", help: "exit 2 when problems were found" },
    today: { type: "string", value: "YYYY-MM-DD", help: "decides which grants have expired (default $ACCESS_TODAY, else now)" },
  },
  exit: `Exit 0 when healthy (or, without --detailed-exitcode, when problems were found), 2 with
--detailed-exitcode when problems were found, 1 when Okta or AWS cannot be read.`,
  run: async (opts) => {
    const format = oneOf("format", opts.format, ["text", "markdown", "json"] as const, "text");
    const today = todayOption(opts.today);
    const model = requireModel("scim-health", modelDirOption(opts.model), today ? { today } : {});
    const creds = requireOktaCredentials(model, `no Okta credentials: set OKTA_API_CLIENT_ID, OKTA_API_PRIVATE_KEY_ID and OKTA_API_PRIVATE_KEY (${PERSON_SCOPES.join(", ")})`, PERSON_SCOPES);
    const people = oktaPersonReader(creds);
    const directory = oktaReader(creds);
    let signedOut: ScimInputs["signedOut"];
    const oktaMembers = new Map<string, string[]>();
    try {
      signedOut = [];
      for (const status of SIGNED_OUT_STATUSES) signedOut.push(...(await people.usersWithStatus(status)));
      const byName = new Map((await directory.groups()).filter((g) => g.type === "OKTA_GROUP").map((g) => [g.name, g.id]));
      for (const g of model.groups) {
        const id = byName.get(g.name);
        if (id) oktaMembers.set(g.name, (await directory.members(id)).filter((p) => !SIGNED_OUT_STATUSES.has(p.status)).map((p) => p.login));
      }
    } catch (err) {
      process.stderr.write(`access scim-health: cannot read Okta at ${creds.orgUrl}: ${err instanceof Error ? err.message : String(err)}\n`);
      return 1;
    }
    const { identityStore } = awsClients(model.organization.identityCenter.region);
    const storeId = model.organization.identityCenter.identityStoreId;
    let inputs: ScimInputs;
    try {
      const users = await storeUsers(identityStore, storeId);
      const names = new Map([...users.values()].map((u) => [u.userId, u.userName]));
      const groups: ScimInputs["groups"] = [];
      for (const [name, okta] of oktaMembers) groups.push({ name, okta, store: await storeGroupMembers(identityStore, storeId, name, (id) => names.get(id)) });
      inputs = {
        now: new Date(),
        graceSeconds: model.organization.leavers?.scimGraceSeconds ?? 3600,
        signedOut,
        storeUsers: users,
        groups,
        ...(model.organization.identityCenter.scimTokenExpires ? { scimTokenExpires: model.organization.identityCenter.scimTokenExpires } : {}),
      };
    } catch (err) {
      process.stderr.write(`access scim-health: cannot read the Identity Store ${storeId}: ${describeAwsError(err)}\n`);
      return 1;
    }
    const report = scimHealth(inputs);
    if (format === "json") process.stdout.write(JSON.stringify(report, null, 2) + "\n");
    else if (format === "markdown") process.stdout.write(renderScimMarkdown(report));
    else process.stdout.write([...report.problems.map((p) => `${p.kind}: ${p.message}`), ...report.notes.map((n) => `note: ${n}`), `scim-health: ${report.problems.length} problem(s)`].join("\n") + "\n");
    return opts["detailed-exitcode"] && report.problems.length ? 2 : 0;
  },
});
