// One prerequisite of the pipeline, checked live. Each check has its own exit code, so a failing
// doctor run says which check failed even when only the exit status is seen.
import type { ResolvedModel } from "../model/types.js";
import type { DoctorAws } from "./aws-clients.js";
import type { GitHubReader } from "./github-reader.js";
import type { DoctorOkta } from "./okta-client.js";

export type Area = "aws" | "okta" | "github" | "repo";

export interface Outcome {
  ok: boolean;
  /** Passed, but with an exposure or a gap to know about: reported, not a failure. */
  warning?: boolean;
  /** What was found: one line. */
  detail: string;
  /** Exactly what to change, when not ok (or what would remove the warning). */
  fix?: string;
}

export interface DoctorContext {
  model: ResolvedModel;
  /** The repository checkout (lock files). */
  root: string;
  aws?: DoctorAws;
  /** Why AWS cannot be checked, when `aws` is undefined. */
  awsMissing?: string;
  roles: { planRoleArn?: string; applyRoleArn?: string };
  /** The AWS_REGION repository variable the workflows use, when known. */
  workflowRegion?: string;
  okta?: DoctorOkta;
  oktaMissing?: string;
  github?: GitHubReader;
  githubMissing?: string;
  /** OWNER/NAME and, in Actions, the numeric ids of the immutable OIDC subject form. */
  repository?: { fullName: string; ownerId?: string; repositoryId?: string };
  /** Before the first apply the Okta app and its pushes do not exist yet. */
  beforeFirstApply: boolean;
  /** In GitHub Actions (doctor.yml) the session must be the plan role; a person may run it with their own. */
  inActions: boolean;
  /** The approval app's numeric id (ACCESS_APPROVAL_APP_ID), when given; else read from the repository variable. */
  approvalAppId?: number;
}

export interface Check {
  id: string;
  code: number;
  area: Area;
  title: string;
  /** Checks whose failure makes this one meaningless. */
  needs?: string[];
  run(ctx: DoctorContext): Promise<Outcome>;
}

export const pass = (detail: string): Outcome => ({ ok: true, detail });
export const fail = (detail: string, fix: string): Outcome => ({ ok: false, detail, fix });
export const warn = (detail: string, fix: string): Outcome => ({ ok: true, warning: true, detail, fix });

export interface CheckResult {
  id: string;
  code: number;
  area: Area;
  title: string;
  status: "pass" | "warn" | "fail" | "skip";
  detail: string;
  fix?: string;
}

/** Runs the checks in order; a check whose prerequisite failed (or was skipped) is skipped, naming it. */
export async function runChecks(checks: readonly Check[], ctx: DoctorContext): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const check of checks) {
    const base = { id: check.id, code: check.code, area: check.area, title: check.title };
    const blocked = (check.needs ?? []).filter((n) => ["fail", "skip"].includes(results.find((r) => r.id === n)?.status ?? "pass"));
    if (blocked.length) {
      results.push({ ...base, status: "skip", detail: `not checked: ${blocked.join(", ")} failed first` });
      continue;
    }
    let outcome: Outcome;
    try {
      outcome = await check.run(ctx);
    } catch (err) {
      outcome = fail(`could not check: ${errorText(err)}`, "see the error; the other checks say whether credentials or endpoints are wrong");
    }
    const status = !outcome.ok ? "fail" : outcome.warning ? "warn" : "pass";
    results.push({ ...base, status, detail: outcome.detail, ...(outcome.fix ? { fix: outcome.fix } : {}) });
  }
  return results;
}

/** 0 when every check that ran passed, else the code of the first failed check. */
export function exitCodeOf(results: readonly CheckResult[]): number {
  return results.find((r) => r.status === "fail")?.code ?? 0;
}

export function errorText(err: unknown): string {
  if (err && typeof err === "object") {
    const e = err as { name?: string; message?: string; Code?: string; $metadata?: { httpStatusCode?: number } };
    const code = e.Code ?? e.name;
    const status = e.$metadata?.httpStatusCode;
    return [code && code !== "Error" ? code : undefined, e.message, status ? `(HTTP ${status})` : undefined].filter(Boolean).join(": ").replace(/: \(/, " (");
  }
  return String(err);
}
