// `access doctor`: every prerequisite of the pipeline checked live, one line each.
import type { ResolvedModel } from "../model/types.js";
import { oktaCredentialsFromEnv, OktaConfigError } from "../okta/credentials.js";
import { AWS_CHECKS } from "./aws-checks.js";
import { doctorAws, type DoctorAws } from "./aws-clients.js";
import type { Area, Check, CheckResult, DoctorContext } from "./check.js";
import { GITHUB_CHECKS } from "./github-checks.js";
import { gitHubReader } from "./github-reader.js";
import { doctorOkta } from "./okta-client.js";
import { OKTA_CHECKS } from "./okta-checks.js";
import { REPO_CHECKS } from "./repo-checks.js";

export { exitCodeOf, runChecks, type Area, type Check, type CheckResult, type DoctorContext } from "./check.js";

export const ALL_CHECKS: readonly Check[] = [...AWS_CHECKS, ...OKTA_CHECKS, ...GITHUB_CHECKS, ...REPO_CHECKS];

export const AREAS: readonly Area[] = ["aws", "okta", "github", "repo"];

export interface ContextOptions {
  root: string;
  beforeFirstApply: boolean;
  /** Tests pass their local AWS endpoint and keys; otherwise the SDK's own settings apply. */
  aws?: DoctorAws;
}

/**
 * The context from the environment doctor.yml sets: the plan role's session, AWS_PLAN_ROLE_ARN,
 * AWS_APPLY_ROLE_ARN, ACCESS_WORKFLOW_REGION (the AWS_REGION repository variable), the read-only
 * Okta app's OKTA_API_* variables, GITHUB_TOKEN (or GH_TOKEN), GITHUB_REPOSITORY, GITHUB_API_URL and
 * ACCESS_APPROVAL_APP_ID (the repository variable of that name; read through the API when unset).
 */
export function doctorContextFromEnv(model: ResolvedModel, env: NodeJS.ProcessEnv, options: ContextOptions): DoctorContext {
  const region = model.organization.identityCenter.region;
  const aws = options.aws ?? doctorAws({ region, ...(env.AWS_ENDPOINT_URL ? { endpoint: env.AWS_ENDPOINT_URL } : {}) });
  let okta: DoctorContext["okta"];
  let oktaMissing: string | undefined;
  try {
    const creds = oktaCredentialsFromEnv(env, model.organization.okta);
    if (creds) okta = doctorOkta(creds);
    else oktaMissing = "OKTA_API_CLIENT_ID is not set";
  } catch (err) {
    if (!(err instanceof OktaConfigError)) throw err;
    oktaMissing = err.message;
  }
  const token = env.GITHUB_TOKEN || env.GH_TOKEN;
  const repo = env.GITHUB_REPOSITORY;
  const planRoleArn = env.AWS_PLAN_ROLE_ARN || undefined;
  const applyRoleArn = env.AWS_APPLY_ROLE_ARN || (planRoleArn ? planRoleArn.replace(/role\/[^/]+$/, "role/access-apply") : undefined);
  return {
    model,
    root: options.root,
    aws,
    roles: { ...(planRoleArn ? { planRoleArn } : {}), ...(applyRoleArn ? { applyRoleArn } : {}) },
    ...(env.ACCESS_WORKFLOW_REGION ? { workflowRegion: env.ACCESS_WORKFLOW_REGION } : {}),
    ...(okta ? { okta } : { oktaMissing }),
    ...(token && repo ? { github: gitHubReader(env.GITHUB_API_URL || "https://api.github.com", token, repo) } : { githubMissing: !repo ? "GITHUB_REPOSITORY is not set" : "GITHUB_TOKEN is not set" }),
    ...(repo ? { repository: { fullName: repo, ...(env.GITHUB_REPOSITORY_OWNER_ID ? { ownerId: env.GITHUB_REPOSITORY_OWNER_ID } : {}), ...(env.GITHUB_REPOSITORY_ID ? { repositoryId: env.GITHUB_REPOSITORY_ID } : {}) } } : {}),
    beforeFirstApply: options.beforeFirstApply,
    inActions: env.GITHUB_ACTIONS === "true",
    ...(/^[1-9]\d*$/.test(env.ACCESS_APPROVAL_APP_ID ?? "") ? { approvalAppId: Number(env.ACCESS_APPROVAL_APP_ID) } : {}),
  };
}

export function formatResults(results: readonly CheckResult[]): string {
  const lines: string[] = [];
  for (const r of results) {
    lines.push(`${r.status.toUpperCase().padEnd(4)} ${String(r.code).padStart(2)} ${r.id.padEnd(20)} ${r.detail}`);
    if (r.status === "fail" && r.fix) lines.push(`${" ".repeat(29)}fix: ${r.fix}`);
    if (r.status === "warn" && r.fix) lines.push(`${" ".repeat(29)}to clear: ${r.fix}`);
  }
  const failed = results.filter((r) => r.status === "fail");
  const skipped = results.filter((r) => r.status === "skip").length;
  const warned = results.filter((r) => r.status === "warn");
  const warnings = warned.length ? `, ${warned.length} with a warning (${warned.map((w) => w.id).join(", ")})` : "";
  lines.push(
    failed.length
      ? `doctor: ${failed.length} of ${results.length} checks failed (${failed.map((f) => f.id).join(", ")})${skipped ? `, ${skipped} not checked` : ""}${warnings}; exit ${failed[0]!.code}`
      : `doctor: all ${results.length} checks passed${warnings}`,
  );
  return lines.join("\n");
}
