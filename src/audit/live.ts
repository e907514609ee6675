// Reads every account assignment of the live Identity Center, read-only, with the cheapest calls
// that see everything: ListPermissionSets, then per permission set DescribePermissionSet and
// ListAccountsForProvisionedPermissionSet, then ListAccountAssignments only for the accounts it
// is provisioned to; every page of each. Principal names come from the Identity Store.
import { DescribeGroupCommand, DescribeUserCommand, type IdentitystoreClient } from "@aws-sdk/client-identitystore";
import {
  DescribePermissionSetCommand,
  ListAccountAssignmentsCommand,
  ListAccountsForProvisionedPermissionSetCommand,
  ListPermissionSetsCommand,
  type SSOAdminClient,
} from "@aws-sdk/client-sso-admin";
import { awsClients, mapLimit } from "../aws/clients.js";
import { classifyAwsError } from "../aws/errors.js";
import { cmp } from "../model/order.js";

export interface LivePermissionSet {
  arn: string;
  name: string;
  /** Accounts the permission set is provisioned to. */
  accounts: string[];
  /** Of those, the accounts whose role is behind the permission set's latest version (a failed or missing provisioning). */
  staleAccounts: string[];
}

export interface LiveAssignment {
  permissionSetArn: string;
  permissionSet: string;
  accountId: string;
  principalType: "USER" | "GROUP";
  principalId: string;
  /** Group display name or user name; undefined when the Identity Store does not know the id. */
  principalName?: string;
}

export interface LiveIdentityCenter {
  instanceArn: string;
  permissionSets: LivePermissionSet[];
  assignments: LiveAssignment[];
  /** HTTP requests made, retries included, per operation. */
  calls: Record<string, number>;
}

export interface AuditClients {
  ssoAdmin: SSOAdminClient;
  identityStore: IdentitystoreClient;
}

/**
 * Clients for the Identity Center region of the model, with the read-only commands' shared
 * settings (src/aws/clients.ts): credentials, profile (AWS_PROFILE), endpoints (AWS_ENDPOINT_URL,
 * AWS_ENDPOINT_URL_SSO_ADMIN, AWS_ENDPOINT_URL_IDENTITYSTORE) and the SDK's retry strategy.
 */
export function auditClients(region: string): AuditClients {
  const { ssoAdmin, identityStore } = awsClients(region);
  return { ssoAdmin, identityStore };
}

/** Counts every HTTP request (each retry too) per operation, through the SDK's middleware stack. */
export function countCalls(clients: AuditClients, calls: Record<string, number>): void {
  for (const client of [clients.ssoAdmin, clients.identityStore] as { middlewareStack: SSOAdminClient["middlewareStack"] }[]) {
    client.middlewareStack.remove("accessAuditCallCounter"); // one counter per client, whatever counted before
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const op = String((context as { commandName?: string }).commandName ?? "unknown").replace(/Command$/, "");
        calls[op] = (calls[op] ?? 0) + 1;
        return next(args);
      },
      { step: "finalizeRequest", name: "accessAuditCallCounter", priority: "low" },
    );
  }
}

/**
 * Accounts listed at once per permission set. Identity Center's APIs share about 20 requests per
 * second per instance with every plan and apply; a few in flight keep a 1,000-account audit within
 * minutes, and the SDK's retry strategy absorbs throttling.
 */
export const CONCURRENCY = 4;

async function allPages<T>(fetch: (token: string | undefined) => Promise<{ items: T[] | undefined; next: string | undefined }>): Promise<T[]> {
  const out: T[] = [];
  let token: string | undefined;
  do {
    const page = await fetch(token);
    out.push(...(page.items ?? []));
    token = page.next;
  } while (token);
  return out;
}

export async function readIdentityCenter(clients: AuditClients, instanceArn: string, identityStoreId: string): Promise<LiveIdentityCenter> {
  const calls: Record<string, number> = {};
  countCalls(clients, calls);
  const { ssoAdmin, identityStore } = clients;
  const arns = await allPages(async (NextToken) => {
    const r = await ssoAdmin.send(new ListPermissionSetsCommand({ InstanceArn: instanceArn, NextToken }));
    return { items: r.PermissionSets, next: r.NextToken };
  });
  const permissionSets: LivePermissionSet[] = [];
  const assignments: LiveAssignment[] = [];
  for (const arn of arns) {
    const described = await ssoAdmin.send(new DescribePermissionSetCommand({ InstanceArn: instanceArn, PermissionSetArn: arn }));
    const name = described.PermissionSet?.Name ?? arn;
    const accounts = await allPages(async (NextToken) => {
      const r = await ssoAdmin.send(new ListAccountsForProvisionedPermissionSetCommand({ InstanceArn: instanceArn, PermissionSetArn: arn, NextToken }));
      return { items: r.AccountIds, next: r.NextToken };
    });
    // A set provisioned nowhere cannot be behind anywhere: one call saved per unused set.
    const staleAccounts = accounts.length
      ? await allPages(async (NextToken) => {
          const r = await ssoAdmin.send(
            new ListAccountsForProvisionedPermissionSetCommand({ InstanceArn: instanceArn, PermissionSetArn: arn, ProvisioningStatus: "LATEST_PERMISSION_SET_NOT_PROVISIONED", NextToken }),
          );
          return { items: r.AccountIds, next: r.NextToken };
        })
      : [];
    permissionSets.push({ arn, name, accounts, staleAccounts: [...staleAccounts].sort(cmp) });
    const perAccount = await mapLimit(accounts, CONCURRENCY, (accountId) =>
      allPages(async (NextToken) => {
        const r = await ssoAdmin.send(new ListAccountAssignmentsCommand({ InstanceArn: instanceArn, PermissionSetArn: arn, AccountId: accountId, NextToken }));
        return { items: r.AccountAssignments, next: r.NextToken };
      }),
    );
    for (const [i, found] of perAccount.entries()) {
      const accountId = accounts[i]!;
      for (const a of found) {
        if (!a.PrincipalId || (a.PrincipalType !== "USER" && a.PrincipalType !== "GROUP")) continue;
        assignments.push({ permissionSetArn: arn, permissionSet: name, accountId: a.AccountId ?? accountId, principalType: a.PrincipalType, principalId: a.PrincipalId });
      }
    }
  }
  permissionSets.sort((a, b) => cmp(a.name, b.name) || cmp(a.arn, b.arn));
  // One lookup per distinct principal, not per assignment.
  const names = new Map<string, string | undefined>();
  for (const a of assignments) {
    const key = `${a.principalType}|${a.principalId}`;
    if (!names.has(key)) {
      try {
        names.set(
          key,
          a.principalType === "GROUP"
            ? (await identityStore.send(new DescribeGroupCommand({ IdentityStoreId: identityStoreId, GroupId: a.principalId }))).DisplayName
            : (await identityStore.send(new DescribeUserCommand({ IdentityStoreId: identityStoreId, UserId: a.principalId }))).UserName,
        );
      } catch (err) {
        if (classifyAwsError(err) !== "not-found") throw err;
        names.set(key, undefined);
      }
    }
    const name = names.get(key);
    if (name !== undefined) a.principalName = name;
  }
  return { instanceArn, permissionSets, assignments, calls };
}
