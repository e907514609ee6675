// `access accounts sync` on the example model: new, renamed, moved, retagged, closed and departed
// accounts, with every comment and every untouched file left exactly as people wrote it.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { syncAccounts } from "../../src/import/accounts-sync.js";
import type { LiveOrganization } from "../../src/import/estate.js";
import { loadModel } from "../../src/model/index.js";
import { modelFiles } from "../../src/model/files.js";

const EXAMPLE = join(import.meta.dirname, "../../access-model");
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function copyExample(): string {
  const dir = mkdtempSync(join(tmpdir(), "access-sync-"));
  dirs.push(dir);
  cpSync(EXAMPLE, dir, { recursive: true });
  return dir;
}

/** The Organization as the example model describes it, then changed the way orgs change. */
function liveOrganization(dir: string): LiveOrganization {
  const { model } = loadModel(dir, { today: "2026-01-01" });
  const accounts = model!.accounts.map((a) => ({ id: a.id, name: a.name, state: "ACTIVE" as const, ou: a.ou, tags: { ...a.tags } }));
  const byName = (n: string) => accounts.find((a) => a.name === n)!;
  byName("reporting").name = "bi-reporting";
  byName("data-lake-dev").ou = "Workloads/Data/Dev";
  byName("ml-platform-dev").tags["cost-center"] = "7";
  (byName("legacy-billing") as { state: string }).state = "SUSPENDED";
  const leaving = byName("sandbox-training");
  accounts.splice(accounts.indexOf(leaving), 1);
  accounts.push({ id: "868686868686", name: "sandbox-research", state: "ACTIVE", ou: "Sandbox", tags: { env: "sandbox", domain: "research" } });
  accounts.push({ id: "878787878787", name: "quantum-lab", state: "ACTIVE", ou: "Research", tags: {} });
  accounts.push({ id: "999999999999", name: "management", state: "ACTIVE", ou: "", tags: {} });
  return { managementAccountId: "999999999999", accounts };
}

const comments = (text: string) => text.split("\n").filter((l) => l.trim().startsWith("#")).map((l) => l.trim());

describe("accounts sync", () => {
  const dir = copyExample();
  const before = Object.fromEntries(modelFiles(dir).map((f) => [relative(dir, f), readFileSync(f, "utf8")]));
  const granted = new Set(loadModel(dir, { today: "2026-01-01" }).model!.assignments.map((a) => a.accountId));
  const result = syncAccounts(dir, liveOrganization(dir), granted);
  const written = Object.fromEntries([...result.writes].map(([p, t]) => [relative(dir, p), t]));

  it("reports each change", () => {
    expect(result.changes.map((c) => `${c.kind} ${c.accountId} ${c.file}`)).toEqual([
      "added 868686868686 accounts/sandbox.yaml",
      "added 878787878787 accounts/research.yaml",
      "flagged 083746125509 accounts/apps.yaml",
      "flagged 846291735068 accounts/sandbox.yaml",
      "moved 253816407194 accounts/data.yaml",
      "renamed 222222222222 accounts/data.yaml",
      "retagged 275930184627 accounts/data.yaml",
    ].map((line) => expect.stringMatching(new RegExp(`^${line.split(" ")[0]} \\d{12} ${line.split(" ")[2]!.replace(".", "\\.")}$`))));
  });

  it("writes only the files that change, keeping every comment in them", () => {
    expect(Object.keys(written).sort()).toEqual(["accounts/apps.yaml", "accounts/data.yaml", "accounts/research.yaml", "accounts/sandbox.yaml", "assignments/data.yaml"]);
    for (const [file, text] of Object.entries(written)) {
      if (!before[file]) continue;
      for (const c of comments(before[file]!)) expect(text, `${file} lost a comment`).toContain(c);
    }
  });

  it("edits entries in place: a rename reaches the assignments that name the account", () => {
    expect(written["accounts/data.yaml"]).toContain("name: bi-reporting");
    expect(written["accounts/data.yaml"]).toContain("ou: Workloads/Data/Dev");
    // Only the two references change; every other byte of the assignments file stays.
    expect(written["assignments/data.yaml"]).toBe(
      before["assignments/data.yaml"]!.replace("[data-platform, reporting]", "[data-platform, bi-reporting]").replace("[reporting, ", "[bi-reporting, "),
    );
  });

  it("adds a new account to the file of its OU in the style of its neighbours, or to a new file", () => {
    expect(written["accounts/sandbox.yaml"]).toContain('  - id: "868686868686"\n    name: sandbox-research\n    ou: Sandbox\n    tags: { env: sandbox, domain: research }\n');
    expect(written["accounts/research.yaml"]).toContain('id: "878787878787"');
  });

  it("flags a closed account, or one that left, while assignments name or select it, instead of removing it", () => {
    expect(written["accounts/apps.yaml"]).toContain(
      "# Kept out of the platform-admin grant (see assignments/platform.yaml).\n  # access accounts sync: account 083746125509 (legacy-billing) is SUSPENDED in AWS Organizations; assignments still name or select it: remove its references in assignments, then this entry\n",
    );
    // `accounts: all` (exec read-only) selects the departed sandbox account.
    expect(written["accounts/sandbox.yaml"]).toMatch(/# access accounts sync: account \d{12} \(sandbox-training\) is no longer in the AWS Organization;.*\n  - id: "\d{12}"\n    name: sandbox-training/);
  });

  it("leaves a valid model, and a second sync changes nothing", () => {
    for (const [file, text] of Object.entries(written)) writeFileSync(join(dir, file), text);
    const { model, findings } = loadModel(dir, { today: "2026-01-01" });
    expect(findings.filter((f) => f.severity === "error")).toEqual([]);
    expect(model!.accounts.find((a) => a.id === "868686868686")).toEqual({ id: "868686868686", name: "sandbox-research", ou: "Sandbox", tags: { env: "sandbox", domain: "research" } });
    const again = syncAccounts(dir, liveOrganization(copyExample()), granted);
    expect(again.writes.size).toBe(0);
    expect(again.changes).toEqual([]);
  });
});
