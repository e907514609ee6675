// `access diff` between two model folders and `access explain` of an okta plan against it, the
// way the apply workflow gates an okta apply.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { runAccess } from "./access-cli.js";
import { scratchDir } from "./scratch.js";
import type { OktaWorkspace } from "./okta.js";

export interface ExplainedChange {
  address: string;
  action: string;
  explained: boolean;
  code: string;
  reason: string;
}

export interface OktaExplanation {
  explained: boolean;
  changes: ExplainedChange[];
  /** The diff's risk codes. */
  risks: string[];
}

const TODAY = "2026-06-01";

/** Diffs `baseDir` -> `headDir`, then explains the workspace's saved plan (tfplan) as the okta stack's. */
export async function explainOktaPlan(ws: OktaWorkspace, baseDir: string, headDir: string): Promise<OktaExplanation> {
  const out = scratchDir("okta-explain");
  const diff = await runAccess(["diff", "--base", baseDir, "--head", headDir, "--base-today", TODAY, "--head-today", TODAY, "--format", "json"]);
  if (diff.status !== 0) throw new Error(`access diff failed: ${diff.stderr}`);
  writeFileSync(join(out, "diff.json"), diff.stdout);
  writeFileSync(join(out, "okta.json"), await ws.ok(["show", "-json", "-no-color", "tfplan"]));
  const res = await runAccess(["explain", "--diff", join(out, "diff.json"), "--plan", `okta=${join(out, "okta.json")}`, "--format", "json"]);
  if (res.status > 1) throw new Error(`access explain failed: ${res.stderr}`);
  const explanation = JSON.parse(res.stdout) as { explained: boolean; changes: ExplainedChange[] };
  const risks = ((JSON.parse(diff.stdout) as { risks?: { code: string }[] }).risks ?? []).map((r) => r.code);
  return { explained: explanation.explained, changes: explanation.changes, risks };
}
