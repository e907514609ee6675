// The resolved access model: plain data, sorted by natural keys, with every selector expanded.
// Everything downstream (stacks, access diff, reports) reads only these types.

export type AccountId = string; // exactly 12 digits

export interface SourceRef {
  file: string; // path relative to the current directory, as printed in findings
  line: number; // 1-based
  col: number; // 1-based
}

export interface IdentityCenterConfig {
  region: string;
  instanceArn: string;
  identityStoreId: string;
  portalUrl?: string;
  /** Stacks holding account assignments (src/layout); 1 = one identity-center stack. */
  assignmentShards: number;
  /**
   * Set only while changing the layout: the shard count the deployed states were applied with.
   * Synthesis then moves every account whose stack changes (forget in the old, import in the new).
   */
  migrateAssignmentsFrom?: number;
  /** YYYY-MM-DD the SCIM access token expires, when recorded. */
  scimTokenExpires?: string;
}

/** organization.leavers: the revocation deny list and the event path that fills it. */
export interface LeaversConfig {
  /** aws.partner/okta.com/<org_name>/<event_source_name> */
  eventSource: string;
  eventSourceName: string;
  region: string;
  marginSeconds: number;
  denyPolicies: number;
  scimGraceSeconds: number;
  auditRepository?: string;
  githubTokenSecretArn?: string;
}

export interface SignOnTier {
  reauthenticateAfter: string; // ISO-8601 duration, e.g. PT8H
  phishingResistant: boolean;
}

export interface OktaConfig {
  orgName: string;
  baseUrl: string;
  /** `id`: an existing app (set up by hand) the okta stack imports instead of creating a second one. */
  /**
   * `signOnPolicy`: "managed" signs the app in under the policy the stack builds from `signOn`;
   * "existing" leaves an adopted app under the policy it has in Okta (no policy or rules are built).
   */
  app: { label: string; acsUrl: string; entityId: string; id?: string; signOnPolicy: "managed" | "existing" };
  signOn: { everyone: SignOnTier; privileged: SignOnTier };
  /** Name of the never-pushed Okta group assigned to the app; default "AWS users". */
  usersGroup: string;
  /**
   * Fields still holding a placeholder left by `access import` (e.g. "okta.org_name"): the AWS side
   * can be adopted first; the okta stack is left out of synthesis until they are filled in.
   */
  placeholders?: string[];
}

export type StateBackend =
  | { kind: "local" }
  | {
      kind: "s3";
      bucket: string;
      region: string;
      keyPrefix: string; // the key of a stack is `${keyPrefix}${stack}.tfstate`
      kmsKeyId?: string;
    }
  | { kind: "hcp"; organization: string; workspacePrefix: string; hostname?: string };

/** An emergency IAM role outside Identity Center (stack break-glass). */
export interface BreakGlassRole {
  name: string;
  description?: string;
  /** Who may assume it, each only with MFA no older than `mfaMaxAgeSeconds`. */
  principals: { arn: string; mfaMaxAgeSeconds: number }[]; // sorted by arn
  managedPolicies: string[]; // ARNs, sorted
  maxSessionSeconds: number;
}

export interface BreakGlass {
  account: AccountId;
  roles: BreakGlassRole[]; // sorted by name
  alert: { email: string[]; webhook: string[] };
}

export interface Organization {
  managementAccount: AccountId;
  identityCenter: IdentityCenterConfig;
  okta: OktaConfig;
  guardrails: { privilegedSessionMax: string; maxRevocation?: MaxRevocation };
  state: StateBackend;
  /** Present when the model has organization.leavers: the revocation stack is built. */
  leavers?: LeaversConfig;
  /** organization.onboarding; absent means the defaults (auto_apply non_privileged, no events stack). */
  onboarding?: Onboarding;
  /** organization.elevation; absent means `access elevate` is not allowed. */
  elevation?: Elevation;
  /** Present when the model defines break-glass access. */
  breakGlass?: BreakGlass;
  /** AWS partition taken from the instance ARN ("aws", "aws-us-gov", "aws-cn"). */
  partition: string;
}

export const AUTO_APPLY = ["none", "non_privileged", "all"] as const;
export type AutoApply = (typeof AUTO_APPLY)[number];

export interface Onboarding {
  autoApply: AutoApply;
  /** The org-events stack: AWS Organizations events to this repository's repository_dispatch. */
  events?: { githubRepository: string; secretName: string };
}

export interface Elevation {
  maxDuration: string; // ISO-8601
  permissionSets: string[];
  /** GitHub logins and @org/team teams. */
  requesters: string[];
}

/** How far pre-approved account changes go, with the default filled in. */
export function autoApplyOf(org: Pick<Organization, "onboarding">): AutoApply {
  return org.onboarding?.autoApply ?? "non_privileged";
}

/**
 * The mass-revocation guardrail: an apply whose plans remove more than `share` of the managed
 * assignments or more than `count` assignments (or delete any permission set) needs acknowledgement.
 */
export interface MaxRevocation {
  share: number; // 0..1
  count: number;
}

export const DEFAULT_MAX_REVOCATION: MaxRevocation = { share: 0.25, count: 100 };

/** The guardrail of an organization, with the defaults filled in. */
export function maxRevocationOf(org: Pick<Organization, "guardrails">): MaxRevocation {
  return org.guardrails.maxRevocation ?? DEFAULT_MAX_REVOCATION;
}

export interface Account {
  id: AccountId;
  name: string;
  ou: string; // OU path below the root, "" for the root itself
  tags: Record<string, string>;
}

export interface Group {
  name: string;
  description?: string;
  source: "managed" | "existing";
  /** Marked privileged in YAML, or holds a privileged permission set through an active assignment. */
  privileged: boolean;
  privilegedReasons: string[];
}

export interface CustomerManagedPolicyRef {
  name: string;
  path: string; // always starts and ends with "/"
}

export type PermissionsBoundary =
  | { kind: "managed"; arn: string }
  | { kind: "customer_managed"; name: string; path: string };

export interface PermissionSet {
  name: string;
  description?: string;
  sessionDuration: string; // ISO-8601, PT1H..PT12H
  managedPolicies: string[]; // full ARNs, sorted
  customerManagedPolicies: CustomerManagedPolicyRef[]; // sorted by path+name
  inlinePolicy?: string; // canonical JSON text (keys in file order, no insignificant whitespace)
  permissionsBoundary?: PermissionsBoundary;
  relayState?: string;
  tags: Record<string, string>;
  privileged: boolean;
  privilegedReasons: string[];
}

export interface Assignment {
  group: string;
  permissionSet: string;
  accountId: AccountId;
  accountName: string;
  expires?: string; // YYYY-MM-DD, last day the grant is valid
}

export interface ResolvedModel {
  organization: Organization;
  accounts: Account[]; // sorted by id
  groups: Group[]; // sorted by name
  permissionSets: PermissionSet[]; // sorted by name
  assignments: Assignment[]; // unique, sorted by group, permission set, account id
  /**
   * Terraform import ids of resources that already exist live (written by `access import` into the
   * model folder), so the first plan adopts them instead of creating copies. Absent when none.
   */
  imports?: TerraformImports;
  /**
   * Triples left out because every grant of them expired before the date the model was resolved
   * at (each with its latest `expires`). Absent when none.
   */
  expired?: Assignment[];
  /** Where each group, permission set, account and grant is written (for reports and findings). */
  sources?: ModelSources;
}

/** Positions in the YAML, by natural key. An assignment key may be granted by several entries. */
export interface ModelSources {
  groups: ReadonlyMap<string, SourceRef>;
  permissionSets: ReadonlyMap<string, SourceRef>;
  accounts: ReadonlyMap<AccountId, SourceRef>;
  assignments: ReadonlyMap<string, readonly SourceRef[]>;
}

/**
 * The resource kinds of the identity-center side that can be adopted, named like their blocks.
 * Keys are the natural keys the stacks use for the instance (the for_each key): a permission set
 * name; `<permission set>|<policy arn>` for managed policies; `<permission set>|<path><name>` for
 * customer-managed policies; a permission set name for inline policies and boundaries;
 * `<group>|<permission set>|<account id>` for assignments; a group name for group_push.
 */
export const IMPORT_KINDS = [
  "permission_set",
  "managed_policy",
  "customer_managed_policy",
  "inline_policy",
  "permissions_boundary",
  "assignment",
  "group_push",
] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** Per kind, natural key -> the Terraform import id documented by the provider for that resource. */
export type TerraformImports = { readonly [K in ImportKind]?: ReadonlyMap<string, string> };

export type Severity = "error" | "warning";

export interface Finding extends SourceRef {
  severity: Severity;
  code: string; // stable machine-readable identifier, e.g. "unknown-reference"
  message: string; // says what is wrong and what to do
}

/** Natural key of an assignment triple, used for Terraform addresses and diffs. */
export function assignmentKey(a: Pick<Assignment, "group" | "permissionSet" | "accountId">): string {
  return `${a.group}|${a.permissionSet}|${a.accountId}`;
}
