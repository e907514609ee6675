// The identity-center stack is valid Terraform for the real hashicorp/aws provider: init from the
// offline mirror when there is one (else the registry), then validate. Fails loudly without terraform.
import { afterAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import { mirroredAwsVersions, providerMirror, terraformEnv, terraformOk } from "../support/terraform.js";
import { AWS_PROVIDER_CONSTRAINT } from "../../stacks/providers.js";
import { fixtureModel } from "./fixture.js";
import { loadOrThrow, synthModel, removeTempDirs } from "./helpers.js";

afterAll(removeTempDirs);

function validateStack(outdir: string): { valid: boolean; error_count: number; diagnostics: unknown[] } {
  const dir = join(outdir, "stacks", "identity-center");
  const env = terraformEnv();
  terraformOk(["init", "-backend=false", "-input=false"], dir, env);
  return JSON.parse(terraformOk(["validate", "-json"], dir, env));
}

describe("terraform validate on identity-center", () => {
  it("accepts the stack of the example model", () => {
    const result = validateStack(synthModel(loadOrThrow("access-model")));
    expect(result.diagnostics).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("accepts a stack using every sub-resource, with ${...} in free text", () => {
    const model = fixtureModel();
    for (const ps of model.permissionSets) {
      ps.description = `${ps.description ?? "set"} for \${team}`;
      ps.relayState = "https://console.aws.amazon.com/?q=${x}";
      ps.tags = { "owner-${a}": "%{ if b }c%{ endif }" };
    }
    const result = validateStack(synthModel(model));
    expect(result.diagnostics).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("pins hashicorp/aws to exactly the version the tests run (the mirrored one)", () => {
    const mirror = providerMirror();
    for (const v of mirror ? mirroredAwsVersions(mirror) : []) expect(AWS_PROVIDER_CONSTRAINT, v).toBe(v);
    expect(AWS_PROVIDER_CONSTRAINT).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

