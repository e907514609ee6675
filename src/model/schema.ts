// The YAML file format as one zod schema: the single definition behind validation of each file,
// the TypeScript types of the raw model, and the generated JSON Schema for editors.
import { MAX_ASSIGNMENT_SHARDS } from "../layout/index.js";
import { canonicalExpires, expiresProblem } from "./expiry.js";
import { INVISIBLE, mixedScriptProblem } from "./confusables.js";
import { z } from "zod";

const NAME_CHARS = /^[\w+=,.@-]+$/;

const nonEmpty = (what: string) =>
  z.string({ error: (iss) => (iss.input == null ? `${what} is empty: give it a value` : `${what} must be a string`) }).min(1, `${what} must not be empty`);

export const AccountIdSchema = z
  .string({
    error: (iss) =>
      typeof iss.input === "number"
        ? `account id must be a quoted string: YAML reads an unquoted id as a number and drops leading zeros; write it as "${String(iss.input).padStart(12, "0")}" (in quotes)`
        : "account id must be a quoted string of exactly 12 digits",
  })
  .regex(/^\d{12}$/, "account id must be exactly 12 digits, in quotes, e.g. \"012345678901\"")
  .meta({ description: "AWS account id: a quoted string of exactly 12 digits" });

/** A reference to an account: its name or its quoted 12-digit id. */
const AccountRefSchema = z.string({
  error: (iss) =>
    typeof iss.input === "number"
      ? `account reference must be a name or a quoted 12-digit id: an unquoted id is read as a number and loses leading zeros; write "${String(iss.input).padStart(12, "0")}" (in quotes)`
      : "account reference must be an account name or a quoted 12-digit id",
}).min(1, "account reference must not be empty");

/** C0 and C1 control characters and DEL: never part of a name or a description. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
/** Sequences a GitHub runner reads as a workflow command when they reach a log line. */
const WORKFLOW_COMMAND = /##\[|::/;

/** What is wrong with a name's characters, or undefined when it is fine. */
export function nameProblem(value: string): string | undefined {
  if (value === "__proto__") return 'must not be "__proto__": the CDKTF JSON writer drops that key (JavaScript\'s prototype accessor); choose another name';
  if (CONTROL.test(value)) return "must not contain control characters (newlines, tabs, escapes)";
  if (WORKFLOW_COMMAND.test(value)) return 'must not contain "##[" or "::" (CI logs would read them as workflow commands)';
  if (INVISIBLE.test(value)) return "must not contain invisible format characters (bidi overrides, zero-width characters)";
  return mixedScriptProblem(value);
}

/** A name printed in plans, comments and logs: no control characters, no workflow-command sequences. */
/** The sign-on policy is named `<label> sign-on`; Okta allows 255 characters in a policy name. */
const APP_LABEL_MAX = 255 - " sign-on".length;

const safeName = (what: string, schema: z.ZodString) =>
  schema.superRefine((v, ctx) => {
    const problem = nameProblem(v);
    if (problem) ctx.addIssue({ code: "custom", message: `${what} ${problem}` });
  });

/** Free text such as a description: any printable text, but no control characters. */
const safeText = (what: string, schema: z.ZodString) =>
  schema
    .refine((v) => !CONTROL.test(v), `${what} must not contain control characters (newlines, tabs, escapes); keep it on one line`)
    .refine((v) => !INVISIBLE.test(v), `${what} must not contain invisible format characters (bidi overrides, zero-width characters): the review would show something else than what it is`);

function isPlainMapping(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * A mapping with free keys (tags, a policy document). z.record copies entries into a fresh `{}`,
 * where a `__proto__` key silently disappears; this checks each entry the same way and keeps every
 * key, in a prototype-less object.
 */
function dataRecord<K extends z.ZodType<string>, V extends z.ZodType>(keySchema: K, valueSchema: V, error: string, jsonSchema: Record<string, unknown>) {
  return z
    .custom<Record<string, z.output<V>>>((v) => isPlainMapping(v), { error })
    .superRefine((v, ctx) => {
      for (const [k, val] of Object.entries(v)) {
        const key = keySchema.safeParse(k);
        if (!key.success) for (const i of key.error.issues) ctx.addIssue({ code: "custom", message: i.message, path: [k] });
        const value = valueSchema.safeParse(val);
        if (!value.success) for (const i of value.error.issues) ctx.addIssue({ code: "custom", message: i.message, path: [k, ...(i.path as (string | number)[])] });
      }
    })
    .transform((v) => {
      const out = Object.create(null) as Record<string, z.output<V>>;
      for (const [k, val] of Object.entries(v)) out[k] = valueSchema.parse(val) as z.output<V>;
      return out;
    })
    .meta(jsonSchema);
}

const TagKeySchema = safeName("tag key", z.string().min(1, "tag key must not be empty").max(128, "tag key must be at most 128 characters"));
const TagValueSchema = safeText("tag value", z.string({ error: "tag value must be a string: quote numbers and booleans, e.g. \"1234\"" }).max(256, "tag value must be at most 256 characters"));
const TagsSchema = dataRecord(TagKeySchema, TagValueSchema, "tags must be a mapping of string keys to string values", {
  description: "Tags: string keys and string values",
  type: "object",
  additionalProperties: { type: "string", maxLength: 256 },
  propertyNames: { minLength: 1, maxLength: 128 },
});

const Iso8601Duration = z
  .string({ error: "duration must be an ISO-8601 string such as PT1H or PT30M" })
  .regex(/^P(?=\d|T\d)(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/, "duration must be ISO-8601 such as PT1H, PT8H or PT30M");

const DateSchema = z
  .string({ error: "date must be written YYYY-MM-DD" })
  .regex(/^\d{4}-\d{2}-\d{2}$/, "date must be written YYYY-MM-DD")
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
  }, "not a real calendar date");

/** A day (the last valid day) or an instant on the hour with its zone; instants are kept in UTC. */
const ExpiresSchema = z
  .string({ error: "expires must be a day (YYYY-MM-DD) or an instant on the hour with its zone, e.g. 2027-01-05T18:00Z" })
  .superRefine((v, ctx) => {
    const problem = expiresProblem(v);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  })
  .transform(canonicalExpires);

const SignOnTierSchema = z.strictObject({
  reauthenticate_after: Iso8601Duration.meta({ description: "How often Okta asks for the factors again (ISO-8601)" }),
  phishing_resistant: z.boolean().optional().meta({ description: "Require a phishing-resistant possession factor" }),
});

const PolicyPathSchema = z
  .string()
  .min(1)
  .max(512, "policy path must be at most 512 characters")
  .regex(/^\/([\x21-\x7e]*\/)?$/, "policy path must start and end with \"/\", e.g. / or /team/");

const CustomerManagedRefSchema = z.strictObject({
  name: nonEmpty("customer managed policy name").max(128, "customer managed policy name must be at most 128 characters").regex(NAME_CHARS, "customer managed policy name may contain only letters, digits and +=,.@_-"),
  path: PolicyPathSchema.optional().meta({ description: "IAM path, default /" }),
});

/** An attached customer managed policy; `grants` declares what it allows, so it can be classified. */
const AttachedCustomerManagedSchema = CustomerManagedRefSchema.extend({
  grants: z
    .array(nonEmpty("action"))
    .min(1, "grants lists the actions the policy allows at most, e.g. [s3:Get*, s3:List*]")
    .optional()
    .meta({ description: "The IAM actions this policy allows at most (on any resource): without it the policy's contents are unknown and the permission set counts as privileged" }),
});

const BoundarySchema = z.union(
  [
    z.strictObject({ managed: nonEmpty("managed boundary policy").meta({ description: "AWS managed policy: name, path/name, or ARN" }) }),
    z.strictObject({ customer_managed: CustomerManagedRefSchema }),
  ],
  { error: "permissions_boundary must be { managed: <policy> } or { customer_managed: { name, path } }" },
);

const PolicyDocumentSchema = dataRecord(z.string(), z.unknown(), "an inline policy document must be a mapping", { description: "An IAM policy document", type: "object" });

const SelectorMappingSchema = z
  .strictObject({
    ou: safeName("ou", z.string({ error: "ou must be an OU path string such as Workloads/Data" })).optional().meta({ description: "OU path: that OU and everything below it" }),
    tags: TagsSchema.optional().meta({ description: "Every tag must match" }),
    except: z.array(AccountRefSchema).optional().meta({ description: "Account names or ids to leave out" }),
  })
  .refine((s) => s.ou !== undefined || s.tags !== undefined, "an account selector mapping needs ou and/or tags (use `all` for every account)");

export const AccountSelectorSchema = z.union(
  [
    z.literal("all"),
    z.array(AccountRefSchema).min(1, "the account list is empty: name at least one account"),
    SelectorMappingSchema,
  ],
  { error: "accounts must be `all`, a list of account names or ids, or a mapping with ou, tags and except" },
);

export const AccountSchema = z.strictObject({
  id: AccountIdSchema,
  name: safeName("account name", nonEmpty("account name").max(50, "account name must be at most 50 characters")),
  ou: safeName("ou", z.string({ error: "ou must be an OU path string such as Workloads/Data" })).optional().meta({ description: "OU path below the root, e.g. Workloads/Data" }),
  tags: TagsSchema.optional(),
});

export const GroupSchema = z.strictObject({
  name: safeName("group name", nonEmpty("group name").max(255, "group name must be at most 255 characters (Okta's limit)")).meta({ description: "Okta group name = Identity Center display name" }),
  description: safeText("group description", z.string().max(1024, "group description must be at most 1024 characters")).optional(),
  source: z.enum(["managed", "existing"], { error: "source must be managed (Terraform creates the Okta group) or existing (look it up)" }),
  privileged: z.boolean().optional(),
});

export const PermissionSetSchema = z.strictObject({
  name: safeName("permission set name", nonEmpty("permission set name")
    .max(32, "permission set name must be at most 32 characters (Identity Center limit)")
    .regex(NAME_CHARS, "permission set name may contain only letters, digits and +=,.@_- (Identity Center limit)")),
  description: safeText("description", z.string().min(1, "description must not be empty; leave the key out instead").max(700, "description must be at most 700 characters (Identity Center limit)")).optional(),
  session_duration: Iso8601Duration.optional().meta({ description: "PT1H..PT12H, default PT1H" }),
  managed_policies: z.array(nonEmpty("managed policy")).optional().meta({ description: "AWS managed policies: name, path/name, or ARN" }),
  customer_managed_policies: z.array(AttachedCustomerManagedSchema).optional(),
  inline_policy: z
    .union([z.string().min(1, "inline_policy file path must not be empty"), PolicyDocumentSchema], { error: "inline_policy must be a file path next to this YAML or a policy document mapping" })
    .optional(),
  permissions_boundary: BoundarySchema.optional(),
  relay_state: z.string().optional().meta({ description: "https URL, at most 240 characters" }),
  tags: TagsSchema.optional(),
  privileged: z.boolean().optional(),
});

export const AssignmentSchema = z.strictObject({
  group: nonEmpty("group"),
  permission_set: nonEmpty("permission_set"),
  accounts: AccountSelectorSchema,
  expires: ExpiresSchema.optional().meta({ description: "YYYY-MM-DD: the last day the grant is valid; or an instant on the hour with its zone (2027-01-05T18:00Z): the grant ends then" }),
  allow_management_account: z.boolean().optional(),
});

const S3StateSchema = z.strictObject({
  bucket: nonEmpty("bucket"),
  region: nonEmpty("region"),
  key_prefix: z.string().optional().meta({ description: "State key = <key_prefix><stack>.tfstate" }),
  kms_key_id: z.string().optional(),
});

const HcpStateSchema = z.strictObject({
  organization: nonEmpty("organization"),
  workspace_prefix: z.string().optional().meta({ description: "Workspace = <workspace_prefix><stack>" }),
  hostname: z.string().optional(),
});

/** organization.leavers: the revocation deny list and its event path (docs/leavers.md). */
const LeaversSchema = z.strictObject({
  event_source_name: nonEmpty("event_source_name")
    .max(64, "event_source_name must be at most 64 characters")
    // The okta provider (6.12.0) accepts only letters, digits, "." and "_" here: a "-" fails its validation.
    .regex(/^[A-Za-z0-9._]+$/, "event_source_name may contain only letters, digits, . and _ (Okta's AWS Event Source Name; the okta provider refuses - and spaces), e.g. aws_access_revoker")
    .meta({ description: "The AWS Event Source Name of the Okta log stream: the partner event source is aws.partner/okta.com/<org_name>/<event_source_name>" }),
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "region must be an AWS region such as us-east-1").optional().meta({ description: "Where Okta streams to and the revoker runs; default identity_center.region" }),
  margin: Iso8601Duration.optional().meta({ description: "Added to the longest session for each deny entry's until; default PT15M" }),
  deny_policies: z.number().int("deny_policies must be a whole number").min(1, "deny_policies must be at least 1").max(4, "deny_policies must be at most 4: the root takes 5 SCPs and FullAWSAccess holds one").optional().meta({ description: "Service control policies the deny list may fill (attached to the root); default 2" }),
  scim_grace: Iso8601Duration.optional().meta({ description: "How long SCIM may take before access scim-health reports a difference; default PT1H" }),
  audit_repository: z.string().regex(/^[\w.-]+\/[\w.-]+$/, "audit_repository must be owner/name").optional().meta({ description: "Repository that receives a repository_dispatch per revocation" }),
  github_token_secret_arn: z.string().regex(/^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[\w/+=.@-]+$/, "github_token_secret_arn must be a Secrets Manager secret ARN").optional().meta({ description: "Secrets Manager secret holding the token for audit_repository's repository_dispatch" }),
});

const BreakGlassPrincipalSchema = z.strictObject({
  arn: nonEmpty("principal arn").meta({ description: "An IAM user (or role) in the break-glass account that may assume the role, e.g. arn:aws:iam::999999999999:user/break-glass-1" }),
  mfa_max_age: Iso8601Duration.optional().meta({ description: "Required: the role is assumable only with an MFA session no older than this (e.g. PT15M)" }),
});

const BreakGlassRoleSchema = z.strictObject({
  name: nonEmpty("role name").max(64, "an IAM role name is at most 64 characters").regex(NAME_CHARS, "role name may contain only letters, digits and +=,.@_-"),
  description: safeText("description", z.string().max(1000, "description must be at most 1000 characters")).optional(),
  principals: z.array(BreakGlassPrincipalSchema).min(1, "name at least one principal that may assume the role"),
  managed_policies: z.array(nonEmpty("managed policy")).min(1, "attach at least one AWS managed policy, e.g. AdministratorAccess"),
  max_session: Iso8601Duration.optional().meta({ description: "PT1H..PT12H, default PT1H" }),
});

/** Emergency access for when Okta, SCIM or Identity Center is down: its own stack, never Identity Center. */
const BreakGlassSchema = z.strictObject({
  account: AccountIdSchema.meta({ description: "The management or security account the emergency role(s) live in" }),
  roles: z.array(BreakGlassRoleSchema).min(1, "define at least one break-glass role"),
  alert: z.strictObject({
    email: z.array(nonEmpty("e-mail")).optional().meta({ description: "Addresses told of every use (SNS e-mail subscriptions; each confirms once)" }),
    webhook: z.array(nonEmpty("webhook")).optional().meta({ description: "https endpoints told of every use (SNS https subscriptions, e.g. a chat webhook)" }),
  }),
});

export const OrganizationSchema = z.strictObject({
  management_account: AccountIdSchema,
  identity_center: z.strictObject({
    region: nonEmpty("region").regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "region must be an AWS region such as us-east-1"),
    instance_arn: nonEmpty("instance_arn").regex(/^arn:aws[a-z-]*:sso:::instance\/(sso)?ins-[a-zA-Z0-9-.]{16}$/, "instance_arn must look like arn:aws:sso:::instance/ssoins-0123456789abcdef"),
    identity_store_id: nonEmpty("identity_store_id").regex(/^d-[0-9a-f]{10}$|^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, "identity_store_id must look like d-0123456789"),
    portal_url: z.string().optional(),
    scim_token_expires: DateSchema.optional().meta({ description: "YYYY-MM-DD the SCIM access token Okta uses expires (Identity Center shows it); access scim-health warns 30 days ahead" }),
    assignment_shards: z
      .number()
      .int("assignment_shards must be a whole number")
      .min(1, "assignment_shards must be at least 1")
      .max(MAX_ASSIGNMENT_SHARDS, `assignment_shards must be at most ${MAX_ASSIGNMENT_SHARDS}`)
      .optional()
      .describe("Number of Terraform stacks that hold account assignments (accounts are spread by a hash of their id). 1 keeps one identity-center stack."),
    migrate_assignments_from: z
      .number()
      .int("migrate_assignments_from must be a whole number")
      .min(1, "migrate_assignments_from must be at least 1")
      .max(MAX_ASSIGNMENT_SHARDS, `migrate_assignments_from must be at most ${MAX_ASSIGNMENT_SHARDS}`)
      .optional()
      .describe("Only in the change that sets a new assignment_shards: the assignment_shards the deployed states were applied with. Synthesis then moves assignments between stacks without deleting or creating any. Remove it in the next change."),
  }),
  okta: z.strictObject({
    org_name: nonEmpty("org_name"),
    base_url: nonEmpty("base_url"),
    app: z.strictObject({
      id: nonEmpty("app id").optional().meta({ description: "Id of an existing Okta app to adopt (imported by the okta stack) instead of creating one" }),
      sign_on_policy: z
        .enum(["managed", "existing"], { error: "sign_on_policy must be managed (the app uses the sign-on policy built from sign_on) or existing (an adopted app keeps the policy it has in Okta)" })
        .optional()
        .meta({ description: "managed (default): the app signs in under the policy built from sign_on. existing: an adopted app (id) keeps the sign-on policy it has in Okta, so adopting changes nothing; remove it in a change of its own to move the app to the model's policy" }),
      label: safeName("app label", nonEmpty("app label").max(APP_LABEL_MAX, `app label must be at most ${APP_LABEL_MAX} characters: the app's sign-on policy is named "<label> sign-on", and Okta allows 255 characters in a policy name`)),
      acs_url: nonEmpty("acs_url"),
      entity_id: nonEmpty("entity_id"),
    }),
    sign_on: z.strictObject({ everyone: SignOnTierSchema, privileged: SignOnTierSchema }),
    users_group: safeName("users_group", nonEmpty("users_group").max(255, "users_group must be at most 255 characters (Okta's limit on a group name)")).optional().meta({ description: "Never-pushed Okta group assigned to the app; default \"AWS users\"" }),
  }),
  guardrails: z
    .strictObject({
      privileged_session_max: Iso8601Duration.optional().meta({ description: "Longest session a privileged permission set may have; default PT1H" }),
      max_revocation: z
        .strictObject({
          share: z
            .number()
            .min(0, "share must be from 0 to 1")
            .max(1, "share must be from 0 to 1")
            .optional()
            .meta({ description: "Share (0..1) of the managed assignments an apply may remove without acknowledgement; default 0.25" }),
          count: z
            .number()
            .int("count must be a whole number")
            .min(0, "count must be 0 or more")
            .optional()
            .meta({ description: "Number of assignments an apply may remove without acknowledgement; default 100" }),
        })
        .optional()
        .meta({ description: "Apply stops unless acknowledged when the plans remove more assignments than this, or delete any permission set" }),
    })
    .optional(),
  leavers: LeaversSchema.optional(),
  onboarding: z
    .strictObject({
      auto_apply: z
        .enum(["none", "non_privileged", "all"], { error: "auto_apply must be none, non_privileged or all" })
        .optional()
        .meta({
          description:
            "How far a change that only adds, moves or removes accounts, and whose every new grant comes from a selector unchanged on main, goes to main without a pull request: none; non_privileged (default: not when a new grant is privileged); all",
        }),
      events: z
        .strictObject({
          github_repository: nonEmpty("github_repository")
            .regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, "github_repository must be owner/name, e.g. acme/okta-aws-access")
            .meta({ description: "owner/name of this repository: AWS Organizations events are sent to its repository_dispatch" }),
          secret_name: z
            .string()
            .regex(/^[\w/+=.@-]{1,512}$/, "secret_name may contain only letters, digits and /_+=.@-")
            .optional()
            .meta({ description: "Secrets Manager secret holding the GitHub token the event connection sends; default access-org-events-github-token" }),
        })
        .optional()
        .meta({ description: "Emit the org-events stack: an EventBridge rule in the management account that triggers accounts.yml within seconds" }),
    })
    .optional()
    .meta({ description: "New, moved and closed accounts: event-driven sync and pre-approval" }),
  elevation: z
    .strictObject({
      max_duration: Iso8601Duration.meta({ description: "Longest elevation one request may ask for, e.g. PT4H" }),
      permission_sets: z.array(nonEmpty("permission set")).min(1, "list at least one permission set that may be requested").meta({ description: "Permission sets `access elevate` may grant" }),
      requesters: z
        .array(
          nonEmpty("requester").regex(/^(@[A-Za-z0-9-]+\/[A-Za-z0-9_.-]+|[A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))$/, "a requester is a GitHub login (octocat) or a team (@acme/sre-oncall)"),
        )
        .min(1, "list at least one requester (a GitHub login or @org/team)")
        .meta({ description: "Who may request an elevation: GitHub logins and @org/team teams" }),
    })
    .optional()
    .meta({ description: "Temporary elevation (`access elevate`, elevate.yml): the limits of a request" }),
  break_glass: BreakGlassSchema.optional().meta({ description: "Emergency IAM role(s) with MFA, outside Identity Center, alarmed on every use (stack break-glass)" }),
  state: z
    .union([z.strictObject({ s3: S3StateSchema }), z.strictObject({ hcp: HcpStateSchema })], {
      error: "state must be { s3: { bucket, region, key_prefix } } or { hcp: { organization, workspace_prefix } }",
    })
    .optional(),
});

const ImportIdsSchema = z
  .record(z.string().min(1, "import key must not be empty"), z.string({ error: "import id must be a string" }).min(1, "import id must not be empty"))
  .optional();

/** Terraform import ids written by `access import`: per resource kind, natural key -> import id. */
export const ImportsSchema = z
  .strictObject({
    permission_set: ImportIdsSchema.meta({ description: "permission set name -> <permission set arn>,<instance arn>" }),
    managed_policy: ImportIdsSchema.meta({ description: "<permission set>|<policy arn> -> <policy arn>,<permission set arn>,<instance arn>" }),
    customer_managed_policy: ImportIdsSchema.meta({ description: "<permission set>|<path><name> -> <name>,<path>,<permission set arn>,<instance arn>" }),
    inline_policy: ImportIdsSchema.meta({ description: "permission set name -> <permission set arn>,<instance arn>" }),
    permissions_boundary: ImportIdsSchema.meta({ description: "permission set name -> <permission set arn>,<instance arn>" }),
    assignment: ImportIdsSchema.meta({ description: "<group>|<permission set>|<account id> -> <group id>,GROUP,<account id>,AWS_ACCOUNT,<permission set arn>,<instance arn>" }),
    group_push: ImportIdsSchema.meta({ description: "group name -> group name (the push marker of an adopted group)" }),
  })
  .meta({ description: "Written by `access import`: live resources the first apply adopts instead of creating. Remove after that apply." });

export const ModelFileSchema = z
  .strictObject({
    organization: OrganizationSchema.optional(),
    accounts: z.array(AccountSchema).optional(),
    groups: z.array(GroupSchema).optional(),
    permission_sets: z.array(PermissionSetSchema).optional(),
    assignments: z.array(AssignmentSchema).optional(),
    imports: ImportsSchema.optional(),
  })
  .meta({ title: "Access model file", description: "One file of the access model; every *.yaml under the model folder is read." });

export type ModelFile = z.infer<typeof ModelFileSchema>;
export type RawOrganization = z.infer<typeof OrganizationSchema>;
export type RawAccount = z.infer<typeof AccountSchema>;
export type RawGroup = z.infer<typeof GroupSchema>;
export type RawPermissionSet = z.infer<typeof PermissionSetSchema>;
export type RawAssignment = z.infer<typeof AssignmentSchema>;
export type RawSelector = z.infer<typeof AccountSelectorSchema>;
export type RawImports = z.infer<typeof ImportsSchema>;
export type RawBreakGlass = z.infer<typeof BreakGlassSchema>;

export const TOP_LEVEL_KEYS = Object.keys(ModelFileSchema.shape);

/** The JSON Schema editors use (yaml-language-server); generated, never written by hand. */
export function modelJsonSchema(): object {
  return z.toJSONSchema(ModelFileSchema, { target: "draft-7", unrepresentable: "any", io: "input" });
}

/** Keys a strict object schema accepts at `path` of a model file, for did-you-mean hints. */
export function allowedKeysAt(path: readonly PropertyKey[]): string[] {
  let schema: unknown = ModelFileSchema;
  for (const seg of path) {
    schema = unwrap(schema);
    const def = (schema as { _zod?: { def?: Record<string, unknown> } })._zod?.def;
    if (!def) return [];
    if (def.type === "array" && typeof seg === "number") schema = def.element;
    else if (def.type === "object") schema = (def.shape as Record<string, unknown>)[String(seg)];
    else if (def.type === "union") {
      const options = def.options as unknown[];
      schema = options.map(unwrap).find((o) => objectShape(o)?.[String(seg)] !== undefined || (typeof seg === "number" && defOf(o)?.type === "array"));
      if (schema && typeof seg === "number") schema = defOf(schema)?.element;
      else if (schema) schema = objectShape(schema)?.[String(seg)];
    } else if (def.type === "record") schema = def.valueType;
    else return [];
    if (!schema) return [];
  }
  const last = unwrap(schema);
  const shape = objectShape(last);
  if (shape) return Object.keys(shape);
  const def = defOf(last);
  if (def?.type === "union") return (def.options as unknown[]).flatMap((o) => Object.keys(objectShape(unwrap(o)) ?? {}));
  return [];
}

function defOf(s: unknown): Record<string, unknown> | undefined {
  return (s as { _zod?: { def?: Record<string, unknown> } })?._zod?.def;
}

function objectShape(s: unknown): Record<string, unknown> | undefined {
  const def = defOf(s);
  return def?.type === "object" ? (def.shape as Record<string, unknown>) : undefined;
}

function unwrap(s: unknown): unknown {
  let cur = s;
  for (let i = 0; i < 10; i++) {
    const def = defOf(cur);
    if (!def) return cur;
    if (def.type === "optional" || def.type === "default" || def.type === "nullable" || def.type === "readonly") cur = def.innerType;
    else if (def.type === "pipe") cur = def.in;
    else return cur;
  }
  return cur;
}
