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

export interface StoreGroup {
  id: string;
  /** Display name; the id when the group is gone. */
  name: string;
}

/** The groups the user is a member of in the Identity Store, sorted by name. */
export async function storeGroupsOf(client: IdentitystoreClient, identityStoreId: string, userId: string): Promise<StoreGroup[]> {
  const ids: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new ListGroupMembershipsForMemberCommand({ IdentityStoreId: identityStoreId, MemberId: { UserId: userId }, NextToken: token }));
    for (const m of page.GroupMemberships ?? []) if (m.GroupId) ids.push(m.GroupId);
    token = page.NextToken;
  } while (token);
  const groups: StoreGroup[] = [];
  for (const id of ids) {
    try {
      groups.push({ id, name: (await client.send(new DescribeGroupCommand({ IdentityStoreId: identityStoreId, GroupId: id }))).DisplayName ?? id });
    } catch (err) {
      if (!notFound(err)) throw err;
      groups.push({ id, name: id });
    }
  }
  return groups.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
