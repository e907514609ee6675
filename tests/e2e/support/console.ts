// Out-of-band edits "from the console": calls straight to the local Identity Center's SSO Admin
// API (AWS JSON 1.1), bypassing Terraform, the way an administrator clicking in the console does.
export async function ssoAdminCall(endpoint: string, operation: string, input: Record<string, unknown>): Promise<Record<string, unknown>> {
  const res = await fetch(endpoint, {
    method: "POST",
    headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": `SWBExternalService.${operation}` },
    body: JSON.stringify(input),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${operation} failed (${res.status}): ${text}`);
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

export interface PermissionSetRef {
  instanceArn: string;
  permissionSetArn: string;
}

/** The ARN of the permission set called `name`, listed through the API. */
export async function permissionSetArn(endpoint: string, instanceArn: string, name: string): Promise<string> {
  let token: string | undefined;
  do {
    const page = await ssoAdminCall(endpoint, "ListPermissionSets", { InstanceArn: instanceArn, ...(token ? { NextToken: token } : {}) });
    for (const arn of (page.PermissionSets as string[]) ?? []) {
      const d = await ssoAdminCall(endpoint, "DescribePermissionSet", { InstanceArn: instanceArn, PermissionSetArn: arn });
      if ((d.PermissionSet as { Name?: string }).Name === name) return arn;
    }
    token = page.NextToken as string | undefined;
  } while (token);
  throw new Error(`no permission set named ${name}`);
}

/** Changes a permission set's session duration and description, as an administrator might. */
export async function editPermissionSetOutOfBand(endpoint: string, instanceArn: string, name: string, change: { sessionDuration?: string; description?: string }): Promise<void> {
  const arn = await permissionSetArn(endpoint, instanceArn, name);
  const current = (await ssoAdminCall(endpoint, "DescribePermissionSet", { InstanceArn: instanceArn, PermissionSetArn: arn })).PermissionSet as Record<string, string>;
  await ssoAdminCall(endpoint, "UpdatePermissionSet", {
    InstanceArn: instanceArn,
    PermissionSetArn: arn,
    Description: change.description ?? current.Description,
    SessionDuration: change.sessionDuration ?? current.SessionDuration,
    ...(current.RelayState ? { RelayState: current.RelayState } : {}),
  });
}
