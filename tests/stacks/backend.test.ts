// State backends from organization.state, per stack.
import { afterAll, describe, expect, it } from "vitest";
import type { StateBackend } from "../../src/model/types.js";
import { fixtureModel } from "./fixture.js";
import { stackJson, synthModel, removeTempDirs } from "./helpers.js";

afterAll(removeTempDirs);

function backends(state: StateBackend) {
  const model = fixtureModel();
  model.organization.state = state;
  const outdir = synthModel(model);
  return { okta: stackJson(outdir, "okta").terraform, ic: stackJson(outdir, "identity-center").terraform };
}

describe("state backend", () => {
  it("defaults to a local backend with a relative path (identical output in every clone)", () => {
    const { okta, ic } = backends({ kind: "local" });
    expect(okta.backend).toEqual({ local: { path: "../../../terraform.okta.tfstate" } });
    expect(ic.backend).toEqual({ local: { path: "../../../terraform.identity-center.tfstate" } });
    expect(okta.cloud).toBeUndefined();
  });

  it("uses S3 with one key per stack, S3 locking and encryption", () => {
    const { okta, ic } = backends({ kind: "s3", bucket: "acme-state", region: "eu-west-1", keyPrefix: "access/" });
    expect(okta.backend).toEqual({ s3: { bucket: "acme-state", key: "access/okta.tfstate", region: "eu-west-1", encrypt: true, use_lockfile: true } });
    expect(ic.backend.s3.key).toBe("access/identity-center.tfstate");
  });

  it("passes the KMS key to S3 when given", () => {
    const { ic } = backends({ kind: "s3", bucket: "b", region: "us-east-1", keyPrefix: "", kmsKeyId: "alias/state" });
    expect(ic.backend.s3).toMatchObject({ key: "identity-center.tfstate", kms_key_id: "alias/state", encrypt: true, use_lockfile: true });
  });

  it("uses an HCP Terraform workspace per stack", () => {
    const { okta, ic } = backends({ kind: "hcp", organization: "acme", workspacePrefix: "access-" });
    expect(okta.cloud).toEqual({ organization: "acme", workspaces: { name: "access-okta" } });
    expect(ic.cloud).toEqual({ organization: "acme", workspaces: { name: "access-identity-center" } });
    expect(okta.backend).toBeUndefined();
  });

  it("passes the HCP hostname when given", () => {
    const { ic } = backends({ kind: "hcp", organization: "acme", workspacePrefix: "p-", hostname: "tfe.example.com" });
    expect(ic.cloud).toEqual({ organization: "acme", hostname: "tfe.example.com", workspaces: { name: "p-identity-center" } });
  });
});
