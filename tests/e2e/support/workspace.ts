// One Terraform working folder per scenario, driving the real hashicorp/aws provider against the
// local Identity Center. Each step copies a freshly synthesized identity-center stack in, next to
// an override file that points the provider at the emulator and keeps state in this folder.
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { localAwsEndpoints, providerMirror, runTerraformAsync, terraformBinary, terraformEnv, type TerraformRun } from "../../support/terraform.js";

export const OVERRIDE_FILE = "zz_e2e_override.tf.json";

/** Fails (never skips) when this machine cannot run the e2e suite, saying how to fix it. */
export function requireTerraformAndMirror(): void {
  terraformBinary();
  if (!providerMirror()) {
    throw new Error(
      "The e2e suite runs the real hashicorp/aws provider offline and found no provider mirror. " +
        "Provide one: `terraform providers mirror -platform=linux_amd64 /opt/tf-plugins` in a folder whose " +
        'required_providers has aws = { source = "hashicorp/aws", version = "5.100.0" } (on a connected machine), ' +
        "copy /opt/tf-plugins here, or set TF_PROVIDER_MIRROR to the folder holding registry.terraform.io/hashicorp/aws.",
    );
  }
}

export interface ResourceChange {
  address: string;
  type: string;
  mode: "managed" | "data";
  actions: string[];
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  afterUnknown: Record<string, unknown>;
  replacePaths: unknown[];
}

export interface Plan {
  changes: ResourceChange[];
  /** Managed resources whose actions are not ["no-op"] (read-only data sources excluded). */
  effective: ResourceChange[];
  raw: Record<string, unknown>;
}

export class TerraformWorkspace {
  readonly dir: string;
  readonly env: NodeJS.ProcessEnv;
  private initialized = false;

  constructor(
    name: string,
    private readonly endpoint: string,
    private readonly parallelism = 10,
  ) {
    this.dir = mkdtempSync(join(tmpdir(), `access-e2e-${name}-`));
    this.env = {
      // The run's own plugin cache (tests/support/global-setup.ts): every scenario shares one
      // provider install, and no other test run on the machine can swap it.
      ...terraformEnv(),
      AWS_ACCESS_KEY_ID: "test",
      AWS_SECRET_ACCESS_KEY: "test",
      AWS_SESSION_TOKEN: "",
      AWS_EC2_METADATA_DISABLED: "true",
      AWS_PROFILE: "",
      AWS_CONFIG_FILE: "/dev/null",
      AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
    };
    delete this.env.AWS_PROFILE;
    delete this.env.AWS_SESSION_TOKEN;
  }

  /** Replaces the configuration with the stack in `stackDir` (a synthesized cdk.tf.json). */
  useStack(stackDir: string): void {
    const src = join(stackDir, "cdk.tf.json");
    if (!existsSync(src)) throw new Error(`no cdk.tf.json in ${stackDir}`);
    copyFileSync(src, join(this.dir, "cdk.tf.json"));
    // The committed provider lock travels with the stack, as in CI (terraform-plan.sh inits with -lockfile=readonly).
    const lock = join(stackDir, ".terraform.lock.hcl");
    if (existsSync(lock)) copyFileSync(lock, join(this.dir, ".terraform.lock.hcl"));
    writeFileSync(join(this.dir, OVERRIDE_FILE), JSON.stringify(this.override(), null, 2));
  }

  protected override(): Record<string, unknown> {
    const url = this.endpoint;
    return {
      terraform: { backend: { local: { path: join(this.dir, "terraform.tfstate") } } },
      provider: {
        aws: localAwsEndpoints(url),
      },
    };
  }

  /**
   * Runs terraform without blocking the event loop: the emulator answers from this same process,
   * so the synchronous runner in tests/support would deadlock against it.
   */
  run(args: string[]): Promise<TerraformRun> {
    return runTerraformAsync(args, this.dir, this.env);
  }

  async ok(args: string[]): Promise<string> {
    const res = await this.run(args);
    if (res.status !== 0) throw new Error(`terraform ${args.join(" ")} failed (exit ${res.status}) in ${this.dir}:\n${res.stderr}\n${res.stdout.slice(-4000)}`);
    return res.stdout;
  }

  async init(): Promise<void> {
    if (this.initialized) return;
    await this.ok(["init", "-input=false", "-no-color"]);
    this.initialized = true;
  }

  /** `terraform plan -out`, then the plan as JSON. Throws when planning fails. */
  async plan(extra: string[] = []): Promise<Plan> {
    await this.init();
    await this.ok(["plan", "-input=false", "-no-color", `-parallelism=${this.parallelism}`, "-out=tfplan", ...extra]);
    return this.showPlan();
  }

  /** The saved plan as JSON. */
  async showPlan(): Promise<Plan> {
    const raw = JSON.parse(await this.ok(["show", "-json", "-no-color", "tfplan"])) as Record<string, unknown>;
    const changes = ((raw.resource_changes ?? []) as Array<Record<string, any>>).map((rc) => ({
      address: rc.address as string,
      type: rc.type as string,
      mode: rc.mode as "managed" | "data",
      actions: rc.change.actions as string[],
      before: rc.change.before ?? null,
      after: rc.change.after ?? null,
      afterUnknown: rc.change.after_unknown ?? {},
      replacePaths: rc.change.replace_paths ?? [],
    }));
    return { changes, effective: changes.filter((c) => c.mode === "managed" && !(c.actions.length === 1 && c.actions[0] === "no-op")), raw };
  }

  /** Applies the saved plan. */
  applyPlan(): Promise<TerraformRun> {
    return this.run(["apply", "-input=false", "-no-color", `-parallelism=${this.parallelism}`, "tfplan"]);
  }

  /** Plans and applies in one step (`apply -auto-approve`). */
  async apply(): Promise<TerraformRun> {
    await this.init();
    return this.run(["apply", "-input=false", "-no-color", "-auto-approve", `-parallelism=${this.parallelism}`]);
  }

  state(): Record<string, unknown> {
    const path = join(this.dir, "terraform.tfstate");
    return existsSync(path) ? JSON.parse(readFileSync(path, "utf8")) : {};
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
