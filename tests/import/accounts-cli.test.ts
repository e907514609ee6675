// `access accounts sync` as the scheduled workflow runs it: against AWS Organizations (the
// emulator, through AWS_ENDPOINT_URL_ORGANIZATIONS), exit 3 when it changed files, 0 when not.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CreateAccountCommand, ListRootsCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { startEmulator, type Emulator } from "../emulator/index.js";
import { runAccess } from "../e2e/support/access-cli.js";
import { GROUPS, ORG, PERMISSION_SETS } from "../model/fixtures.js";

let emulator: Emulator;
let dir: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  emulator = await startEmulator({ pageSize: 2 });
  const org = new OrganizationsClient({ endpoint: emulator.url, region: "us-east-1", credentials: { accessKeyId: "t", secretAccessKey: "t" } });
  await org.send(new ListRootsCommand({}));
  const id = (await org.send(new CreateAccountCommand({ AccountName: "fresh", Email: "fresh@example.com", Tags: [{ Key: "env", Value: "dev" }] }))).CreateAccountStatus!.AccountId!;
  org.destroy();
  dir = mkdtempSync(join(tmpdir(), "access-sync-cli-"));
  // The model knows none of the Organization's accounts but the one created above, renamed.
  writeFileSync(join(dir, "organization.yaml"), ORG);
  writeFileSync(join(dir, "groups.yaml"), GROUPS);
  writeFileSync(join(dir, "permission-sets.yaml"), PERMISSION_SETS);
  writeFileSync(join(dir, "accounts.yaml"), `# Our accounts.\naccounts:\n  # Created last week.\n  - { id: "${id}", name: old-name }\n  # Closed and gone from the Organization; no assignment reaches it.\n  - { id: "123412341234", name: gone }\n`);
  env = { AWS_ENDPOINT_URL_ORGANIZATIONS: emulator.url, AWS_ACCESS_KEY_ID: "t", AWS_SECRET_ACCESS_KEY: "t", AWS_REGION: "us-east-1", AWS_EC2_METADATA_DISABLED: "true" };
});

afterAll(async () => {
  await emulator?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("access accounts sync (CLI)", () => {
  it("exits 3 after changing files, then 0 when the model is in line", async () => {
    const first = await runAccess(["accounts", "sync", "--model", dir], env);
    expect(first.status, first.stderr).toBe(3);
    expect(first.stdout).toMatch(/renamed: \d{12} old-name -> fresh/);
    expect(first.stdout).toMatch(/retagged: \d{12} fresh: no tags -> env=dev/);
    expect(first.stdout).toContain("removed: 123412341234 gone is no longer in the AWS Organization; no assignment names or selects it");
    const text = readFileSync(join(dir, "accounts.yaml"), "utf8");
    expect(text).toMatch(/^# Our accounts\.\naccounts:\n  # Created last week\.\n  - \{ id: "\d{12}", name: fresh, tags: \{ env: dev \} \}\n$/);
    const second = await runAccess(["accounts", "sync", "--model", dir], env);
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout).toContain("accounts are in line with AWS Organizations");
  });
});
