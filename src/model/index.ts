// The model's public API: load a folder of YAML into a validated, resolved model.
import { existsSync, statSync } from "node:fs";
import { finding, hasErrors, sortFindings } from "./findings.js";
import { loadFiles } from "./load.js";
import { modelSources } from "./provenance.js";
import { resolveImports } from "./imports.js";
import { resolve } from "./resolve.js";
import type { Finding, ResolvedModel } from "./types.js";
import { validate } from "./validate.js";

export { formatFindings, hasErrors, type FindingFormat } from "./findings.js";
export { modelJsonSchema } from "./schema.js";
export * from "./types.js";

export interface LoadOptions {
  /** YYYY-MM-DD used to decide which grants have expired; defaults to today's UTC date. */
  today?: string;
}

export interface LoadResult {
  /** Present only when there is no error finding. */
  model?: ResolvedModel;
  findings: Finding[];
}

export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

export function loadModel(dir: string, options: LoadOptions = {}): LoadResult {
  const findings: Finding[] = [];
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    findings.push(finding("error", "no-model", { file: dir, line: 1, col: 1 }, `model folder ${dir} does not exist; pass --model DIR or create it`));
    return { findings };
  }
  const loaded = loadFiles(dir, findings);
  if (loaded.files === 0) {
    findings.push(finding("error", "no-model", { file: dir, line: 1, col: 1 }, `no *.yaml files under ${dir}`));
    return { findings };
  }
  const checked = validate(loaded, findings);
  const today = options.today ?? todayUtc();
  const resolved = resolve(checked, today, findings);
  const imports = resolved ? resolveImports(loaded.imports, resolved, findings) : undefined;
  const model = resolved && imports ? { ...resolved, imports } : resolved;
  if (model) model.sources = modelSources(loaded, checked, model, today);
  const sorted = sortFindings(findings);
  return hasErrors(sorted) || !model ? { findings: sorted } : { model, findings: sorted };
}
export { addDays, expiringWithin, loadGrants, type Grant, type GrantsResult } from "./grants.js";
