// Seeds a brownfield estate the way people build one by hand: through the services' own APIs
// (AWS SDK v3 clients against the emulator), never through Terraform. Small on purpose (10 active
// accounts) so the adoption test stays fast, yet it holds every permission-set attribute kind,
// assignments that compress to each kind of selector, one USER assignment, one group the Identity
// Store no longer knows, one suspended account and a grant in the management account.
import { CreateGroupCommand, DeleteGroupCommand, IdentitystoreClient } from "@aws-sdk/client-identitystore";
import { CloseAccountCommand, CreateAccountCommand, CreateOrganizationalUnitCommand, ListRootsCommand, MoveAccountCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import {
  AttachCustomerManagedPolicyReferenceToPermissionSetCommand,
  AttachManagedPolicyToPermissionSetCommand,
  CreateAccountAssignmentCommand,
  CreatePermissionSetCommand,
  DescribeAccountAssignmentCreationStatusCommand,
  PutInlinePolicyToPermissionSetCommand,
  PutPermissionsBoundaryToPermissionSetCommand,
  SSOAdminClient,
} from "@aws-sdk/client-sso-admin";
import type { Emulator } from "./server.js";

export interface Brownfield {
  accounts: Record<string, string>; // name -> id
  groups: Record<string, string>; // name -> id
  permissionSets: Record<string, string>; // name -> arn
  managementAccountId: string;
  userId: string;
}

const AWS = "arn:aws:iam::aws:policy/";

function clients(url: string) {
  const config = { endpoint: url, region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" }, maxAttempts: 5 };
  return { sso: new SSOAdminClient(config), store: new IdentitystoreClient(config), org: new OrganizationsClient(config) };
}

export async function seedBrownfield(emulator: Emulator): Promise<Brownfield> {
  const { sso, store, org } = clients(emulator.url);
  const instanceArn = emulator.state.instanceArn;
  const identityStoreId = emulator.state.identityStoreId;

  // The Organization: OUs, accounts, tags.
  const rootId = (await org.send(new ListRootsCommand({}))).Roots![0]!.Id!;
  const ou = async (name: string, parent: string) => (await org.send(new CreateOrganizationalUnitCommand({ ParentId: parent, Name: name }))).OrganizationalUnit!.Id!;
  const security = await ou("Security", rootId);
  const infrastructure = await ou("Infrastructure", rootId);
  const workloads = await ou("Workloads", rootId);
  const prod = await ou("Prod", workloads);
  const nonProd = await ou("NonProd", workloads);
  const sandbox = await ou("Sandbox", rootId);
  const accounts: Record<string, string> = {};
  const account = async (name: string, parent: string, env: string) => {
    const status = (await org.send(new CreateAccountCommand({ AccountName: name, Email: `aws+${name}@example.com`, Tags: [{ Key: "env", Value: env }] }))).CreateAccountStatus!;
    await org.send(new MoveAccountCommand({ AccountId: status.AccountId!, SourceParentId: rootId, DestinationParentId: parent }));
    accounts[name] = status.AccountId!;
  };
  await account("log-archive", security, "prod");
  await account("security-audit", security, "prod");
  await account("network-hub", infrastructure, "prod");
  await account("shared-services", infrastructure, "prod");
  await account("shop-prod", prod, "prod");
  await account("data-prod", prod, "prod");
  await account("legacy-app", prod, "prod");
  await account("shop-dev", nonProd, "dev");
  await account("data-dev", nonProd, "dev");
  await account("sandbox-alice", sandbox, "sandbox");
  await account("sandbox-bob", sandbox, "sandbox");

  // Groups SCIM pushed, and one that will be deleted after it is assigned.
  const groups: Record<string, string> = {};
  for (const name of ["platform-admins", "engineers", "data-engineers", "finance", "auditors", "ghost"]) {
    groups[name] = (await store.send(new CreateGroupCommand({ IdentityStoreId: identityStoreId, DisplayName: name }))).GroupId!;
  }

  // Permission sets covering every attribute kind.
  const permissionSets: Record<string, string> = {};
  const create = async (name: string, extra: { description?: string; session?: string; relay?: string; tags?: Record<string, string> }) => {
    const res = await sso.send(
      new CreatePermissionSetCommand({
        InstanceArn: instanceArn,
        Name: name,
        Description: extra.description,
        SessionDuration: extra.session,
        RelayState: extra.relay,
        Tags: Object.entries(extra.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
      }),
    );
    permissionSets[name] = res.PermissionSet!.PermissionSetArn!;
    return { InstanceArn: instanceArn, PermissionSetArn: res.PermissionSet!.PermissionSetArn! };
  };
  const admin = await create("AdministratorAccess", { description: "Full access, break-glass", session: "PT1H", tags: { team: "platform" } });
  await sso.send(new AttachManagedPolicyToPermissionSetCommand({ ...admin, ManagedPolicyArn: `${AWS}AdministratorAccess` }));

  const readOnly = await create("ReadOnly", { description: "Read everything", session: "PT8H", relay: "https://console.aws.amazon.com/cloudwatch/home" });
  await sso.send(new AttachManagedPolicyToPermissionSetCommand({ ...readOnly, ManagedPolicyArn: `${AWS}ReadOnlyAccess` }));
  await sso.send(new AttachManagedPolicyToPermissionSetCommand({ ...readOnly, ManagedPolicyArn: `${AWS}job-function/ViewOnlyAccess` }));
  await sso.send(new AttachCustomerManagedPolicyReferenceToPermissionSetCommand({ ...readOnly, CustomerManagedPolicyReference: { Name: "extra-read", Path: "/" } }));

  const data = await create("DataEngineer", { session: "PT4H", tags: { team: "data", "cost-center": "42" } });
  await sso.send(new AttachCustomerManagedPolicyReferenceToPermissionSetCommand({ ...data, CustomerManagedPolicyReference: { Name: "data-lake-rw", Path: "/team/data/" } }));
  await sso.send(
    new PutInlinePolicyToPermissionSetCommand({
      ...data,
      InlinePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["athena:*", "glue:Get*"], Resource: "*" }] }),
    }),
  );
  await sso.send(new PutPermissionsBoundaryToPermissionSetCommand({ ...data, PermissionsBoundary: { CustomerManagedPolicyReference: { Name: "data-boundary", Path: "/boundaries/" } } }));

  const billing = await create("Billing", { description: "Cost and usage, ${aws:username} literally" });
  await sso.send(new AttachManagedPolicyToPermissionSetCommand({ ...billing, ManagedPolicyArn: `${AWS}job-function/Billing` }));
  await sso.send(new PutPermissionsBoundaryToPermissionSetCommand({ ...billing, PermissionsBoundary: { ManagedPolicyArn: `${AWS}ReadOnlyAccess` } }));
  await sso.send(
    new PutInlinePolicyToPermissionSetCommand({
      ...billing,
      InlinePolicy: `{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "Deny", "Action": "s3:*", "Resource": "arn:aws:s3:::home/\${aws:username}/*" }]\n}`,
    }),
  );

  // Assignments, as people made them over the years.
  const userId = "906712345a-1b2c3d4e-5f60-7182-9304-a5b6c7d8e9f0";
  const pending: string[] = [];
  const assign = async (ps: string, accountName: string, principalId: string, principalType: "GROUP" | "USER" = "GROUP", accountId = accounts[accountName]!) => {
    const res = await sso.send(
      new CreateAccountAssignmentCommand({ InstanceArn: instanceArn, PermissionSetArn: permissionSets[ps]!, TargetId: accountId, TargetType: "AWS_ACCOUNT", PrincipalType: principalType, PrincipalId: principalId }),
    );
    pending.push(res.AccountAssignmentCreationStatus!.RequestId!);
  };
  const active = Object.keys(accounts).filter((n) => n !== "legacy-app");
  for (const a of [...active, "legacy-app"]) await assign("AdministratorAccess", a, groups["platform-admins"]!); // all (+ the account that will be closed)
  for (const a of active.filter((n) => !n.startsWith("sandbox-"))) await assign("ReadOnly", a, groups.auditors!); // all but the sandbox OU
  for (const a of ["shop-prod", "data-prod", "shop-dev", "data-dev"]) await assign("ReadOnly", a, groups.engineers!); // OU Workloads
  for (const a of ["shop-dev", "data-dev"]) await assign("AdministratorAccess", a, groups.engineers!); // OU Workloads/NonProd
  for (const a of ["data-prod", "data-dev"]) await assign("DataEngineer", a, groups["data-engineers"]!); // a list
  for (const a of ["log-archive", "security-audit", "network-hub", "shared-services", "shop-prod", "data-prod"]) await assign("ReadOnly", a, groups["data-engineers"]!); // tag env=prod
  for (const a of ["sandbox-alice", "sandbox-bob"]) await assign("ReadOnly", a, groups["platform-admins"]!); // OU Sandbox
  await assign("Billing", "shop-prod", groups.finance!);
  await assign("Billing", "", groups.finance!, "GROUP", emulator.state.ownerAccountId); // the management account
  await assign("ReadOnly", "shop-dev", userId, "USER");
  await assign("ReadOnly", "sandbox-alice", groups.ghost!);
  for (const id of pending) {
    for (let i = 0; ; i++) {
      const s = await sso.send(new DescribeAccountAssignmentCreationStatusCommand({ InstanceArn: instanceArn, AccountAssignmentCreationRequestId: id }));
      if (s.AccountAssignmentCreationStatus?.Status === "SUCCEEDED") break;
      if (s.AccountAssignmentCreationStatus?.Status === "FAILED" || i > 200) throw new Error(`seeding an assignment failed: ${JSON.stringify(s.AccountAssignmentCreationStatus)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  // Afterwards: the ghost group is deleted (its assignment stays) and legacy-app is closed.
  await store.send(new DeleteGroupCommand({ IdentityStoreId: identityStoreId, GroupId: groups.ghost! }));
  await org.send(new CloseAccountCommand({ AccountId: accounts["legacy-app"]! }));
  for (const c of [sso, store, org]) c.destroy();
  return { accounts, groups, permissionSets, managementAccountId: emulator.state.ownerAccountId, userId };
}
