// Identity Store users and memberships in the emulator, through the real SDK v3 client: what SCIM
// leaves behind (users, UserStatus, memberships) and the lookups the revoker and `access leaver` make.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CreateGroupMembershipCommand,
  CreateUserCommand,
  DeleteGroupMembershipCommand,
  DescribeUserCommand,
  GetUserIdCommand,
  IdentitystoreClient,
  IsMemberInGroupsCommand,
  ListGroupMembershipsForMemberCommand,
  ListUsersCommand,
  UpdateUserCommand,
} from "@aws-sdk/client-identitystore";
import { startEmulator, type Emulator } from "./index.js";

const STORE = "d-0123456789";
let emulator: Emulator;
let sdk: IdentitystoreClient;

beforeAll(async () => {
  emulator = await startEmulator({ pageSize: 1, groups: ["sre", "dev"] });
  sdk = new IdentitystoreClient({ endpoint: emulator.url, region: "us-east-1", credentials: { accessKeyId: "t", secretAccessKey: "t" }, maxAttempts: 1 });
});
afterAll(async () => {
  sdk?.destroy();
  await emulator?.close();
});

describe("emulated Identity Store users and memberships", () => {
  it("finds a user by UserName (any case), describes it, and disables it as SCIM does", async () => {
    const { UserId } = await sdk.send(new CreateUserCommand({ IdentityStoreId: STORE, UserName: "ada@example.com", DisplayName: "Ada", Name: { GivenName: "Ada", FamilyName: "L" } }));
    emulator.addUser("bob@example.com");
    const listed = await sdk.send(new ListUsersCommand({ IdentityStoreId: STORE, Filters: [{ AttributePath: "UserName", AttributeValue: "ADA@example.com" }] }));
    expect(listed.Users!.map((u) => u.UserId)).toEqual([UserId]);
    const byName = await sdk.send(new GetUserIdCommand({ IdentityStoreId: STORE, AlternateIdentifier: { UniqueAttribute: { AttributePath: "UserName", AttributeValue: "ada@example.com" } } }));
    expect(byName.UserId).toBe(UserId);
    await expect(sdk.send(new GetUserIdCommand({ IdentityStoreId: STORE, AlternateIdentifier: { UniqueAttribute: { AttributePath: "UserName", AttributeValue: "nobody" } } }))).rejects.toMatchObject({ name: "ResourceNotFoundException" });
    expect((await sdk.send(new DescribeUserCommand({ IdentityStoreId: STORE, UserId }))).UserStatus).toBe("ENABLED");
    await sdk.send(new UpdateUserCommand({ IdentityStoreId: STORE, UserId, Operations: [{ AttributePath: "userStatus", AttributeValue: "DISABLED" as never }] }));
    expect((await sdk.send(new DescribeUserCommand({ IdentityStoreId: STORE, UserId }))).UserStatus).toBe("DISABLED");
    const all = await sdk.send(new ListUsersCommand({ IdentityStoreId: STORE }));
    expect(all.Users).toHaveLength(1);
    expect(all.NextToken).toBeDefined();
  });

  it("creates, lists, checks and deletes memberships of a user", async () => {
    const userId = emulator.addUser("carol@example.com");
    const [sre, dev] = [emulator.addGroup("sre"), emulator.addGroup("dev")];
    const { MembershipId } = await sdk.send(new CreateGroupMembershipCommand({ IdentityStoreId: STORE, GroupId: sre, MemberId: { UserId: userId } }));
    await sdk.send(new CreateGroupMembershipCommand({ IdentityStoreId: STORE, GroupId: dev, MemberId: { UserId: userId } }));
    await expect(sdk.send(new CreateGroupMembershipCommand({ IdentityStoreId: STORE, GroupId: sre, MemberId: { UserId: userId } }))).rejects.toMatchObject({ name: "ConflictException" });
    const first = await sdk.send(new ListGroupMembershipsForMemberCommand({ IdentityStoreId: STORE, MemberId: { UserId: userId } }));
    const second = await sdk.send(new ListGroupMembershipsForMemberCommand({ IdentityStoreId: STORE, MemberId: { UserId: userId }, NextToken: first.NextToken }));
    expect([...first.GroupMemberships!, ...second.GroupMemberships!].map((m) => m.GroupId).sort()).toEqual([sre, dev].sort());
    await sdk.send(new DeleteGroupMembershipCommand({ IdentityStoreId: STORE, MembershipId }));
    const check = await sdk.send(new IsMemberInGroupsCommand({ IdentityStoreId: STORE, MemberId: { UserId: userId }, GroupIds: [sre, dev] }));
    expect(check.Results!.map((r) => [r.GroupId, r.MembershipExists])).toEqual([[sre, false], [dev, true]]);
    await expect(sdk.send(new DeleteGroupMembershipCommand({ IdentityStoreId: STORE, MembershipId }))).rejects.toMatchObject({ name: "ResourceNotFoundException" });
  });
});
