// pr-model.sh: the trusted plan workflow reads a pull request's model as data. Only access-model/
// of the PR merged onto the base comes out, nothing else of the PR reaches the working tree, and a
// link out of the folder is refused.
import { spawnSync } from "node:child_process";
import { existsSync, lstatSync, readFileSync, readlinkSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runScript, tempDir, git, write } from "./script-harness.js";

/** main with a model; a PR branch made by `change`; main then moves on; main checked out again. */
function repo(change: (root: string) => void, mainLater?: (root: string) => void) {
  const root = tempDir("pr-model");
  git(root, "init", "-q", "-b", "main");
  write(root, "access-model/groups.yaml", "groups: [a]\n");
  write(root, "src/main.ts", "export {};\n");
  git(root, "add", "-A");
  git(root, "commit", "-qm", "base");
  git(root, "checkout", "-qb", "pr");
  change(root);
  git(root, "add", "-A");
  git(root, "commit", "-qm", "pr");
  const head = git(root, "rev-parse", "HEAD");
  git(root, "checkout", "-q", "main");
  if (mainLater) {
    mainLater(root);
    git(root, "add", "-A");
    git(root, "commit", "-qm", "main moves on");
  }
  return { root, head, out: join(tempDir("pr-out"), "pr") };
}

describe("pr-model.sh", () => {
  it("extracts the PR's model merged onto the base, and the paths the PR changes, without touching the working tree", () => {
    const { root, head, out } = repo(
      (r) => {
        write(r, "access-model/groups.yaml", "groups: [a, b]\n");
        write(r, "access-model/policies/p.json", "{}\n");
        write(r, "src/main.ts", "process.exit(1);\n");
        write(r, "access-model/.gitattributes", "groups.yaml export-ignore\n");
      },
      (r) => write(r, "access-model/accounts.yaml", "accounts: []\n"),
    );
    const run = runScript("pr-model.sh", [head, out], {}, root);
    expect(run.status, run.stderr).toBe(0);
    expect(readFileSync(join(out, "access-model/groups.yaml"), "utf8")).toBe("groups: [a, b]\n");
    expect(readFileSync(join(out, "access-model/policies/p.json"), "utf8")).toBe("{}\n");
    // main's later change is in the merged model, as in GitHub's merge commit
    expect(readFileSync(join(out, "access-model/accounts.yaml"), "utf8")).toBe("accounts: []\n");
    expect(existsSync(join(out, "src"))).toBe(false);
    expect(readFileSync(join(out, "changed-files.txt"), "utf8").split("\n").filter(Boolean).sort()).toEqual([
      "access-model/.gitattributes",
      "access-model/groups.yaml",
      "access-model/policies/p.json",
      "src/main.ts",
    ]);
    // The checkout is still the base's code.
    expect(readFileSync(join(root, "src/main.ts"), "utf8")).toBe("export {};\n");
    expect(git(root, "status", "--porcelain")).toBe("");
  });

  it("keeps links that stay inside the model", () => {
    const { root, head, out } = repo((r) => symlinkSync("groups.yaml", join(r, "access-model/alias.yaml")));
    const run = runScript("pr-model.sh", [head, out], {}, root);
    expect(run.status, run.stderr).toBe(0);
    expect(lstatSync(join(out, "access-model/alias.yaml")).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(out, "access-model/alias.yaml"))).toBe("groups.yaml");
  });

  for (const [what, target, at] of [
    ["an absolute target", "/etc/passwd", "access-model/x.yaml"],
    ["a relative target above the folder", "../src/main.ts", "access-model/x.yaml"],
    ["a link to the folder itself, then up from it", "self/..", "access-model/up"],
  ] as const) {
    it(`refuses a link that leaves the model: ${what}`, () => {
      const { root, head, out } = repo((r) => {
        if (what.startsWith("a link to the folder")) symlinkSync(".", join(r, "access-model/self"));
        symlinkSync(target, join(r, at));
      });
      const run = runScript("pr-model.sh", [head, out], {}, root);
      expect(run.status).toBe(1);
      expect(run.stdout).toContain("is a symbolic link that leaves access-model/");
      expect(existsSync(join(out, "access-model"))).toBe(false);
    });
  }

  it("refuses a model folder that is itself a link", () => {
    const { root, head, out } = repo((r) => {
      spawnSync("git", ["rm", "-rq", "access-model"], { cwd: r });
      symlinkSync("/etc", join(r, "access-model"));
    });
    const run = runScript("pr-model.sh", [head, out], {}, root);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain("access-model is not a folder in the pull request");
    expect(existsSync(join(out, "access-model"))).toBe(false);
  });

  it("refuses a pull request that does not merge cleanly", () => {
    const { root, head, out } = repo(
      (r) => write(r, "access-model/groups.yaml", "groups: [pr]\n"),
      (r) => write(r, "access-model/groups.yaml", "groups: [main]\n"),
    );
    const run = runScript("pr-model.sh", [head, out], {}, root);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain("does not merge cleanly");
    expect(existsSync(join(out, "access-model"))).toBe(false);
  });

  it("refuses anything but a full commit SHA that is in the clone", () => {
    const { root, out } = repo((r) => write(r, "access-model/groups.yaml", "groups: [b]\n"));
    expect(runScript("pr-model.sh", ["HEAD", out], {}, root).status).toBe(64);
    expect(runScript("pr-model.sh", ["--upload-pack=x", out], {}, root).status).toBe(64);
    expect(runScript("pr-model.sh", ["0".repeat(40), out], {}, root).status).toBe(1);
  });
});
