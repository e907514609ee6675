// What the local Okta holds. Tests seed and inspect it directly (as a person would in the admin
// UI); the API modules read and change it the way Okta's API does.

export interface FakeUser {
  id: string;
  status?: string; // ACTIVE by default
  profile: { login: string; firstName: string; lastName: string; email: string };
}

export interface FakeGroup {
  id: string;
  name: string;
  description?: string | null;
  type?: "OKTA_GROUP" | "APP_GROUP" | "BUILT_IN";
  members: string[]; // user ids
  created?: string;
  lastUpdated?: string;
}

export interface FakePushMapping {
  id: string;
  sourceGroupId: string;
  targetGroupId: string;
  status: "ACTIVE" | "INACTIVE" | "ERROR";
  created: string;
  lastUpdated: string;
  lastPush?: string;
}

/** A group in the downstream application (for AWS IAM Identity Center: its Identity Store). */
export interface FakeTargetGroup {
  id: string;
  name: string;
}

export interface FakeApp {
  id: string;
  name: string; // OIN key, e.g. amazon_aws_sso
  label: string;
  status?: "ACTIVE" | "INACTIVE";
  signOnMode?: string;
  /** Everything else Okta stores for the app (settings, credentials, visibility, ...), as sent. */
  body?: Record<string, any>;
  /** The ACCESS_POLICY this app signs on with (its `_links.accessPolicy`). */
  accessPolicyId?: string;
  /** Group assignments: group id -> priority. */
  groups?: { id: string; priority?: number; profile?: Record<string, unknown> }[];
  keys?: Record<string, any>[];
  /** Push mappings; undefined: the app has no group push (the API answers 403). */
  pushMappings?: FakePushMapping[];
  /** Groups that exist in the downstream application. */
  targetGroups?: FakeTargetGroup[];
  created?: string;
  lastUpdated?: string;
}

export interface FakeGroupRule {
  id: string;
  name: string;
  status: "ACTIVE" | "INACTIVE" | "INVALID";
  expression: { type: string; value: string };
  assignGroupIds: string[];
  usersExcluded: string[];
  created: string;
  lastUpdated: string;
}

export interface FakePolicyRule {
  id: string;
  name: string;
  priority: number;
  status: "ACTIVE" | "INACTIVE";
  system: boolean;
  type: string;
  conditions: Record<string, any> | null;
  actions: Record<string, any>;
  created: string;
  lastUpdated: string;
}

export interface FakePolicy {
  id: string;
  type: string; // ACCESS_POLICY, ...
  name: string;
  description?: string;
  priority: number;
  status: "ACTIVE" | "INACTIVE";
  system: boolean;
  rules: FakePolicyRule[];
  created: string;
  lastUpdated: string;
}

export interface FakeOktaState {
  users: FakeUser[];
  groups: FakeGroup[];
  apps: FakeApp[];
  groupRules?: FakeGroupRule[];
  /** Policies; when left out the org has its default ACCESS_POLICY ("Any two factors"). */
  policies?: FakePolicy[];
  /** The org's pipeline: "idx" Identity Engine (the default), "v1" Classic Engine. */
  pipeline?: "idx" | "v1";
}

/** The state with every optional collection present, as the API modules expect it. */
export type OrgState = Required<FakeOktaState>;

export const DEFAULT_ACCESS_POLICY_ID = "rstdefaultaccesspol0";

export function defaultAccessPolicy(): FakePolicy {
  const at = "2026-01-01T00:00:00.000Z";
  return {
    id: DEFAULT_ACCESS_POLICY_ID,
    type: "ACCESS_POLICY",
    name: "Any two factors",
    description: "Require two factors to access.",
    priority: 1,
    status: "ACTIVE",
    system: true,
    rules: [catchAllRule("rulcatchalldefault00", "ALLOW", at)],
    created: at,
    lastUpdated: at,
  };
}

/** The system rule every ACCESS_POLICY gets, last in priority order. */
export function catchAllRule(id: string, access: "ALLOW" | "DENY", at: string): FakePolicyRule {
  return {
    id,
    name: "Catch-all Rule",
    priority: 99,
    status: "ACTIVE",
    system: true,
    type: "ACCESS_POLICY",
    conditions: null,
    actions: { appSignOn: { access, verificationMethod: { factorMode: "2FA", type: "ASSURANCE", reauthenticateIn: "PT2H", constraints: [] } } },
    created: at,
    lastUpdated: at,
  };
}

export function withDefaults(state: FakeOktaState): OrgState {
  state.groupRules ??= [];
  state.policies ??= [defaultAccessPolicy()];
  state.pipeline ??= "idx";
  return state as OrgState;
}
