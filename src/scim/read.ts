// The Identity Store side of SCIM health: every user (UserName, status) and, per model group,
// the UserNames of its members.
import { GetGroupIdCommand, ListGroupMembershipsCommand, ListUsersCommand, type IdentitystoreClient } from "@aws-sdk/client-identitystore";

export async function storeUsers(client: IdentitystoreClient, identityStoreId: string): Promise<Map<string, { userId: string; userName: string; status: string }>> {
  const out = new Map<string, { userId: string; userName: string; status: string }>();
  let token: string | undefined;
  do {
    const page = await client.send(new ListUsersCommand({ IdentityStoreId: identityStoreId, NextToken: token }));
    for (const u of page.Users ?? []) out.set((u.UserName ?? "").toLowerCase(), { userId: u.UserId!, userName: u.UserName ?? "", status: u.UserStatus ?? "ENABLED" });
    token = page.NextToken;
  } while (token);
  return out;
}

/** Member UserNames of the group with this display name; undefined when the store has no such group. */
export async function storeGroupMembers(client: IdentitystoreClient, identityStoreId: string, displayName: string, nameOf: (userId: string) => string | undefined): Promise<string[] | undefined> {
  let groupId: string | undefined;
  try {
    groupId = (await client.send(new GetGroupIdCommand({ IdentityStoreId: identityStoreId, AlternateIdentifier: { UniqueAttribute: { AttributePath: "DisplayName", AttributeValue: displayName } } }))).GroupId;
  } catch (err) {
    if ((err as { name?: string }).name === "ResourceNotFoundException") return undefined;
    throw err;
  }
  const out: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new ListGroupMembershipsCommand({ IdentityStoreId: identityStoreId, GroupId: groupId!, NextToken: token }));
    for (const m of page.GroupMemberships ?? []) {
      const id = m.MemberId && "UserId" in m.MemberId ? m.MemberId.UserId : undefined;
      if (id) out.push(nameOf(id) ?? id);
    }
    token = page.NextToken;
  } while (token);
  return out;
}
