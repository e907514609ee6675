// Calls GitHub's REST API through the `gh` CLI (its authentication, host and proxy settings), and
// sets secrets with `gh secret set`, which encrypts them with the repository's public key. The
// value goes to gh on stdin, never on the command line. Every call is reported through `log`; in
// a dry run the reads still run (they change nothing) and every write is only reported.
import { spawn } from "node:child_process";

export interface GhOptions {
  hostname: string;
  /** OWNER/NAME */
  repo: string;
  dryRun: boolean;
  log: (line: string) => void;
  /** The gh binary; $GH_BIN or `gh`. */
  bin?: string;
}

export class GhError extends Error {}

interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

export class GitHubCli {
  readonly writes: string[] = [];
  private readonly bin: string;

  constructor(private readonly opts: GhOptions) {
    this.bin = opts.bin ?? process.env.GH_BIN ?? "gh";
  }

  get repoPath(): string {
    return `/repos/${this.opts.repo}`;
  }

  /** GET; undefined on 404. */
  async get<T>(path: string): Promise<T | undefined> {
    const args = ["api", "--hostname", this.opts.hostname, "-X", "GET", path];
    this.opts.log(`gh ${args.join(" ")}`);
    const res = await this.exec(args);
    if (res.status !== 0) {
      if (/\(HTTP 404\)/.test(res.stderr)) return undefined;
      throw new GhError(`gh api GET ${path} failed: ${res.stderr.trim() || res.stdout.trim()}`);
    }
    return (res.stdout.trim() ? JSON.parse(res.stdout) : undefined) as T;
  }

  /** GET of a list endpoint, every page. */
  async list<T>(path: string): Promise<T[]> {
    const sep = path.includes("?") ? "&" : "?";
    const args = ["api", "--hostname", this.opts.hostname, "-X", "GET", "--paginate", `${path}${sep}per_page=100`];
    this.opts.log(`gh ${args.join(" ")}`);
    const res = await this.exec(args);
    if (res.status !== 0) throw new GhError(`gh api GET ${path} failed: ${res.stderr.trim() || res.stdout.trim()}`);
    // --paginate concatenates the pages' arrays: `[...][...]`.
    const text = res.stdout.trim();
    return text ? (JSON.parse(`[${text.replace(/\]\s*\[/g, "],[")}]`) as T[][]).flat() : [];
  }

  async write(method: "POST" | "PUT" | "PATCH" | "DELETE", path: string, body?: unknown): Promise<void> {
    const args = ["api", "--hostname", this.opts.hostname, "-X", method, path, ...(body !== undefined ? ["--input", "-"] : [])];
    const shown = `gh ${args.join(" ")}${body !== undefined ? ` <<< '${JSON.stringify(body)}'` : ""}`;
    this.writes.push(`${method} ${path}`);
    if (this.opts.dryRun) {
      this.opts.log(`[dry run, not sent] ${shown}`);
      return;
    }
    this.opts.log(shown);
    const res = await this.exec(args, body !== undefined ? JSON.stringify(body) : undefined);
    if (res.status !== 0) throw new GhError(`gh api ${method} ${path} failed: ${res.stderr.trim() || res.stdout.trim()}`);
  }

  async secretExists(name: string, environment?: string): Promise<boolean> {
    const base = environment ? `${this.repoPath}/environments/${encodeURIComponent(environment)}/secrets` : `${this.repoPath}/actions/secrets`;
    return (await this.get(`${base}/${name}`)) !== undefined;
  }

  /** `gh secret set NAME` with the value on stdin; the log shows the call, never the value. */
  async setSecret(name: string, value: string, environment?: string): Promise<void> {
    const args = ["secret", "set", name, "--repo", `${this.opts.hostname}/${this.opts.repo}`, ...(environment ? ["--env", environment] : [])];
    this.writes.push(`SECRET ${environment ? `${environment}/` : ""}${name}`);
    if (this.opts.dryRun) {
      this.opts.log(`[dry run, not sent] gh ${args.join(" ")} < (value from the prompt)`);
      return;
    }
    this.opts.log(`gh ${args.join(" ")} < (value from the prompt)`);
    const res = await this.exec(args, value);
    if (res.status !== 0) throw new GhError(`gh secret set ${name} failed: ${res.stderr.trim()}`);
  }

  private exec(args: string[], stdin?: string): Promise<Run> {
    return new Promise((resolve, reject) => {
      const child = spawn(this.bin, args, { stdio: ["pipe", "pipe", "pipe"] });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on("data", (c: Buffer) => out.push(c));
      child.stderr.on("data", (c: Buffer) => err.push(c));
      child.on("error", (e) => reject(new GhError(`cannot run ${this.bin}: ${e.message} (install the GitHub CLI: https://cli.github.com)`)));
      child.on("close", (code) => resolve({ status: code ?? -1, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") }));
      child.stdin.end(stdin ?? "");
    });
  }
}
