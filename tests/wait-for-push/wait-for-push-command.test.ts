import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EXAMPLE_MODEL } from "../diff/cli-helpers.js";
import { sdkEnv, startFakeIdentityStore, type FakeIdentityStore } from "./identitystore-server.js";
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";

const ROOT = join(import.meta.dirname, "..", "..");
const TSX = createRequire(import.meta.url).resolve("tsx/cli");
const GROUPS = ["bi-analysts", "finance-data", "platform-admin", "read-only-exec", "sre-oncall"];

/** Runs the CLI asynchronously: the fake endpoint lives in this process and must keep serving. */
function runAccess(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [TSX, join(ROOT, "src/cli/main.ts"), ...args], { cwd: ROOT, env: { ...process.env, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c) => (stdout += c));
    child.stderr.on("data", (c) => (stderr += c));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("access wait-for-push command", () => {
  let store: FakeIdentityStore;
  beforeEach(async () => {
    store = await startFakeIdentityStore();
  });
  afterEach(() => store.close());

  it("exits 0 once every group of the model is in the identity store of the model", async () => {
    GROUPS.forEach((g) => store.groups.add(g));
    const res = await runAccess(["wait-for-push", "--model", EXAMPLE_MODEL], sdkEnv(store.url));
    expect(res.stderr).not.toContain("access wait-for-push");
    expect(res.code).toBe(0);
    expect(res.stdout).toContain("waiting for 5 groups: bi-analysts, finance-data, platform-admin, read-only-exec, sre-oncall (up to 600s)");
    expect(res.stdout).toContain("all 5 groups are in the Identity Store");
    expect(new Set(store.requests.map((r) => r.body.IdentityStoreId))).toEqual(new Set(["d-0123456789"]));
    expect(store.requests.map((r) => r.body.AlternateIdentifier?.UniqueAttribute?.AttributeValue).sort()).toEqual(GROUPS);
  });

  it("exits 1 after the timeout with an error naming the groups not pushed", async () => {
    ["bi-analysts", "platform-admin", "read-only-exec"].forEach((g) => store.groups.add(g));
    const res = await runAccess(["wait-for-push", "--model", EXAMPLE_MODEL, "--timeout", "1"], sdkEnv(store.url));
    expect(res.code).toBe(1);
    expect(res.stdout).toMatch(/waiting for 2 groups: finance-data, sre-oncall; next check in/);
    expect(res.stderr).toContain("timed out after 1s: 2 groups are not in Identity Store d-0123456789: finance-data, sre-oncall.");
  });

  it("waits only for the groups named with --group", async () => {
    store.groups.add("sre-oncall");
    const res = await runAccess(["wait-for-push", "--model", EXAMPLE_MODEL, "--group", "sre-oncall", "--timeout", "5"], sdkEnv(store.url));
    expect(res.code).toBe(0);
    expect(store.requests.map((r) => r.body.AlternateIdentifier?.UniqueAttribute?.AttributeValue)).toEqual(["sre-oncall"]);
  });

  it("fails fast with a clear message when access is denied", async () => {
    store.errors.push("AccessDeniedException");
    const res = await runAccess(["wait-for-push", "--model", EXAMPLE_MODEL, "--timeout", "600"], sdkEnv(store.url));
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/access wait-for-push: looking up group \S+ in the Identity Store failed: AccessDeniedException: AccessDeniedException from the fake \(the role needs identitystore:GetGroupId/);
    expect(res.stdout).not.toContain("next check in");
  });

  it("rejects a bad --timeout as a usage error", async () => {
    const res = await runAccess(["wait-for-push", "--model", EXAMPLE_MODEL, "--timeout", "soon"], sdkEnv(store.url));
    expect(res.code).toBe(2);
    expect(store.requests).toEqual([]);
  });
});
