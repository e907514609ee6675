// `npm run bench:hostile`: validation cost of hostile-but-valid YAML, the inputs that used to be
// quadratic. Each case is a model folder whose files are valid YAML under the 1 MiB limit; the
// figure is the time `loadModel` needs to refuse it (or accept it). Figures: bench/README.md.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadModel } from "../src/model/index.js";

const ORG = `organization:
  management_account: "999999999999"
  identity_center: { region: us-east-1, instance_arn: "arn:aws:sso:::instance/ssoins-0123456789abcdef", identity_store_id: d-0123456789 }
  okta:
    org_name: acme
    base_url: okta.com
    app: { label: AWS, acs_url: "https://x.example/acs", entity_id: "https://x.example/id" }
    sign_on: { everyone: { reauthenticate_after: PT8H }, privileged: { reauthenticate_after: PT1H } }
accounts:
  - { id: "111111111111", name: one }
permission_sets:
  - { name: Read, managed_policies: [ReadOnlyAccess] }
`;

const pad = (i: number) => String(i).padStart(5, "0");

export const HOSTILE_CASES: Record<string, () => Record<string, string>> = {
  "120,000 managed policies in one permission set": () => ({
    "ps.yaml": `permission_sets:\n  - name: Many\n    managed_policies: [${Array.from({ length: 120_000 }, (_, i) => `P${i}`).join(",")}]\n`,
  }),
  "8,000 misspelled group references among 8,000 groups": () => ({
    "groups.yaml": `groups:\n${Array.from({ length: 8_000 }, (_, i) => `  - { name: team-${pad(i)}-engineers, source: managed }`).join("\n")}\n`,
    "assignments.yaml": `assignments:\n${Array.from({ length: 8_000 }, (_, i) => `  - { group: team-${pad(i)}-engineerz, permission_set: Read, accounts: [one] }`).join("\n")}\n`,
  }),
  "60,000 unknown keys in one mapping": () => ({
    "keys.yaml": `groups:\n  - name: g\n    source: managed\n${Array.from({ length: 60_000 }, (_, i) => `    k${i}: 1`).join("\n")}\n`,
  }),
};

export function measureHostile(name: string): { name: string; ms: number; findings: number } {
  const dir = mkdtempSync(join(tmpdir(), "access-bench-hostile-"));
  try {
    writeFileSync(join(dir, "org.yaml"), ORG);
    for (const [file, text] of Object.entries(HOSTILE_CASES[name]!())) writeFileSync(join(dir, file), text);
    const t0 = performance.now();
    const { findings } = loadModel(dir, { today: "2026-01-01" });
    return { name, ms: performance.now() - t0, findings: findings.length };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith("hostile.ts")) {
  const rows = Object.keys(HOSTILE_CASES).map(measureHostile);
  process.stdout.write("| hostile-but-valid input | validate | findings |\n|---|---:|---:|\n");
  for (const r of rows) process.stdout.write(`| ${r.name} | ${Math.round(r.ms).toLocaleString("en-US")} ms | ${r.findings.toLocaleString("en-US")} |\n`);
  process.stdout.write(`\nnode ${process.version}, ${process.platform}/${process.arch}\n`);
}
