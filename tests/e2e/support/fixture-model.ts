// A small resolved model written by hand, exercising every identity-center resource kind. Used by
// the emulator's own discovery run and as a second, independent input next to access-model/.
import type { ResolvedModel } from "../../../src/model/types.js";
import { testOrganization } from "../../support/organization.js";

export function fixtureModel(): ResolvedModel {
  return {
    organization: testOrganization({ acsUrl: "https://example.invalid/acs", entityId: "https://example.invalid/entity" }),
    accounts: [
      { id: "111111111111", name: "dev", ou: "workloads", tags: {} },
      { id: "222222222222", name: "prod", ou: "workloads", tags: {} },
    ],
    groups: [
      { name: "admins", source: "managed", privileged: true, privilegedReasons: [] },
      { name: "readers", source: "existing", privileged: false, privilegedReasons: [] },
    ],
    permissionSets: [
      {
        name: "Admin",
        description: "Full access",
        sessionDuration: "PT1H",
        managedPolicies: ["arn:aws:iam::aws:policy/AdministratorAccess"],
        customerManagedPolicies: [],
        permissionsBoundary: { kind: "customer_managed", name: "boundary", path: "/guard/" },
        tags: { team: "platform" },
        privileged: true,
        privilegedReasons: [],
      },
      {
        name: "ReadOnly",
        description: "Reads ${aws:username} literally",
        sessionDuration: "PT8H",
        relayState: "https://console.aws.amazon.com/",
        managedPolicies: ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
        customerManagedPolicies: [{ name: "extra-read", path: "/" }],
        inlinePolicy: '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"arn:aws:s3:::home/${aws:username}/*"}]}',
        permissionsBoundary: { kind: "managed", arn: "arn:aws:iam::aws:policy/PowerUserAccess" },
        tags: {},
        privileged: false,
        privilegedReasons: [],
      },
    ],
    assignments: [
      { group: "admins", permissionSet: "Admin", accountId: "111111111111", accountName: "dev" },
      { group: "readers", permissionSet: "ReadOnly", accountId: "111111111111", accountName: "dev" },
      { group: "readers", permissionSet: "ReadOnly", accountId: "222222222222", accountName: "prod" },
    ],
  };
}
