// A person's live Identity Center assignments: to their user and to each of their Identity Store
// groups, with ListAccountAssignmentsForPrincipal (one call per principal and page) and the
// permission sets' names and session lengths.
import { DescribePermissionSetCommand, ListAccountAssignmentsForPrincipalCommand, type SSOAdminClient } from "@aws-sdk/client-sso-admin";
import { cmp } from "../model/order.js";

export interface LiveGrant {
  principal: string; // "user" or the group's display name
  permissionSet: string;
  sessionDuration: string;
  accountId: string;
}

export async function liveGrants(ssoAdmin: SSOAdminClient, instanceArn: string, principals: Array<{ type: "USER" | "GROUP"; id: string; label: string }>): Promise<LiveGrant[]> {
  const described = new Map<string, { name: string; session: string }>();
  const out: LiveGrant[] = [];
  for (const p of principals) {
    let token: string | undefined;
    do {
      const page = await ssoAdmin.send(new ListAccountAssignmentsForPrincipalCommand({ InstanceArn: instanceArn, PrincipalId: p.id, PrincipalType: p.type, NextToken: token }));
      for (const a of page.AccountAssignments ?? []) {
        const arn = a.PermissionSetArn!;
        if (!described.has(arn)) {
          const ps = (await ssoAdmin.send(new DescribePermissionSetCommand({ InstanceArn: instanceArn, PermissionSetArn: arn }))).PermissionSet;
          described.set(arn, { name: ps?.Name ?? arn, session: ps?.SessionDuration ?? "PT1H" });
        }
        const d = described.get(arn)!;
        out.push({ principal: p.label, permissionSet: d.name, sessionDuration: d.session, accountId: a.AccountId! });
      }
      token = page.NextToken;
    } while (token);
  }
  return out.sort((x, y) => cmp(x.accountId, y.accountId) || cmp(x.permissionSet, y.permissionSet) || cmp(x.principal, y.principal));
}
