// vitest globalSetup: warm Terraform's plugin cache once before test files run in parallel.
// When terraform is missing this only reports it; the tests that need terraform fail loudly.
import { warmPluginCache } from "./terraform.js";

export default function setup(): void {
  try {
    warmPluginCache();
  } catch (err) {
    console.warn(`terraform plugin cache not warmed: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`);
  }
}
