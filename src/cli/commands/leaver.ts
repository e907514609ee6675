import { DEFAULT_POLICY_PREFIX, readDenyList } from "../../revocation/deny-list-aws.js";
import { coverOf, type StoredEntry } from "../../revocation/entries.js";
import { longestSessionSeconds } from "../../revocation/model-facts.js";
import { revokePerson, type RevokeResult } from "../../revocation/revoke.js";
import { durationSeconds } from "../../model/duration.js";
import { SIGNED_OUT_STATUSES } from "../../okta/person.js";
import type { PersonFacts } from "../../person/gather.js";
import { leaverVerdict, type LeaverVerdict } from "../../person/leaver-verdict.js";
import { describeAwsError } from "../../aws/errors.js";
import { modelDirOption, oneOf } from "../args.js";
import { todayOption } from "../dates.js";
import { defineCommand } from "../options.js";
import { requireModel } from "../model.js";
import { readPerson } from "../person-sources.js";

export const NOT_ENDED = 3;

interface LeaverReport {
  login: string;
  facts: PersonFacts;
  longestSessionSeconds: number;
  deny?: StoredEntry;
  denyListProblem?: string;
  revoked?: Pick<RevokeResult, "outcome" | "changedPolicies" | "entry">;
  verdict: LeaverVerdict;
}

function render(r: LeaverReport): string {
  const f = r.facts;
  const lines = [`${r.login}: ${f.okta.status} in Okta${f.okta.statusChanged ? ` since ${f.okta.statusChanged}` : ""}`];
  lines.push(`Identity Store: ${f.store ? `user ${f.store.userId} ${f.store.status}` : "no user of that name"}; groups: ${f.storeGroups.map((g) => g.name).join(", ") || "(none)"}`);
  const reach = [...f.reach.triples.map((t) => `${t.accountName} (${t.accountId}) ${t.permissionSet} ${t.sessionDuration} [model, ${t.group}]`), ...f.live.map((g) => `${g.accountId} ${g.permissionSet} ${g.sessionDuration} [live, ${g.principal}]`)];
  lines.push(`Could reach (${reach.length}):`, ...reach.map((l) => `  ${l}`));
  lines.push(`Longest session that may still be live: ${r.longestSessionSeconds / 3600} h`);
  lines.push(`Deny list: ${r.deny ? `entry until ${r.deny.until}` : r.denyListProblem ?? "no entry for this person"}`);
  if (r.revoked) lines.push(`--revoke: ${r.revoked.outcome}${r.revoked.changedPolicies.length ? ` (wrote ${r.revoked.changedPolicies.join(", ")})` : ""}`);
  for (const n of r.verdict.notes) lines.push(`note: ${n}`);
  for (const g of r.verdict.gaps) lines.push(`NOT ENDED: ${g}`);
  lines.push(r.verdict.ended ? "Access has provably ended." : "Access has NOT provably ended.");
  return lines.join("\n") + "\n";
}

export const command = defineCommand({
  name: "leaver",
  summary: "a leaver's status: Okta, SCIM, reachable accounts, live sessions, deny entry (--revoke adds one)",
  description: `For the person on call when someone leaves: Okta status, the Identity Store user and its groups
(did SCIM deprovision?), every account and permission set the person could reach (model and live
assignments), the longest session that may still be live, and whether a revocation deny entry
covers it.
Okta: OKTA_API_CLIENT_ID, OKTA_API_PRIVATE_KEY_ID, OKTA_API_PRIVATE_KEY (okta.users.read, okta.groups.read).
AWS: the SDK's settings (AWS_PROFILE, AWS_ENDPOINT_URL...).`,
  operand: { value: "<login>", missing: "access leaver needs exactly one Okta login, e.g. access leaver jane.doe@example.com" },
  options: {
    revoke: {
      type: "boolean",
      help: "add the person to the deny list now (the same code as the revoker Lambda); needs the\nmanagement account's apply role (organizations:UpdatePolicy on the deny-list policies)",
    },
    model: { type: "string", value: "DIR", help: "the access model (default $ACCESS_MODEL_DIR or access-model/)" },
    format: { type: "string", value: "text|json", help: "text for people (default), or json" },
    today: { type: "string", value: "YYYY-MM-DD", help: "decides which grants have expired (default $ACCESS_TODAY, else now)" },
  },
  exit: `Exit 0 only when access has provably ended; 3 when it has not (or cannot be proven), with why;
1 when the login is unknown or Okta/AWS cannot be read; 2 on usage errors (missing credentials too).`,
  run: async (opts, login) => {
    const format = oneOf("format", opts.format, ["text", "json"] as const, "text");
    const today = todayOption(opts.today);
    const model = requireModel("leaver", modelDirOption(opts.model), today ? { today } : {});
    const read = await readPerson(model, login);
    if ("failure" in read) {
      process.stderr.write(`access leaver: ${read.failure}; access is NOT proven ended\n`);
      return 1;
    }
    const { facts, clients } = read;
    // Nothing reachable any more (groups already removed): assume the longest session of the model.
    const longest = Math.max(facts.reach.longestSessionSeconds, ...facts.live.map((g) => durationSeconds(g.sessionDuration) ?? 0)) || longestSessionSeconds(model);
    const management = [...new Set([...facts.reach.managementAccountPermissionSets, ...facts.live.filter((g) => g.accountId === model.organization.managementAccount).map((g) => g.permissionSet)])].sort();
    const now = new Date();
    const leavers = model.organization.leavers;
    let revoked: LeaverReport["revoked"];
    if (opts.revoke) {
      if (!leavers) {
        process.stderr.write("access leaver --revoke: the model has no organization.leavers, so no deny list is deployed (docs/leavers.md); nothing was revoked\n");
        return 1;
      }
      try {
        const actor = process.env.GITHUB_ACTOR ?? process.env.USER ?? "unknown";
        const result = await revokePerson(
          { organizations: clients.organizations, identityStore: clients.identityStore, identityStoreId: model.organization.identityCenter.identityStoreId, policyPrefix: DEFAULT_POLICY_PREFIX },
          { login: facts.okta.login, reason: `access leaver --revoke by ${actor}`, revokedAt: now, longestSessionSeconds: longest, marginSeconds: leavers.marginSeconds, now },
        );
        revoked = { outcome: result.outcome, changedPolicies: result.changedPolicies, ...(result.entry ? { entry: result.entry } : {}) };
      } catch (err) {
        process.stderr.write(`access leaver --revoke: ${err instanceof Error && !("$metadata" in err) ? err.message : describeAwsError(err)}; nothing is proven revoked\n`);
        return 1;
      }
    }
    let deny: StoredEntry | undefined;
    let denyListProblem: string | undefined;
    if (facts.store) {
      try {
        deny = coverOf((await readDenyList(clients.organizations)).entries, facts.store.userId, new Date());
      } catch (err) {
        denyListProblem = `cannot read the deny list: ${err instanceof Error && !("$metadata" in err) ? err.message : describeAwsError(err)}`;
      }
    }
    const verdict = leaverVerdict({
      okta: facts.okta,
      signedOutStatuses: SIGNED_OUT_STATUSES,
      ...(facts.store ? { store: facts.store } : {}),
      storeGroups: facts.storeGroups.map((g) => g.name),
      longestSessionSeconds: longest,
      ...(deny ? { deny } : {}),
      managementAccountPermissionSets: management,
      now: new Date(),
    });
    if (denyListProblem && !verdict.ended) verdict.gaps.push(denyListProblem);
    const report: LeaverReport = { login, facts, longestSessionSeconds: longest, ...(deny ? { deny } : {}), ...(denyListProblem ? { denyListProblem } : {}), ...(revoked ? { revoked } : {}), verdict };
    process.stdout.write(format === "json" ? JSON.stringify(report, null, 2) + "\n" : render(report));
    return verdict.ended ? 0 : NOT_ENDED;
  },
});
