// vitest globalSetup: one Terraform work folder (CLI config + plugin cache) per test run, warmed
// once before test files run in parallel. When terraform is missing this only reports it; the
// tests that need terraform fail loudly.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findOktaProvider } from "./okta-provider.js";
import { warmPluginCache, WORK_ROOT_ENV } from "./terraform.js";

export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), "access-tf-run-"));
  process.env[WORK_ROOT_ENV] = root;
  try {
    warmPluginCache(root);
  } catch (err) {
    console.warn(`terraform plugin cache not warmed: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`);
  }
  const okta = findOktaProvider();
  if (okta.missing) console.warn(`WARNING: the okta provider is missing, so the tests that run it are SKIPPED: ${okta.missing}`);
  return () => rmSync(root, { recursive: true, force: true });
}
