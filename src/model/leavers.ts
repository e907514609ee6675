// organization.leavers resolved: the partner event source the Okta log stream feeds, the margin
// added to each deny entry, how many SCPs the deny list may fill, and the SCIM grace period.
import { durationSeconds } from "./duration.js";
import { finding } from "./findings.js";
import type { RawOrganization } from "./schema.js";
import type { Finding, LeaversConfig, SourceRef } from "./types.js";

export const DEFAULT_LEAVER_MARGIN = "PT15M";
export const DEFAULT_DENY_POLICIES = 2;
export const DEFAULT_SCIM_GRACE = "PT1H";

export function resolveLeavers(raw: RawOrganization, at: (path: string[]) => SourceRef, findings: Finding[]): LeaversConfig {
  const l = raw.leavers!;
  const seconds = (value: string, key: string): number => {
    const s = durationSeconds(value);
    if (s === undefined) {
      findings.push(finding("error", "bad-duration", at([key]), `${key} must be an ISO-8601 duration such as PT15M`));
      return 0;
    }
    return s;
  };
  return {
    eventSource: `aws.partner/okta.com/${raw.okta.org_name}/${l.event_source_name}`,
    eventSourceName: l.event_source_name,
    region: l.region ?? raw.identity_center.region,
    marginSeconds: seconds(l.margin ?? DEFAULT_LEAVER_MARGIN, "margin"),
    denyPolicies: l.deny_policies ?? DEFAULT_DENY_POLICIES,
    scimGraceSeconds: seconds(l.scim_grace ?? DEFAULT_SCIM_GRACE, "scim_grace"),
    ...(l.audit_repository !== undefined ? { auditRepository: l.audit_repository } : {}),
    ...(l.github_token_secret_arn !== undefined ? { githubTokenSecretArn: l.github_token_secret_arn } : {}),
  };
}
