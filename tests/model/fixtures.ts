// Builds small models in temporary folders for validation tests.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { loadModel } from "../../src/model/index.js";
import type { Finding } from "../../src/model/types.js";

export const ORG = `organization:
  management_account: "999999999999"
  identity_center:
    region: us-east-1
    instance_arn: arn:aws:sso:::instance/ssoins-0123456789abcdef
    identity_store_id: d-0123456789
  okta:
    org_name: acme
    base_url: okta.com
    app:
      label: AWS IAM Identity Center
      acs_url: https://us-east-1.signin.aws.amazon.com/platform/saml/acs/0123abcd
      entity_id: https://us-east-1.signin.aws.amazon.com/platform/saml/d-0123456789
    sign_on:
      everyone: { reauthenticate_after: PT8H }
      privileged: { reauthenticate_after: PT1H, phishing_resistant: true }
  guardrails:
    privileged_session_max: PT1H
`;

export const ACCOUNTS = `accounts:
  - id: "111111111111"
    name: data-platform
    ou: Workloads/Data
    tags: { env: prod, domain: data }
  - id: "222222222222"
    name: reporting
    ou: Workloads/Data
    tags: { env: sandbox }
  - id: "333333333333"
    name: production
    ou: Workloads/Apps
    tags: { env: prod }
`;

export const GROUPS = `groups:
  - name: bi-analysts
    source: managed
  - name: platform-admin
    source: managed
`;

export const PERMISSION_SETS = `permission_sets:
  - name: BIReadOnly
    managed_policies: [ReadOnlyAccess]
  - name: PlatformAdmin
    managed_policies: [AdministratorAccess]
`;

export type Files = Record<string, string>;

export function baseFiles(extra: Files = {}): Files {
  return { "organization.yaml": ORG, "accounts.yaml": ACCOUNTS, "groups.yaml": GROUPS, "permission-sets.yaml": PERMISSION_SETS, ...extra };
}

export function writeModel(files: Files): string {
  const dir = mkdtempSync(join(tmpdir(), "access-model-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

export function load(files: Files, today = "2026-11-28") {
  const dir = writeModel(files);
  const result = loadModel(dir, { today });
  const rel = (f: Finding) => ({ ...f, file: relative(dir, f.file.startsWith("/") ? f.file : join(process.cwd(), f.file)) });
  return { dir, ...result, findings: result.findings.map(rel) };
}

export function errors(files: Files, today?: string) {
  return load(files, today).findings.filter((f) => f.severity === "error");
}

/** `file:line:col: message` strings, the way a person reads them. */
export function lines(findings: Finding[]): string[] {
  return findings.map((f) => `${f.file}:${f.line}:${f.col}: ${f.message}`);
}
