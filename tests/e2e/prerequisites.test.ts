// The suite's prerequisites as a test of their own, so a machine without them shows one failing
// test saying what to install (the scenario files fail in their setup with the same message).
import { describe, expect, it } from "vitest";
import { mirroredAwsVersions, providerMirror } from "../support/terraform.js";
import { requireTerraformAndMirror } from "./support/workspace.js";

describe("e2e prerequisites", () => {
  it("has terraform and hashicorp/aws in an offline provider mirror", () => {
    requireTerraformAndMirror();
    expect(mirroredAwsVersions(providerMirror()!).length).toBeGreaterThan(0);
  });
});
