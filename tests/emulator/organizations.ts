// AWS Organizations (X-Amz-Target: AWSOrganizationsV20161128.<Op>): the reads `access import` and
// `access accounts sync` make, paginated, and the writes a test uses to seed a brownfield
// Organization through the service's own API (OUs, accounts, moves, tags, closing, leaving).
import { AwsError, invalid } from "./errors.js";
import { paginate, type Handler, type HandlerContext } from "./context.js";
import { str } from "./validate.js";
import { newPolicyState, policyTags, type PolicyState } from "./policies.js";

type Input = Record<string, unknown>;

export type AccountState = "ACTIVE" | "SUSPENDED" | "PENDING_CLOSURE" | "CLOSED";

export interface OrgAccountRecord {
  id: string;
  name: string;
  email: string;
  state: AccountState;
  parentId: string;
  joinedTimestamp: number; // epoch seconds
  tags: Map<string, string>;
}

export interface OrgUnitRecord {
  id: string;
  name: string;
  parentId: string;
  tags: Map<string, string>;
}

export interface OrganizationState {
  id: string; // o-xxxxxxxxxx
  rootId: string; // r-xxxx
  managementAccountId: string;
  units: Map<string, OrgUnitRecord>;
  accounts: Map<string, OrgAccountRecord>;
  createStatus: Map<string, { id: string; accountId: string; accountName: string }>;
  /** Next account id, so seeded estates are the same on every run. */
  nextAccount: number;
  /** Service control policies and what they are attached to (./policies.ts). */
  policies: PolicyState;
}

export function newOrganization(managementAccountId: string): OrganizationState {
  const org: OrganizationState = {
    id: "o-a1b2c3d4e5",
    rootId: "r-a1b2",
    managementAccountId,
    units: new Map(),
    accounts: new Map(),
    createStatus: new Map(),
    nextAccount: 1,
    policies: newPolicyState("r-a1b2"),
  };
  org.accounts.set(managementAccountId, {
    id: managementAccountId,
    name: "management",
    email: "aws-management@example.com",
    state: "ACTIVE",
    parentId: org.rootId,
    joinedTimestamp: 1600000000,
    tags: new Map(),
  });
  return org;
}

const ACCOUNT_ID = /^\d{12}$/;
const OU_ID = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;
const ROOT_ID = /^r-[0-9a-z]{4,32}$/;
const PARENT_ID = new RegExp(`${ROOT_ID.source}|${OU_ID.source}`);

function org(ctx: HandlerContext): OrganizationState {
  return ctx.state.organization;
}

const accountArn = (o: OrganizationState, id: string) => `arn:aws:organizations::${o.managementAccountId}:account/${o.id}/${id}`;
const ouArn = (o: OrganizationState, id: string) => `arn:aws:organizations::${o.managementAccountId}:ou/${o.id}/${id}`;

function describeAccount(o: OrganizationState, a: OrgAccountRecord) {
  return {
    Id: a.id,
    Arn: accountArn(o, a.id),
    Email: a.email,
    Name: a.name,
    // Status is deprecated in favour of State; the service still answers both.
    Status: a.state === "ACTIVE" ? "ACTIVE" : a.state === "PENDING_CLOSURE" ? "PENDING_CLOSURE" : "SUSPENDED",
    State: a.state,
    JoinedMethod: a.id === o.managementAccountId ? "INVITED" : "CREATED",
    JoinedTimestamp: a.joinedTimestamp,
  };
}

function parent(o: OrganizationState, id: string): void {
  if (id === o.rootId) return;
  if (!o.units.has(id)) throw new AwsError("ParentNotFoundException", `We can't find a root or OU with the ParentId that you specified: ${id}`);
}

function account(o: OrganizationState, id: string): OrgAccountRecord {
  const a = o.accounts.get(id);
  if (!a) throw new AwsError("AccountNotFoundException", `We can't find an account with the AccountId that you specified: ${id}`);
  return a;
}

function tagsOf(o: OrganizationState, resourceId: string): Map<string, string> {
  if (ACCOUNT_ID.test(resourceId)) return account(o, resourceId).tags;
  const policy = policyTags(o, resourceId);
  if (policy) return policy;
  const ou = o.units.get(resourceId);
  if (ou) return ou.tags;
  throw new AwsError("TargetNotFoundException", `We can't find a resource that matches the ResourceId that you specified: ${resourceId}`);
}

function tagsInput(input: Input): Array<[string, string]> {
  const tags = input.Tags ?? [];
  if (!Array.isArray(tags)) throw invalid("Tags must be a list");
  return tags.map((t: Input) => [str(t, "Key", { min: 1, max: 128 }), str(t, "Value", { min: 0, max: 256 })]);
}

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function list<T>(items: T[], input: Input, ctx: HandlerContext, field: string) {
  const { page, NextToken } = paginate(items, input, ctx.pageSize);
  return { [field]: page, ...(NextToken ? { NextToken } : {}) };
}

export const organizationsHandlers: Record<string, Handler> = {
  DescribeOrganization(_input, ctx) {
    const o = org(ctx);
    return {
      Organization: {
        Id: o.id,
        Arn: `arn:aws:organizations::${o.managementAccountId}:organization/${o.id}`,
        FeatureSet: "ALL",
        MasterAccountArn: accountArn(o, o.managementAccountId),
        MasterAccountId: o.managementAccountId,
        MasterAccountEmail: o.accounts.get(o.managementAccountId)?.email,
        AvailablePolicyTypes: [],
      },
    };
  },

  /** Read by the provider's aws_organizations_organization data source; no service is trusted here. */
  ListAWSServiceAccessForOrganization(input, ctx) {
    return list([], input, ctx, "EnabledServicePrincipals");
  },

  ListRoots(input, ctx) {
    const o = org(ctx);
    return list([{ Id: o.rootId, Arn: `arn:aws:organizations::${o.managementAccountId}:root/${o.id}/${o.rootId}`, Name: "Root", PolicyTypes: [] }], input, ctx, "Roots");
  },

  ListOrganizationalUnitsForParent(input, ctx) {
    const o = org(ctx);
    const parentId = str(input, "ParentId", { pattern: PARENT_ID });
    parent(o, parentId);
    const units = [...o.units.values()].filter((u) => u.parentId === parentId).sort(byId);
    return list(units.map((u) => ({ Id: u.id, Arn: ouArn(o, u.id), Name: u.name })), input, ctx, "OrganizationalUnits");
  },

  DescribeOrganizationalUnit(input, ctx) {
    const o = org(ctx);
    const id = str(input, "OrganizationalUnitId", { pattern: OU_ID });
    const u = o.units.get(id);
    if (!u) throw new AwsError("OrganizationalUnitNotFoundException", `We can't find an OU with the id ${id}`);
    return { OrganizationalUnit: { Id: u.id, Arn: ouArn(o, u.id), Name: u.name } };
  },

  ListAccounts(input, ctx) {
    const o = org(ctx);
    return list([...o.accounts.values()].sort(byId).map((a) => describeAccount(o, a)), input, ctx, "Accounts");
  },

  ListAccountsForParent(input, ctx) {
    const o = org(ctx);
    const parentId = str(input, "ParentId", { pattern: PARENT_ID });
    parent(o, parentId);
    const accounts = [...o.accounts.values()].filter((a) => a.parentId === parentId).sort(byId);
    return list(accounts.map((a) => describeAccount(o, a)), input, ctx, "Accounts");
  },

  DescribeAccount(input, ctx) {
    const o = org(ctx);
    return { Account: describeAccount(o, account(o, str(input, "AccountId", { pattern: ACCOUNT_ID }))) };
  },

  ListParents(input, ctx) {
    const o = org(ctx);
    const child = str(input, "ChildId", { min: 1, max: 100 });
    const parentId = ACCOUNT_ID.test(child) ? account(o, child).parentId : o.units.get(child)?.parentId;
    if (!parentId) throw new AwsError("ChildNotFoundException", `We can't find an organizational unit (OU) or AWS account with the ChildId that you specified: ${child}`);
    return list([{ Id: parentId, Type: parentId === o.rootId ? "ROOT" : "ORGANIZATIONAL_UNIT" }], input, ctx, "Parents");
  },

  ListTagsForResource(input, ctx) {
    const o = org(ctx);
    const tags = tagsOf(o, str(input, "ResourceId", { min: 1, max: 130 }));
    const items = [...tags.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([Key, Value]) => ({ Key, Value }));
    return list(items, input, ctx, "Tags");
  },

  TagResource(input, ctx) {
    const o = org(ctx);
    const tags = tagsOf(o, str(input, "ResourceId", { min: 1, max: 130 }));
    for (const [k, v] of tagsInput(input)) tags.set(k, v);
    return {};
  },

  UntagResource(input, ctx) {
    const o = org(ctx);
    const tags = tagsOf(o, str(input, "ResourceId", { min: 1, max: 130 }));
    const keys = input.TagKeys;
    if (!Array.isArray(keys)) throw invalid("TagKeys must be a list");
    for (const k of keys) tags.delete(String(k));
    return {};
  },

  CreateOrganizationalUnit(input, ctx) {
    const o = org(ctx);
    const parentId = str(input, "ParentId", { pattern: PARENT_ID });
    parent(o, parentId);
    const name = str(input, "Name", { min: 1, max: 128 });
    for (const u of o.units.values()) {
      if (u.parentId === parentId && u.name === name) throw new AwsError("DuplicateOrganizationalUnitException", "An OU with the same name already exists.");
    }
    const id = `ou-${o.rootId.slice(2)}-${String(o.units.size + 1).padStart(8, "0")}`;
    o.units.set(id, { id, name, parentId, tags: new Map(tagsInput(input)) });
    return { OrganizationalUnit: { Id: id, Arn: ouArn(o, id), Name: name } };
  },

  UpdateOrganizationalUnit(input, ctx) {
    const o = org(ctx);
    const id = str(input, "OrganizationalUnitId", { pattern: OU_ID });
    const u = o.units.get(id);
    if (!u) throw new AwsError("OrganizationalUnitNotFoundException", `We can't find an OU with the id ${id}`);
    const name = str(input, "Name", { optional: true, min: 1, max: 128 });
    if (name !== undefined) u.name = name;
    return { OrganizationalUnit: { Id: u.id, Arn: ouArn(o, u.id), Name: u.name } };
  },

  /** Completes at once (the service is asynchronous; DescribeCreateAccountStatus answers SUCCEEDED). */
  CreateAccount(input, ctx) {
    const o = org(ctx);
    const name = str(input, "AccountName", { min: 1, max: 50 });
    const email = str(input, "Email", { min: 6, max: 64 });
    const id = String(100000000000 + o.nextAccount * 104729).slice(0, 12);
    o.nextAccount++;
    o.accounts.set(id, { id, name, email, state: "ACTIVE", parentId: o.rootId, joinedTimestamp: 1700000000 + o.nextAccount, tags: new Map(tagsInput(input)) });
    const statusId = `car-${ctx.hex(32)}`;
    o.createStatus.set(statusId, { id: statusId, accountId: id, accountName: name });
    return { CreateAccountStatus: { Id: statusId, AccountName: name, State: "SUCCEEDED", AccountId: id, RequestedTimestamp: 1700000000, CompletedTimestamp: 1700000000 } };
  },

  DescribeCreateAccountStatus(input, ctx) {
    const o = org(ctx);
    const id = str(input, "CreateAccountRequestId", { min: 1, max: 100 });
    const s = o.createStatus.get(id);
    if (!s) throw new AwsError("CreateAccountStatusNotFoundException", `We can't find a create account request with the id ${id}`);
    return { CreateAccountStatus: { Id: s.id, AccountName: s.accountName, State: "SUCCEEDED", AccountId: s.accountId } };
  },

  MoveAccount(input, ctx) {
    const o = org(ctx);
    const a = account(o, str(input, "AccountId", { pattern: ACCOUNT_ID }));
    const source = str(input, "SourceParentId", { pattern: PARENT_ID });
    const destination = str(input, "DestinationParentId", { pattern: PARENT_ID });
    parent(o, source);
    parent(o, destination);
    if (a.parentId !== source) throw new AwsError("SourceParentNotFoundException", `The account ${a.id} is not in ${source}`);
    a.parentId = destination;
    return {};
  },

  /** Closing suspends the account at once (the service passes through PENDING_CLOSURE). */
  CloseAccount(input, ctx) {
    const o = org(ctx);
    const a = account(o, str(input, "AccountId", { pattern: ACCOUNT_ID }));
    if (a.id === o.managementAccountId) throw new AwsError("ConstraintViolationException", "The management account cannot be closed this way.");
    if (a.state !== "ACTIVE") throw new AwsError("AccountAlreadyClosedException", `Account ${a.id} is already closed.`);
    a.state = "SUSPENDED";
    return {};
  },

  RemoveAccountFromOrganization(input, ctx) {
    const o = org(ctx);
    const a = account(o, str(input, "AccountId", { pattern: ACCOUNT_ID }));
    if (a.id === o.managementAccountId) throw new AwsError("ConstraintViolationException", "The management account cannot leave its organization.");
    o.accounts.delete(a.id);
    return {};
  },

};
