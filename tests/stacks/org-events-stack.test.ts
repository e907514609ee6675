// The org-events stack: an EventBridge rule on AWS Organizations' account events with an API
// destination to GitHub's repository_dispatch; valid for the real hashicorp/aws provider, and
// written only when the model asks for it.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { App } from "cdktf";
import { afterAll, describe, expect, it } from "vitest";
import { OrgEventsStack, ORG_EVENT_NAMES } from "../../stacks/org-events-stack.js";
import { installLockFiles } from "../../stacks/lock-files.js";
import { terraformEnv, terraformOk } from "../support/terraform.js";
import { loadOrThrow, removeTempDirs, tempDir } from "./helpers.js";
import { copyExampleModel } from "../diff/cli-helpers.js";
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";

afterAll(removeTempDirs);

function modelWithEvents(): string {
  const dir = copyExampleModel();
  const org = join(dir, "organization.yaml");
  const text = readFileSync(org, "utf8");
  writeFileSync(org, text.replace(/^organization:\n/m, "organization:\n  onboarding:\n    auto_apply: non_privileged\n    events:\n      github_repository: acme/okta-aws-access\n"));
  return dir;
}

function synthOrgEvents(modelDir: string) {
  const outdir = join(tempDir("org-events"), "out");
  const app = new App({ outdir, skipValidation: true });
  new OrgEventsStack(app, loadOrThrow(modelDir));
  app.synth();
  installLockFiles(outdir);
  const dir = join(outdir, "stacks", "org-events");
  return { dir, json: JSON.parse(readFileSync(join(dir, "cdk.tf.json"), "utf8")) };
}

const require = createRequire(import.meta.url);

describe("the org-events stack", () => {
  const { dir, json } = synthOrgEvents(modelWithEvents());

  it("matches Organizations' account events and sends {event_type, client_payload} to repository_dispatch", () => {
    const rule = json.resource.aws_cloudwatch_event_rule.organizations;
    const pattern = JSON.parse(rule.event_pattern);
    expect(pattern.source).toEqual(["aws.organizations"]);
    expect(pattern.detail.eventName).toEqual([...ORG_EVENT_NAMES]);
    expect(pattern.detail.eventName).toEqual(expect.arrayContaining(["CreateAccountResult", "AcceptHandshake", "MoveAccount", "CloseAccount", "RemoveAccountFromOrganization"]));
    const dest = json.resource.aws_cloudwatch_event_api_destination.dispatch;
    expect(dest.invocation_endpoint).toBe("https://api.github.com/repos/acme/okta-aws-access/dispatches");
    const target = json.resource.aws_cloudwatch_event_target.dispatch_target;
    expect(target.input_transformer.input_template).toMatch(/^\{"event_type": "aws-organizations", "client_payload": \{"event": <event>/);
    expect(json.provider.aws[0].region).toBe("us-east-1");
  });

  it("takes the GitHub token from a Secrets Manager secret, never from the model or the repository", () => {
    const conn = json.resource.aws_cloudwatch_event_connection.github;
    expect(conn.auth_parameters.api_key.value).toMatch(/^Bearer \$\{data\.aws_secretsmanager_secret_version\.github_token_value\.secret_string\}$/);
    expect(json.resource.aws_secretsmanager_secret.github_token.name).toBe("access-org-events-github-token");
    expect(JSON.stringify(json)).not.toMatch(/ghp_|github_pat_/);
  });

  it("passes terraform validate with the pinned hashicorp/aws", () => {
    const env = terraformEnv();
    terraformOk(["init", "-backend=false", "-input=false"], dir, env);
    const result = JSON.parse(terraformOk(["validate", "-json"], dir, env));
    expect(result.diagnostics).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("is written by npm run synth:org-events only when organization.onboarding.events is set", () => {
    const tsx = require.resolve("tsx/cli");
    const outdir = join(tempDir("org-events-cli"), "out");
    const without = spawnSync(process.execPath, [tsx, "org-events.ts"], { encoding: "utf8", env: { ...process.env, ACCESS_MODEL_DIR: "access-model", ACCESS_ORG_EVENTS_OUTDIR: outdir } });
    expect(without.status, without.stderr).toBe(0);
    expect(without.stdout).toContain("not written: organization.onboarding.events is not set");
  });
});
