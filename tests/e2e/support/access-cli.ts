// Runs the product's `access` CLI the way CI does (`npm run --silent access -- ...`), without
// blocking the event loop, since the emulator it talks to lives in this process.
import { spawn } from "node:child_process";
import { resolve } from "node:path";

export const REPO_ROOT = resolve(import.meta.dirname, "../../..");

export interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
  ms: number;
}

export function runAccess(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  const started = Date.now();
  return new Promise((resolveRun, reject) => {
    const child = spawn("npm", ["run", "--silent", "access", "--", ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (c: Buffer) => out.push(c));
    child.stderr.on("data", (c: Buffer) => err.push(c));
    child.on("error", reject);
    child.on("close", (code) =>
      resolveRun({ status: code ?? -1, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8"), ms: Date.now() - started }),
    );
  });
}

/** Environment pointing the AWS SDK of `access` at the emulator with dummy credentials. */
export function awsEnvFor(endpoint: string): NodeJS.ProcessEnv {
  return {
    AWS_ENDPOINT_URL_IDENTITYSTORE: endpoint,
    AWS_ACCESS_KEY_ID: "test",
    AWS_SECRET_ACCESS_KEY: "test",
    AWS_REGION: "us-east-1",
    AWS_EC2_METADATA_DISABLED: "true",
  };
}
