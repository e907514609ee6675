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

  it("has an AWS constraint admitting the mirrored 5.100.0 and the 6.x the bindings target, not 7", () => {
    const admitted = (v: string) => AWS_PROVIDER_CONSTRAINT.split(",").every((c) => satisfies(v, c.trim()));
    const mirror = providerMirror();
    for (const v of mirror ? mirroredAwsVersions(mirror) : []) expect(admitted(v), v).toBe(true);
    expect(["5.100.0", "6.0.0", "6.25.0", "6.99.1"].map(admitted)).toEqual([true, true, true, true]);
    expect(["5.99.0", "7.0.0"].map(admitted)).toEqual([false, false]);
  });
});

/** `>= x.y.z` / `< x.y.z` only: what AWS_PROVIDER_CONSTRAINT uses. */
function satisfies(version: string, constraint: string): boolean {
  const m = /^(>=|<)\s*(\d+)\.(\d+)\.(\d+)$/.exec(constraint);
  if (!m) throw new Error(`unsupported constraint ${constraint}`);
  const [a, b] = [version.split(".").map(Number), m.slice(2).map(Number)];
  const cmp = a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
  return m[1] === ">=" ? cmp >= 0 : cmp < 0;
}
