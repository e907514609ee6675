// Runs the `access` CLI as a child process, the way workflows run it.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = join(import.meta.dirname, "..", "..");
const TSX = createRequire(import.meta.url).resolve("tsx/cli");

export function runAccess(args: string[], env: Record<string, string> = {}) {
  const res = spawnSync(process.execPath, [TSX, join(ROOT, "src/cli/main.ts"), ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

/** A fresh temporary folder. */
export function tempDir(prefix = "access-test-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A copy of the example model that a test may edit. */
export function copyExampleModel(): string {
  const dir = join(tempDir(), "access-model");
  cpSync(join(ROOT, "access-model"), dir, { recursive: true });
  return dir;
}

export const EXAMPLE_MODEL = join(ROOT, "access-model");
