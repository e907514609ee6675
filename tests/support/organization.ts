// The organization section of hand-written ResolvedModel fixtures: one definition, with the few
// values tests care about overridable.
import type { Organization } from "../../src/model/types.js";

export interface OrganizationOverrides {
  region?: string;
  instanceArn?: string;
  identityStoreId?: string;
  assignmentShards?: number;
  orgName?: string;
  acsUrl?: string;
  entityId?: string;
}

export function testOrganization(o: OrganizationOverrides = {}): Organization {
  return {
    managementAccount: "999999999999",
    identityCenter: {
      region: o.region ?? "us-east-1",
      instanceArn: o.instanceArn ?? "arn:aws:sso:::instance/ssoins-0123456789abcdef",
      identityStoreId: o.identityStoreId ?? "d-0123456789",
      assignmentShards: o.assignmentShards ?? 1,
    },
    okta: {
      orgName: o.orgName ?? "acme",
      baseUrl: "okta.com",
      app: { label: "AWS IAM Identity Center", acsUrl: o.acsUrl ?? "https://acs.example/acs", entityId: o.entityId ?? "https://acs.example/entity", signOnPolicy: "managed" },
      signOn: {
        everyone: { reauthenticateAfter: "PT8H", phishingResistant: false },
        privileged: { reauthenticateAfter: "PT1H", phishingResistant: true },
      },
      usersGroup: "AWS users",
    },
    guardrails: { privilegedSessionMax: "PT1H" },
    state: { kind: "local" },
    partition: "aws",
  };
}
