// Locates the terraform binary and an offline provider mirror for tests that run real Terraform.
// Missing pieces fail loudly with how to provide them: these tests never skip silently.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";

export const INSTALL_TERRAFORM_HINT =
  "terraform was not found on PATH (or at $TERRAFORM_BIN). Install Terraform >= 1.10 " +
  "(https://developer.hashicorp.com/terraform/install, or `apt-get install terraform` from HashiCorp's apt repository) " +
  "and re-run (scripts/install-okta-provider.sh installs it with the Go client when missing); the README lists it as a prerequisite next to Node.js.";

export function terraformBinary(): string {
  const works = (bin: string) => {
    const probe = spawnSync(bin, ["version", "-json"], { encoding: "utf8" });
    return !probe.error && probe.status === 0;
  };
  const candidate = process.env.TERRAFORM_BIN ?? "terraform";
  if (works(candidate)) return candidate;
  // scripts/install-okta-provider.sh installs Terraform here when a machine has none.
  const cached = join(process.env.XDG_CACHE_HOME || join(homedir(), ".cache"), "okta-aws-access", "terraform");
  const installed = existsSync(cached) ? readdirSync(cached).map((v) => join(cached, v, "terraform")).find((bin) => existsSync(bin) && works(bin)) : undefined;
  if (!process.env.TERRAFORM_BIN && installed) return installed;
  throw new Error(INSTALL_TERRAFORM_HINT);
}

/**
 * Where CLI config and plugin cache live: one folder per test run (set by the vitest globalSetup,
 * inherited by its workers), so two runs on one machine never swap each other's cached provider.
 */
export const WORK_ROOT_ENV = "ACCESS_TF_WORK_ROOT";

export function defaultWorkRoot(): string {
  return process.env[WORK_ROOT_ENV] ?? join(tmpdir(), "access-tf");
}

const DEFAULT_MIRROR_ROOTS = ["/opt/tf-plugins", "/usr/share/terraform/plugins", join(process.env.HOME ?? "/root", ".terraform.d/plugins")];

/**
 * The folder above `registry.terraform.io` holding hashicorp/aws, or undefined when none exists
 * (then `terraform init` uses the public registry, as on any connected machine).
 * TF_PROVIDER_MIRROR names it explicitly; a named mirror that does not exist is an error.
 */
export function providerMirror(): string | undefined {
  const named = process.env.TF_PROVIDER_MIRROR;
  if (named) {
    if (!existsSync(join(named, "registry.terraform.io", "hashicorp", "aws"))) {
      throw new Error(`TF_PROVIDER_MIRROR=${named} has no registry.terraform.io/hashicorp/aws inside it`);
    }
    return named;
  }
  return DEFAULT_MIRROR_ROOTS.find((root) => existsSync(join(root, "registry.terraform.io", "hashicorp", "aws")));
}

/** Versions of hashicorp/aws in the mirror, e.g. ["5.100.0"]. */
export function mirroredAwsVersions(mirror: string): string[] {
  const dir = join(mirror, "registry.terraform.io", "hashicorp", "aws");
  return readdirSync(dir).filter((v) => statSync(join(dir, v)).isDirectory() || v.endsWith(".zip"));
}

/**
 * Environment for running terraform: a CLI config that installs hashicorp/* from the mirror
 * (when there is one), a shared plugin cache, and no prompts or telemetry.
 */
export function terraformEnv(workRoot = defaultWorkRoot()): NodeJS.ProcessEnv {
  mkdirSync(workRoot, { recursive: true });
  const mirror = providerMirror();
  const cliConfig = join(workRoot, mirror ? "mirror.tfrc" : "direct.tfrc");
  const pluginCache = join(workRoot, "plugin-cache");
  mkdirSync(pluginCache, { recursive: true });
  const install = mirror
    ? `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(mirror)}\n    include = ["registry.terraform.io/hashicorp/*"]\n  }\n  direct {\n    exclude = ["registry.terraform.io/hashicorp/*"]\n  }\n}\n`
    : "";
  // Tests start without lock files; without this flag Terraform >= 1.4 ignores the cache then and
  // re-installs into it, and parallel test files race on the cache folder.
  writeFileSync(cliConfig, `plugin_cache_dir = ${JSON.stringify(pluginCache)}\nplugin_cache_may_break_dependency_lock_file = true\n${install}`);
  return {
    ...process.env,
    TF_CLI_CONFIG_FILE: cliConfig,
    TF_IN_AUTOMATION: "1",
    TF_INPUT: "0",
    CHECKPOINT_DISABLE: "1",
  };
}

export interface TerraformRun {
  status: number;
  stdout: string;
  stderr: string;
}

export function runTerraform(args: string[], cwd: string, env: NodeJS.ProcessEnv = terraformEnv()): TerraformRun {
  const res = spawnSync(terraformBinary(), args, { cwd, env, encoding: "utf8", maxBuffer: 512 * 1024 * 1024 });
  if (res.error) throw res.error;
  return { status: res.status ?? -1, stdout: res.stdout, stderr: res.stderr };
}

/**
 * Runs terraform without blocking the event loop: needed whenever the server terraform talks to
 * (a local Identity Center, a fake Identity Store) answers from this same process.
 */
export function runTerraformAsync(args: string[], cwd: string, env: NodeJS.ProcessEnv = terraformEnv()): Promise<TerraformRun> {
  const bin = terraformBinary();
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (c: Buffer) => out.push(c));
    child.stderr.on("data", (c: Buffer) => err.push(c));
    child.on("error", reject);
    child.on("close", (code) => resolve({ status: code ?? -1, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") }));
  });
}

/** The provider settings that point hashicorp/aws at a local endpoint and skip account checks. */
export function localAwsEndpoints(url: string, services: readonly string[] = ["ssoadmin", "identitystore", "sts"]) {
  return {
    endpoints: [Object.fromEntries(services.map((s) => [s, url]))],
    skip_credentials_validation: true,
    skip_requesting_account_id: true,
    skip_metadata_api_check: true,
    skip_region_validation: true,
  };
}

/** Runs terraform and throws with its output when it exits non-zero. */
export function terraformOk(args: string[], cwd: string, env?: NodeJS.ProcessEnv): string {
  const res = runTerraform(args, cwd, env);
  if (res.status !== 0) {
    throw new Error(`terraform ${args.join(" ")} failed in ${cwd} (exit ${res.status}):\n${res.stderr}\n${res.stdout}`);
  }
  return res.stdout;
}

export function terraformVersion(): string {
  return JSON.parse(execFileSync(terraformBinary(), ["version", "-json"], { encoding: "utf8" })).terraform_version;
}

/**
 * Fills the shared plugin cache once, before test files run in parallel (vitest globalSetup):
 * concurrent `terraform init`s that all find the cache empty race while filling it.
 */
export function warmPluginCache(workRoot = defaultWorkRoot()): void {
  const dir = join(workRoot, "warm");
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, "main.tf.json"),
    JSON.stringify({ terraform: { required_providers: { aws: { source: "hashicorp/aws", version: ">= 5.100.0, < 7.0.0" } } } }),
  );
  terraformOk(["init", "-backend=false", "-input=false", "-no-color"], dir, terraformEnv(workRoot));
}
