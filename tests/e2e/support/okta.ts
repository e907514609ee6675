// The okta stack driven by real Terraform and the real okta provider against the local Okta
// (tests/okta-fake): the provider's `http_proxy` setting becomes its org URL, and it signs in
// as a service app with a private-key JWT, as in production. The provider comes from the
// mirror scripts/install-okta-provider.sh fills (tests/support/okta-provider.ts); the scratch
// folder gets its own lock file with the local build's hashes, never the committed one.
import { generateKeyPairSync } from "node:crypto";
import { copyFileSync, existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ResolvedModel } from "../../../src/model/types.js";
import { OKTA_SCOPES } from "../../../stacks/providers.js";
import { synthesize } from "../../../stacks/app.js";
import { loadModel, formatFindings } from "../../../src/model/index.js";
import { startFakeOkta, type FakeOkta, type FakeOktaState, type ServiceApp } from "../../okta-fake/server.js";
import { oktaTerraformEnv } from "../../support/okta-provider.js";
import { scratchDir } from "./scratch.js";
import { OVERRIDE_FILE, TerraformWorkspace } from "./workspace.js";

const keys = generateKeyPairSync("rsa", { modulusLength: 2048 });

export const APPLY_APP: ServiceApp = {
  clientId: "0oa-terraform-apply",
  keyId: "kid-apply",
  publicKeyPem: keys.publicKey.export({ type: "spki", format: "pem" }).toString(),
  grantedScopes: [...OKTA_SCOPES],
};

/** What a service app's private key looks like in the OKTA_API_PRIVATE_KEY secret. */
const PRIVATE_KEY_PEM = keys.privateKey.export({ type: "pkcs1", format: "pem" }).toString();

/** Credentials the okta provider reads from the environment (okta/config/config.go), as CI sets them. */
export function oktaProviderEnv(scopes: readonly string[] = OKTA_SCOPES): Record<string, string> {
  return {
    OKTA_API_CLIENT_ID: APPLY_APP.clientId,
    OKTA_API_PRIVATE_KEY_ID: APPLY_APP.keyId,
    OKTA_API_PRIVATE_KEY: PRIVATE_KEY_PEM,
    OKTA_API_SCOPES: scopes.join(","),
  };
}

/** An org as it is before the first apply: people, the built-in Everyone group and the groups the example model declares `existing`. */
export function preexistingOrg(existingGroups: string[] = ["read-only-exec"]): FakeOktaState {
  const user = (n: number, login: string) => ({ id: `00u${n}`, profile: { login, firstName: login.split("@")[0]!, lastName: "Example", email: login } });
  const users = [user(1, "ann@example.com"), user(2, "bob@example.com"), user(3, "cy@example.com")];
  return {
    users,
    groups: [
      { id: "00g-everyone", name: "Everyone", type: "BUILT_IN", members: users.map((u) => u.id) },
      ...existingGroups.map((name, i) => ({ id: `00g-existing-${i}`, name, description: "Made by hand in the admin UI", members: ["00u1"] })),
    ],
    apps: [],
  };
}

export function startLocalOkta(state: FakeOktaState = preexistingOrg()): Promise<FakeOkta> {
  return startFakeOkta(state, APPLY_APP, { pageSize: 200 });
}

export interface SynthesizedOkta {
  model: ResolvedModel;
  stackDir: string;
}

export function loadResolved(modelDir: string): ResolvedModel {
  const { model, findings } = loadModel(modelDir);
  if (!model) throw new Error(`model at ${modelDir} is invalid:\n${formatFindings(findings, "text")}`);
  return model;
}

/** The okta stack of a model, through the product's own loader and stacks. */
export function synthOkta(model: ResolvedModel | string): SynthesizedOkta {
  const resolved = typeof model === "string" ? loadResolved(model) : model;
  const outdir = scratchDir("synth-okta");
  synthesize(resolved, outdir);
  return { model: resolved, stackDir: join(outdir, "stacks", "okta") };
}

/** A Terraform working folder for the okta stack, talking to one local Okta. */
export class OktaWorkspace extends TerraformWorkspace {
  constructor(name: string, private readonly okta: FakeOkta) {
    super(name, okta.url);
    Object.assign(this.env, oktaTerraformEnv(), oktaProviderEnv());
  }

  /** Like TerraformWorkspace.useStack, without the committed lock (registry hashes cannot match a local build). */
  override useStack(stackDir: string): void {
    const src = join(stackDir, "cdk.tf.json");
    if (!existsSync(src)) throw new Error(`no cdk.tf.json in ${stackDir}`);
    copyFileSync(src, join(this.dir, "cdk.tf.json"));
    writeFileSync(join(this.dir, OVERRIDE_FILE), JSON.stringify(this.override(), null, 2));
  }

  protected override override(): Record<string, unknown> {
    return {
      terraform: { backend: { local: { path: join(this.dir, "terraform.tfstate") } } },
      provider: {
        okta: {
          http_proxy: this.okta.url,
          // Okta's defaults wait 30 s to 300 s between retries; the local Okta resets its
          // rate-limit window in about a second.
          min_wait_seconds: 1,
          max_wait_seconds: 2,
          max_retries: 2,
        },
      },
    };
  }
}
