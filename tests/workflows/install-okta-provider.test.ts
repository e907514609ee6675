// scripts/install-okta-provider.sh: reuses a mirror that holds the pinned build, says why when it
// cannot build, and reports a missing terraform or Go plainly (exit 69), progress on stderr only.
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { oktaBinaryIn, oktaProviderPin } from "../support/okta-provider.js";
import { terraformBinary } from "../support/terraform.js";

const SCRIPT = join(import.meta.dirname, "..", "..", "scripts", "install-okta-provider.sh");
const scratch = mkdtempSync(join(tmpdir(), "install-okta-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A PATH with bash, coreutils and sed, plus the tools named here (linked into a folder of their own). */
function pathWith(tools: Record<string, string>): string {
  const bin = mkdtempSync(join(scratch, "bin-"));
  for (const [name, target] of Object.entries(tools)) symlinkSync(target, join(bin, name));
  return `${bin}:/usr/bin:/bin`;
}

function run(env: Record<string, string>) {
  return spawnSync("bash", [SCRIPT], { env: { HOME: scratch, ...env }, encoding: "utf8" });
}

describe("install-okta-provider.sh", () => {
  const { version } = oktaProviderPin();
  const terraform = spawnSync("bash", ["-c", `command -v ${terraformBinary()}`], { encoding: "utf8" }).stdout.trim();

  it("uses a mirror that already holds the pinned build as it is, and prints its root on stdout", () => {
    const mirror = join(scratch, "mirror");
    const binary = oktaBinaryIn(mirror, version);
    mkdirSync(dirname(binary), { recursive: true });
    writeFileSync(binary, "#!/bin/sh\n");
    chmodSync(binary, 0o755);
    const res = run({ PATH: pathWith({ terraform }), OKTA_PROVIDER_MIRROR: mirror, TF_PROVIDER_MIRROR: "/opt/tf-plugins" });
    expect(res.status, res.stderr).toBe(0);
    expect(res.stdout).toBe(`${mirror}\n`);
    expect(res.stderr).toContain(`okta/okta ${version} already installed: ${binary}`);
  });

  it("says plainly that it needs Go to build the provider when there is none, printing nothing on stdout", () => {
    const cache = join(scratch, "xdg");
    const res = run({ PATH: pathWith({ terraform }), XDG_CACHE_HOME: cache });
    expect(res.status).toBe(69);
    expect(res.stdout).toBe("");
    expect(res.stderr).toMatch(/the Go toolchain \(go\) is not on PATH/);
  });

  it("says plainly when terraform and an offline hashicorp/aws mirror are missing", () => {
    const res = run({ PATH: pathWith({}), XDG_CACHE_HOME: join(scratch, "xdg2"), TF_PROVIDER_MIRROR: join(scratch, "nowhere") });
    expect(res.stderr).toMatch(/terraform is not on PATH .*installing Terraform 1\.11\.\d+/);
    expect(res.stderr).toMatch(/no offline hashicorp\/aws mirror/);
    expect(res.status).toBe(69); // no Go here either: it cannot install terraform, and says so
  });
});
