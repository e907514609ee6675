// AWS Organizations service control policies (X-Amz-Target: AWSOrganizationsV20161128.<Op>): what
// the Terraform provider's aws_organizations_policy / _policy_attachment and the revoker call, with
// the service's limits (5,120 characters of content, 5 SCPs attached per target, FullAWSAccess
// attached everywhere from the start) and its error names and reasons.
import { AwsError, invalid } from "./errors.js";
import { paginate, type Handler, type HandlerContext } from "./context.js";
import type { OrganizationState } from "./organizations.js";
import { str } from "./validate.js";

type Input = Record<string, unknown>;

export const SCP_MAX_CHARS = 5120;
export const SCP_MAX_PER_TARGET = 5;
export const FULL_AWS_ACCESS = "p-FullAWSAccess";

export interface PolicyRecord {
  id: string;
  name: string;
  description: string;
  content: string;
  awsManaged: boolean;
  tags: Map<string, string>;
}

export interface PolicyState {
  policies: Map<string, PolicyRecord>;
  /** Target id (root, OU or account) -> attached policy ids. */
  attachments: Map<string, Set<string>>;
}

const FULL_AWS_ACCESS_CONTENT = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }, null, 2);

/** A fresh organization's policies: AWS attaches FullAWSAccess to the root when SCPs are enabled. */
export function newPolicyState(rootId: string): PolicyState {
  const policies = new Map<string, PolicyRecord>([
    [FULL_AWS_ACCESS, { id: FULL_AWS_ACCESS, name: "FullAWSAccess", description: "Allows access to every operation", content: FULL_AWS_ACCESS_CONTENT, awsManaged: true, tags: new Map() }],
  ]);
  return { policies, attachments: new Map([[rootId, new Set([FULL_AWS_ACCESS])]]) };
}

const POLICY_ID = /^p-[0-9a-zA-Z_]{8,128}$/;
const TYPE = "SERVICE_CONTROL_POLICY";

function policyState(ctx: HandlerContext): { o: OrganizationState; p: PolicyState } {
  return { o: ctx.state.organization, p: ctx.state.organization.policies };
}

const policyArn = (o: OrganizationState, p: PolicyRecord) =>
  p.awsManaged ? `arn:aws:organizations::aws:policy/service_control_policy/${p.id}` : `arn:aws:organizations::${o.managementAccountId}:policy/${o.id}/service_control_policy/${p.id}`;

const summary = (o: OrganizationState, p: PolicyRecord) => ({ Id: p.id, Arn: policyArn(o, p), Name: p.name, Description: p.description, Type: TYPE, AwsManaged: p.awsManaged });

function policyOf(p: PolicyState, input: Input): PolicyRecord {
  const id = str(input, "PolicyId", { pattern: POLICY_ID });
  const policy = p.policies.get(id);
  if (!policy) throw new AwsError("PolicyNotFoundException", "We can't find a policy with the PolicyId that you specified.");
  return policy;
}

function scpType(input: Input, field: string): void {
  const type = input[field];
  if (type !== TYPE) throw invalid(`You specified an invalid value for ${field}: the local Organizations knows only ${TYPE} (got ${JSON.stringify(type)})`);
}

/** Content checks the service makes: JSON, within the size limit. */
function content(input: Input): string {
  const text = str(input, "Content", { min: 1, max: 1_000_000 });
  if (text.length > SCP_MAX_CHARS) {
    throw new AwsError("ConstraintViolationException", `You have exceeded the maximum size of a policy document (${SCP_MAX_CHARS} characters).`, 400, { Reason: "POLICY_CONTENT_LIMIT_EXCEEDED" });
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new AwsError("MalformedPolicyDocumentException", "The provided policy document doesn't meet the requirements of the specified policy type.");
  }
  const statements = (doc as { Statement?: unknown })?.Statement;
  if (!doc || typeof doc !== "object" || statements === undefined) throw new AwsError("MalformedPolicyDocumentException", "The provided policy document doesn't meet the requirements of the specified policy type.");
  return text;
}

function target(o: OrganizationState, id: string): { name: string; type: "ROOT" | "ORGANIZATIONAL_UNIT" | "ACCOUNT"; arn: string } {
  if (id === o.rootId) return { name: "Root", type: "ROOT", arn: `arn:aws:organizations::${o.managementAccountId}:root/${o.id}/${o.rootId}` };
  const ou = o.units.get(id);
  if (ou) return { name: ou.name, type: "ORGANIZATIONAL_UNIT", arn: `arn:aws:organizations::${o.managementAccountId}:ou/${o.id}/${id}` };
  const account = o.accounts.get(id);
  if (account) return { name: account.name, type: "ACCOUNT", arn: `arn:aws:organizations::${o.managementAccountId}:account/${o.id}/${id}` };
  throw new AwsError("TargetNotFoundException", "We can't find a root, OU, account, or policy with the TargetId that you specified.");
}

function tags(input: Input): Array<[string, string]> {
  const list = input.Tags ?? [];
  if (!Array.isArray(list)) throw invalid("Tags must be a list");
  return list.map((t: Input) => [str(t, "Key", { min: 1, max: 128 }), str(t, "Value", { min: 0, max: 256 })]);
}

export const policyHandlers: Record<string, Handler> = {
  CreatePolicy(input, ctx) {
    const { o, p } = policyState(ctx);
    scpType(input, "Type");
    const name = str(input, "Name", { min: 1, max: 128, pattern: /^[\s\S]*$/ });
    const description = str(input, "Description", { optional: true, min: 0, max: 512 }) ?? "";
    const text = content(input);
    for (const existing of p.policies.values()) {
      if (existing.name === name) throw new AwsError("DuplicatePolicyException", "A policy with the same name already exists.");
    }
    const id = `p-${ctx.hex(8)}`;
    const record: PolicyRecord = { id, name, description, content: text, awsManaged: false, tags: new Map(tags(input)) };
    p.policies.set(id, record);
    return { Policy: { PolicySummary: summary(o, record), Content: record.content } };
  },

  UpdatePolicy(input, ctx) {
    const { o, p } = policyState(ctx);
    const policy = policyOf(p, input);
    if (policy.awsManaged) throw new AwsError("AccessDeniedException", "You don't have permissions to change an AWS managed policy.");
    const name = str(input, "Name", { optional: true, min: 1, max: 128 });
    const description = str(input, "Description", { optional: true, min: 0, max: 512 });
    const text = input.Content === undefined ? undefined : content(input);
    if (name !== undefined && name !== policy.name) {
      for (const other of p.policies.values()) if (other.name === name) throw new AwsError("DuplicatePolicyException", "A policy with the same name already exists.");
      policy.name = name;
    }
    if (description !== undefined) policy.description = description;
    if (text !== undefined) policy.content = text;
    return { Policy: { PolicySummary: summary(o, policy), Content: policy.content } };
  },

  DescribePolicy(input, ctx) {
    const { o, p } = policyState(ctx);
    const policy = policyOf(p, input);
    return { Policy: { PolicySummary: summary(o, policy), Content: policy.content } };
  },

  DeletePolicy(input, ctx) {
    const { p } = policyState(ctx);
    const policy = policyOf(p, input);
    for (const attached of p.attachments.values()) {
      if (attached.has(policy.id)) throw new AwsError("PolicyInUseException", "The policy is attached to one or more entities. You must detach it from all roots, OUs, and accounts before performing this operation.");
    }
    p.policies.delete(policy.id);
    return {};
  },

  AttachPolicy(input, ctx) {
    const { o, p } = policyState(ctx);
    const policy = policyOf(p, input);
    const targetId = str(input, "TargetId", { min: 1, max: 100 });
    target(o, targetId);
    const attached = p.attachments.get(targetId) ?? new Set<string>();
    if (attached.has(policy.id)) throw new AwsError("DuplicatePolicyAttachmentException", "The selected policy is already attached to the specified target.");
    if (attached.size >= SCP_MAX_PER_TARGET) {
      throw new AwsError("ConstraintViolationException", `You have attached the maximum number of policies (${SCP_MAX_PER_TARGET}) of type ${TYPE} to the target.`, 400, { Reason: "POLICY_NUMBER_LIMIT_EXCEEDED" });
    }
    attached.add(policy.id);
    p.attachments.set(targetId, attached);
    return {};
  },

  DetachPolicy(input, ctx) {
    const { o, p } = policyState(ctx);
    const policy = policyOf(p, input);
    const targetId = str(input, "TargetId", { min: 1, max: 100 });
    target(o, targetId);
    const attached = p.attachments.get(targetId);
    if (!attached?.has(policy.id)) throw new AwsError("PolicyNotAttachedException", "The policy isn't attached to the specified target in the specified root.");
    if (attached.size === 1) {
      throw new AwsError("ConstraintViolationException", "You cannot remove the last service control policy from a target: every root, OU and account needs at least one.", 400, { Reason: "MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED" });
    }
    attached.delete(policy.id);
    return {};
  },

  ListPolicies(input, ctx) {
    const { o, p } = policyState(ctx);
    scpType(input, "Filter");
    const items = [...p.policies.values()].sort((a, b) => (a.id < b.id ? -1 : 1)).map((x) => summary(o, x));
    const { page, NextToken } = paginate(items, input, ctx.pageSize);
    return { Policies: page, ...(NextToken ? { NextToken } : {}) };
  },

  ListPoliciesForTarget(input, ctx) {
    const { o, p } = policyState(ctx);
    scpType(input, "Filter");
    const targetId = str(input, "TargetId", { min: 1, max: 100 });
    target(o, targetId);
    const items = [...(p.attachments.get(targetId) ?? [])].sort().map((id) => summary(o, p.policies.get(id)!));
    const { page, NextToken } = paginate(items, input, ctx.pageSize);
    return { Policies: page, ...(NextToken ? { NextToken } : {}) };
  },

  ListTargetsForPolicy(input, ctx) {
    const { o, p } = policyState(ctx);
    const policy = policyOf(p, input);
    const items = [...p.attachments.entries()]
      .filter(([, ids]) => ids.has(policy.id))
      .map(([id]) => id)
      .sort()
      .map((id) => {
        const t = target(o, id);
        return { TargetId: id, Arn: t.arn, Name: t.name, Type: t.type };
      });
    const { page, NextToken } = paginate(items, input, ctx.pageSize);
    return { Targets: page, ...(NextToken ? { NextToken } : {}) };
  },
};

/** The tags of a policy id, for ListTagsForResource/TagResource/UntagResource; undefined for other ids. */
export function policyTags(o: OrganizationState, resourceId: string): Map<string, string> | undefined {
  if (!POLICY_ID.test(resourceId)) return undefined;
  const policy = o.policies.policies.get(resourceId);
  if (!policy) throw new AwsError("TargetNotFoundException", `We can't find a resource that matches the ResourceId that you specified: ${resourceId}`);
  return policy.tags;
}
