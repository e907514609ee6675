import { IdentitystoreClient } from "@aws-sdk/client-identitystore";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { classifyAwsError } from "../../src/aws/errors.js";
import { identityStoreDirectory } from "../../src/aws/identity-store.js";
import { sdkEnv, startFakeIdentityStore, type FakeIdentityStore } from "./identitystore-server.js";

const ENV_KEYS = ["AWS_ENDPOINT_URL_IDENTITYSTORE", "AWS_ENDPOINT_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION", "AWS_EC2_METADATA_DISABLED", "AWS_MAX_ATTEMPTS", "AWS_PROFILE", "AWS_SESSION_TOKEN"];

describe("Identity Store directory over the real SDK", () => {
  let store: FakeIdentityStore;
  const saved: Record<string, string | undefined> = {};

  beforeEach(async () => {
    store = await startFakeIdentityStore(["bi-analysts"]);
    for (const k of ENV_KEYS) {
      saved[k] = process.env[k];
      delete process.env[k];
    }
  });
  afterEach(async () => {
    for (const k of ENV_KEYS) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
    await store.close();
  });

  function directory(variable = "AWS_ENDPOINT_URL_IDENTITYSTORE") {
    Object.assign(process.env, sdkEnv(store.url, variable));
    return identityStoreDirectory({ identityStoreId: "d-0123456789", region: "us-east-1" });
  }

  it("sends GetGroupId by DisplayName to the endpoint in AWS_ENDPOINT_URL_IDENTITYSTORE (the installed SDK honours it)", async () => {
    expect(await directory().groupExists("bi-analysts")).toBe(true);
    expect(store.requests).toEqual([
      {
        target: "AWSIdentityStore.GetGroupId",
        body: { IdentityStoreId: "d-0123456789", AlternateIdentifier: { UniqueAttribute: { AttributePath: "DisplayName", AttributeValue: "bi-analysts" } } },
      },
    ]);
  });

  it("also honours the generic AWS_ENDPOINT_URL", async () => {
    expect(await directory("AWS_ENDPOINT_URL").groupExists("bi-analysts")).toBe(true);
    expect(store.requests).toHaveLength(1);
  });

  it("reads ResourceNotFoundException as not pushed yet", async () => {
    expect(await directory().groupExists("finance-data")).toBe(false);
  });

  it("throws access denied as fatal and throttling as retryable", async () => {
    const d = directory();
    store.errors.push("AccessDeniedException");
    const denied = await d.groupExists("bi-analysts").catch((e: unknown) => e);
    expect((denied as Error).name).toBe("AccessDeniedException");
    expect(classifyAwsError(denied)).toBe("fatal");
    store.errors.push("ThrottlingException");
    const throttled = await d.groupExists("bi-analysts").catch((e: unknown) => e);
    expect((throttled as Error).name).toBe("ThrottlingException");
    expect(classifyAwsError(throttled)).toBe("retryable");
  });

  it("gives up on a request the endpoint never answers, as a retryable timeout", async () => {
    Object.assign(process.env, sdkEnv(store.url));
    const d = identityStoreDirectory({ identityStoreId: "d-0123456789", region: "us-east-1", requestTimeoutMs: 300 });
    store.errors.push("HANG");
    const err = await d.groupExists("bi-analysts").catch((e: unknown) => e);
    expect((err as Error).name).toBe("TimeoutError");
    expect(classifyAwsError(err)).toBe("retryable");
  });

  it("accepts an injected client", async () => {
    Object.assign(process.env, sdkEnv(store.url));
    const client = new IdentitystoreClient({ region: "eu-west-1" });
    const d = identityStoreDirectory({ identityStoreId: "d-9", region: "ignored", client });
    expect(await d.groupExists("nope")).toBe(false);
    expect(store.requests[0]!.body.IdentityStoreId).toBe("d-9");
  });
});
