// The bootstrap stack's input (bootstrap/bootstrap.yaml): which repository the roles trust, in
// which subject form, and where state lives. Pure: parse and check, no CDKTF.
import { readFileSync } from "node:fs";
import { parseDocument } from "yaml";
import { z } from "zod";
import type { Repository, SubjectForm } from "../src/setup/role-policies.js";

const name = (what: string, re: RegExp, hint: string) => z.string({ error: `${what} must be a string` }).regex(re, `${what} ${hint}`);

const Schema = z.strictObject({
  repository: name("repository", /^[A-Za-z0-9-]{1,39}\/[A-Za-z0-9._-]{1,100}$/, "must be OWNER/NAME, e.g. acme/okta-aws-access"),
  subject_form: z.enum(["classic", "immutable"]).default("classic"),
  owner_id: name("owner_id", /^\d+$/, "must be the numeric owner id (gh api /repos/OWNER/NAME --jq .owner.id)").optional(),
  repository_id: name("repository_id", /^\d+$/, "must be the numeric repository id (gh api /repos/OWNER/NAME --jq .id)").optional(),
  region: name("region", /^[a-z]{2}(-[a-z]+)+-\d$/, "must be an AWS region such as us-east-1 (the Identity Center region)"),
  state_bucket: name("state_bucket", /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "must be a valid S3 bucket name (3-63 lowercase letters, digits, dots, hyphens)"),
  state_key_prefix: name("state_key_prefix", /^([A-Za-z0-9._-]+\/)*$/, "must be empty or end with / (e.g. access/)").default("access/"),
  kms_key: z.enum(["create", "aws-managed"]).default("create"),
  plan_role_name: name("plan_role_name", /^[\w+=,.@-]{1,64}$/, "must be an IAM role name").default("access-plan"),
  apply_role_name: name("apply_role_name", /^[\w+=,.@-]{1,64}$/, "must be an IAM role name").default("access-apply"),
  /** ARN of a GitHub OIDC provider the account already has (one per account); otherwise one is created. */
  existing_oidc_provider_arn: name("existing_oidc_provider_arn", /^arn:aws[\w-]*:iam::\d{12}:oidc-provider\/token\.actions\.githubusercontent\.com$/, "must be the ARN of the account's token.actions.githubusercontent.com provider").optional(),
});

export interface BootstrapConfig {
  repository: Repository;
  subjectForm: SubjectForm;
  region: string;
  stateBucket: string;
  stateKeyPrefix: string;
  kmsKey: "create" | "aws-managed";
  planRoleName: string;
  applyRoleName: string;
  existingOidcProviderArn?: string;
}

export class BootstrapConfigError extends Error {}

export function parseBootstrapConfig(text: string, file: string): BootstrapConfig {
  const doc = parseDocument(text);
  if (doc.errors.length) throw new BootstrapConfigError(`${file}: ${doc.errors[0]!.message}`);
  const parsed = Schema.safeParse(doc.toJS());
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => {
      const node = i.path.length ? doc.getIn(i.path, true) : undefined;
      const at = node && typeof node === "object" && "range" in node && Array.isArray(node.range) ? position(text, node.range[0] as number) : "1:1";
      return `${file}:${at}: ${i.path.join(".") || "(top)"}: ${i.message}`;
    });
    throw new BootstrapConfigError(lines.join("\n"));
  }
  const c = parsed.data;
  if (c.subject_form === "immutable" && (!c.owner_id || !c.repository_id)) {
    throw new BootstrapConfigError(`${file}:1:1: subject_form: immutable needs owner_id and repository_id (Settings shows the OIDC subject prefix; gh api /repos/${c.repository} --jq '.owner.id, .id')`);
  }
  const [owner, repo] = c.repository.split("/") as [string, string];
  return {
    repository: { owner, name: repo, ...(c.owner_id ? { ownerId: c.owner_id } : {}), ...(c.repository_id ? { repositoryId: c.repository_id } : {}) },
    subjectForm: c.subject_form,
    region: c.region,
    stateBucket: c.state_bucket,
    stateKeyPrefix: c.state_key_prefix,
    kmsKey: c.kms_key,
    planRoleName: c.plan_role_name,
    applyRoleName: c.apply_role_name,
    ...(c.existing_oidc_provider_arn ? { existingOidcProviderArn: c.existing_oidc_provider_arn } : {}),
  };
}

export function loadBootstrapConfig(file: string): BootstrapConfig {
  return parseBootstrapConfig(readFileSync(file, "utf8"), file);
}

function position(text: string, offset: number): string {
  const before = text.slice(0, offset).split("\n");
  return `${before.length}:${before[before.length - 1]!.length + 1}`;
}
