// The live estate as `access import` reads it from AWS: plain data, no SDK types, so the model
// writer and its tests never need AWS.
import type { CustomerManagedPolicyRef, PermissionsBoundary } from "../model/types.js";

export type LiveAccountState = "ACTIVE" | "SUSPENDED" | "PENDING_CLOSURE" | "CLOSED";

export interface LiveAccount {
  id: string;
  name: string;
  state: LiveAccountState;
  /** OU names from below the root, joined by "/"; "" for an account directly under the root. */
  ou: string;
  tags: Record<string, string>;
}

export interface LiveOrganization {
  managementAccountId: string;
  accounts: LiveAccount[]; // sorted by id, management account included
}

export interface LivePermissionSet {
  arn: string;
  name: string;
  description?: string;
  sessionDuration: string;
  relayState?: string;
  tags: Record<string, string>;
  managedPolicies: string[]; // ARNs, sorted
  customerManagedPolicies: CustomerManagedPolicyRef[];
  inlinePolicy?: string; // as the service returns it
  permissionsBoundary?: PermissionsBoundary;
}

export interface LiveAssignment {
  permissionSetArn: string;
  accountId: string;
  principalType: "USER" | "GROUP";
  principalId: string;
}

export interface LiveIdentityCenter {
  region: string;
  instanceArn: string;
  identityStoreId: string;
  permissionSets: LivePermissionSet[]; // sorted by name
  assignments: LiveAssignment[];
  /** Group id -> display name, for every group an assignment names that the Identity Store knows. */
  groupNames: Record<string, string>;
}

export interface LiveEstate {
  identityCenter: LiveIdentityCenter;
  organization: LiveOrganization;
}
