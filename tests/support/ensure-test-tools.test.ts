// scripts/ensure-test-tools.sh: quick when Chromium is there, installs Debian's package when it
// is not (as root or through password-less sudo), and stops with a clear message when it cannot.
// apt-get, sudo and id are stand-ins on PATH here (the real install is what .ci/run and a first
// `npm test` do); they record their calls so a test sees what would have run.
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ENSURE_TEST_TOOLS } from "./test-tools-setup.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "ensure-test-tools-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function tool(name: string, body: string): void {
  const path = join(dir, "bin", name);
  writeFileSync(path, `#!/bin/bash\necho "${name} $*" >>"${join(dir, "calls")}"\n${body}\n`);
  chmodSync(path, 0o755);
}

function setupBin(opts: { uid: number; sudo?: boolean; apt?: "installs" | "no-network" | "installs-nothing" | "absent"; gh?: false }): string {
  spawnSync("mkdir", ["-p", join(dir, "bin")]);
  tool("id", `echo ${opts.uid}`);
  if (opts.gh !== false) tool("gh", "true");
  const chromium = join(dir, "chromium");
  if (opts.sudo) tool("sudo", 'if [[ $1 == -n ]]; then shift; fi; if [[ $# -eq 1 && $1 == true ]]; then exit 0; fi; "$@"');
  if (opts.apt !== "absent") {
    const install =
      opts.apt === "installs" ? `printf '#!/bin/bash\\necho "Chromium 1.2.3"\\n' >"${chromium}"; /bin/chmod +x "${chromium}"` : opts.apt === "no-network" ? "echo 'Temporary failure resolving deb.debian.org' >&2; exit 100" : "true";
    const installGh = `printf '#!/bin/bash\\ntrue\\n' >"${join(dir, "bin", "gh")}"; /bin/chmod +x "${join(dir, "bin", "gh")}"`;
    tool("apt-get", `case "$3" in update) ${opts.apt === "no-network" ? "echo 'Temporary failure resolving deb.debian.org' >&2; exit 100" : "true"} ;; install) if [[ \${@: -1} == gh ]]; then ${opts.apt === "installs" ? installGh : "true"}; else ${install}; fi ;; esac`);
  }
  return chromium;
}

function run(chromiumPaths: string, args: string[] = [], env: Record<string, string> = {}) {
  const r = spawnSync("/bin/bash", [ENSURE_TEST_TOOLS, ...args], {
    encoding: "utf8",
    env: { PATH: join(dir, "bin"), CHROMIUM_PATHS: chromiumPaths, TMPDIR: dir, ...env },
  });
  const calls = existsSync(join(dir, "calls")) ? readFileSync(join(dir, "calls"), "utf8").trim().split("\n") : [];
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, calls: calls.filter((c) => !c.startsWith("id ")) };
}

describe("scripts/ensure-test-tools.sh", () => {
  it("does nothing, quietly, when Chromium is there (CHROMIUM_BIN or a known path)", () => {
    const chromium = setupBin({ uid: 1000, apt: "installs" });
    writeFileSync(chromium, "#!/bin/bash\n");
    chmodSync(chromium, 0o755);
    expect(run(chromium)).toMatchObject({ code: 0, stdout: "", stderr: "", calls: [] });
    expect(run(join(dir, "nowhere"), [], { CHROMIUM_BIN: chromium })).toMatchObject({ code: 0, stderr: "", calls: [] });
  });

  it("installs Debian's chromium as root with progress on stderr, then is a no-op on the next run", () => {
    const chromium = setupBin({ uid: 0, apt: "installs" });
    const first = run(chromium);
    expect(first.code).toBe(0);
    expect(first.stdout).toBe("");
    expect(first.calls).toEqual(["apt-get -o DPkg::Lock::Timeout=600 update -q", "apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends chromium"]);
    expect(first.stderr).toContain("installing Debian's chromium");
    expect(first.stderr).toContain(`chromium installed: ${chromium}`);
    const second = run(chromium);
    expect(second).toMatchObject({ code: 0, stderr: "" });
    expect(second.calls).toEqual(first.calls); // nothing more ran
  });

  it("installs through password-less sudo when not root", () => {
    const chromium = setupBin({ uid: 1000, sudo: true, apt: "installs" });
    const r = run(chromium);
    expect(r.code).toBe(0);
    expect(r.calls.filter((c) => c.startsWith("apt-get"))).toEqual(["apt-get -o DPkg::Lock::Timeout=600 update -q", "apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends chromium"]);
    expect(r.calls).toContain("sudo -n apt-get -o DPkg::Lock::Timeout=600 update -q");
  });

  it("stops with a clear message, installing nothing, when it is not root and has no sudo", () => {
    const chromium = setupBin({ uid: 1000, apt: "installs" });
    const r = run(chromium);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("ERROR: no chromium for tests/report/browser.test.ts, and installing Debian's package needs root");
    expect(r.stderr).toContain("set CHROMIUM_BIN");
    expect(r.calls).toEqual([]);
  });

  it("stops with a clear message when the package sources cannot be reached", () => {
    const chromium = setupBin({ uid: 0, apt: "no-network" });
    const r = run(chromium);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("Temporary failure resolving deb.debian.org");
    expect(r.stderr).toContain("ERROR: apt-get update failed (no network, or the package sources are unreachable)");
  });

  it("stops when there is no apt-get, or apt-get left no Chromium behind", () => {
    const noApt = setupBin({ uid: 0, apt: "absent" });
    expect(run(noApt).stderr).toContain("ERROR: no chromium for tests/report/browser.test.ts, and no apt-get to install Debian's package");
    rmSync(join(dir, "bin"), { recursive: true });
    const chromium = setupBin({ uid: 0, apt: "installs-nothing" });
    const r = run(chromium);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("ERROR: apt-get installed chromium, but it is still not found");
  });

  it("--check installs nothing and names what is missing", () => {
    const chromium = setupBin({ uid: 0, apt: "installs" });
    const r = run(chromium, ["--check"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("ERROR: no chromium for tests/report/browser.test.ts");
    expect(r.calls).toEqual([]);
  });

  it("installs Debian's gh for the set-up script's test when it is missing", () => {
    const chromium = setupBin({ uid: 0, apt: "installs", gh: false });
    writeFileSync(chromium, "#!/bin/bash\n");
    chmodSync(chromium, 0o755);
    const r = run(chromium);
    expect(r.code).toBe(0);
    expect(r.calls).toEqual(["apt-get -o DPkg::Lock::Timeout=600 update -q", "apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends gh"]);
    expect(r.stderr).toContain("installing Debian's gh");
    expect(run(chromium).calls).toEqual(r.calls); // nothing more the second time
  });
});
