// The setup action (.github/actions/setup) that every job installs with: its pins, npm ci never
// running install scripts, dev dependencies left out on request, and an AWS session only when a
// role is given. Each property is checked on the real action and on a broken copy of it.
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  actionAsWorkflow,
  AWS_CREDENTIALS_ACTION,
  checkActionsPinned,
  checkInstallsWithoutScripts,
  checkConsistentPins,
  inlineAction,
  loadAction,
  loadWorkflows,
  SETUP_ACTION,
  type LocalAction,
} from "./workflow-checks.js";

type Step = { uses?: string; run?: string; with?: Record<string, string>; "continue-on-error"?: boolean };

const action = loadAction(SETUP_ACTION);
/** The action with one piece of its text replaced (must change something). */
function broken(from: string | RegExp, to: string): LocalAction {
  const text = action.text.replace(from, to);
  expect(text).not.toBe(action.text);
  return { ...action, text, doc: parse(text) };
}
const run = (inputs: Record<string, string>, a: LocalAction = action) => inlineAction({ uses: SETUP_ACTION, with: inputs }, a) as Step[];
const npmCi = (steps: Step[]) => steps.map((s) => s.run ?? "").filter((r) => /\bnpm (ci|install|i)\b/.test(r));
const aws = (steps: Step[]) => steps.filter((s) => s.uses?.startsWith(`${AWS_CREDENTIALS_ACTION}@`));
/** The action's npm installs as a credentialed job would run them, for the trusted-code check. */
const asCredentialedJob = (a: LocalAction, inputs: Record<string, string>) =>
  ({ file: a.file, text: a.text, doc: { jobs: { a: { permissions: { "id-token": "write" }, steps: run(inputs, a) } } }, raw: {} }) as never;

describe("the setup action", () => {
  it("pins every action it uses to a commit SHA with a version comment, as the workflows pin them", () => {
    expect(checkActionsPinned(actionAsWorkflow(action))).toEqual([]);
    expect(checkConsistentPins([...loadWorkflows(), actionAsWorkflow(action)])).toEqual([]);
    const unpinned = broken(/actions\/setup-node@[0-9a-f]{40}/, "actions/setup-node@v7");
    expect(checkActionsPinned(actionAsWorkflow(unpinned))).toEqual([`${action.file}: actions/setup-node@v7 is not pinned to a full 40-character commit SHA`]);
  });

  it("always runs npm ci with --ignore-scripts, with or without dev dependencies", () => {
    for (const omit of ["true", "false"]) {
      const installs = npmCi(run({ "node-version": "24", "omit-dev": omit }));
      expect(installs).toHaveLength(1);
      expect(checkInstallsWithoutScripts(asCredentialedJob(action, { "node-version": "24", "omit-dev": omit }))).toEqual([]);
    }
    for (const [from, omit] of [["npm ci --ignore-scripts", "false"], ["npm ci --omit=dev --ignore-scripts", "true"]] as const) {
      const withScripts = broken(`run: ${from}\n`, `run: ${from.replace(" --ignore-scripts", "")}\n`);
      expect(checkInstallsWithoutScripts(asCredentialedJob(withScripts, { "node-version": "24", "omit-dev": omit }))).toHaveLength(1);
    }
  });

  it("leaves out dev dependencies only when asked", () => {
    expect(npmCi(run({ "node-version": "24", "omit-dev": "true" }))).toEqual(["npm ci --omit=dev --ignore-scripts"]);
    expect(npmCi(run({ "node-version": "24" }))).toEqual(["npm ci --ignore-scripts"]);
  });

  it("sets up Node.js, Terraform and an AWS session each only when asked", () => {
    expect(run({})).toEqual([]);
    expect(run({ "node-version": "24" }).map((s) => s.uses ?? s.run)).toEqual([expect.stringMatching(/^actions\/setup-node@/), "npm ci --ignore-scripts"]);
    const tf = run({ "terraform-version": "1.11.4" });
    expect(tf.map((s) => s.uses?.split("@")[0] ?? "run")).toEqual(["actions/cache", "run", "hashicorp/setup-terraform"]);
    expect(tf[2]!.with).toEqual({ terraform_version: "1.11.4", terraform_wrapper: false });
  });

  it("assumes an AWS role only when one is given, with the session the job names", () => {
    expect(aws(run({ "node-version": "24", "terraform-version": "1.11.4", "aws-region": "eu-west-1", "role-session-name": "x" }))).toEqual([]);
    const session = aws(run({ "role-to-assume": "${{ vars.AWS_PLAN_ROLE_ARN }}", "role-session-name": "access-x-${{ github.run_id }}", "aws-region": "${{ vars.AWS_REGION }}" }));
    expect(session).toHaveLength(1);
    expect(session[0]!.with).toEqual({
      "role-to-assume": "${{ vars.AWS_PLAN_ROLE_ARN }}",
      "role-session-name": "access-x-${{ github.run_id }}",
      "aws-region": "${{ vars.AWS_REGION }}",
      "role-duration-seconds": "3600",
    });
    expect(session[0]!["continue-on-error"]).toBe(false);
    expect(aws(run({ "role-to-assume": "arn", "aws-optional": "true" }))[0]!["continue-on-error"]).toBe(true);
    // An unconditional session step would assume a role (or fail) in every job.
    const always = broken("    - if: inputs.role-to-assume != ''\n      uses: aws-actions", "    - uses: aws-actions");
    expect(aws(run({ "node-version": "24" }, always))).toHaveLength(1);
  });

  it("reads no secrets (a composite action cannot): what a step needs stays in that step's env", () => {
    expect(action.text).not.toMatch(/secrets\./);
  });

  it("is what every workflow installs with: no workflow sets up Node.js, Terraform, the provider cache or AWS itself", () => {
    const own = ["actions/setup-node@", "hashicorp/setup-terraform@", "actions/cache@", `${AWS_CREDENTIALS_ACTION}@`];
    for (const wf of loadWorkflows()) {
      for (const [id, job] of Object.entries(wf.raw.jobs as Record<string, { steps?: Step[] }>)) {
        for (const step of job.steps ?? []) {
          const where = `${wf.file} job ${id}`;
          expect([where, step.uses ?? ""]).not.toEqual([where, expect.stringMatching(new RegExp(`^(${own.join("|")})`))]);
          expect([where, /\bnpm (ci|install|i)\b/.test(step.run ?? "")]).toEqual([where, false]);
        }
      }
    }
  });
});
