// Puts a live Identity Center in the local emulator through the AWS API (as the console would):
// the model's permission sets and assignments, plus access made outside the model.
import { setTimeout as sleep } from "node:timers/promises";
import { CreateAccountAssignmentCommand, CreatePermissionSetCommand, DescribeAccountAssignmentCreationStatusCommand, SSOAdminClient } from "@aws-sdk/client-sso-admin";
import type { Emulator } from "../emulator/index.js";

export function sdkClient(emulator: Emulator): SSOAdminClient {
  return new SSOAdminClient({ region: "us-east-1", endpoint: emulator.url, credentials: { accessKeyId: "test", secretAccessKey: "test" }, maxAttempts: 5 });
}

export async function createPermissionSet(client: SSOAdminClient, instanceArn: string, name: string): Promise<string> {
  const r = await client.send(new CreatePermissionSetCommand({ InstanceArn: instanceArn, Name: name }));
  return r.PermissionSet!.PermissionSetArn!;
}

/** Creates an assignment and waits until the service reports it done. */
export async function assign(client: SSOAdminClient, instanceArn: string, psArn: string, accountId: string, principalType: "USER" | "GROUP", principalId: string): Promise<void> {
  let status = (
    await client.send(
      new CreateAccountAssignmentCommand({ InstanceArn: instanceArn, PermissionSetArn: psArn, TargetId: accountId, TargetType: "AWS_ACCOUNT", PrincipalType: principalType, PrincipalId: principalId }),
    )
  ).AccountAssignmentCreationStatus!;
  while (status.Status === "IN_PROGRESS") {
    await sleep(50);
    status = (await client.send(new DescribeAccountAssignmentCreationStatusCommand({ InstanceArn: instanceArn, AccountAssignmentCreationRequestId: status.RequestId }))).AccountAssignmentCreationStatus!;
  }
  if (status.Status !== "SUCCEEDED") throw new Error(`assignment failed: ${status.FailureReason}`);
}
