// Identity Store users and group memberships (X-Amz-Target: AWSIdentityStore.<Op>) as SCIM
// provisioning leaves them and as the revoker, `access leaver` and `access scim-health` read them:
// users with UserStatus ENABLED/DISABLED, lookups by UserName, memberships of a user.
import { AwsError, invalid, notFound } from "./errors.js";
import { paginate, type Handler, type HandlerContext } from "./context.js";
import type { MembershipRecord, UserRecord } from "./state.js";
import { IDENTITY_STORE_ID, PRINCIPAL_ID, str } from "./validate.js";

type Input = Record<string, unknown>;

function store(input: Input, ctx: HandlerContext): void {
  const id = str(input, "IdentityStoreId", { min: 1, max: 36, pattern: IDENTITY_STORE_ID });
  if (id !== ctx.state.identityStoreId) throw notFound(`Identity store ${id}`, { ResourceType: "IDENTITY_STORE", ResourceId: id });
}

const describeUser = (u: UserRecord, ctx: HandlerContext) => ({
  IdentityStoreId: ctx.state.identityStoreId,
  UserId: u.userId,
  UserName: u.userName,
  ExternalIds: u.externalId ? [{ Issuer: "okta", Id: u.externalId }] : [],
  ...(u.displayName !== undefined ? { DisplayName: u.displayName } : {}),
  ...(u.email ? { Emails: [{ Value: u.email, Type: "work", Primary: true }] } : {}),
  UserStatus: u.status ?? "ENABLED",
});

const describeMembership = (m: MembershipRecord, ctx: HandlerContext) => ({
  IdentityStoreId: ctx.state.identityStoreId,
  MembershipId: m.membershipId,
  GroupId: m.groupId,
  MemberId: { UserId: m.userId },
});

function userOf(id: string, ctx: HandlerContext): UserRecord {
  const user = ctx.state.users.get(id);
  if (!user) throw notFound(`USER ${id}`, { ResourceType: "USER", ResourceId: id });
  return user;
}

function memberId(input: Input): string {
  const member = input.MemberId as Input | undefined;
  if (!member || typeof member !== "object") throw invalid("1 validation error detected: Value null at 'memberId' failed to satisfy constraint: Member must not be null");
  return str(member, "UserId", { min: 1, max: 47, pattern: PRINCIPAL_ID });
}

function byUserName(name: string, ctx: HandlerContext): UserRecord | undefined {
  // UserName is unique and compared without regard to case, as the service does.
  for (const u of ctx.state.users.values()) if (u.userName.toLowerCase() === name.toLowerCase()) return u;
  return undefined;
}

const newId = (ctx: HandlerContext) => `${ctx.hex(10)}-${ctx.uuid()}`;

export const identityStoreUserHandlers: Record<string, Handler> = {
  /** What SCIM provisioning does when Okta assigns the app to a person. */
  CreateUser(input, ctx) {
    store(input, ctx);
    const userName = str(input, "UserName", { min: 1, max: 128 });
    const displayName = str(input, "DisplayName", { optional: true, min: 1, max: 1024 });
    if (byUserName(userName, ctx)) throw new AwsError("ConflictException", `Duplicate UserName ${userName}`, 400, { Reason: "UNIQUENESS_CONSTRAINT_VIOLATION" });
    const emails = Array.isArray(input.Emails) ? (input.Emails as Input[]) : [];
    const email = typeof emails[0]?.Value === "string" ? (emails[0].Value as string) : undefined;
    const userId = newId(ctx);
    ctx.state.users.set(userId, { userId, userName, ...(displayName !== undefined ? { displayName } : {}), ...(email ? { email } : {}), status: "ENABLED" });
    return { UserId: userId, IdentityStoreId: ctx.state.identityStoreId };
  },

  /** SCIM deactivation arrives as an update of the `active` attribute: UserStatus DISABLED. */
  UpdateUser(input, ctx) {
    store(input, ctx);
    const user = userOf(str(input, "UserId", { min: 1, max: 47, pattern: PRINCIPAL_ID }), ctx);
    const operations = input.Operations;
    if (!Array.isArray(operations) || operations.length === 0 || operations.length > 100) throw invalid("Operations must hold 1 to 100 attribute operations");
    for (const op of operations as Input[]) {
      const path = str(op, "AttributePath", { min: 1, max: 255 });
      const value = op.AttributeValue;
      if (path === "displayName" && typeof value === "string") user.displayName = value;
      else if (path === "userStatus" && (value === "ENABLED" || value === "DISABLED")) user.status = value;
      else throw invalid(`Attribute ${path} cannot be updated to ${JSON.stringify(value)} in the local Identity Store`);
    }
    return {};
  },

  DeleteUser(input, ctx) {
    store(input, ctx);
    const id = str(input, "UserId", { min: 1, max: 47, pattern: PRINCIPAL_ID });
    userOf(id, ctx);
    ctx.state.users.delete(id);
    for (const [key, m] of ctx.state.memberships) if (m.userId === id) ctx.state.memberships.delete(key);
    return {};
  },

  DescribeUser(input, ctx) {
    store(input, ctx);
    return describeUser(userOf(str(input, "UserId", { min: 1, max: 47, pattern: PRINCIPAL_ID }), ctx), ctx);
  },

  ListUsers(input, ctx) {
    store(input, ctx);
    const filters = (input.Filters ?? []) as Input[];
    if (!Array.isArray(filters) || filters.length > 1) throw invalid("Filters takes at most one filter");
    let users = [...ctx.state.users.values()];
    for (const f of filters) {
      const path = str(f, "AttributePath", { min: 1, max: 255 });
      if (path !== "UserName") throw invalid(`Filtering users by ${path} is not supported (use UserName)`);
      const value = str(f, "AttributeValue", { min: 1, max: 1024 });
      users = users.filter((u) => u.userName.toLowerCase() === value.toLowerCase());
    }
    users.sort((a, b) => (a.userName < b.userName ? -1 : 1));
    const { page, NextToken } = paginate(users, input, ctx.pageSize);
    return { Users: page.map((u) => describeUser(u, ctx)), ...(NextToken ? { NextToken } : {}) };
  },

  GetUserId(input, ctx) {
    store(input, ctx);
    const alt = input.AlternateIdentifier as Input | undefined;
    if (!alt || typeof alt !== "object") throw invalid("AlternateIdentifier must not be null");
    if (alt.ExternalId !== undefined) {
      const ext = alt.ExternalId as Input;
      const id = str(ext, "Id", { min: 1, max: 256 });
      for (const u of ctx.state.users.values()) if (u.externalId === id) return { UserId: u.userId, IdentityStoreId: ctx.state.identityStoreId };
      throw notFound("USER with that external id", { ResourceType: "USER" });
    }
    const unique = alt.UniqueAttribute as Input | undefined;
    if (!unique || typeof unique !== "object") throw invalid("AlternateIdentifier needs ExternalId or UniqueAttribute");
    const path = str(unique, "AttributePath", { min: 1, max: 255 });
    const value = unique.AttributeValue;
    if (typeof value !== "string" || value.length === 0) throw invalid("AttributeValue must be a non-empty string");
    let user: UserRecord | undefined;
    if (path === "UserName") user = byUserName(value, ctx);
    else if (path === "Emails.Value") user = [...ctx.state.users.values()].find((u) => u.email?.toLowerCase() === value.toLowerCase());
    else throw invalid(`AttributePath ${path} is not a unique attribute of users (use UserName or Emails.Value)`);
    if (!user) throw notFound(`USER with ${path} ${JSON.stringify(value)}`, { ResourceType: "USER" });
    return { UserId: user.userId, IdentityStoreId: ctx.state.identityStoreId };
  },

  CreateGroupMembership(input, ctx) {
    store(input, ctx);
    const groupId = str(input, "GroupId", { min: 1, max: 47, pattern: PRINCIPAL_ID });
    const userId = memberId(input);
    if (!ctx.state.groups.has(groupId)) throw notFound(`GROUP ${groupId}`, { ResourceType: "GROUP", ResourceId: groupId });
    userOf(userId, ctx);
    for (const m of ctx.state.memberships.values()) {
      if (m.groupId === groupId && m.userId === userId) throw new AwsError("ConflictException", "Member already exists in the group", 400, { Reason: "UNIQUENESS_CONSTRAINT_VIOLATION" });
    }
    const membershipId = newId(ctx);
    ctx.state.memberships.set(membershipId, { membershipId, groupId, userId });
    return { MembershipId: membershipId, IdentityStoreId: ctx.state.identityStoreId };
  },

  DeleteGroupMembership(input, ctx) {
    store(input, ctx);
    const id = str(input, "MembershipId", { min: 1, max: 47, pattern: PRINCIPAL_ID });
    if (!ctx.state.memberships.delete(id)) throw notFound(`GROUP_MEMBERSHIP ${id}`, { ResourceType: "GROUP_MEMBERSHIP", ResourceId: id });
    return {};
  },

  DescribeGroupMembership(input, ctx) {
    store(input, ctx);
    const id = str(input, "MembershipId", { min: 1, max: 47, pattern: PRINCIPAL_ID });
    const m = ctx.state.memberships.get(id);
    if (!m) throw notFound(`GROUP_MEMBERSHIP ${id}`, { ResourceType: "GROUP_MEMBERSHIP", ResourceId: id });
    return describeMembership(m, ctx);
  },

  GetGroupMembershipId(input, ctx) {
    store(input, ctx);
    const groupId = str(input, "GroupId", { min: 1, max: 47, pattern: PRINCIPAL_ID });
    const userId = memberId(input);
    for (const m of ctx.state.memberships.values()) {
      if (m.groupId === groupId && m.userId === userId) return { MembershipId: m.membershipId, IdentityStoreId: ctx.state.identityStoreId };
    }
    throw notFound("GROUP_MEMBERSHIP", { ResourceType: "GROUP_MEMBERSHIP" });
  },

  ListGroupMemberships(input, ctx) {
    store(input, ctx);
    const groupId = str(input, "GroupId", { min: 1, max: 47, pattern: PRINCIPAL_ID });
    const items = [...ctx.state.memberships.values()].filter((m) => m.groupId === groupId).sort((a, b) => (a.membershipId < b.membershipId ? -1 : 1));
    const { page, NextToken } = paginate(items, input, ctx.pageSize);
    return { GroupMemberships: page.map((m) => describeMembership(m, ctx)), ...(NextToken ? { NextToken } : {}) };
  },

  ListGroupMembershipsForMember(input, ctx) {
    store(input, ctx);
    const userId = memberId(input);
    const items = [...ctx.state.memberships.values()].filter((m) => m.userId === userId).sort((a, b) => (a.membershipId < b.membershipId ? -1 : 1));
    const { page, NextToken } = paginate(items, input, ctx.pageSize);
    return { GroupMemberships: page.map((m) => describeMembership(m, ctx)), ...(NextToken ? { NextToken } : {}) };
  },

  IsMemberInGroups(input, ctx) {
    store(input, ctx);
    const userId = memberId(input);
    const groupIds = input.GroupIds;
    if (!Array.isArray(groupIds) || groupIds.length < 1 || groupIds.length > 100) throw invalid("GroupIds must hold 1 to 100 group ids");
    const results = groupIds.map((g) => {
      const groupId = String(g);
      const exists = [...ctx.state.memberships.values()].some((m) => m.groupId === groupId && m.userId === userId);
      return { GroupId: groupId, MemberId: { UserId: userId }, MembershipExists: exists };
    });
    return { Results: results };
  },
};
