// Finds the okta/okta provider that scripts/install-okta-provider.sh builds, the way
// tests/support/terraform.ts finds hashicorp/aws: OKTA_PROVIDER_MIRROR names a mirror root, else
// the script's cache folder (tests/support/okta-describe.ts skips loudly when it is missing).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { defaultWorkRoot, providerMirror, terraformEnv } from "./terraform.js";

export interface OktaProviderPin {
  version: string;
  module: string;
  commit: string;
  terraform: string;
}

const PIN_FILE = join(import.meta.dirname, "..", "..", "terraform", "okta", "provider-build.json");

export function oktaProviderPin(): OktaProviderPin {
  return JSON.parse(readFileSync(PIN_FILE, "utf8")) as OktaProviderPin;
}

export const OKTA_MIRROR_ENV = "OKTA_PROVIDER_MIRROR";

function platform(): string {
  const arch = process.arch === "x64" ? "amd64" : process.arch;
  return `${process.platform}_${arch}`;
}

/** Where install-okta-provider.sh puts the mirror when OKTA_PROVIDER_MIRROR is not set. */
export function cachedOktaMirror(version = oktaProviderPin().version): string {
  const cacheHome = process.env.XDG_CACHE_HOME || join(homedir(), ".cache");
  return join(cacheHome, "okta-aws-access", "okta-provider", version);
}

export function oktaBinaryIn(mirror: string, version = oktaProviderPin().version): string {
  return join(mirror, "registry.terraform.io", "okta", "okta", version, platform(), `terraform-provider-okta_v${version}`);
}

export type OktaProviderLookup = { mirror: string; missing?: undefined } | { mirror?: undefined; missing: string };

export function findOktaProvider(): OktaProviderLookup {
  const { version } = oktaProviderPin();
  const named = process.env[OKTA_MIRROR_ENV];
  const mirror = named || cachedOktaMirror(version);
  if (existsSync(oktaBinaryIn(mirror, version))) return { mirror };
  const where = named ? `${OKTA_MIRROR_ENV}=${named} has no ${oktaBinaryIn("", version).slice(1)}` : `okta/okta ${version} is not built in ${mirror}`;
  return { missing: `${where}; run scripts/install-okta-provider.sh (it says why when it cannot build it)` };
}

/**
 * terraformEnv plus a CLI config that installs okta/okta from its mirror. Terraform records the
 * local build's own hashes in the lock file of the scratch folder it runs in; the committed
 * terraform/okta/.terraform.lock.hcl (registry hashes) is never involved.
 */
export function oktaTerraformEnv(workRoot = defaultWorkRoot()): NodeJS.ProcessEnv {
  const found = findOktaProvider();
  if (!found.mirror) throw new Error(`the okta provider is missing: ${found.missing}`);
  const env = terraformEnv(workRoot);
  mkdirSync(workRoot, { recursive: true });
  const aws = providerMirror();
  const mirrors = [
    `  filesystem_mirror {\n    path    = ${JSON.stringify(found.mirror)}\n    include = ["registry.terraform.io/okta/okta"]\n  }`,
    ...(aws ? [`  filesystem_mirror {\n    path    = ${JSON.stringify(aws)}\n    include = ["registry.terraform.io/hashicorp/*"]\n  }`] : []),
  ];
  const excluded = aws ? '"registry.terraform.io/okta/okta", "registry.terraform.io/hashicorp/*"' : '"registry.terraform.io/okta/okta"';
  const cliConfig = join(workRoot, "okta-mirror.tfrc");
  const pluginCache = join(workRoot, "plugin-cache");
  writeFileSync(
    cliConfig,
    `plugin_cache_dir = ${JSON.stringify(pluginCache)}\nplugin_cache_may_break_dependency_lock_file = true\n` +
      `provider_installation {\n${mirrors.join("\n")}\n  direct {\n    exclude = [${excluded}]\n  }\n}\n`,
  );
  return { ...env, TF_CLI_CONFIG_FILE: cliConfig };
}
