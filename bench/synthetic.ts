// Synthetic organizations in the YAML model format, for the bench and the determinism tests.
// `writeModel` can shuffle every list (and mapping order) and split the sections across any
// number of files and folders, so tests can check that layout never changes the output.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { stringify } from "yaml";
import { seededRandom } from "../tests/support/random.js";

type Doc = Record<string, unknown>;

export interface SyntheticModel {
  organization: Doc;
  accounts: Doc[];
  groups: Doc[];
  permission_sets: Doc[];
  assignments: Doc[];
}

const ENVS = ["prod", "staging", "dev"] as const;
/** Accounts per product domain; each domain has its own two groups. */
const ACCOUNTS_PER_DOMAIN = 25;

export function accountId(i: number): string {
  return String(100000000000 + i * 7919).padStart(12, "0");
}

export function domainOf(i: number): string {
  return `d${String(Math.floor(i / ACCOUNTS_PER_DOMAIN)).padStart(3, "0")}`;
}

export function syntheticAccount(i: number): Doc {
  const domain = domainOf(i);
  return { id: accountId(i), name: `acct-${String(i).padStart(5, "0")}`, ou: `Workloads/${domain}`, tags: { env: ENVS[i % 3], domain } };
}

/**
 * About ten resolved assignments per account: five org-wide grants (`all`) plus, per product
 * domain, developer and operator grants selected by tags.
 */
export function syntheticModel(accountCount: number): SyntheticModel {
  const accounts = Array.from({ length: accountCount }, (_, i) => syntheticAccount(i));
  const domains = [...new Set(accounts.map((a) => (a.tags as { domain: string }).domain))];
  const organization = {
    management_account: "999999999999",
    identity_center: {
      region: "us-east-1",
      instance_arn: "arn:aws:sso:::instance/ssoins-0123456789abcdef",
      identity_store_id: "d-0123456789",
    },
    okta: {
      org_name: "bench",
      base_url: "okta.com",
      app: {
        label: "AWS IAM Identity Center",
        acs_url: "https://us-east-1.signin.aws.amazon.com/platform/saml/acs/0123abcd-4567-89ef-0123-456789abcdef",
        entity_id: "https://us-east-1.signin.aws.amazon.com/platform/saml/d-0123456789",
      },
      sign_on: {
        everyone: { reauthenticate_after: "PT8H" },
        privileged: { reauthenticate_after: "PT1H", phishing_resistant: true },
      },
    },
    guardrails: { privileged_session_max: "PT1H" },
  };
  const permission_sets: Doc[] = [
    { name: "AdministratorAccess", description: "Full administration", managed_policies: ["AdministratorAccess"], privileged: true },
    { name: "Billing", description: "Billing console", session_duration: "PT2H", managed_policies: ["job-function/Billing"] },
    {
      name: "DeveloperAccess",
      description: "Developers: power user within a boundary",
      session_duration: "PT8H",
      managed_policies: ["ReadOnlyAccess", "job-function/ViewOnlyAccess"],
      customer_managed_policies: [{ name: "developer-extras", path: "/teams/", grants: ["s3:GetObject", "s3:PutObject", "logs:FilterLogEvents"] }],
      inline_policy: {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "arn:aws:s3:::home-bucket/${aws:username}/*" }],
      },
      permissions_boundary: { customer_managed: { name: "developer-boundary", path: "/" } },
      relay_state: "https://console.aws.amazon.com/console/home",
      tags: { team: "platform", "cost-center": "engineering" },
    },
    { name: "Operator", description: "Operations", session_duration: "PT4H", managed_policies: ["job-function/SystemAdministrator"], permissions_boundary: { managed: "PowerUserAccess" } },
    { name: "ReadOnly", description: "Read only", session_duration: "PT8H", managed_policies: ["ReadOnlyAccess"] },
    { name: "SecurityAudit", description: "Security audit", session_duration: "PT8H", managed_policies: ["SecurityAudit", "job-function/ViewOnlyAccess"] },
  ];
  const groups: Doc[] = [
    { name: "platform-admin", description: "Platform administrators", source: "managed", privileged: true },
    { name: "security-audit", description: "Security team", source: "managed" },
    { name: "readonly-all", description: "Read-only everywhere", source: "existing" },
    { name: "billing", description: "Finance billing", source: "managed" },
    { name: "incident-response", description: "Incident responders", source: "managed" },
  ];
  const assignments: Doc[] = [
    { group: "platform-admin", permission_set: "AdministratorAccess", accounts: "all" },
    { group: "security-audit", permission_set: "SecurityAudit", accounts: "all" },
    { group: "security-audit", permission_set: "ReadOnly", accounts: "all" },
    { group: "readonly-all", permission_set: "ReadOnly", accounts: "all" },
    { group: "billing", permission_set: "Billing", accounts: "all" },
    { group: "incident-response", permission_set: "Operator", accounts: "all" },
  ];
  for (const domain of domains) {
    groups.push({ name: `${domain}-developers`, description: `Developers of ${domain}`, source: "managed" });
    groups.push({ name: `${domain}-operators`, description: `Operators of ${domain}`, source: "managed" });
    assignments.push(
      { group: `${domain}-developers`, permission_set: "DeveloperAccess", accounts: { tags: { domain } } },
      { group: `${domain}-developers`, permission_set: "ReadOnly", accounts: { tags: { domain, env: "prod" } } },
      { group: `${domain}-operators`, permission_set: "Operator", accounts: { ou: `Workloads/${domain}` } },
      { group: `${domain}-operators`, permission_set: "ReadOnly", accounts: { tags: { domain }, except: [] } },
      { group: `${domain}-operators`, permission_set: "DeveloperAccess", accounts: { tags: { domain, env: "dev" } } },
    );
  }
  return { organization, accounts, groups, permission_sets, assignments };
}

function shuffled<T>(list: readonly T[], random: () => number): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** Shuffles every list and the key order of every mapping, recursively. Not inline policies. */
export function shuffleDeep(value: unknown, random: () => number, path: string[] = []): unknown {
  if (path.at(-1) === "inline_policy") return value; // a policy document's order is its content
  if (Array.isArray(value)) return shuffled(value.map((v) => shuffleDeep(v, random, path)), random);
  if (value !== null && typeof value === "object") {
    const entries = shuffled(Object.entries(value), random);
    return Object.fromEntries(entries.map(([k, v]) => [k, shuffleDeep(v, random, [...path, k])]));
  }
  return value;
}

export interface Layout {
  /** Number of files the list sections are spread over (organization is always in its own). */
  files: number;
  /** Seed for shuffling lists and assigning items to files; omit to keep order and one file per section. */
  seed?: number;
}

const SECTIONS = ["accounts", "groups", "permission_sets", "assignments"] as const;

/** Writes the model as YAML files under `dir`; returns the files written. */
export function writeModel(model: SyntheticModel, dir: string, layout: Layout = { files: 1 }): string[] {
  const written: string[] = [];
  const write = (rel: string, doc: Doc) => {
    const file = join(dir, rel);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, stringify(doc, { lineWidth: 0 }));
    written.push(file);
  };
  write("organization.yaml", { organization: model.organization });
  if (layout.seed === undefined) {
    for (const section of SECTIONS) write(`${section}.yaml`, { [section]: model[section] });
    return written;
  }
  const random = seededRandom(layout.seed);
  const buckets: Doc[] = Array.from({ length: layout.files }, () => ({}));
  for (const section of SECTIONS) {
    for (const item of shuffleDeep(model[section], random) as Doc[]) {
      const bucket = buckets[Math.floor(random() * layout.files)];
      ((bucket[section] ??= []) as Doc[]).push(item);
    }
  }
  buckets.forEach((doc, i) => {
    if (Object.keys(doc).length === 0) return;
    const ordered = Object.fromEntries(shuffled(Object.entries(doc), random));
    write(join(`part-${Math.floor(random() * 3)}`, `file-${String(i).padStart(3, "0")}.yaml`), ordered);
  });
  return written;
}
