// The access diff: what a change to the model does to access. This is the stable JSON contract
// printed by `access diff --format json` and read by `access comment` (documented field by field
// in docs/access-diff.md). Keys are snake_case because the JSON is the public shape.

import type { AccountsChange } from "./accounts.js";

export interface AccessTriple {
  group: string;
  permission_set: string;
  account_id: string;
  account_name: string;
  /** Granted: the last day the grant is valid, when it expires. Revoked for expiry: the day it expired. */
  expires?: string;
  /** Revoked only: "expired" when the grant is still in the head model but its `expires` day has passed. */
  reason?: "expired";
}

/** A scalar setting that changed; `before` is null when the thing is new, `after` when it is gone. */
export interface FieldChange<T> {
  before: T | null;
  after: T | null;
}

export interface ListChange<T> {
  added: T[];
  removed: T[];
}

export type EntityChangeKind = "added" | "removed" | "modified";

export interface PermissionSetChange {
  name: string;
  change: EntityChangeKind | "renamed";
  /** The old name when `change` is "renamed", otherwise null. */
  renamed_from: string | null;
  /** Distinct accounts where the permission set is assigned (head; base for a removed one). */
  accounts: number;
  /** Assignments of the permission set (head; base for a removed one). */
  assignments: number;
  managed_policies: ListChange<string>; // ARNs; "added" = attached, "removed" = detached
  customer_managed_policies: ListChange<string>; // "<path><name>", e.g. "/team/ReadBuckets"
  inline_policy_statements: ListChange<unknown>; // statements as written in the policy document
  session_duration: FieldChange<string> | null;
  permissions_boundary: FieldChange<string> | null; // ARN, or "<path><name>" for customer managed
  relay_state: FieldChange<string> | null;
  description: FieldChange<string> | null;
  tags: ListChange<string>; // "key=value"; a changed value is one removed and one added
  privileged: FieldChange<boolean> | null;
}

export interface GroupChange {
  name: string;
  change: EntityChangeKind;
  /** Assignments of the group (head; base for a removed one). */
  assignments: number;
  source: FieldChange<"managed" | "existing"> | null;
  privileged: FieldChange<boolean> | null;
  description: FieldChange<string> | null;
}

export type OktaSetting =
  | "org_name"
  | "base_url"
  | "app.label"
  | "app.acs_url"
  | "app.entity_id"
  | "app.sign_on_policy"
  | "sign_on.everyone.reauthenticate_after"
  | "sign_on.everyone.phishing_resistant"
  | "sign_on.privileged.reauthenticate_after"
  | "sign_on.privileged.phishing_resistant"
  | "users_group";

export interface OktaChange {
  setting: OktaSetting;
  before: string | boolean | null;
  after: string | boolean | null;
}

export type RiskLevel = "high" | "medium" | "low";

export type RiskCode =
  | "privileged-access-granted"
  | "production-access-granted"
  | "permission-set-renamed"
  | "permission-set-replaced"
  | "permission-set-removed"
  | "permissions-broadened"
  | "permissions-boundary-removed"
  | "group-removed"
  | "managed-okta-group-removed"
  | "group-source-changed"
  | "group-no-longer-privileged"
  | "session-above-guardrail"
  | "mass-revocation"
  | "okta-saml-settings-changed"
  | "okta-users-group-changed"
  | "okta-sign-on-policy-managed"
  | "okta-sign-on-policy-unmanaged"
  | "sign-on-weakened"
  | "privileged-expiry-extended"
  | "privileged-session-raised"
  | "privileged-sign-on-weakened"
  | "relay-state-outside-aws"
  | "management-account-access-granted"
  | "permissions-boundary-loosened"
  | "max-revocation-raised"
  | "confusable-name"
  | "code-changed";

export interface Risk {
  level: RiskLevel;
  code: RiskCode;
  message: string;
  /** People the change reaches, when Okta was read and the group is in it. */
  people?: number;
}

/** `okta`, `identity-center` (the base), or an assignment shard `identity-center-shard-NN`. */
export type StackName = string;

export interface AccessDiff {
  granted: AccessTriple[];
  revoked: AccessTriple[];
  permission_sets: PermissionSetChange[];
  groups: GroupChange[];
  okta: OktaChange[];
  risks: Risk[];
  affected_stacks: StackName[];
  /** organization.guardrails.max_revocation, the stricter of base and head (defaults filled in). */
  max_revocation?: { share: number; count: number };
  /** Accounts added, removed, moved, renamed or retagged, each with the grants it brings or loses; absent when none. */
  accounts?: AccountsChange;
}

export interface DiffOptions {

  /** Share (0..1) of all base assignments above which revocations are flagged. Default 0.1. */
  revokeThreshold?: number;
  /** People per group, read from Okta when available; risks then say how many people a change reaches. */
  people?: ReadonlyMap<string, number>;
  /** Repository paths the change touches (`git diff --name-only`); code paths affect every stack. */
  changedFiles?: readonly string[];
}

export const DEFAULT_REVOKE_THRESHOLD = 0.1;
