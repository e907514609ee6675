// Loads the base and head model folders for a diff. A base folder that is missing or holds no
// YAML is the first change (an empty base); an invalid base or head is an error with findings.
import { loadModel, type Finding, type ResolvedModel } from "../model/index.js";

export type LoadedPair =
  | { ok: true; base: ResolvedModel | undefined; head: ResolvedModel; warnings: Finding[] }
  | { ok: false; side: "base" | "head"; dir: string; findings: Finding[] };

/**
 * `baseToday` resolves the base as of another day (default: `today`): the day the base was
 * applied, so grants that expired since then count as revoked by this change.
 */
export function loadPair(baseDir: string, headDir: string, today?: string, baseToday?: string): LoadedPair {
  const options = today ? { today } : {};
  const head = loadModel(headDir, options);
  if (!head.model) return { ok: false, side: "head", dir: headDir, findings: head.findings };
  const base = loadModel(baseDir, baseToday ? { today: baseToday } : options);
  const baseMissing = !base.model && base.findings.every((f) => f.code === "no-model");
  if (!base.model && !baseMissing) return { ok: false, side: "base", dir: baseDir, findings: base.findings };
  return { ok: true, base: base.model, head: head.model, warnings: head.findings };
}
