// Deletes the revocable assignments (managed group, managed permission set, triple not in the
// model) and waits for each asynchronous deletion to finish.
import {
  DeleteAccountAssignmentCommand,
  DescribeAccountAssignmentDeletionStatusCommand,
  type SSOAdminClient,
} from "@aws-sdk/client-sso-admin";
import { setTimeout as sleep } from "node:timers/promises";
import type { UnmanagedAssignment } from "./compare.js";

export interface RevokeOutcome {
  assignment: UnmanagedAssignment;
  status: "SUCCEEDED" | "FAILED";
  reason?: string;
}

export async function revokeAssignments(
  client: SSOAdminClient,
  instanceArn: string,
  assignments: readonly UnmanagedAssignment[],
  options: { pollMs?: number; maxPolls?: number } = {},
): Promise<RevokeOutcome[]> {
  const outcomes: RevokeOutcome[] = [];
  for (const a of assignments) {
    if (!a.revocable) throw new Error(`refusing to delete ${a.principalType} ${a.principalId} ${a.permissionSet} ${a.accountId}: not a revocable assignment`);
    const started = await client.send(
      new DeleteAccountAssignmentCommand({
        InstanceArn: instanceArn,
        PermissionSetArn: a.permissionSetArn,
        TargetId: a.accountId,
        TargetType: "AWS_ACCOUNT",
        PrincipalType: a.principalType,
        PrincipalId: a.principalId,
      }),
    );
    let status = started.AccountAssignmentDeletionStatus;
    for (let i = 0; status?.Status === "IN_PROGRESS" && i < (options.maxPolls ?? 60); i++) {
      await sleep(options.pollMs ?? 1000);
      status = (
        await client.send(new DescribeAccountAssignmentDeletionStatusCommand({ InstanceArn: instanceArn, AccountAssignmentDeletionRequestId: status.RequestId }))
      ).AccountAssignmentDeletionStatus;
    }
    outcomes.push(
      status?.Status === "SUCCEEDED"
        ? { assignment: a, status: "SUCCEEDED" }
        : { assignment: a, status: "FAILED", reason: status?.FailureReason ?? `still ${status?.Status ?? "unknown"} after waiting` },
    );
  }
  return outcomes;
}
