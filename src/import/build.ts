// The live estate -> the files of a model folder laid out like the example (organization, accounts
// per OU, groups, one file per permission set with its policy as JSON, assignments per group), the
// Terraform import ids that let the first plan adopt everything, and the report of what could not
// be represented. Pure: the same estate always gives the same bytes.
import { DEFAULT_ASSIGNMENT_SHARDS } from "../layout/index.js";
import { Document, isMap, isSeq, YAMLMap, YAMLSeq } from "yaml";
import { durationSeconds } from "../model/duration.js";
import { cmp } from "../model/order.js";
import { placeholder } from "../model/placeholders.js";
import { classifyPermissionSet } from "../model/privilege.js";
import type { RawSelector } from "../model/schema.js";
import { assignmentKey, type Account, type ImportKind } from "../model/types.js";
import { DEFAULT_PRIVILEGED_SESSION_MAX, DEFAULT_SESSION, DEFAULT_USERS_GROUP } from "../model/validate.js";
import { compressSelector } from "./compress.js";
import type { LiveEstate, LivePermissionSet } from "./estate.js";
import { accountNames, fileSlug } from "./names.js";

/** An estate this small keeps every assignment in one identity-center stack; a larger one is sharded. */
export const SINGLE_STACK_MAX_ACCOUNTS = 64;

export interface OktaFlags {
  orgName?: string;
  baseUrl?: string;
  appId?: string;
  acsUrl?: string;
  entityId?: string;
}

export type ReportKind =
  | "user-assignment"
  | "unnamed-group"
  | "inactive-account"
  | "management-account"
  | "account-outside-organization"
  | "renamed-account"
  | "reserved-group"
  | "unreadable-inline-policy"
  | "guardrail-raised"
  | "placeholder";

export interface ReportItem {
  kind: ReportKind;
  /** What it is about, e.g. "USER 9067...-... has ReadOnly in 111111111111". */
  subject: string;
  /** What to do about it. */
  action: string;
}

export interface ImportResult {
  /** Relative path -> file content, every file of the model folder. */
  files: Map<string, string>;
  report: ReportItem[];
  counts: { accounts: number; groups: number; permissionSets: number; assignmentTriples: number; assignmentEntries: number; imports: number };
}

export const IMPORTS_FILE = "imports.yaml";
export const REPORT_FILE = "IMPORT-REPORT.md";

const GENERATED = "# Written by `access import`. Edit freely: this is now your access model.";

export function buildModel(estate: LiveEstate, okta: OktaFlags = {}): ImportResult {
  const ic = estate.identityCenter;
  const org = estate.organization;
  const report: ReportItem[] = [];
  const files = new Map<string, string>();
  const imports: Record<ImportKind, Array<[string, string]>> = {
    permission_set: [],
    managed_policy: [],
    customer_managed_policy: [],
    inline_policy: [],
    permissions_boundary: [],
    assignment: [],
    group_push: [],
  };
  const partition = ic.instanceArn.split(":")[1] ?? "aws";
  const psImportId = (ps: LivePermissionSet) => `${ps.arn},${ic.instanceArn}`;

  // Accounts: active members of the Organization except the management account.
  const { names, changed } = accountNames(org.accounts);
  for (const c of changed) {
    report.push({ kind: "renamed-account", subject: `account ${c.account.id} "${c.account.name}" is written as "${c.name}"`, action: `${c.why}; rename it in the model (and in AWS, if you like) to something unique` });
  }
  const byId = new Map(org.accounts.map((a) => [a.id, a]));
  const modelAccounts: Account[] = org.accounts
    .filter((a) => a.state === "ACTIVE" && a.id !== org.managementAccountId)
    .map((a) => ({ id: a.id, name: names.get(a.id)!, ou: a.ou, tags: a.tags }));
  const inModel = new Set(modelAccounts.map((a) => a.id));
  for (const a of org.accounts) {
    if (a.state !== "ACTIVE") {
      report.push({ kind: "inactive-account", subject: `account ${a.id} (${a.name}) is ${a.state}`, action: "left out of the model; its assignments are listed below and are not imported: delete them in Identity Center, or add the account by hand if it comes back" });
    }
  }

  // Permission sets, their policies and import ids.
  const psByArn = new Map(ic.permissionSets.map((ps) => [ps.arn, ps]));
  const psSlugs = new Set<string>();
  let guardrail = DEFAULT_PRIVILEGED_SESSION_MAX;
  for (const ps of [...ic.permissionSets].sort((a, b) => cmp(a.name, b.name))) {
    const slug = fileSlug(ps.name, psSlugs);
    const entry: Record<string, unknown> = { name: ps.name };
    if (ps.description !== undefined) entry.description = ps.description;
    if (ps.sessionDuration !== DEFAULT_SESSION) entry.session_duration = ps.sessionDuration;
    if (ps.relayState !== undefined) entry.relay_state = ps.relayState;
    if (ps.managedPolicies.length > 0) entry.managed_policies = ps.managedPolicies.map((arn) => managedPolicyRef(arn, partition));
    if (ps.customerManagedPolicies.length > 0) entry.customer_managed_policies = ps.customerManagedPolicies.map((c) => (c.path === "/" ? { name: c.name } : { name: c.name, path: c.path }));
    let inlineDoc: Record<string, unknown> | undefined;
    if (ps.inlinePolicy !== undefined) {
      try {
        inlineDoc = JSON.parse(ps.inlinePolicy) as Record<string, unknown>;
        files.set(`policies/${slug}.json`, `${JSON.stringify(inlineDoc, null, 2)}\n`);
        entry.inline_policy = `../policies/${slug}.json`;
        imports.inline_policy.push([ps.name, psImportId(ps)]);
      } catch {
        report.push({ kind: "unreadable-inline-policy", subject: `the inline policy of ${ps.name} is not valid JSON`, action: "not imported; Terraform leaves it as it is: fix it in Identity Center and import again" });
      }
    }
    const b = ps.permissionsBoundary;
    if (b) {
      entry.permissions_boundary = b.kind === "managed" ? { managed: managedPolicyRef(b.arn, partition) } : { customer_managed: b.path === "/" ? { name: b.name } : { name: b.name, path: b.path } };
      imports.permissions_boundary.push([ps.name, psImportId(ps)]);
    }
    if (Object.keys(ps.tags).length > 0) entry.tags = ps.tags;
    files.set(`permission-sets/${slug}.yaml`, yamlText(`${GENERATED}\n# Permission set ${ps.name}.`, { permission_sets: [entry] }));

    imports.permission_set.push([ps.name, psImportId(ps)]);
    for (const arn of ps.managedPolicies) imports.managed_policy.push([`${ps.name}|${arn}`, `${arn},${ps.arn},${ic.instanceArn}`]);
    for (const c of ps.customerManagedPolicies) imports.customer_managed_policy.push([`${ps.name}|${c.path}${c.name}`, `${c.name},${c.path},${ps.arn},${ic.instanceArn}`]);

    const { privileged } = classifyPermissionSet({
      managedPolicies: ps.managedPolicies,
      customerManagedPolicies: ps.customerManagedPolicies,
      ...(inlineDoc ? { inlinePolicy: inlineDoc } : {}),
      ...(b ? { boundary: b } : {}),
    });
    if (privileged && (durationSeconds(ps.sessionDuration) ?? 0) > (durationSeconds(guardrail) ?? 0)) guardrail = ps.sessionDuration;
  }
  if (guardrail !== DEFAULT_PRIVILEGED_SESSION_MAX) {
    report.push({
      kind: "guardrail-raised",
      subject: `guardrails.privileged_session_max is ${guardrail}, the longest session of a privileged permission set today`,
      action: `so the model accepts the estate as it is; shorten those sessions and lower the guardrail (the product's default is ${DEFAULT_PRIVILEGED_SESSION_MAX})`,
    });
  }

  // Assignments: group -> permission set -> accounts; everything else goes to the report.
  const grants = new Map<string, Map<string, Set<string>>>();
  let triples = 0;
  for (const a of ic.assignments) {
    const ps = psByArn.get(a.permissionSetArn);
    const psName = ps?.name ?? a.permissionSetArn;
    const acct = byId.get(a.accountId);
    const where = `${psName} in ${a.accountId}${acct ? ` (${acct.name})` : ""}`;
    if (a.principalType === "USER") {
      report.push({ kind: "user-assignment", subject: `USER ${a.principalId} has ${where}`, action: "the model assigns groups only: put the user in a group that holds this access, then delete the user assignment in Identity Center" });
      continue;
    }
    const group = ic.groupNames[a.principalId];
    if (group === undefined) {
      report.push({ kind: "unnamed-group", subject: `GROUP ${a.principalId}, unknown to the Identity Store, has ${where}`, action: "the group no longer exists: delete the assignment in Identity Center" });
      continue;
    }
    if (group === DEFAULT_USERS_GROUP) {
      report.push({ kind: "reserved-group", subject: `group "${group}" has ${where}`, action: `"${DEFAULT_USERS_GROUP}" is the group that gives people the Okta app in this product: rename the group in Okta, then import again` });
      continue;
    }
    if (a.accountId === org.managementAccountId) {
      report.push({ kind: "management-account", subject: `group ${group} has ${where}, the management account`, action: "not imported: access to the management account is refused by default; to keep it under the model, add an assignment with allow_management_account: true" });
      continue;
    }
    if (!acct) {
      report.push({ kind: "account-outside-organization", subject: `group ${group} has ${where}, not an account of the Organization`, action: "delete the assignment in Identity Center" });
      continue;
    }
    if (!inModel.has(a.accountId) || !ps) continue; // inactive accounts: reported above
    const byPs = grants.get(group) ?? new Map<string, Set<string>>();
    const accounts = byPs.get(ps.name) ?? new Set<string>();
    accounts.add(a.accountId);
    byPs.set(ps.name, accounts);
    grants.set(group, byPs);
    triples++;
    imports.assignment.push([assignmentKey({ group, permissionSet: ps.name, accountId: a.accountId }), `${a.principalId},GROUP,${a.accountId},AWS_ACCOUNT,${ps.arn},${ic.instanceArn}`]);
  }
  for (const a of ic.assignments) {
    const acct = byId.get(a.accountId);
    if (acct && acct.state !== "ACTIVE" && a.principalType === "GROUP" && ic.groupNames[a.principalId] !== undefined) {
      report.push({ kind: "inactive-account", subject: `group ${ic.groupNames[a.principalId]} has ${psByArn.get(a.permissionSetArn)?.name ?? a.permissionSetArn} in ${a.accountId} (${acct.name}, ${acct.state})`, action: "not imported: delete the assignment in Identity Center" });
    }
  }

  // Groups and their assignment files.
  const groupNames = [...grants.keys()].sort(cmp);
  const groupSlugs = new Set<string>();
  let entries = 0;
  for (const group of groupNames) {
    const list: Array<Record<string, unknown>> = [];
    for (const [psName, ids] of [...grants.get(group)!.entries()].sort(([a], [b]) => cmp(a, b))) {
      list.push({ group, permission_set: psName, accounts: compressSelector(ids, modelAccounts) satisfies RawSelector });
    }
    entries += list.length;
    files.set(`assignments/${fileSlug(group, groupSlugs)}.yaml`, yamlText(`${GENERATED}\n# What ${group} can do where. Selectors select exactly the accounts the group had when imported.`, { assignments: list }, ["assignments"]));
    imports.group_push.push([group, group]);
  }
  files.set(
    "groups.yaml",
    yamlText(`${GENERATED}\n# Every group already exists in Okta and is pushed to Identity Center: source existing (looked up, never created).`, {
      groups: groupNames.map((name) => ({ name, source: "existing" })),
    }, ["groups"]),
  );

  // Accounts, one file per top-level OU.
  const byTop = new Map<string, Account[]>();
  for (const a of modelAccounts) {
    const top = a.ou === "" ? "" : a.ou.split("/")[0]!;
    byTop.set(top, [...(byTop.get(top) ?? []), a]);
  }
  const accountSlugs = new Set<string>();
  for (const top of [...byTop.keys()].sort(cmp)) {
    const list = byTop.get(top)!.sort((a, b) => cmp(a.ou, b.ou) || cmp(a.name, b.name));
    const slug = fileSlug(top === "" ? "root" : top, accountSlugs);
    const heading = top === "" ? "Accounts directly under the Organization's root." : `Accounts in OU ${top} and below.`;
    files.set(
      `accounts/${slug}.yaml`,
      yamlText(`${GENERATED}\n# ${heading} Kept in line with AWS Organizations by \`access accounts sync\`.`, {
        accounts: list.map((a) => ({ id: a.id, name: a.name, ...(a.ou ? { ou: a.ou } : {}), ...(Object.keys(a.tags).length ? { tags: a.tags } : {}) })),
      }, ["accounts"]),
    );
  }

  // The organization, with placeholders where AWS cannot tell.
  const filled = (value: string | undefined, what: string, field: string) => {
    if (value !== undefined) return value;
    report.push({ kind: "placeholder", subject: `organization.okta.${field} is a placeholder`, action: `write ${what}; until then validate warns and synth builds the identity-center stack only` });
    return placeholder(what);
  };
  const organization = {
    management_account: org.managementAccountId,
    identity_center: {
      region: ic.region,
      instance_arn: ic.instanceArn,
      identity_store_id: ic.identityStoreId,
      // Written out so the layout the first apply creates is visible in the model (README, "Identity Center layout").
      assignment_shards: modelAccounts.length <= SINGLE_STACK_MAX_ACCOUNTS ? 1 : DEFAULT_ASSIGNMENT_SHARDS,
    },
    okta: {
      org_name: filled(okta.orgName, "your Okta org name (acme for acme.okta.com)", "org_name"),
      base_url: okta.baseUrl ?? (okta.orgName !== undefined ? "okta.com" : filled(undefined, "your Okta domain (okta.com, oktapreview.com or okta-emea.com)", "base_url")),
      app: {
        id: filled(okta.appId, "the id of the existing AWS IAM Identity Center app in Okta (remove it and sign_on_policy to create a new app)", "app.id"),
        label: "AWS IAM Identity Center",
        acs_url: filled(okta.acsUrl, "the ACS URL from Identity Center's identity source settings", "app.acs_url"),
        entity_id: filled(okta.entityId, "the issuer URL from Identity Center's identity source settings", "app.entity_id"),
        // Adopting changes nothing in Okta: the app keeps its sign-on policy until a later change removes this.
        sign_on_policy: "existing",
      },
      sign_on: { everyone: { reauthenticate_after: "PT8H" }, privileged: { reauthenticate_after: "PT1H", phishing_resistant: true } },
    },
    guardrails: { privileged_session_max: guardrail },
  };
  files.set("organization.yaml", yamlText(`${GENERATED}\n# The organization, read from Identity Center and AWS Organizations. REPLACE_ME values are the Okta\n# fields AWS cannot tell: fill them in (validate warns about each one until then).`, { organization }));

  // Import ids, grouped by kind and sorted by key.
  const importCount = Object.values(imports).reduce((n, list) => n + list.length, 0);
  const importsValue = Object.fromEntries(
    Object.entries(imports)
      .filter(([, list]) => list.length > 0)
      .map(([kind, list]) => [kind, Object.fromEntries([...list].sort(([a], [b]) => cmp(a, b)))]),
  );
  files.set(
    IMPORTS_FILE,
    yamlText(
      [
        "# Written by `access import`: the Terraform import ids of everything that already exists in Identity",
        "# Center, keyed by the same natural keys as the model. Synthesis turns each entry the model declares",
        "# into an `import` block, so the first plan adopts the live resources (0 to add, change or destroy)",
        "# instead of creating copies. An import of something already in state does nothing, so nothing breaks",
        "# while this file stays; once the first apply has run, delete this file in a pull request of its own.",
      ].join("\n"),
      { imports: importsValue },
    ),
  );

  report.sort((a, b) => cmp(a.kind, b.kind) || cmp(a.subject, b.subject));
  files.set(REPORT_FILE, reportMarkdown(report));
  return {
    files: new Map([...files.entries()].sort(([a], [b]) => cmp(a, b))),
    report,
    counts: { accounts: modelAccounts.length, groups: groupNames.length, permissionSets: ic.permissionSets.length, assignmentTriples: triples, assignmentEntries: entries, imports: importCount },
  };
}

/** An AWS managed policy ARN in the partition of the instance is written by its (path/)name. */
function managedPolicyRef(arn: string, partition: string): string {
  const prefix = `arn:${partition}:iam::aws:policy/`;
  return arn.startsWith(prefix) ? arn.slice(prefix.length) : arn;
}

/** YAML text with a header comment; list entries under `flowLists` are written one per line. */
function yamlText(header: string, value: Record<string, unknown>, flowLists: string[] = []): string {
  const doc = new Document(value);
  doc.commentBefore = ` ${header.split("\n").map((l) => l.replace(/^# ?/, "")).join("\n ")}`;
  for (const key of flowLists) {
    const seq = doc.get(key, true);
    if (!isSeq(seq)) continue;
    for (const item of (seq as YAMLSeq).items) {
      if (!isMap(item)) continue;
      (item as YAMLMap).flow = true;
    }
  }
  return doc.toString({ lineWidth: 0 });
}

export function reportMarkdown(report: readonly ReportItem[]): string {
  const lines = ["# access import report", ""];
  if (report.length === 0) lines.push("Everything live was imported; nothing needs attention.");
  else {
    lines.push("What the import did not bring into the model, or brought in changed, and what to do about each:", "");
    for (const r of report) lines.push(`- **${r.kind}**: ${r.subject}. ${capitalize(r.action)}.`);
  }
  return `${lines.join("\n")}\n`;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
