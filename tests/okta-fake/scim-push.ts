// What SCIM provisioning does between Okta and AWS IAM Identity Center, for the local pair: when
// a push mapping of the app pushes a group, the group appears in the Identity Store after a delay
// (created through the Identity Store API, as Okta's SCIM client would); a mapping deleted with
// deleteTargetGroup=true deletes it there. Without that flag the Identity Store keeps the group.
import { CreateGroupCommand, DeleteGroupCommand, GetGroupIdCommand, IdentitystoreClient } from "@aws-sdk/client-identitystore";
import type { FakeOkta } from "./server.js";

export interface ScimTarget {
  /** The Identity Store endpoint (the Identity Center emulator's URL). */
  endpoint: string;
  identityStoreId: string;
  /** How long after the mapping is activated the group shows up downstream. */
  delayMs: number;
}

export interface ScimBridge {
  /** Pushes still on their way. */
  pending(): number;
  /** Resolves when every push has landed (or failed). */
  settled(): Promise<void>;
  /** Errors the Identity Store answered (a failed push is visible, not swallowed). */
  errors: string[];
  /** While true, pushes are lost, as when provisioning is broken (an expired SCIM token). */
  paused: boolean;
}

export function pushToIdentityStore(fake: FakeOkta, target: ScimTarget): ScimBridge {
  const client = new IdentitystoreClient({
    endpoint: target.endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "scim", secretAccessKey: "scim" },
  });
  const inFlight = new Set<Promise<void>>();
  const bridge: ScimBridge = {
    pending: () => inFlight.size,
    settled: async () => {
      while (inFlight.size) await Promise.all([...inFlight]);
    },
    errors: [],
    paused: false,
  };
  const track = (work: () => Promise<void>, delayMs: number) => {
    const p: Promise<void> = new Promise<void>((resolve) => setTimeout(resolve, delayMs))
      .then(work)
      .catch((err: unknown) => void bridge.errors.push(err instanceof Error ? err.message : String(err)))
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
  };
  fake.onPush((event) => {
    const IdentityStoreId = target.identityStoreId;
    if (event.kind === "push") {
      if (bridge.paused) return;
      track(async () => {
        const existing = await client
          .send(new GetGroupIdCommand({ IdentityStoreId, AlternateIdentifier: { UniqueAttribute: { AttributePath: "DisplayName", AttributeValue: event.targetGroupName } } }))
          .catch(() => undefined);
        if (!existing) await client.send(new CreateGroupCommand({ IdentityStoreId, DisplayName: event.targetGroupName }));
      }, target.delayMs);
    } else {
      track(async () => {
        const found = await client.send(new GetGroupIdCommand({ IdentityStoreId, AlternateIdentifier: { UniqueAttribute: { AttributePath: "DisplayName", AttributeValue: event.targetGroupName } } }));
        await client.send(new DeleteGroupCommand({ IdentityStoreId, GroupId: found.GroupId! }));
      }, 0);
    }
  });
  return bridge;
}
