import type { PersonFacts } from "../../person/gather.js";
import { filterByAccountTags } from "../../person/reach.js";
import { modelDirOption, oneOf } from "../args.js";
import { UsageError } from "../errors.js";
import { todayOption } from "../dates.js";
import { defineCommand } from "../options.js";
import { requireModel } from "../model.js";
import { readPerson } from "../person-sources.js";

function tagsOption(values: string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values ?? []) {
    const i = v.indexOf("=");
    if (i <= 0) throw new UsageError(`--tag must be KEY=VALUE (got "${v}")`);
    out[v.slice(0, i)] = v.slice(i + 1);
  }
  return out;
}

export function renderPersonText(f: PersonFacts, accountNames: Map<string, string>): string {
  const lines = [`${f.okta.login}: ${f.okta.status} in Okta${f.okta.statusChanged ? ` since ${f.okta.statusChanged}` : ""}`];
  lines.push(`Okta groups: ${f.oktaGroups.join(", ") || "(none)"}`);
  lines.push(`Identity Store: ${f.store ? `${f.store.userId} ${f.store.status}` : "no user of that name"}; groups: ${f.storeGroups.map((g) => g.name).join(", ") || "(none)"}`);
  lines.push("", `From the model (${f.reach.triples.length}):`);
  for (const t of f.reach.triples) lines.push(`  ${t.accountName} (${t.accountId})  ${t.permissionSet}  ${t.sessionDuration}  via ${t.group}${t.expires ? `  until ${t.expires}` : ""}`);
  lines.push("", `Live in Identity Center (${f.live.length}):`);
  for (const g of f.live) lines.push(`  ${accountNames.get(g.accountId) ?? "?"} (${g.accountId})  ${g.permissionSet}  ${g.sessionDuration}  via ${g.principal}`);
  return lines.join("\n") + "\n";
}

export const command = defineCommand({
  name: "person",
  summary: "what one person can reach and why (Okta groups, model triples, live assignments)",
  description: `What one person can reach and why, for review and support tickets: their Okta status and groups,
the model's (group, permission set, account) triples for those groups, their Identity Store user
and groups, and the live assignments of that user and those groups (ListAccountAssignmentsForPrincipal).
Okta: OKTA_API_CLIENT_ID, OKTA_API_PRIVATE_KEY_ID, OKTA_API_PRIVATE_KEY (okta.users.read, okta.groups.read).
AWS: the SDK's settings (AWS_PROFILE, AWS_ENDPOINT_URL...); read-only.`,
  operand: { value: "<login>", missing: "access person needs exactly one Okta login, e.g. access person jane.doe@example.com" },
  options: {
    model: { type: "string", value: "DIR", help: "the access model (default $ACCESS_MODEL_DIR or access-model/)" },
    format: { type: "string", value: "text|json", help: "text for people (default), or json" },
    tag: { type: "string", value: "KEY=VALUE", multiple: true, help: "only accounts carrying the tag (e.g. --tag env=prod); repeatable" },
    today: { type: "string", value: "YYYY-MM-DD", help: "decides which grants have expired (default $ACCESS_TODAY, else now)" },
  },
  exit: "Exit 0 on success, 1 when the login is unknown or Okta/AWS cannot be read, 2 on usage errors.",
  run: async (opts, login) => {
    const format = oneOf("format", opts.format, ["text", "json"] as const, "text");
    const tags = tagsOption(opts.tag);
    const today = todayOption(opts.today);
    const model = requireModel("person", modelDirOption(opts.model), today ? { today } : {});
    const read = await readPerson(model, login);
    if ("failure" in read) {
      process.stderr.write(`access person: ${read.failure}\n`);
      return 1;
    }
    let facts = read.facts;
    if (Object.keys(tags).length) {
      const keep = new Set(model.accounts.filter((a) => Object.entries(tags).every(([k, v]) => a.tags[k] === v)).map((a) => a.id));
      facts = { ...facts, reach: { ...facts.reach, triples: filterByAccountTags(model, facts.reach.triples, tags) }, live: facts.live.filter((g) => keep.has(g.accountId)) };
    }
    const names = new Map(model.accounts.map((a) => [a.id, a.name]));
    process.stdout.write(format === "json" ? JSON.stringify(facts, null, 2) + "\n" : renderPersonText(facts, names));
    return 0;
  },
});
