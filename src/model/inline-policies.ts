// The inline policies of a model with the place each was written, for checks that run outside
// validation (IAM Access Analyzer in the plan job) and must still point at file:line.
import { hasErrors } from "./findings.js";
import { loadFiles } from "./load.js";
import { loadInlinePolicy, type Locate } from "./policy.js";
import type { Finding } from "./types.js";

export interface LocatedPolicy {
  permissionSet: string;
  /** Minified JSON, exactly what Identity Center receives. */
  text: string;
  at: Locate;
}

/** Every valid inline policy of the model folder; findings hold any problem loading them. */
export function inlinePolicies(dir: string): { policies: LocatedPolicy[]; findings: Finding[] } {
  const findings: Finding[] = [];
  const loaded = loadFiles(dir, findings);
  const policies: LocatedPolicy[] = [];
  for (const ps of loaded.permissionSets) {
    const own: Finding[] = [];
    const policy = loadInlinePolicy(ps, loaded.dir, own);
    findings.push(...own);
    if (policy && !hasErrors(own)) policies.push({ permissionSet: ps.value.name, text: policy.text, at: policy.at });
  }
  return { policies, findings };
}
