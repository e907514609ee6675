// SSO Admin ListAccountAssignmentsForPrincipal (X-Amz-Target: SWBExternalService.<Op>): every
// assignment of one user or group across accounts, the cheap read `access leaver` and
// `access person` make instead of walking every permission set and account.
import { invalid, notFound } from "./errors.js";
import { paginate, type Handler } from "./context.js";
import { ACCOUNT_ID, INSTANCE_ARN, PRINCIPAL_ID, str } from "./validate.js";

export const assignmentsForPrincipalHandlers: Record<string, Handler> = {
  ListAccountAssignmentsForPrincipal(input, ctx) {
    const arn = str(input, "InstanceArn", { min: 10, max: 1224, pattern: INSTANCE_ARN });
    if (arn !== ctx.state.instanceArn) throw notFound(`Instance ${arn}`);
    const principalId = str(input, "PrincipalId", { min: 1, max: 47, pattern: PRINCIPAL_ID });
    const principalType = str(input, "PrincipalType", { min: 1, max: 10 });
    if (principalType !== "USER" && principalType !== "GROUP") throw invalid(`PrincipalType must be USER or GROUP (got ${principalType})`);
    const filter = input.Filter as Record<string, unknown> | undefined;
    const accountId = filter ? str(filter, "AccountId", { optional: true, pattern: ACCOUNT_ID }) : undefined;
    const items = [...ctx.state.assignments.values()]
      .filter((a) => a.principalId === principalId && a.principalType === principalType && (!accountId || a.accountId === accountId))
      .sort((a, b) => (`${a.accountId}|${a.permissionSetArn}` < `${b.accountId}|${b.permissionSetArn}` ? -1 : 1))
      .map((a) => ({ AccountId: a.accountId, PermissionSetArn: a.permissionSetArn, PrincipalType: a.principalType, PrincipalId: a.principalId }));
    const { page, NextToken } = paginate(items, input, ctx.pageSize);
    return { AccountAssignments: page, ...(NextToken ? { NextToken } : {}) };
  },
};
