// vitest globalSetup: installs, on first use, what tests need that npm does not bring
// (scripts/ensure-test-tools.sh: Debian's Chromium and gh; scripts/install-okta-provider.sh: the
// okta provider). A presence check once that is done. When Chromium or gh cannot be installed the
// run stops here with the script's message; when the okta provider cannot be built (the Go module
// proxy refuses it on some machines) the run goes on and the tests that need it report themselves
// skipped with the reason (tests/support/okta-provider.ts; the global setup warns once).
import { spawnSync } from "node:child_process";
import { join } from "node:path";

export const ENSURE_TEST_TOOLS = join(import.meta.dirname, "..", "..", "scripts", "ensure-test-tools.sh");
const INSTALL_OKTA_PROVIDER = join(import.meta.dirname, "..", "..", "scripts", "install-okta-provider.sh");

export default function setup(): void {
  const result = spawnSync("bash", [ENSURE_TEST_TOOLS], { stdio: ["ignore", "inherit", "inherit"] });
  if (result.error) throw new Error(`cannot run ${ENSURE_TEST_TOOLS}: ${result.error.message}`);
  if (result.status !== 0) {
    throw new Error(`${ENSURE_TEST_TOOLS} could not install what the tests need (its message is above); fix that, then run the tests again`);
  }
  spawnSync("bash", [INSTALL_OKTA_PROVIDER], { stdio: ["ignore", "ignore", "inherit"] });
}
