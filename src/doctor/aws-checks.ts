// AWS prerequisites: the session, both roles (trust and simulated permissions), Identity Center,
// the Organization, the state bucket and its lock.
import { GetRoleCommand, SimulatePrincipalPolicyCommand } from "@aws-sdk/client-iam";
import { DescribeOrganizationCommand } from "@aws-sdk/client-organizations";
import { DeleteObjectCommand, GetBucketEncryptionCommand, GetBucketVersioningCommand, HeadBucketCommand, ListObjectsV2Command, PutObjectCommand } from "@aws-sdk/client-s3";
import { ListInstancesCommand } from "@aws-sdk/client-sso-admin";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import {
  expectedApplyPermissions,
  expectedPlanPermissions,
  GITHUB_OIDC_AUDIENCE,
  GITHUB_OIDC_HOST,
  roleSubjects,
  type ExpectedPermissions,
  type StateLocation,
} from "../setup/role-policies.js";
import { errorText, fail, pass, type Check, type DoctorContext, type Outcome } from "./check.js";
import type { DoctorAws } from "./aws-clients.js";

/** A lock file older than this with no run holding it is stale (the longest job takes ~60 min). */
export const STALE_LOCK_MINUTES = 90;

function need(ctx: DoctorContext): DoctorAws {
  if (!ctx.aws) throw new Error(ctx.awsMissing ?? "no AWS credentials");
  return ctx.aws;
}

function stateOf(ctx: DoctorContext): StateLocation | undefined {
  const s = ctx.model.organization.state;
  return s.kind === "s3" ? { bucket: s.bucket, keyPrefix: s.keyPrefix, ...(s.kmsKeyId ? { kmsKeyArn: s.kmsKeyId } : {}) } : undefined;
}

const roleName = (arn: string) => arn.split("/").pop() ?? arn;

const awsCredentials: Check = {
  id: "aws-credentials",
  code: 10,
  area: "aws",
  title: "AWS session is the plan role, in the model's region",
  async run(ctx) {
    if (!ctx.aws) return fail(ctx.awsMissing ?? "no AWS credentials", "run doctor.yml (Actions > Access doctor), or locally with the plan role's credentials and AWS_PLAN_ROLE_ARN set");
    const who = await ctx.aws.sts.send(new GetCallerIdentityCommand({}));
    const region = ctx.model.organization.identityCenter.region;
    if (ctx.workflowRegion && ctx.workflowRegion !== region) {
      return fail(`repository variable AWS_REGION is ${ctx.workflowRegion}, the model's Identity Center region is ${region}`, `set the repository variable AWS_REGION to ${region}`);
    }
    const plan = ctx.roles.planRoleArn;
    if (!plan) return fail(`signed in as ${who.Arn}, but AWS_PLAN_ROLE_ARN is not set`, "set the repository variable AWS_PLAN_ROLE_ARN (bootstrap output plan_role_arn)");
    const assumed = /:assumed-role\/([^/]+)\//.exec(who.Arn ?? "")?.[1];
    if (assumed === roleName(plan)) return pass(`signed in as ${who.Arn}`);
    if (ctx.inActions) return fail(`signed in as ${who.Arn}, not as the plan role ${plan}`, "let the job assume AWS_PLAN_ROLE_ARN through GitHub OIDC (see the plan-role check for its trust policy)");
    // A person on a laptop (before the first PR): the roles are checked by simulation instead.
    return pass(`signed in as ${who.Arn} (not the plan role: run doctor.yml to prove GitHub can assume it)`);
  },
};

async function roleCheck(ctx: DoctorContext, arn: string | undefined, kind: "plan" | "apply", expected: ExpectedPermissions): Promise<Outcome> {
  const aws = need(ctx);
  const variable = kind === "plan" ? "AWS_PLAN_ROLE_ARN (repository variable)" : "AWS_APPLY_ROLE_ARN (production environment variable)";
  if (!arn) return fail(`${variable} is not set`, `set ${variable} to the bootstrap output ${kind}_role_arn`);
  let trust: { Statement?: { Effect?: string; Action?: string | string[]; Principal?: { Federated?: string }; Condition?: Record<string, Record<string, string | string[]>> }[] };
  try {
    const role = await aws.iam.send(new GetRoleCommand({ RoleName: roleName(arn) }));
    trust = JSON.parse(decodeURIComponent(role.Role?.AssumeRolePolicyDocument ?? "{}"));
  } catch (err) {
    return fail(`cannot read role ${arn}: ${errorText(err)}`, `apply the bootstrap stack (docs/setup.md step 1), and let the plan role read it (statement DoctorReadsTheRoles)`);
  }
  const repo = ctx.repository;
  if (!repo) return fail("the repository is unknown", "set GITHUB_REPOSITORY=OWNER/NAME (set in Actions)");
  const [owner, name] = repo.fullName.split("/") as [string, string];
  const forms = [roleSubjects({ owner, name }, "classic")[kind]];
  if (repo.ownerId && repo.repositoryId) forms.push(roleSubjects({ owner, name, ownerId: repo.ownerId, repositoryId: repo.repositoryId }, "immutable")[kind]);
  const web = (trust.Statement ?? []).filter((s) => s.Effect === "Allow" && [s.Action].flat().includes("sts:AssumeRoleWithWebIdentity"));
  const loose = web.filter((s) => Object.keys(s.Condition ?? {}).some((op) => op !== "StringEquals"));
  if (loose.length) return fail(`role ${arn} trusts GitHub with ${Object.keys(loose[0]!.Condition ?? {}).join(", ")}`, "trust exact subjects with StringEquals only (re-apply the bootstrap stack)");
  const subs = web.flatMap((s) => [s.Condition?.StringEquals?.[`${GITHUB_OIDC_HOST}:sub`] ?? []].flat());
  const auds = web.flatMap((s) => [s.Condition?.StringEquals?.[`${GITHUB_OIDC_HOST}:aud`] ?? []].flat());
  if (!web.length || !web.every((s) => (s.Principal?.Federated ?? "").endsWith(`:oidc-provider/${GITHUB_OIDC_HOST}`))) {
    return fail(`role ${arn} does not trust GitHub's OIDC provider`, "re-apply the bootstrap stack");
  }
  if (!auds.length || auds.some((a) => a !== GITHUB_OIDC_AUDIENCE)) return fail(`role ${arn} trusts audience ${auds.join(", ") || "(none)"}`, `trust aud ${GITHUB_OIDC_AUDIENCE} only`);
  const matching = forms.find((want) => want.length === subs.length && want.every((w) => subs.includes(w)));
  if (!matching) {
    return fail(`role ${arn} trusts sub ${subs.join(", ") || "(none)"}; expected exactly ${forms.map((f) => f.join(" + ")).join(" or ")}`, `set repository (and subject_form) in bootstrap/bootstrap.yaml and re-apply the bootstrap stack`);
  }
  const denied = await simulate(aws, arn, expected.allowed);
  const missing = denied.filter((r) => r.decision !== "allowed");
  if (missing.length) {
    return fail(`role ${arn} may not ${missing.map((m) => `${m.action} on ${m.resource}`).join(", ")}`, "re-apply the bootstrap stack (its policies are the expected ones; docs/setup.md section 3/4)");
  }
  const excess = (await simulate(aws, arn, expected.denied)).filter((r) => r.decision === "allowed");
  if (excess.length) {
    return fail(`role ${arn} is allowed ${excess.map((m) => `${m.action} on ${m.resource}`).join(", ")}, which a pull request could use`, "remove write permissions from the plan role: it must only read (and write the lock objects)");
  }
  return pass(`trusts ${matching.join(", ")}; ${expected.allowed.length} expected actions allowed${expected.denied.length ? `, ${expected.denied.length} writes denied` : ""}`);
}

async function simulate(aws: DoctorAws, arn: string, wanted: { action: string; resource: string }[]) {
  const byResource = new Map<string, string[]>();
  for (const w of wanted) byResource.set(w.resource, [...(byResource.get(w.resource) ?? []), w.action]);
  const out: { action: string; resource: string; decision: string }[] = [];
  for (const [resource, actions] of byResource) {
    const res = await aws.iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: arn, ActionNames: actions, ResourceArns: [resource] }));
    for (const r of res.EvaluationResults ?? []) out.push({ action: r.EvalActionName ?? "", resource, decision: String(r.EvalDecision ?? "") });
  }
  return out;
}

const noState = () => fail("the model keeps Terraform state locally", "add organization.state.s3 (bucket, region, key_prefix: the bootstrap outputs state_bucket and state_key_prefix)");

const planRole: Check = {
  id: "plan-role",
  code: 11,
  area: "aws",
  title: "plan role: trusts this repository's PRs and main exactly, reads everything, writes only locks",
  needs: ["aws-credentials"],
  async run(ctx) {
    const state = stateOf(ctx);
    if (!state) return noState();
    return roleCheck(ctx, ctx.roles.planRoleArn, "plan", expectedPlanPermissions(state));
  },
};

const applyRole: Check = {
  id: "apply-role",
  code: 12,
  area: "aws",
  title: "apply role: trusts only the production environment, may manage Identity Center and state",
  needs: ["aws-credentials"],
  async run(ctx) {
    const state = stateOf(ctx);
    if (!state) return noState();
    return roleCheck(ctx, ctx.roles.applyRoleArn, "apply", expectedApplyPermissions(state));
  },
};

const identityCenter: Check = {
  id: "identity-center",
  code: 13,
  area: "aws",
  title: "Identity Center instance and identity store match the model",
  needs: ["aws-credentials"],
  async run(ctx) {
    const ic = ctx.model.organization.identityCenter;
    const res = await need(ctx).ssoAdmin.send(new ListInstancesCommand({}));
    const instances = res.Instances ?? [];
    const found = instances.find((i) => i.InstanceArn === ic.instanceArn);
    if (!found) {
      const live = instances.map((i) => `${i.InstanceArn} (${i.IdentityStoreId})`).join(", ") || "none";
      return fail(`no instance ${ic.instanceArn} in ${ic.region}; the account has ${live}`, "set organization.identity_center.instance_arn and identity_store_id from IAM Identity Center > Settings (and the region)");
    }
    if (found.IdentityStoreId !== ic.identityStoreId) {
      return fail(`instance ${ic.instanceArn} uses identity store ${found.IdentityStoreId}, the model says ${ic.identityStoreId}`, `set organization.identity_center.identity_store_id: ${found.IdentityStoreId}`);
    }
    return pass(`${ic.instanceArn}, identity store ${found.IdentityStoreId}`);
  },
};

const organization: Check = {
  id: "organizations",
  code: 14,
  area: "aws",
  title: "the Organization is readable and its management account matches the model",
  needs: ["aws-credentials"],
  async run(ctx) {
    let org;
    try {
      org = (await need(ctx).organizations.send(new DescribeOrganizationCommand({}))).Organization;
    } catch (err) {
      return fail(`cannot describe the Organization: ${errorText(err)}`, "run from the management account or a delegated administrator for Organizations (docs/setup.md section 3.1)");
    }
    const want = ctx.model.organization.managementAccount;
    if (org?.MasterAccountId !== want) return fail(`the management account is ${org?.MasterAccountId}, the model says ${want}`, `set organization.management_account: "${org?.MasterAccountId}"`);
    return pass(`${org?.Id}, management account ${want}`);
  },
};

const stateBucket: Check = {
  id: "state-bucket",
  code: 15,
  area: "aws",
  title: "state bucket reachable, versioned and KMS-encrypted",
  needs: ["aws-credentials"],
  async run(ctx) {
    const state = stateOf(ctx);
    if (!state) return noState();
    const s3 = need(ctx).s3;
    try {
      await s3.send(new HeadBucketCommand({ Bucket: state.bucket }));
    } catch (err) {
      return fail(`bucket ${state.bucket}: ${errorText(err)}`, "apply the bootstrap stack, and set organization.state.s3.bucket to its state_bucket output");
    }
    const versioning = await s3.send(new GetBucketVersioningCommand({ Bucket: state.bucket }));
    if (versioning.Status !== "Enabled") {
      return fail(`bucket ${state.bucket} has versioning ${versioning.Status ?? "never enabled"}: an overwritten state could not be restored`, `aws s3api put-bucket-versioning --bucket ${state.bucket} --versioning-configuration Status=Enabled (or re-apply the bootstrap stack)`);
    }
    const enc = await s3.send(new GetBucketEncryptionCommand({ Bucket: state.bucket }));
    const algorithm = enc.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm;
    if (algorithm !== "aws:kms" && algorithm !== "aws:kms:dsse") return fail(`bucket ${state.bucket} encrypts with ${algorithm ?? "nothing"}`, "re-apply the bootstrap stack (SSE-KMS)");
    return pass(`${state.bucket}: versioning on, ${algorithm}`);
  },
};

const stateLock: Check = {
  id: "state-lock",
  code: 16,
  area: "aws",
  title: "state lock can be taken and released, and no stale lock is held",
  needs: ["state-bucket"],
  async run(ctx) {
    const state = stateOf(ctx);
    if (!state) return noState();
    const s3 = need(ctx).s3;
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: state.bucket, Prefix: state.keyPrefix }));
    const now = Date.now();
    const stale = (listed.Contents ?? []).filter((o) => o.Key?.endsWith(".tflock") && o.LastModified && now - o.LastModified.getTime() > STALE_LOCK_MINUTES * 60_000);
    if (stale.length) {
      const first = stale[0]!;
      return fail(
        `stale lock ${stale.map((o) => `s3://${state.bucket}/${o.Key} (since ${o.LastModified!.toISOString()})`).join(", ")}`,
        `if no workflow is running: aws s3api get-object --bucket ${state.bucket} --key ${first.Key} /dev/stdout (its ID), then terraform force-unlock <ID> in that stack (docs/runbook.md "A stale .tflock")`,
      );
    }
    const key = `${state.keyPrefix}doctor.tfstate.tflock`;
    try {
      await s3.send(new PutObjectCommand({ Bucket: state.bucket, Key: key, Body: JSON.stringify({ ID: `doctor-${now}`, Operation: "doctor", Who: "access doctor" }), IfNoneMatch: "*" }));
      await s3.send(new DeleteObjectCommand({ Bucket: state.bucket, Key: key }));
    } catch (err) {
      return fail(`cannot take a lock at s3://${state.bucket}/${key}: ${errorText(err)}`, "give the plan role s3:PutObject and s3:DeleteObject on <prefix>*.tfstate.tflock (statement TakeAndReleaseTheStateLock; re-apply the bootstrap stack)");
    }
    return pass(`took and released s3://${state.bucket}/${key} (If-None-Match, as Terraform's use_lockfile does)`);
  },
};

export const AWS_CHECKS: readonly Check[] = [awsCredentials, planRole, applyRole, identityCenter, organization, stateBucket, stateLock];
