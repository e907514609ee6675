// The model's public API: load a folder of YAML into a validated, resolved model.
import { existsSync, statSync } from "node:fs";
import { readMoment } from "./expiry.js";
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
  /**
   * When expiry is judged: a day (YYYY-MM-DD, meaning 00:00 UTC of it) or an instant with its zone
   * (2027-01-05T18:00Z). Defaults to the current time.
   */
  today?: string;
  /** Same as `today`; wins when both are given. */
  now?: string;
}

/** Epoch ms of the moment a model is resolved at: `now`, else `today`, else the current time. */
export function momentOf(options: LoadOptions): number {
  const text = options.now ?? options.today;
  if (text === undefined) return Date.now();
  const read = readMoment(text);
  if ("problem" in read) throw new Error(`cannot resolve the model at ${read.problem}`);
  return read.ms;
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
  const now = momentOf(options);
  const resolved = resolve(checked, now, findings);
  const imports = resolved ? resolveImports(loaded.imports, resolved, findings) : undefined;
  const model = resolved && imports ? { ...resolved, imports } : resolved;
  if (model) model.sources = modelSources(loaded, checked, model, now);
  const sorted = sortFindings(findings);
  return hasErrors(sorted) || !model ? { findings: sorted } : { model, findings: sorted };
}
export { canonicalExpires, dayOf, expiryEnd, hasExpired, instantText, isHourExpiry, readMoment, revokedSince } from "./expiry.js";
export { addDays, expiringWithin, loadGrants, type Grant, type GrantsResult } from "./grants.js";
