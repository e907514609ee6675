// IAM Access Analyzer policy validation (ValidatePolicy) of the model's inline policies, with
// each finding placed at the policy's own file:line. It needs AWS credentials, so it runs in the
// plan job; offline validation (src/model/policy.ts) catches what can be known without AWS.
import { AccessAnalyzerClient, ValidatePolicyCommand, type PathElement, type ValidatePolicyFinding } from "@aws-sdk/client-accessanalyzer";
import { finding } from "../model/findings.js";
import type { LocatedPolicy } from "../model/inline-policies.js";
import type { Finding } from "../model/types.js";

export interface AnalyzerOptions {
  region: string;
  /** For tests; by default a client for `region`. The SDK reads AWS_ENDPOINT_URL_ACCESSANALYZER
   * (or AWS_ENDPOINT_URL) for another endpoint. */
  client?: Pick<AccessAnalyzerClient, "send">;
}

/** Runs ValidatePolicy on every policy (identity policies), all pages, and maps the findings. */
export async function analyzePolicies(policies: readonly LocatedPolicy[], options: AnalyzerOptions): Promise<Finding[]> {
  const client = options.client ?? new AccessAnalyzerClient({ region: options.region });
  const out: Finding[] = [];
  for (const policy of policies) {
    let nextToken: string | undefined;
    do {
      const res = await client.send(new ValidatePolicyCommand({ policyDocument: policy.text, policyType: "IDENTITY_POLICY", ...(nextToken ? { nextToken } : {}) }));
      for (const f of res.findings ?? []) out.push(toFinding(policy, f));
      nextToken = res.nextToken;
    } while (nextToken);
  }
  return out;
}

/** ERROR findings block (the policy would be refused); security warnings, warnings and suggestions inform. */
export function toFinding(policy: LocatedPolicy, f: ValidatePolicyFinding): Finding {
  const path = pathOf(f.locations?.[0]?.path ?? []);
  const severity = f.findingType === "ERROR" ? "error" : "warning";
  const kind = (f.findingType ?? "FINDING").toLowerCase().replace(/_/g, " ");
  const link = f.learnMoreLink ? ` (${f.learnMoreLink})` : "";
  return finding(severity, `access-analyzer-${(f.issueCode ?? "finding").toLowerCase().replace(/_/g, "-")}`, policy.at(path), `IAM Access Analyzer ${kind} in the inline policy of ${policy.permissionSet}: ${f.findingDetails ?? f.issueCode ?? "finding"}${link}`);
}

/** Access Analyzer's JSON path to ours: indexes and keys; a value or substring ends the path. */
export function pathOf(elements: readonly PathElement[]): (string | number)[] {
  const out: (string | number)[] = [];
  for (const e of elements) {
    if (e.index !== undefined) out.push(e.index);
    else if (e.key !== undefined) out.push(e.key);
    else break;
  }
  return out;
}
