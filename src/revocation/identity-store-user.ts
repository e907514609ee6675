// The Identity Store user behind an Okta login (SCIM sets UserName to the Okta login), with its
// status and group memberships: what `access leaver` shows and the revoker denies.
import {
  DescribeGroupCommand,
  DescribeUserCommand,
  GetUserIdCommand,
  ListGroupMembershipsForMemberCommand,
  type IdentitystoreClient,
} from "@aws-sdk/client-identitystore";

export interface StoreUser {
  userId: string;
  userName: string;
  status: "ENABLED" | "DISABLED" | "UNKNOWN";
}

const notFound = (err: unknown) => (err as { name?: string }).name === "ResourceNotFoundException";

/** The user with this UserName, or undefined when the Identity Store has none. */
export async function findStoreUser(client: IdentitystoreClient, identityStoreId: string, login: string): Promise<StoreUser | undefined> {
  let userId: string | undefined;
  try {
    userId = (await client.send(new GetUserIdCommand({ IdentityStoreId: identityStoreId, AlternateIdentifier: { UniqueAttribute: { AttributePath: "UserName", AttributeValue: login } } }))).UserId;
  } catch (err) {
    if (notFound(err)) return undefined;
    throw err;
  }
  if (!userId) return undefined;
  const user = await client.send(new DescribeUserCommand({ IdentityStoreId: identityStoreId, UserId: userId }));
  const status = user.UserStatus === "ENABLED" || user.UserStatus === "DISABLED" ? user.UserStatus : "UNKNOWN";
  return { userId, userName: user.UserName ?? login, status };
}

/** Display names of the groups the user is a member of in the Identity Store, sorted. */
export async function storeGroupsOf(client: IdentitystoreClient, identityStoreId: string, userId: string): Promise<string[]> {
  const ids: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new ListGroupMembershipsForMemberCommand({ IdentityStoreId: identityStoreId, MemberId: { UserId: userId }, NextToken: token }));
    for (const m of page.GroupMemberships ?? []) if (m.GroupId) ids.push(m.GroupId);
    token = page.NextToken;
  } while (token);
  const names: string[] = [];
  for (const id of ids) {
    try {
      names.push((await client.send(new DescribeGroupCommand({ IdentityStoreId: identityStoreId, GroupId: id }))).DisplayName ?? id);
    } catch (err) {
      if (!notFound(err)) throw err;
      names.push(id);
    }
  }
  return names.sort();
}
