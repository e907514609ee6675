// Service control policies in the emulated AWS Organizations, through the real SDK v3 client:
// the limits (5,120 characters, 5 per target with FullAWSAccess counted) and the error names.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AttachPolicyCommand,
  CreatePolicyCommand,
  DeletePolicyCommand,
  DescribePolicyCommand,
  DetachPolicyCommand,
  ListPoliciesCommand,
  ListPoliciesForTargetCommand,
  ListTagsForResourceCommand,
  ListTargetsForPolicyCommand,
  OrganizationsClient,
  UpdatePolicyCommand,
} from "@aws-sdk/client-organizations";
import { startEmulator, type Emulator } from "./index.js";

let emulator: Emulator;
let org: OrganizationsClient;
const ROOT = "r-a1b2";
const deny = (n: number) => JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: `D${n}`, Effect: "Deny", Action: "*", Resource: "*" }] });

beforeAll(async () => {
  emulator = await startEmulator({ pageSize: 2 });
  org = new OrganizationsClient({ endpoint: emulator.url, region: "us-east-1", credentials: { accessKeyId: "t", secretAccessKey: "t" }, maxAttempts: 1 });
});
afterAll(async () => {
  org?.destroy();
  await emulator?.close();
});

const create = async (name: string, content = deny(0)) =>
  (await org.send(new CreatePolicyCommand({ Name: name, Description: "d", Type: "SERVICE_CONTROL_POLICY", Content: content, Tags: [{ Key: "managed-by", Value: "revoker" }] }))).Policy!.PolicySummary!.Id!;

describe("emulated service control policies", () => {
  it("starts with FullAWSAccess attached to the root", async () => {
    const out = await org.send(new ListPoliciesForTargetCommand({ TargetId: ROOT, Filter: "SERVICE_CONTROL_POLICY" }));
    expect(out.Policies!.map((p) => [p.Name, p.AwsManaged])).toEqual([["FullAWSAccess", true]]);
  });

  it("creates, describes, updates, tags and lists a policy", async () => {
    const id = await create("deny-list-1");
    expect(id).toMatch(/^p-[0-9a-f]{8}$/);
    await org.send(new UpdatePolicyCommand({ PolicyId: id, Content: deny(1) }));
    const described = await org.send(new DescribePolicyCommand({ PolicyId: id }));
    expect(JSON.parse(described.Policy!.Content!).Statement[0].Sid).toBe("D1");
    expect(described.Policy!.PolicySummary!.Arn).toContain(`service_control_policy/${id}`);
    expect((await org.send(new ListTagsForResourceCommand({ ResourceId: id }))).Tags).toEqual([{ Key: "managed-by", Value: "revoker" }]);
    await create("deny-list-2");
    const first = await org.send(new ListPoliciesCommand({ Filter: "SERVICE_CONTROL_POLICY" }));
    const second = await org.send(new ListPoliciesCommand({ Filter: "SERVICE_CONTROL_POLICY", NextToken: first.NextToken }));
    expect(first.NextToken).toBeDefined();
    expect([...first.Policies!, ...second.Policies!].map((p) => p.Name).sort()).toEqual(["FullAWSAccess", "deny-list-1", "deny-list-2"]);
    await expect(create("deny-list-1")).rejects.toMatchObject({ name: "DuplicatePolicyException" });
  });

  it("refuses content over 5,120 characters and content that is not a policy", async () => {
    const big = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Deny", Action: "*", Resource: "*", Sid: "x".repeat(5100) }] });
    await expect(create("too-big", big)).rejects.toMatchObject({ name: "ConstraintViolationException", Reason: "POLICY_CONTENT_LIMIT_EXCEEDED" });
    await expect(create("not-json", "{nope")).rejects.toMatchObject({ name: "MalformedPolicyDocumentException" });
  });

  it("attaches at most five policies to a target, FullAWSAccess included", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await create(`slot-${i}`, deny(i)));
    for (const id of ids.slice(0, 4)) await org.send(new AttachPolicyCommand({ PolicyId: id, TargetId: ROOT }));
    await expect(org.send(new AttachPolicyCommand({ PolicyId: ids[4]!, TargetId: ROOT }))).rejects.toMatchObject({ name: "ConstraintViolationException", Reason: "POLICY_NUMBER_LIMIT_EXCEEDED" });
    await expect(org.send(new AttachPolicyCommand({ PolicyId: ids[0]!, TargetId: ROOT }))).rejects.toMatchObject({ name: "DuplicatePolicyAttachmentException" });
    const targets = await org.send(new ListTargetsForPolicyCommand({ PolicyId: ids[0]! }));
    expect(targets.Targets).toEqual([expect.objectContaining({ TargetId: ROOT, Type: "ROOT" })]);
    await expect(org.send(new DeletePolicyCommand({ PolicyId: ids[0]! }))).rejects.toMatchObject({ name: "PolicyInUseException" });
    await org.send(new DetachPolicyCommand({ PolicyId: ids[0]!, TargetId: ROOT }));
    await expect(org.send(new DetachPolicyCommand({ PolicyId: ids[0]!, TargetId: ROOT }))).rejects.toMatchObject({ name: "PolicyNotAttachedException" });
    await org.send(new DeletePolicyCommand({ PolicyId: ids[0]! }));
    await expect(org.send(new DescribePolicyCommand({ PolicyId: ids[0]! }))).rejects.toMatchObject({ name: "PolicyNotFoundException" });
    await expect(org.send(new AttachPolicyCommand({ PolicyId: ids[4]!, TargetId: "123456789012" }))).rejects.toMatchObject({ name: "TargetNotFoundException" });
  });
});
