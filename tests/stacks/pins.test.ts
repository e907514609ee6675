// Reproducible Terraform: exact provider pins equal to the versions.tf files Dependabot updates,
// committed lock files copied into every synthesized stack, and a Terraform floor that has S3
// native locking.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { installLockFiles, LOCK_FILE, PINS_DIR } from "../../stacks/lock-files.js";
import { providerFolderOf } from "../../src/layout/index.js";
import { AWS_PROVIDER_CONSTRAINT, OKTA_PROVIDER_CONSTRAINT, TERRAFORM_REQUIRED_VERSION } from "../../stacks/providers.js";
import { loadOrThrow, removeTempDirs, stackJson, synthModel, tempDir } from "./helpers.js";
import { OKTA_SCHEMA_VERSION } from "./okta-schema.js";
import { mkdirSync, writeFileSync } from "node:fs";

afterAll(removeTempDirs);

const versionsTf = (kind: string) => readFileSync(join(PINS_DIR, kind, "versions.tf"), "utf8");

describe("provider pins", () => {
  it("pins exact versions, the same in stacks/providers.ts and terraform/<kind>/versions.tf", () => {
    expect(versionsTf("identity-center")).toContain(`version = "${AWS_PROVIDER_CONSTRAINT}"`);
    expect(versionsTf("okta")).toContain(`version = "${OKTA_PROVIDER_CONSTRAINT}"`);
    for (const kind of ["identity-center", "okta"]) expect(versionsTf(kind)).toContain(`required_version = "${TERRAFORM_REQUIRED_VERSION}"`);
  });

  it("checks the okta stack against the schema of the very okta version it pins", () => {
    expect(OKTA_PROVIDER_CONSTRAINT).toBe(OKTA_SCHEMA_VERSION);
  });

  it("requires Terraform 1.10 or newer (S3 native locking) in every stack", () => {
    const outdir = synthModel(loadOrThrow("access-model"));
    for (const stack of ["okta", "identity-center"]) expect(stackJson(outdir, stack).terraform.required_version).toBe(">= 1.10.0, < 2.0.0");
  });

  it("commits an AWS lock file with linux_amd64 checksums for the pinned version", () => {
    const lock = readFileSync(join(PINS_DIR, "identity-center", LOCK_FILE), "utf8");
    expect(lock).toContain('provider "registry.terraform.io/hashicorp/aws"');
    expect(lock).toContain(`version     = "${AWS_PROVIDER_CONSTRAINT}"`);
    expect(lock).toMatch(/"h1:[A-Za-z0-9+/=]{44}"/);
  });
});

describe("lock files in the synthesized stacks", () => {
  it("copies the identity-center lock into the base stack and every shard stack", () => {
    const outdir = join(tempDir("locks"), "cdktf.out");
    for (const s of ["okta", "identity-center", "identity-center-shard-00", "identity-center-shard-07"]) {
      mkdirSync(join(outdir, "stacks", s), { recursive: true });
      writeFileSync(join(outdir, "stacks", s, "cdk.tf.json"), "{}");
    }
    const pins = tempDir("pins");
    for (const kind of ["identity-center", "okta"]) {
      mkdirSync(join(pins, kind));
      writeFileSync(join(pins, kind, LOCK_FILE), `# ${kind}\n`);
    }
    expect(installLockFiles(outdir, pins)).toEqual(["identity-center", "identity-center-shard-00", "identity-center-shard-07", "okta"]);
    expect(readFileSync(join(outdir, "stacks", "identity-center-shard-07", LOCK_FILE), "utf8")).toBe("# identity-center\n");
    expect(readFileSync(join(outdir, "stacks", "okta", LOCK_FILE), "utf8")).toBe("# okta\n");
    expect(providerFolderOf("identity-center-shard-12")).toBe("identity-center");
  });

  it("writes the committed AWS lock into the synthesized identity-center stack", () => {
    const outdir = synthModel(loadOrThrow("access-model"));
    expect(readFileSync(join(outdir, "stacks", "identity-center", LOCK_FILE), "utf8")).toBe(readFileSync(join(PINS_DIR, "identity-center", LOCK_FILE), "utf8"));
    // No okta lock can be made offline (no provider binary): none is invented.
    expect(existsSync(join(outdir, "stacks", "okta", LOCK_FILE))).toBe(existsSync(join(PINS_DIR, "okta", LOCK_FILE)));
  });
});
