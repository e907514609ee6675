// Reproducible provider installs: each synthesized stack gets the committed dependency lock file
// of its kind (terraform/<kind>/.terraform.lock.hcl), so `terraform init -lockfile=readonly`
// installs exactly the versions and checksums that were reviewed. Every identity-center stack
// (the base and each identity-center-shard-NN) uses the same AWS lock.
import { copyFileSync, existsSync, readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { providerFolderOf } from "../src/layout/index.js";

export const LOCK_FILE = ".terraform.lock.hcl";

/** terraform/ at the repository root: versions.tf and the lock file per stack kind. */
export const PINS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..", "terraform");


/**
 * Copies the lock file of each stack's kind into cdktf.out/stacks/<stack>/. A kind without a
 * committed lock file (okta until a maintainer generates it on a connected machine) gets none, and
 * a readonly init then fails loudly instead of trusting whatever the registry serves.
 */
export function installLockFiles(outdir: string, pinsDir = PINS_DIR): string[] {
  const stacksDir = join(outdir, "stacks");
  if (!existsSync(stacksDir)) return [];
  const installed: string[] = [];
  for (const stack of readdirSync(stacksDir).sort()) {
    const lock = join(pinsDir, providerFolderOf(stack), LOCK_FILE);
    if (!existsSync(lock)) continue;
    copyFileSync(lock, join(stacksDir, stack, LOCK_FILE));
    installed.push(stack);
  }
  return installed;
}
