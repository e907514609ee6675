// Placeholders `access import` leaves where AWS cannot tell a value (the Okta org and app). A
// placeholder is valid YAML and passes the schema, is reported as a warning naming the field, and
// keeps the okta stack out of synthesis until someone fills it in.
import { finding } from "./findings.js";
import type { Located } from "./load.js";
import type { RawOrganization } from "./schema.js";
import type { Finding } from "./types.js";

export const PLACEHOLDER_PREFIX = "REPLACE_ME";

/** `REPLACE_ME: <what to write here>`, the text `access import` writes. */
export function placeholder(what: string): string {
  return `${PLACEHOLDER_PREFIX}: ${what}`;
}

export function isPlaceholder(value: string | undefined): boolean {
  return value !== undefined && value.trimStart().startsWith(PLACEHOLDER_PREFIX);
}

/** The Okta fields of the organization that may hold a placeholder, by their path under organization. */
const OKTA_FIELDS: Array<{ path: string[]; get: (o: RawOrganization) => string | undefined; what: string }> = [
  { path: ["okta", "org_name"], get: (o) => o.okta.org_name, what: "your Okta org name (acme for acme.okta.com)" },
  { path: ["okta", "base_url"], get: (o) => o.okta.base_url, what: "your Okta domain (okta.com, oktapreview.com or okta-emea.com)" },
  { path: ["okta", "app", "id"], get: (o) => o.okta.app.id, what: "the id of the existing AWS IAM Identity Center app in Okta (remove it and sign_on_policy to create a new app)" },
  { path: ["okta", "app", "acs_url"], get: (o) => o.okta.app.acs_url, what: "the ACS URL from Identity Center's identity source settings" },
  { path: ["okta", "app", "entity_id"], get: (o) => o.okta.app.entity_id, what: "the issuer URL from Identity Center's identity source settings" },
];

/** Dotted paths (e.g. "okta.app.id") of the fields still holding a placeholder, each reported as a warning. */
export function oktaPlaceholders(org: Located<RawOrganization>, findings: Finding[]): string[] {
  const left: string[] = [];
  for (const field of OKTA_FIELDS) {
    if (!isPlaceholder(field.get(org.value))) continue;
    const name = field.path.join(".");
    left.push(name);
    findings.push(
      finding(
        "warning",
        "placeholder",
        org.at(field.path),
        `organization.${name} is a placeholder left by access import: write ${field.what}; until every placeholder is filled in, synth leaves the okta stack out`,
      ),
    );
  }
  return left;
}
