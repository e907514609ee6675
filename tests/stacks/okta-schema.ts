// The pinned okta provider's own schema (`terraform providers schema -json`), read once per test
// file from a scratch folder that requires only okta/okta at the pinned version.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { oktaProviderPin, oktaTerraformEnv } from "../support/okta-provider.js";
import { terraformOk } from "../support/terraform.js";

export interface SchemaAttribute {
  required?: boolean;
  optional?: boolean;
  computed?: boolean;
  deprecated?: boolean;
}

export interface SchemaBlock {
  attributes?: Record<string, SchemaAttribute>;
  block_types?: Record<string, { nesting_mode: string; block: SchemaBlock }>;
}

export interface OktaSchema {
  provider: SchemaBlock;
  resources: Record<string, SchemaBlock>;
  dataSources: Record<string, SchemaBlock>;
}

let cached: OktaSchema | undefined;

export function oktaProviderSchema(): OktaSchema {
  if (cached) return cached;
  const dir = mkdtempSync(join(tmpdir(), "access-okta-schema-"));
  try {
    const { version } = oktaProviderPin();
    writeFileSync(join(dir, "main.tf.json"), JSON.stringify({ terraform: { required_providers: { okta: { source: "okta/okta", version } } } }));
    const env = oktaTerraformEnv();
    terraformOk(["init", "-backend=false", "-input=false", "-no-color"], dir, env);
    const all = JSON.parse(terraformOk(["providers", "schema", "-json"], dir, env));
    const okta = all.provider_schemas["registry.terraform.io/okta/okta"];
    const blocks = (schemas: Record<string, { block: SchemaBlock }>) => Object.fromEntries(Object.entries(schemas).map(([k, v]) => [k, v.block]));
    cached = { provider: okta.provider.block, resources: blocks(okta.resource_schemas), dataSources: blocks(okta.data_source_schemas) };
    return cached;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
