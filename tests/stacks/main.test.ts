// `npm run synth` (main.ts) end to end, as a child process in a scratch folder.
import { afterAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { syntheticModel, writeModel } from "../../bench/synthetic.js";
import { assignmentKeys, readTree, stackJson, tempDir, removeTempDirs } from "./helpers.js";

afterAll(removeTempDirs);

const ROOT = resolve(import.meta.dirname, "../..");
const TSX = join(ROOT, "node_modules/tsx/dist/cli.mjs");

function synth(modelDir: string, env: Record<string, string> = {}) {
  const cwd = tempDir("synth-cwd");
  const res = spawnSync(process.execPath, [TSX, join(ROOT, "main.ts")], {
    cwd,
    env: { ...process.env, ACCESS_MODEL_DIR: modelDir, ...env },
    encoding: "utf8",
  });
  return { status: res.status, stdout: res.stdout, stderr: res.stderr, outdir: join(cwd, "cdktf.out") };
}

describe("npm run synth", () => {
  it("writes both stacks for the example model and prints stacks and resources per type", () => {
    const run = synth(join(ROOT, "access-model"));
    expect(run.stderr).not.toMatch(/error/);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^okta: cdktf\.out\/stacks\/okta\/cdk\.tf\.json$/m);
    expect(run.stdout).toMatch(/^identity-center: cdktf\.out\/stacks\/identity-center\/cdk\.tf\.json$/m);
    // The example org keeps one stack (assignment_shards: 1): one assignment block per account.
    expect(run.stdout).toMatch(/^ {2}aws_ssoadmin_account_assignment: \d+ \(\d+ blocks\)$/m);
    expect(run.stdout).toMatch(/^ {2}okta_push_group: \d+$/m);
    expect(existsSync(join(run.outdir, "manifest.json"))).toBe(true);
  });

  it("on an invalid model prints the errors with positions, exits non-zero and writes nothing", () => {
    const model = syntheticModel(3);
    model.assignments.push({ group: "no-such-group", permission_set: "ReadOnly", accounts: "all" });
    const dir = tempDir("invalid-model");
    writeModel(model, dir);
    const run = synth(dir);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/assignments\.yaml:\d+:\d+: error: .*no-such-group/);
    expect(run.stdout).toBe("");
    expect(existsSync(run.outdir)).toBe(false);
  });

  it("leaves out assignments whose last valid day is before ACCESS_TODAY", () => {
    const model = syntheticModel(3);
    model.assignments.push({ group: "billing", permission_set: "AdministratorAccess", accounts: ["acct-00000"], expires: "2026-03-31" });
    const dir = tempDir("expiry-model");
    writeModel(model, dir);
    const key = "billing|AdministratorAccess|100000000000";
    const onLastDay = synth(dir, { ACCESS_TODAY: "2026-03-31" });
    expect(onLastDay.status, onLastDay.stderr).toBe(0);
    expect(assignmentKeys(onLastDay.outdir)).toContain(key);
    const dayAfter = synth(dir, { ACCESS_TODAY: "2026-04-01" });
    expect(dayAfter.status, dayAfter.stderr).toBe(0);
    expect(dayAfter.stderr).toMatch(/expired/);
    const keys = assignmentKeys(dayAfter.outdir);
    expect(keys).not.toContain(key);
    expect(keys.length).toBeGreaterThan(0);
  });

  it("writes no secret, token or private key under cdktf.out, even with credentials in the environment", () => {
    const sentinels = {
      OKTA_API_PRIVATE_KEY: "-----BEGIN PRIVATE KEY-----\nSENTINELKEYMATERIAL\n-----END PRIVATE KEY-----",
      OKTA_API_PRIVATE_KEY_ID: "SENTINELKID",
      OKTA_API_CLIENT_ID: "SENTINELCLIENT",
      OKTA_API_TOKEN: "SENTINELTOKEN",
      AWS_SECRET_ACCESS_KEY: "SENTINELAWSSECRET",
      AWS_SESSION_TOKEN: "SENTINELSESSION",
    };
    const run = synth(join(ROOT, "access-model"), sentinels);
    expect(run.status, run.stderr).toBe(0);
    const files = readTree(run.outdir);
    expect(files.size).toBeGreaterThan(0);
    const forbidden = [/BEGIN [A-Z ]*PRIVATE KEY/, /SENTINEL/, /api_token/i, /private_key/i, /client_secret/i, /access_token/i, /secret_key/i, /\bSSWS\b/];
    for (const [file, bytes] of files) {
      const text = bytes.toString("utf8");
      for (const pattern of forbidden) expect(pattern.test(text), `${file} matches ${pattern}`).toBe(false);
    }
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/SENTINEL/);
    expect(Object.keys(stackJson(run.outdir, "okta").provider.okta[0]).sort()).toEqual(["base_url", "org_name"]);
  });

  it("rejects an ACCESS_TODAY that is not a date", () => {
    const run = synth(join(ROOT, "access-model"), { ACCESS_TODAY: "tomorrow" });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/ACCESS_TODAY must be YYYY-MM-DD/);
    expect(existsSync(run.outdir)).toBe(false);
  });
});
