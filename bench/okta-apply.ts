// Cost of the okta stack with the real okta provider against the local Okta (tests/okta-fake): a
// first apply from nothing and the no-op plan after it, for a synthetic org's groups (two per
// domain of 25 accounts plus the org-wide ones). CPU seconds and peak memory of terraform + the
// provider from GNU time; API calls as counted by the local Okta (token requests included).
// Needs the okta provider (scripts/install-okta-provider.sh or OKTA_PROVIDER_MIRROR).
// Usage: tsx bench/okta-apply.ts <accounts>
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { formatFindings, loadModel } from "../src/model/index.js";
import { synthesize } from "../stacks/app.js";
import { OktaWorkspace, preexistingOrg, startLocalOkta } from "../tests/e2e/support/okta.js";
import { findOktaProvider } from "../tests/support/okta-provider.js";
import { terraformBinary } from "../tests/support/terraform.js";
import { syntheticModel, writeModel } from "./synthetic.js";
import { timed } from "./timed.js";

const accounts = Number(process.argv[2] ?? 35);
const found = findOktaProvider();
if (found.missing) {
  process.stderr.write(`bench/okta-apply.ts needs the okta provider: ${found.missing}\n`);
  process.exit(2);
}

const work = mkdtempSync(join(tmpdir(), `bench-okta-${accounts}-`));
const synthetic = syntheticModel(accounts);
writeModel(synthetic, join(work, "model"));
const { model, findings } = loadModel(join(work, "model"), { today: "2026-01-01" });
if (!model) throw new Error(formatFindings(findings, "text"));
synthesize(model, join(work, "out"));

const existing = model.groups.filter((g) => g.source === "existing").map((g) => g.name);
const fake = await startLocalOkta(preexistingOrg(existing));
// Cost, not throttling: a budget no run reaches (the API call counts say how close a real org's
// per-minute limits would be).
fake.rateLimit = { limit: 1_000_000, windowSeconds: 60 };
const ws = new OktaWorkspace(`bench-${accounts}`, fake);
ws.useStack(join(work, "out", "stacks", "okta"));
await ws.init();

async function measure(label: string, args: string[]): Promise<void> {
  const before = fake.requests.length;
  const started = performance.now();
  const res = await timed([terraformBinary(), ...args], ws.dir, ws.env);
  const wall = (performance.now() - started) / 1000;
  if (res.status !== 0) throw new Error(`${label} failed:\n${res.stderr.slice(-3000)}`);
  const calls = fake.requests.slice(before);
  const writes = calls.filter((r) => r.method !== "GET" && r.path !== "/oauth2/v1/token").length;
  process.stdout.write(
    `${JSON.stringify({ accounts, groups: model!.groups.length, step: label, cpuSeconds: +res.cpuSeconds.toFixed(1), peakRssMb: Math.round(res.peakRssMb), apiCalls: calls.length, writes, wallSeconds: +wall.toFixed(1) })}\n`,
  );
}

await measure("apply", ["apply", "-input=false", "-no-color", "-auto-approve", "-parallelism=10"]);
await measure("no-op plan", ["plan", "-input=false", "-no-color", "-parallelism=10"]);
await fake.close();
ws.dispose();
rmSync(work, { recursive: true, force: true });
