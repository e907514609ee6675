// SSO Admin (X-Amz-Target: SWBExternalService.<Op>): the operations hashicorp/aws and our code
// call, with the service's async assignment and provisioning semantics.
import { AwsError, conflict, invalid, notFound } from "./errors.js";
import { paginate, type Handler, type HandlerContext } from "./context.js";
import {
  addAssignment,
  assignmentRecordKey,
  provisionedAccounts,
  removeAssignment,
  type AssignmentRecord,
  type AsyncKind,
  type AsyncOperation,
  type PermissionSetRecord,
  type ProvisioningStatus,
} from "./state.js";
import {
  ACCOUNT_ID,
  INSTANCE_ARN,
  MANAGED_POLICY_ARN,
  PERMISSION_SET_ARN,
  PERMISSION_SET_NAME,
  PRINCIPAL_ID,
  policyRef,
  sessionDuration,
  str,
} from "./validate.js";

type Input = Record<string, unknown>;

function instance(input: Input, ctx: HandlerContext): string {
  const arn = str(input, "InstanceArn", { min: 10, max: 1224, pattern: INSTANCE_ARN });
  if (arn !== ctx.state.instanceArn) throw notFound(`Instance ${arn}`);
  return arn;
}

function permissionSet(input: Input, ctx: HandlerContext, field = "PermissionSetArn"): PermissionSetRecord {
  instance(input, ctx);
  const arn = str(input, field, { min: 10, max: 1224, pattern: PERMISSION_SET_ARN });
  const ps = ctx.state.permissionSets.get(arn);
  if (!ps) throw notFound(`Could not find PermissionSet with arn ${arn};`);
  return ps;
}

const describePermissionSet = (ps: PermissionSetRecord) => ({
  Name: ps.name,
  PermissionSetArn: ps.arn,
  CreatedDate: ps.createdDate,
  SessionDuration: ps.sessionDuration,
  ...(ps.description !== undefined ? { Description: ps.description } : {}),
  ...(ps.relayState !== undefined ? { RelayState: ps.relayState } : {}),
});

function tagsInput(input: Input): Array<{ Key: string; Value: string }> {
  const tags = input.Tags ?? [];
  if (!Array.isArray(tags)) throw invalid("Tags must be a list");
  if (tags.length > 50) throw invalid("1 validation error detected: Value at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50");
  return tags.map((t: Input) => ({
    Key: str(t, "Key", { min: 1, max: 128 }),
    Value: str(t, "Value", { min: 0, max: 256 }),
  }));
}

function outstandingAssignmentOps(ctx: HandlerContext): number {
  let n = 0;
  for (const op of ctx.state.operations.values()) {
    if (op.status === "IN_PROGRESS" && op.kind !== "provision") n++;
  }
  return n;
}

function startOperation(ctx: HandlerContext, kind: AsyncKind, fields: Omit<AsyncOperation, "requestId" | "kind" | "status" | "createdAt" | "polls" | "willFail">): AsyncOperation {
  if (kind !== "provision" && outstandingAssignmentOps(ctx) >= ctx.faults.maxOutstandingAssignmentOps) {
    throw new AwsError(ctx.faults.outstandingCapError, "There are too many requests processing. Please try again later.");
  }
  const op: AsyncOperation = {
    requestId: ctx.uuid(),
    kind,
    status: "IN_PROGRESS",
    createdAt: ctx.now(),
    polls: 0,
    willFail: ctx.asyncDice() < ctx.faults.asyncFailureRate || (kind === "provision" && ctx.faults.provisionFailureRate > 0 && ctx.asyncDice() < ctx.faults.provisionFailureRate),
    ...fields,
  };
  const blocked = targetAccounts(op, ctx).find((account) => ctx.faults.provisioningFailsIn.includes(account));
  if (blocked !== undefined && kind !== "assignment-delete") {
    op.willFail = true;
    op.failWith = `Request failed for account ${blocked}: the permission set's role could not be created or updated there (e.g. a customer managed policy it references does not exist in the account).`;
  }
  ctx.state.operations.set(op.requestId, op);
  return op;
}

/** Completes every operation whose time has come. Called before each request is served. */
export function settleOperations(ctx: HandlerContext): void {
  for (const op of ctx.state.operations.values()) settle(op, ctx);
}

/** The accounts an operation touches: its assignment's, its target account, or every account the set is provisioned to. */
function targetAccounts(op: AsyncOperation, ctx: HandlerContext): string[] {
  if (op.accountId !== undefined) return [op.accountId];
  const ps = ctx.state.permissionSets.get(op.permissionSetArn);
  return ps ? [...ps.provisioned.keys()] : [];
}

function settle(op: AsyncOperation, ctx: HandlerContext): void {
  if (op.status !== "IN_PROGRESS") return;
  if (op.polls < ctx.faults.asyncPolls || ctx.now() - op.createdAt < ctx.faults.asyncMs) return;
  if (op.willFail) {
    // A FAILED operation changes nothing: accounts keep the role version they had.
    op.status = "FAILED";
    op.failureReason = op.failWith ?? "Injected failure: the request could not be completed. Try again.";
    return;
  }
  op.status = "SUCCEEDED";
  if (op.kind === "assignment-create" && op.assignment) addAssignment(ctx.state, op.assignment);
  if (op.kind === "assignment-delete" && op.assignment) removeAssignment(ctx.state, op.assignment);
  if (op.kind === "provision") {
    const ps = ctx.state.permissionSets.get(op.permissionSetArn);
    if (!ps || op.version === undefined) return;
    // The version requested, not the latest: an edit made while it ran stays unprovisioned.
    for (const account of targetAccounts(op, ctx)) {
      if ((ps.provisioned.get(account) ?? -1) < op.version) ps.provisioned.set(account, op.version);
    }
  }
}

/** An edit of what the accounts' roles carry: every account the set is provisioned to is now behind. */
function edited(ps: PermissionSetRecord): void {
  ps.version++;
}

function provisioningStatusFilter(input: Input): ProvisioningStatus | undefined {
  const value = input.ProvisioningStatus;
  if (value === undefined) return undefined;
  if (value !== "LATEST_PERMISSION_SET_PROVISIONED" && value !== "LATEST_PERMISSION_SET_NOT_PROVISIONED") {
    throw invalid(`1 validation error detected: Value '${String(value)}' at 'provisioningStatus' failed to satisfy constraint: Member must satisfy enum value set: [LATEST_PERMISSION_SET_PROVISIONED, LATEST_PERMISSION_SET_NOT_PROVISIONED]`);
  }
  return value;
}

function assignmentStatus(op: AsyncOperation) {
  const a = op.assignment!;
  return {
    Status: op.status,
    RequestId: op.requestId,
    TargetId: a.accountId,
    TargetType: "AWS_ACCOUNT",
    PermissionSetArn: a.permissionSetArn,
    PrincipalType: a.principalType,
    PrincipalId: a.principalId,
    CreatedDate: Math.floor(op.createdAt / 1000),
    ...(op.failureReason ? { FailureReason: op.failureReason } : {}),
  };
}

function provisioningStatus(op: AsyncOperation) {
  return {
    Status: op.status,
    RequestId: op.requestId,
    PermissionSetArn: op.permissionSetArn,
    CreatedDate: Math.floor(op.createdAt / 1000),
    ...(op.accountId ? { AccountId: op.accountId } : {}),
    ...(op.failureReason ? { FailureReason: op.failureReason } : {}),
  };
}

function describeOperation(input: Input, ctx: HandlerContext, field: string, kind: AsyncKind): AsyncOperation {
  instance(input, ctx);
  const id = str(input, field, { min: 36, max: 36 });
  const op = ctx.state.operations.get(id);
  if (!op || op.kind !== kind) throw notFound(`Request ${id}`);
  settle(op, ctx);
  if (op.status === "IN_PROGRESS") op.polls++;
  return op;
}

/** Reads an assignment's five-part key; creating one needs a principal the Identity Store knows. */
function assignmentInput(input: Input, ctx: HandlerContext, requireKnownPrincipal: boolean): AssignmentRecord {
  const ps = permissionSet(input, ctx);
  const accountId = str(input, "TargetId", { pattern: ACCOUNT_ID });
  const targetType = str(input, "TargetType", {});
  if (targetType !== "AWS_ACCOUNT") throw invalid(`TargetType must be AWS_ACCOUNT (got ${targetType})`);
  const principalType = str(input, "PrincipalType", {});
  if (principalType !== "USER" && principalType !== "GROUP") throw invalid(`PrincipalType must be USER or GROUP (got ${principalType})`);
  const principalId = str(input, "PrincipalId", { min: 1, max: 47, pattern: PRINCIPAL_ID });
  if (requireKnownPrincipal && principalType === "GROUP" && !ctx.state.groups.has(principalId)) throw notFound(`Principal ${principalId}`);
  return { permissionSetArn: ps.arn, accountId, principalType, principalId };
}

function assignmentsOf(psArn: string, ctx: HandlerContext): AssignmentRecord[] {
  return [...ctx.state.assignments.values()].filter((a) => a.permissionSetArn === psArn);
}

function listOf<T>(items: T[], input: Input, ctx: HandlerContext, field: string) {
  const { page, NextToken } = paginate(items, input, ctx.pageSize);
  return { [field]: page, ...(NextToken ? { NextToken } : {}) };
}

export const ssoAdminHandlers: Record<string, Handler> = {
  ListInstances(input, ctx) {
    const { state } = ctx;
    return listOf(
      [{ InstanceArn: state.instanceArn, IdentityStoreId: state.identityStoreId, OwnerAccountId: state.ownerAccountId, Name: "emulated", Status: "ACTIVE", CreatedDate: 1700000000 }],
      input,
      ctx,
      "Instances",
    );
  },

  DescribeInstance(input, ctx) {
    const arn = instance(input, ctx);
    return { InstanceArn: arn, IdentityStoreId: ctx.state.identityStoreId, OwnerAccountId: ctx.state.ownerAccountId, Name: "emulated", Status: "ACTIVE", CreatedDate: 1700000000 };
  },

  CreatePermissionSet(input, ctx) {
    const instanceArn = instance(input, ctx);
    const name = str(input, "Name", { min: 1, max: 32, pattern: PERMISSION_SET_NAME });
    const description = str(input, "Description", { optional: true, min: 1, max: 700 });
    const relayState = str(input, "RelayState", { optional: true, min: 1, max: 240 });
    const duration = sessionDuration(input) ?? "PT1H";
    const tags = tagsInput(input);
    for (const ps of ctx.state.permissionSets.values()) {
      if (ps.name === name) throw conflict(`PermissionSet with name ${name} already exists.`);
    }
    const arn = `${instanceArn.replace(":instance/", ":permissionSet/")}/ps-${ctx.hex(16)}`;
    const ps: PermissionSetRecord = {
      arn,
      name,
      description,
      relayState,
      sessionDuration: duration,
      createdDate: Math.floor(ctx.now() / 1000),
      tags: new Map(tags.map((t) => [t.Key, t.Value])),
      managedPolicies: new Set(),
      customerManagedPolicies: new Map(),
      version: 1,
      provisioned: new Map(),
    };
    ctx.state.permissionSets.set(arn, ps);
    return { PermissionSet: describePermissionSet(ps) };
  },

  DescribePermissionSet(input, ctx) {
    return { PermissionSet: describePermissionSet(permissionSet(input, ctx)) };
  },

  UpdatePermissionSet(input, ctx) {
    const ps = permissionSet(input, ctx);
    const description = str(input, "Description", { optional: true, min: 1, max: 700 });
    const relayState = str(input, "RelayState", { optional: true, min: 1, max: 240 });
    const duration = sessionDuration(input);
    if (description !== undefined) ps.description = description;
    if (duration !== undefined) ps.sessionDuration = duration;
    // The service clears the relay state when an update omits it (terraform-provider-aws #17411).
    ps.relayState = relayState;
    edited(ps);
    return {};
  },

  DeletePermissionSet(input, ctx) {
    const ps = permissionSet(input, ctx);
    const pending = [...ctx.state.operations.values()].some((op) => op.status === "IN_PROGRESS" && op.permissionSetArn === ps.arn && op.kind !== "provision");
    if (assignmentsOf(ps.arn, ctx).length > 0 || pending) {
      throw conflict(`Could not delete PermissionSet ${ps.arn} because it is still assigned to one or more accounts. Delete its account assignments first.`);
    }
    ctx.state.permissionSets.delete(ps.arn);
    return {};
  },

  ListPermissionSets(input, ctx) {
    instance(input, ctx);
    return listOf([...ctx.state.permissionSets.keys()].sort(), input, ctx, "PermissionSets");
  },

  ListTagsForResource(input, ctx) {
    const ps = permissionSet(input, ctx, "ResourceArn");
    return listOf([...ps.tags.entries()].map(([Key, Value]) => ({ Key, Value })), input, ctx, "Tags");
  },

  TagResource(input, ctx) {
    const ps = permissionSet(input, ctx, "ResourceArn");
    const tags = tagsInput(input);
    if (tags.length === 0) throw invalid("Tags must not be empty");
    for (const t of tags) ps.tags.set(t.Key, t.Value);
    if (ps.tags.size > 50) throw invalid("A permission set can have at most 50 tags");
    return {};
  },

  UntagResource(input, ctx) {
    const ps = permissionSet(input, ctx, "ResourceArn");
    const keys = input.TagKeys;
    if (!Array.isArray(keys) || keys.length === 0) throw invalid("TagKeys must be a non-empty list");
    for (const k of keys) ps.tags.delete(String(k));
    return {};
  },

  AttachManagedPolicyToPermissionSet(input, ctx) {
    const ps = permissionSet(input, ctx);
    const arn = str(input, "ManagedPolicyArn", { min: 20, max: 2048, pattern: MANAGED_POLICY_ARN });
    if (ps.managedPolicies.has(arn)) throw conflict(`Managed policy ${arn} is already attached to permission set ${ps.name}.`);
    if (ps.managedPolicies.size + ps.customerManagedPolicies.size >= 20) {
      throw new AwsError("ServiceQuotaExceededException", `Permission set ${ps.name} already has the maximum number of managed policies attached.`);
    }
    ps.managedPolicies.add(arn);
    edited(ps);
    return {};
  },

  DetachManagedPolicyFromPermissionSet(input, ctx) {
    const ps = permissionSet(input, ctx);
    const arn = str(input, "ManagedPolicyArn", { min: 20, max: 2048, pattern: MANAGED_POLICY_ARN });
    if (!ps.managedPolicies.delete(arn)) throw notFound(`Managed policy ${arn} on permission set ${ps.name}`);
    edited(ps);
    return {};
  },

  ListManagedPoliciesInPermissionSet(input, ctx) {
    const ps = permissionSet(input, ctx);
    const items = [...ps.managedPolicies].sort().map((Arn) => ({ Arn, Name: Arn.slice(Arn.lastIndexOf("/") + 1) }));
    return listOf(items, input, ctx, "AttachedManagedPolicies");
  },

  AttachCustomerManagedPolicyReferenceToPermissionSet(input, ctx) {
    const ps = permissionSet(input, ctx);
    const ref = policyRef(input.CustomerManagedPolicyReference, "CustomerManagedPolicyReference");
    const key = ref.Path + ref.Name;
    if (ps.customerManagedPolicies.has(key)) throw conflict(`Customer managed policy ${key} is already attached to permission set ${ps.name}.`);
    if (ps.managedPolicies.size + ps.customerManagedPolicies.size >= 20) {
      throw new AwsError("ServiceQuotaExceededException", `Permission set ${ps.name} already has the maximum number of managed policies attached.`);
    }
    ps.customerManagedPolicies.set(key, ref);
    edited(ps);
    return {};
  },

  DetachCustomerManagedPolicyReferenceFromPermissionSet(input, ctx) {
    const ps = permissionSet(input, ctx);
    const ref = policyRef(input.CustomerManagedPolicyReference, "CustomerManagedPolicyReference");
    if (!ps.customerManagedPolicies.delete(ref.Path + ref.Name)) throw notFound(`Customer managed policy ${ref.Path}${ref.Name} on permission set ${ps.name}`);
    edited(ps);
    return {};
  },

  ListCustomerManagedPolicyReferencesInPermissionSet(input, ctx) {
    const ps = permissionSet(input, ctx);
    const items = [...ps.customerManagedPolicies.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, ref]) => ref);
    return listOf(items, input, ctx, "CustomerManagedPolicyReferences");
  },

  PutInlinePolicyToPermissionSet(input, ctx) {
    const ps = permissionSet(input, ctx);
    const policy = str(input, "InlinePolicy", { min: 1, max: 32768 });
    try {
      JSON.parse(policy);
    } catch {
      throw invalid("The inline policy is not valid JSON.");
    }
    if (policy.replace(/\s/g, "").length > 10240) throw invalid("The inline policy exceeds 10,240 non-whitespace characters.");
    ps.inlinePolicy = policy;
    edited(ps);
    return {};
  },

  GetInlinePolicyForPermissionSet(input, ctx) {
    const ps = permissionSet(input, ctx);
    return ps.inlinePolicy !== undefined ? { InlinePolicy: ps.inlinePolicy } : {};
  },

  DeleteInlinePolicyFromPermissionSet(input, ctx) {
    const ps = permissionSet(input, ctx);
    ps.inlinePolicy = undefined;
    edited(ps);
    return {};
  },

  PutPermissionsBoundaryToPermissionSet(input, ctx) {
    const ps = permissionSet(input, ctx);
    const boundary = input.PermissionsBoundary as Input | undefined;
    if (!boundary || typeof boundary !== "object") throw invalid("PermissionsBoundary must not be null");
    if (boundary.ManagedPolicyArn !== undefined && boundary.CustomerManagedPolicyReference !== undefined) {
      throw invalid("PermissionsBoundary takes either ManagedPolicyArn or CustomerManagedPolicyReference, not both");
    }
    if (boundary.ManagedPolicyArn !== undefined) {
      ps.boundary = { ManagedPolicyArn: str(boundary, "ManagedPolicyArn", { min: 20, max: 2048, pattern: MANAGED_POLICY_ARN }) };
    } else {
      ps.boundary = { CustomerManagedPolicyReference: policyRef(boundary.CustomerManagedPolicyReference, "CustomerManagedPolicyReference") };
    }
    edited(ps);
    return {};
  },

  GetPermissionsBoundaryForPermissionSet(input, ctx) {
    const ps = permissionSet(input, ctx);
    if (!ps.boundary) throw notFound(`Permissions boundary for permission set ${ps.name}`);
    return { PermissionsBoundary: ps.boundary };
  },

  DeletePermissionsBoundaryFromPermissionSet(input, ctx) {
    const ps = permissionSet(input, ctx);
    if (!ps.boundary) throw notFound(`Permissions boundary for permission set ${ps.name}`);
    ps.boundary = undefined;
    edited(ps);
    return {};
  },

  ProvisionPermissionSet(input, ctx) {
    const ps = permissionSet(input, ctx);
    const targetType = str(input, "TargetType", {});
    if (targetType !== "ALL_PROVISIONED_ACCOUNTS" && targetType !== "AWS_ACCOUNT") throw invalid(`TargetType must be AWS_ACCOUNT or ALL_PROVISIONED_ACCOUNTS (got ${targetType})`);
    const accountId = targetType === "AWS_ACCOUNT" ? str(input, "TargetId", { pattern: ACCOUNT_ID }) : undefined;
    const op = startOperation(ctx, "provision", { permissionSetArn: ps.arn, accountId, version: ps.version });
    return { PermissionSetProvisioningStatus: provisioningStatus(op) };
  },

  DescribePermissionSetProvisioningStatus(input, ctx) {
    return { PermissionSetProvisioningStatus: provisioningStatus(describeOperation(input, ctx, "ProvisionPermissionSetRequestId", "provision")) };
  },

  CreateAccountAssignment(input, ctx) {
    const assignment = assignmentInput(input, ctx, true);
    const op = startOperation(ctx, "assignment-create", { assignment, permissionSetArn: assignment.permissionSetArn, accountId: assignment.accountId });
    return { AccountAssignmentCreationStatus: assignmentStatus(op) };
  },

  DescribeAccountAssignmentCreationStatus(input, ctx) {
    return { AccountAssignmentCreationStatus: assignmentStatus(describeOperation(input, ctx, "AccountAssignmentCreationRequestId", "assignment-create")) };
  },

  DeleteAccountAssignment(input, ctx) {
    const assignment = assignmentInput(input, ctx, false);
    if (!ctx.state.assignments.has(assignmentRecordKey(assignment))) {
      throw notFound(`Account assignment of ${assignment.principalType} ${assignment.principalId} to ${assignment.accountId}`);
    }
    const op = startOperation(ctx, "assignment-delete", { assignment, permissionSetArn: assignment.permissionSetArn, accountId: assignment.accountId });
    return { AccountAssignmentDeletionStatus: assignmentStatus(op) };
  },

  DescribeAccountAssignmentDeletionStatus(input, ctx) {
    return { AccountAssignmentDeletionStatus: assignmentStatus(describeOperation(input, ctx, "AccountAssignmentDeletionRequestId", "assignment-delete")) };
  },

  ListAccountAssignments(input, ctx) {
    const ps = permissionSet(input, ctx);
    const accountId = str(input, "AccountId", { pattern: ACCOUNT_ID });
    const items = assignmentsOf(ps.arn, ctx)
      .filter((a) => a.accountId === accountId)
      .sort((a, b) => (a.principalId < b.principalId ? -1 : 1))
      .map((a) => ({ AccountId: a.accountId, PermissionSetArn: a.permissionSetArn, PrincipalType: a.principalType, PrincipalId: a.principalId }));
    return listOf(items, input, ctx, "AccountAssignments");
  },

  ListAccountsForProvisionedPermissionSet(input, ctx) {
    const ps = permissionSet(input, ctx);
    return listOf(provisionedAccounts(ps, provisioningStatusFilter(input)), input, ctx, "AccountIds");
  },

  ListPermissionSetsProvisionedToAccount(input, ctx) {
    instance(input, ctx);
    const accountId = str(input, "AccountId", { pattern: ACCOUNT_ID });
    const status = provisioningStatusFilter(input);
    const arns = [...ctx.state.permissionSets.values()]
      .filter((ps) => provisionedAccounts(ps, status).includes(accountId))
      .map((ps) => ps.arn)
      .sort();
    return listOf(arns, input, ctx, "PermissionSets");
  },
};
