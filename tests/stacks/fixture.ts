// A small resolved model for stack tests, typed against the model contract.
import type { ResolvedModel } from "../../src/model/types.js";
import { testOrganization } from "../support/organization.js";

export function fixtureModel(): ResolvedModel {
  return {
    organization: testOrganization({
      region: "eu-west-1",
      instanceArn: "arn:aws:sso:::instance/ssoins-1234567890abcdef",
      identityStoreId: "d-1234567890",
      orgName: "example",
      acsUrl: "https://eu-west-1.signin.aws.amazon.com/platform/saml/acs/abc",
      entityId: "https://eu-west-1.signin.aws.amazon.com/platform/saml/d-1234567890",
    }),
    accounts: [
      { id: "111111111111", name: "prod", ou: "workloads/prod", tags: { env: "prod" } },
      { id: "222222222222", name: "staging", ou: "workloads/staging", tags: { env: "staging" } },
    ],
    groups: [
      { name: "aws-admins", source: "managed", privileged: true, privilegedReasons: ["marked privileged"] },
      { name: "aws-developers", description: "Developers", source: "managed", privileged: false, privilegedReasons: [] },
      { name: "finance", source: "existing", privileged: false, privilegedReasons: [] },
    ],
    permissionSets: [
      {
        name: "AdministratorAccess",
        sessionDuration: "PT1H",
        managedPolicies: ["arn:aws:iam::aws:policy/AdministratorAccess"],
        customerManagedPolicies: [],
        permissionsBoundary: { kind: "customer_managed", name: "boundary", path: "/" },
        tags: {},
        privileged: true,
        privilegedReasons: ["AdministratorAccess"],
      },
      {
        name: "ReadOnly",
        description: "Read only",
        sessionDuration: "PT4H",
        managedPolicies: ["arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"],
        customerManagedPolicies: [{ name: "team-read", path: "/teams/" }],
        inlinePolicy: '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"arn:aws:s3:::home/${aws:username}/*"}]}',
        permissionsBoundary: { kind: "managed", arn: "arn:aws:iam::aws:policy/PowerUserAccess" },
        relayState: "https://console.aws.amazon.com/cloudwatch/home",
        tags: { team: "platform" },
        privileged: false,
        privilegedReasons: [],
      },
    ],
    assignments: [
      { group: "aws-admins", permissionSet: "AdministratorAccess", accountId: "111111111111", accountName: "prod" },
      { group: "aws-developers", permissionSet: "ReadOnly", accountId: "111111111111", accountName: "prod" },
      { group: "aws-developers", permissionSet: "ReadOnly", accountId: "222222222222", accountName: "staging" },
      { group: "finance", permissionSet: "ReadOnly", accountId: "111111111111", accountName: "prod" },
    ],
  };
}

/** The fixture model with organization.leavers: the revocation stack and the okta log stream. */
export function fixtureModelWithLeavers(): ResolvedModel {
  const model = fixtureModel();
  model.organization.leavers = {
    eventSource: "aws.partner/okta.com/example/aws_access_revoker",
    eventSourceName: "aws_access_revoker",
    region: "eu-west-1",
    marginSeconds: 900,
    denyPolicies: 2,
    scimGraceSeconds: 3600,
    auditRepository: "acme/access",
  };
  return model;
}
