// vitest globalSetup: installs, on first use, what tests need that npm does not bring
// (scripts/ensure-test-tools.sh: Debian's Chromium today). A presence check once that is done;
// when something cannot be installed the run stops here with the script's message.
import { spawnSync } from "node:child_process";
import { join } from "node:path";

export const ENSURE_TEST_TOOLS = join(import.meta.dirname, "..", "..", "scripts", "ensure-test-tools.sh");

export default function setup(): void {
  const result = spawnSync("bash", [ENSURE_TEST_TOOLS], { stdio: ["ignore", "inherit", "inherit"] });
  if (result.error) throw new Error(`cannot run ${ENSURE_TEST_TOOLS}: ${result.error.message}`);
  if (result.status !== 0) {
    throw new Error(`${ENSURE_TEST_TOOLS} could not install what the tests need (its message is above); fix that, then run the tests again`);
  }
}
