// The two GitHub roles' trust and permission policies, as plain data: the bootstrap stack writes
// them, `access doctor` simulates the same action lists against the live roles, and
// docs/setup.md describes them. Values may be Terraform tokens (the bootstrap stack passes the
// bucket's and key's ARNs); nothing here knows about CDKTF.

export type SubjectForm = "classic" | "immutable";

export interface Repository {
  owner: string;
  name: string;
  /** Numeric ids, needed by the immutable subject form only. */
  ownerId?: string;
  repositoryId?: string;
}

/** The environment the apply jobs (apply.yml, expiry.yml) run in. */
export const APPLY_ENVIRONMENT = "production";
/**
 * The main-only environment of the read-only jobs that hold the read-only Okta key: the PR plans
 * (plan-model.yml, base code on pull_request_target), drift, doctor, review, scim-health.
 */
export const PLAN_ENVIRONMENT = "plan";

export const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";
export const GITHUB_OIDC_AUDIENCE = "sts.amazonaws.com";

/** `repo:OWNER/REPO` or, in the immutable form, `repo:OWNER@OWNER_ID/REPO@REPO_ID`. */
export function subjectPrefix(repo: Repository, form: SubjectForm): string {
  if (form === "classic") return `repo:${repo.owner}/${repo.name}`;
  if (!repo.ownerId || !repo.repositoryId) throw new Error("the immutable subject form needs the owner id and the repository id");
  return `repo:${repo.owner}@${repo.ownerId}/${repo.name}@${repo.repositoryId}`;
}

/**
 * The exact `sub` claims each role trusts. plan: the plan environment (PR plans with main's code,
 * and the read-only jobs that read Okta) and jobs on main without an environment (accounts sync,
 * drift's audit); never `pull_request`, whose workflow any branch can edit. apply: the production
 * environment only.
 */
export function roleSubjects(repo: Repository, form: SubjectForm): { plan: string[]; apply: string[] } {
  const prefix = subjectPrefix(repo, form);
  return {
    plan: [`${prefix}:environment:${PLAN_ENVIRONMENT}`, `${prefix}:ref:refs/heads/main`],
    apply: [`${prefix}:environment:${APPLY_ENVIRONMENT}`],
  };
}

export interface PolicyStatement {
  Sid: string;
  Effect: "Allow" | "Deny";
  Action: string | string[];
  Resource?: string | string[];
  Principal?: Record<string, string | string[]>;
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface PolicyDocument {
  Version: "2012-10-17";
  Statement: PolicyStatement[];
}

export function trustPolicy(oidcProviderArn: string, subjects: string[], sid: string): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: sid,
        Effect: "Allow",
        Principal: { Federated: oidcProviderArn },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: {
            [`${GITHUB_OIDC_HOST}:aud`]: GITHUB_OIDC_AUDIENCE,
            [`${GITHUB_OIDC_HOST}:sub`]: subjects.length === 1 ? subjects[0]! : subjects,
          },
        },
      },
    ],
  };
}

export interface StateLocation {
  bucket: string;
  /** e.g. "access/"; state keys are <prefix><stack>.tfstate, lock files <key>.tflock. */
  keyPrefix: string;
  /** ARN of a customer-managed key, or undefined for the S3-managed aws/s3 key. */
  kmsKeyArn?: string;
}

/** Every read the plan, drift, accounts-sync and doctor jobs make (docs/setup.md section 3). */
export const ORGANIZATIONS_READ_ACTIONS = [
  "organizations:DescribeOrganization",
  "organizations:ListRoots",
  "organizations:ListOrganizationalUnitsForParent",
  "organizations:ListAccountsForParent",
  "organizations:ListTagsForResource",
] as const;

export const IDENTITY_CENTER_WRITE_ACTIONS = [
  "sso:CreatePermissionSet",
  "sso:UpdatePermissionSet",
  "sso:DeletePermissionSet",
  "sso:ProvisionPermissionSet",
  "sso:AttachManagedPolicyToPermissionSet",
  "sso:DetachManagedPolicyFromPermissionSet",
  "sso:AttachCustomerManagedPolicyReferenceToPermissionSet",
  "sso:DetachCustomerManagedPolicyReferenceFromPermissionSet",
  "sso:PutInlinePolicyToPermissionSet",
  "sso:DeleteInlinePolicyFromPermissionSet",
  "sso:PutPermissionsBoundaryToPermissionSet",
  "sso:DeletePermissionsBoundaryFromPermissionSet",
  "sso:CreateAccountAssignment",
  "sso:DeleteAccountAssignment",
  "sso:TagResource",
  "sso:UntagResource",
] as const;

// Functions, not shared objects: every policy gets statements of its own that a caller may edit.
const readIdentityCenter = (): PolicyStatement => ({ Sid: "ReadIdentityCenter", Effect: "Allow", Action: ["sso:Describe*", "sso:List*", "sso:Get*"], Resource: "*" });
const readIdentityStore = (): PolicyStatement => ({
  Sid: "ReadIdentityStore",
  Effect: "Allow",
  Action: ["identitystore:Describe*", "identitystore:List*", "identitystore:GetGroupId"],
  Resource: "*",
});

function stateObjects(state: StateLocation) {
  const bucketArn = `arn:aws:s3:::${state.bucket}`;
  return { bucketArn, states: `${bucketArn}/${state.keyPrefix}*.tfstate`, locks: `${bucketArn}/${state.keyPrefix}*.tfstate.tflock` };
}

/** The plan role: reads only; its one write is the state lock object (S3-native locking). */
export function planRolePolicy(state: StateLocation, roles: { planRoleArn: string; applyRoleArn: string }): PolicyDocument {
  const s = stateObjects(state);
  const statements: PolicyStatement[] = [
    readIdentityCenter(),
    readIdentityStore(),
    { Sid: "ValidateInlinePolicies", Effect: "Allow", Action: "access-analyzer:ValidatePolicy", Resource: "*" },
    { Sid: "ReadOrganization", Effect: "Allow", Action: [...ORGANIZATIONS_READ_ACTIONS], Resource: "*" },
    { Sid: "ListStateBucket", Effect: "Allow", Action: ["s3:ListBucket", "s3:GetBucketVersioning", "s3:GetEncryptionConfiguration"], Resource: s.bucketArn },
    { Sid: "ReadState", Effect: "Allow", Action: "s3:GetObject", Resource: s.states },
    { Sid: "TakeAndReleaseTheStateLock", Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], Resource: s.locks },
    // `access doctor` (doctor.yml, on main) checks both roles without assuming the apply role.
    { Sid: "DoctorReadsTheRoles", Effect: "Allow", Action: ["iam:GetRole", "iam:SimulatePrincipalPolicy"], Resource: [roles.planRoleArn, roles.applyRoleArn] },
  ];
  if (state.kmsKeyArn) statements.push({ Sid: "StateKey", Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: state.kmsKeyArn });
  return { Version: "2012-10-17", Statement: statements };
}

/** The apply role (environment `production` only): manages Identity Center, reads the Organization, writes state. */
export function applyRolePolicy(state: StateLocation): PolicyDocument {
  const s = stateObjects(state);
  const statements: PolicyStatement[] = [
    { Sid: "ManageIdentityCenter", Effect: "Allow", Action: ["sso:Describe*", "sso:List*", "sso:Get*", ...IDENTITY_CENTER_WRITE_ACTIONS], Resource: "*" },
    readIdentityStore(),
    {
      Sid: "RolesIdentityCenterProvisions",
      Effect: "Allow",
      Action: [
        "iam:GetRole",
        "iam:CreateRole",
        "iam:DeleteRole",
        "iam:UpdateRole",
        "iam:UpdateRoleDescription",
        "iam:AttachRolePolicy",
        "iam:DetachRolePolicy",
        "iam:PutRolePolicy",
        "iam:DeleteRolePolicy",
        "iam:ListRolePolicies",
        "iam:ListAttachedRolePolicies",
        "iam:PutRolePermissionsBoundary",
        "iam:DeleteRolePermissionsBoundary",
      ],
      Resource: "arn:aws:iam::*:role/aws-reserved/sso.amazonaws.com/*",
    },
    {
      Sid: "SamlProviderIdentityCenterProvisions",
      Effect: "Allow",
      Action: ["iam:GetSAMLProvider", "iam:CreateSAMLProvider", "iam:UpdateSAMLProvider", "iam:DeleteSAMLProvider"],
      Resource: "arn:aws:iam::*:saml-provider/AWSSSO_*",
    },
    {
      Sid: "ReadOrganization",
      Effect: "Allow",
      Action: [
        ...ORGANIZATIONS_READ_ACTIONS,
        "organizations:DescribeAccount",
        "organizations:ListAccounts",
        "organizations:ListAWSServiceAccessForOrganization",
        "organizations:ListDelegatedAdministrators",
      ],
      Resource: "*",
    },
    { Sid: "ListStateBucket", Effect: "Allow", Action: "s3:ListBucket", Resource: s.bucketArn },
    { Sid: "ReadWriteStateAndLock", Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], Resource: [s.states, s.locks] },
  ];
  if (state.kmsKeyArn) statements.push({ Sid: "StateKey", Effect: "Allow", Action: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"], Resource: state.kmsKeyArn });
  return { Version: "2012-10-17", Statement: statements };
}

/** What `access doctor` simulates per role: actions that must be allowed, and (plan role) must not be. */
export interface ExpectedPermissions {
  allowed: { action: string; resource: string }[];
  denied: { action: string; resource: string }[];
}

export function expectedPlanPermissions(state: StateLocation): ExpectedPermissions {
  const s = stateObjects(state);
  const lock = `arn:aws:s3:::${state.bucket}/${state.keyPrefix}okta.tfstate.tflock`;
  const stateKey = `arn:aws:s3:::${state.bucket}/${state.keyPrefix}okta.tfstate`;
  return {
    allowed: [
      { action: "sso:ListInstances", resource: "*" },
      { action: "sso:DescribePermissionSet", resource: "*" },
      { action: "sso:ListAccountAssignments", resource: "*" },
      { action: "identitystore:ListGroups", resource: "*" },
      { action: "organizations:DescribeOrganization", resource: "*" },
      { action: "organizations:ListAccountsForParent", resource: "*" },
      { action: "access-analyzer:ValidatePolicy", resource: "*" },
      { action: "s3:ListBucket", resource: s.bucketArn },
      { action: "s3:GetObject", resource: stateKey },
      { action: "s3:PutObject", resource: lock },
      { action: "s3:DeleteObject", resource: lock },
    ],
    // A PR can run its own code with this role: it must not be able to change access or state.
    denied: [
      { action: "sso:CreateAccountAssignment", resource: "*" },
      { action: "sso:CreatePermissionSet", resource: "*" },
      { action: "sso:PutInlinePolicyToPermissionSet", resource: "*" },
      { action: "identitystore:CreateGroupMembership", resource: "*" },
      { action: "s3:PutObject", resource: stateKey },
      { action: "s3:DeleteObject", resource: stateKey },
    ],
  };
}

export function expectedApplyPermissions(state: StateLocation): ExpectedPermissions {
  const stateKey = `arn:aws:s3:::${state.bucket}/${state.keyPrefix}okta.tfstate`;
  return {
    allowed: [
      ...IDENTITY_CENTER_WRITE_ACTIONS.map((action) => ({ action, resource: "*" })),
      { action: "identitystore:ListGroups", resource: "*" },
      { action: "iam:CreateRole", resource: "arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Example" },
      { action: "organizations:DescribeOrganization", resource: "*" },
      { action: "s3:GetObject", resource: stateKey },
      { action: "s3:PutObject", resource: stateKey },
      { action: "s3:PutObject", resource: `${stateKey}.tflock` },
      { action: "s3:DeleteObject", resource: `${stateKey}.tflock` },
    ],
    denied: [],
  };
}
