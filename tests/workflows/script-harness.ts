// Runs the scripts in scripts/ci the way the workflows do, with a recording stand-in for the
// `gh` CLI (or the access CLI) on PATH, so tests see exactly which API calls a script makes.
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const SCRIPTS = resolve("scripts/ci");

export interface StubRule {
  /** Every string must occur in the call's arguments joined by spaces. */
  when: string[];
  stdout?: string;
  exit?: number;
}

export interface StubCall {
  args: string[];
  stdin?: string;
  bodyFile?: string;
}

export interface Stub {
  dir: string;
  env: NodeJS.ProcessEnv;
  calls(): StubCall[];
}

const STUB_SOURCE = `#!/usr/bin/env node
const fs = require("fs");
const args = process.argv.slice(2);
const call = { args };
const input = args.indexOf("--input");
if (input >= 0 && args[input + 1] === "-") call.stdin = fs.readFileSync(0, "utf8");
const bodyFile = args.indexOf("--body-file");
if (bodyFile >= 0) call.bodyFile = fs.readFileSync(args[bodyFile + 1], "utf8");
fs.appendFileSync(process.env.STUB_LOG, JSON.stringify(call) + "\\n");
const joined = args.join(" ");
const rules = JSON.parse(fs.readFileSync(process.env.STUB_RULES, "utf8"));
const rule = rules.find((r) => r.when.every((w) => joined.includes(w)));
if (rule && rule.stdout !== undefined) process.stdout.write(rule.stdout);
process.exit(rule && rule.exit !== undefined ? rule.exit : 0);
`;

/** Puts an executable NAME on PATH that logs each call and answers by the first matching rule. */
export function stubCommand(name: string, rules: StubRule[]): Stub {
  const dir = mkdtempSync(join(tmpdir(), `stub-${name}-`));
  const bin = join(dir, "bin");
  mkdirSync(bin);
  writeFileSync(join(bin, name), STUB_SOURCE);
  chmodSync(join(bin, name), 0o755);
  const log = join(dir, "calls.jsonl");
  writeFileSync(join(dir, "rules.json"), JSON.stringify(rules));
  return {
    dir,
    env: { PATH: `${bin}:${process.env.PATH ?? ""}`, STUB_LOG: log, STUB_RULES: join(dir, "rules.json") },
    calls: () =>
      existsSync(log)
        ? readFileSync(log, "utf8")
            .split("\n")
            .filter(Boolean)
            .map((l) => JSON.parse(l) as StubCall)
        : [],
  };
}

export interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

export function runScript(script: string, args: string[], env: NodeJS.ProcessEnv = {}, cwd?: string): Run {
  const res = spawnSync("bash", [join(SCRIPTS, script), ...args], {
    cwd,
    // GITHUB_ACTIONS off unless a test sets it: the scripts fence output on runners (quote-output.sh),
    // and a test's result must not depend on whether it runs in Actions.
    env: { ...process.env, GITHUB_ACTIONS: "", GH_REPO: "acme/access", ...env },
    encoding: "utf8",
  });
  if (res.error) throw res.error;
  return { status: res.status ?? -1, stdout: res.stdout, stderr: res.stderr };
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `${prefix}-`));
}

/** True when a mutating gh call (anything but listing or viewing) was made. */
export function mutations(calls: StubCall[]): StubCall[] {
  return calls.filter((c) => {
    const [a, b] = c.args;
    if (a === "api") return c.args.includes("--method") && !c.args.includes("GET");
    return !(b === "list" || b === "view");
  });
}

export function requireJq(): void {
  const probe = spawnSync("jq", ["--version"], { encoding: "utf8" });
  if (probe.error || probe.status !== 0) {
    throw new Error("jq was not found on PATH: the CI scripts need it (it is preinstalled on GitHub-hosted runners; apt-get install jq)");
  }
}

/** git in CWD as a fixed test author; throws with git's message on failure. */
export function git(cwd: string, ...args: string[]): string {
  const res = spawnSync("git", args, {
    cwd,
    encoding: "utf8",
    env: { ...process.env, GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.com", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.com" },
  });
  if (res.status !== 0) throw new Error(`git ${args.join(" ")}: ${res.stderr}`);
  return res.stdout.trim();
}

/** Writes ROOT/PATH, creating its folders. */
export function write(root: string, path: string, text: string): void {
  mkdirSync(join(root, path, ".."), { recursive: true });
  writeFileSync(join(root, path), text);
}
