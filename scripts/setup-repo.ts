// `npm run setup:repo -- --outputs bootstrap-outputs.json --reviewers acme/identity-team ...`:
// configures the GitHub repository for the workflows through the `gh` CLI (docs/setup.md step 2).
// Idempotent; `--dry-run` prints every call and sends no write; secrets are asked for on the
// terminal without echo (or read from stdin when it is not a terminal) and never printed.
import { readFileSync, writeFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { Writable } from "node:stream";
import { parseArgs } from "node:util";
import { GhError, GitHubCli } from "../src/setup/gh.js";
import { replaceCodeownersTeams, SetupError, setUpRepository, type SecretRequest } from "../src/setup/repo-setup.js";

const USAGE = `usage: npm run setup:repo -- --outputs FILE --reviewers ORG/TEAM[,ORG/TEAM] --bot-app-id N --bot-app-client-id ID
                          --approval-app-client-id ID (--approval-app-slug SLUG | --approval-app-id N) --privileged-team ORG/TEAM
                          [--repo OWNER/NAME] [--hostname HOST]
                          [--team SLUG=@ORG/TEAM ...] [--codeowners FILE] [--rotate-secrets] [--dry-run]

  --outputs       \`terraform output -json\` of the bootstrap stack (roles, region, repository)
  --reviewers     teams that approve each job in the production environment
  --bot-app-*     the automation GitHub App (Contents and Pull requests: write; Organization
                  Members: read, for elevate.yml's team requesters), the only actor that may move
                  the access-last-applied tag; its key goes to environment automation
  --approval-*    the risk-based approval app (Members: read, Commit statuses: write) and the
                  privileged team; the required status access/risk-approval is pinned to the app's
                  id (given, or looked up from its slug, the name in https://github.com/apps/SLUG)
  --team          replaces @acme/SLUG in CODEOWNERS, e.g. --team identity-team=@example/iam
  --dry-run       reads, and prints every call; writes nothing`;

function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      outputs: { type: "string" },
      repo: { type: "string" },
      hostname: { type: "string" },
      reviewers: { type: "string" },
      "bot-app-id": { type: "string" },
      "bot-app-client-id": { type: "string" },
      "approval-app-client-id": { type: "string" },
      "approval-app-slug": { type: "string" },
      "approval-app-id": { type: "string" },
      "privileged-team": { type: "string" },
      team: { type: "string", multiple: true },
      codeowners: { type: "string" },
      "rotate-secrets": { type: "boolean" },
      "dry-run": { type: "boolean" },
      help: { type: "boolean" },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return Promise.resolve(0);
  }
  const usage = (msg: string) => {
    process.stderr.write(`setup-repo: ${msg}\n${USAGE}\n`);
    return Promise.resolve(2);
  };
  if (!values.outputs) return usage("--outputs is required (cd bootstrap/cdktf.out/stacks/bootstrap && terraform output -json > bootstrap-outputs.json)");
  let outputs: Record<string, { value: string }>;
  try {
    outputs = JSON.parse(readFileSync(values.outputs, "utf8"));
  } catch (err) {
    return usage(`cannot read ${values.outputs}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const out = (name: string) => outputs[name]?.value;
  const repo = values.repo ?? out("repository");
  if (!repo || !/^[\w.-]+\/[\w.-]+$/.test(repo)) return usage("--repo OWNER/NAME is required (or the bootstrap output `repository`)");
  for (const name of ["aws_region", "plan_role_arn", "apply_role_arn"]) if (!out(name)) return usage(`${values.outputs} has no output ${name}: is it the bootstrap stack's?`);
  const botId = Number(values["bot-app-id"]);
  if (!Number.isInteger(botId) || botId <= 0 || !values["bot-app-client-id"]) return usage("--bot-app-id and --bot-app-client-id are required (the automation app; docs/setup.md step 2)");
  if (!values["approval-app-client-id"] || !values["privileged-team"]) return usage("--approval-app-client-id and --privileged-team are required (the risk-based approval app; docs/setup.md 7.1)");
  const approvalId = values["approval-app-id"] === undefined ? undefined : Number(values["approval-app-id"]);
  if (approvalId !== undefined && (!Number.isInteger(approvalId) || approvalId <= 0)) return usage("--approval-app-id is the app's numeric id");
  const approvalSlug = values["approval-app-slug"];
  if (approvalSlug !== undefined && !/^[a-z0-9][a-z0-9-]*$/.test(approvalSlug)) return usage("--approval-app-slug is the app's slug, the name in https://github.com/apps/SLUG");
  if (approvalId === undefined && approvalSlug === undefined) return usage("--approval-app-slug or --approval-app-id is required: access/risk-approval is pinned to the approval app");
  const reviewers = (values.reviewers ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  if (reviewers.length === 0 || reviewers.some((r) => !/^[\w.-]+\/[\w.-]+$/.test(r))) return usage("--reviewers ORG/TEAM[,ORG/TEAM] is required: who approves applies");
  const teams: Record<string, string> = {};
  for (const t of values.team ?? []) {
    const m = /^([\w.-]+)=(@[\w.-]+\/[\w.-]+)$/.exec(t);
    if (!m) return usage(`--team ${t}: write SLUG=@ORG/TEAM`);
    teams[m[1]!] = m[2]!;
  }

  const dryRun = values["dry-run"] === true;
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const note = (line: string) => process.stdout.write(`note: ${line}\n`);
  const gh = new GitHubCli({ hostname: values.hostname ?? process.env.GH_HOST ?? "github.com", repo, dryRun, log });
  const input = {
    awsRegion: out("aws_region")!,
    planRoleArn: out("plan_role_arn")!,
    applyRoleArn: out("apply_role_arn")!,
    reviewers,
    botApp: { id: botId, clientId: values["bot-app-client-id"] },
    approval: {
      clientId: values["approval-app-client-id"],
      privilegedTeam: values["privileged-team"],
      ...(approvalId !== undefined ? { id: approvalId } : {}),
      ...(approvalSlug !== undefined ? { slug: approvalSlug } : {}),
    },
    rotateSecrets: values["rotate-secrets"] === true,
  };
  const prompter = new SecretPrompter();
  return setUpRepository(gh, input, (req) => prompter.ask(req), note)
    .then(() => {
      const file = values.codeowners ?? ".github/CODEOWNERS";
      const before = readFileSync(file, "utf8");
      const { text, left } = replaceCodeownersTeams(before, teams);
      if (text !== before) {
        if (dryRun) log(`[dry run, not written] ${file}: team placeholders replaced`);
        else {
          writeFileSync(file, text);
          log(`${file}: team placeholders replaced; commit it in your first pull request`);
        }
      }
      if (left.length) note(`${file} still names placeholder teams ${left.join(", ")}: pass --team SLUG=@ORG/TEAM for each`);
      log(`${dryRun ? "dry run: " : ""}${gh.writes.length} write(s)${dryRun ? " would be made" : ""}; next: npm run access -- doctor (docs/setup.md step 3)`);
      return 0;
    })
    .catch((err: unknown) => {
      if (err instanceof SetupError || err instanceof GhError) {
        process.stderr.write(`setup-repo: ${err.message}\n`);
        return 1;
      }
      throw err;
    })
    .finally(() => prompter.close());
}

/** Reads secrets without echo on a terminal; from stdin lines otherwise (tests, pipes). */
class SecretPrompter {
  private lines: AsyncIterator<string> | undefined;
  private rl: ReturnType<typeof createInterface> | undefined;

  async ask(req: SecretRequest): Promise<string> {
    process.stderr.write(`${req.name} (${req.where}): ${req.describe}${req.pem ? " (paste it, up to its -----END line)" : ""}: `);
    if (!this.lines) {
      const muted = new Writable({ write: (_chunk, _enc, done) => done() });
      this.rl = createInterface({ input: process.stdin, output: muted, terminal: process.stdin.isTTY === true });
      this.lines = this.rl[Symbol.asyncIterator]();
    }
    const read: string[] = [];
    for (;;) {
      const next = await this.lines.next();
      if (next.done) break;
      read.push(next.value);
      if (!req.pem || /^-----END [A-Z ]+-----\s*$/.test(next.value)) break;
    }
    process.stderr.write("(received, not shown)\n");
    return read.join("\n") + (req.pem ? "\n" : "");
  }

  close(): void {
    this.rl?.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`setup-repo: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
