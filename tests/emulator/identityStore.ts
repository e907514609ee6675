// Identity Store (X-Amz-Target: AWSIdentityStore.<Op>): the group lookups the provider's
// aws_identitystore_group data source and `access wait-for-push` make.
import { AwsError, invalid, notFound } from "./errors.js";
import { paginate, type Handler, type HandlerContext } from "./context.js";
import type { GroupRecord } from "./state.js";
import { IDENTITY_STORE_ID, PRINCIPAL_ID, str } from "./validate.js";

type Input = Record<string, unknown>;

function store(input: Input, ctx: HandlerContext): void {
  const id = str(input, "IdentityStoreId", { min: 1, max: 36, pattern: IDENTITY_STORE_ID });
  if (id !== ctx.state.identityStoreId) throw notFound(`Identity store ${id}`, { ResourceType: "IDENTITY_STORE", ResourceId: id });
}

const describe = (g: GroupRecord, ctx: HandlerContext) => ({
  GroupId: g.groupId,
  DisplayName: g.displayName,
  ExternalIds: [],
  IdentityStoreId: ctx.state.identityStoreId,
  ...(g.description !== undefined ? { Description: g.description } : {}),
});

function byDisplayName(name: string, ctx: HandlerContext): GroupRecord | undefined {
  for (const g of ctx.state.groups.values()) if (g.displayName === name) return g;
  return undefined;
}

export const identityStoreHandlers: Record<string, Handler> = {
  /** What SCIM provisioning (or a person in the console) does; tests seed groups with it. */
  CreateGroup(input, ctx) {
    store(input, ctx);
    const displayName = str(input, "DisplayName", { min: 1, max: 1024 });
    const description = str(input, "Description", { optional: true, min: 1, max: 1024 });
    if (byDisplayName(displayName, ctx)) throw new AwsError("ConflictException", `Duplicate GroupDisplayName ${displayName}`, 400, { Reason: "UNIQUENESS_CONSTRAINT_VIOLATION" });
    const groupId = `${ctx.hex(10)}-${ctx.uuid()}`;
    ctx.state.groups.set(groupId, { groupId, displayName, ...(description !== undefined ? { description } : {}) });
    return { GroupId: groupId, IdentityStoreId: ctx.state.identityStoreId };
  },

  GetGroupId(input, ctx) {
    store(input, ctx);
    const alt = input.AlternateIdentifier as Input | undefined;
    if (!alt || typeof alt !== "object") throw invalid("AlternateIdentifier must not be null");
    if (alt.ExternalId !== undefined) throw notFound("GROUP with that external id", { ResourceType: "GROUP" });
    const unique = alt.UniqueAttribute as Input | undefined;
    if (!unique || typeof unique !== "object") throw invalid("AlternateIdentifier needs ExternalId or UniqueAttribute");
    const path = str(unique, "AttributePath", { min: 1, max: 255 });
    if (path !== "DisplayName") throw invalid(`AttributePath ${path} is not a unique attribute of groups (use DisplayName)`);
    const value = unique.AttributeValue;
    if (typeof value !== "string" || value.length === 0) throw invalid("AttributeValue must be a non-empty string");
    const group = byDisplayName(value, ctx);
    if (!group) throw notFound(`GROUP with DisplayName ${JSON.stringify(value)}`, { ResourceType: "GROUP" });
    return { GroupId: group.groupId, IdentityStoreId: ctx.state.identityStoreId };
  },

  /** A group deleted after it was assigned: its assignments remain, naming an id nobody knows. */
  DeleteGroup(input, ctx) {
    store(input, ctx);
    const id = str(input, "GroupId", { min: 1, max: 47, pattern: PRINCIPAL_ID });
    if (!ctx.state.groups.delete(id)) throw notFound(`GROUP ${id}`, { ResourceType: "GROUP", ResourceId: id });
    return {};
  },

  DescribeGroup(input, ctx) {
    store(input, ctx);
    const id = str(input, "GroupId", { min: 1, max: 47, pattern: PRINCIPAL_ID });
    const group = ctx.state.groups.get(id);
    if (!group) throw notFound(`GROUP ${id}`, { ResourceType: "GROUP", ResourceId: id });
    return describe(group, ctx);
  },

  ListGroups(input, ctx) {
    store(input, ctx);
    const filters = (input.Filters ?? []) as Input[];
    if (!Array.isArray(filters) || filters.length > 1) throw invalid("Filters takes at most one filter");
    let groups = [...ctx.state.groups.values()];
    for (const f of filters) {
      const path = str(f, "AttributePath", { min: 1, max: 255 });
      if (path !== "DisplayName") throw invalid(`Filtering groups by ${path} is not supported (use DisplayName)`);
      const value = str(f, "AttributeValue", { min: 1, max: 1024 });
      groups = groups.filter((g) => g.displayName === value);
    }
    groups.sort((a, b) => (a.displayName < b.displayName ? -1 : 1));
    const { page, NextToken } = paginate(groups, input, ctx.pageSize);
    return { Groups: page.map((g) => describe(g, ctx)), ...(NextToken ? { NextToken } : {}) };
  },
};
