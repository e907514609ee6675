// Loads the base and head model folders for a diff. A base folder that is missing or holds no
// YAML is the first change (an empty base); an invalid base or head is an error with findings.
import { loadModel, type Finding, type ResolvedModel } from "../model/index.js";

export type LoadedPair =
  | { ok: true; base: ResolvedModel | undefined; head: ResolvedModel; warnings: Finding[] }
  | { ok: false; side: "base" | "head"; dir: string; findings: Finding[] };

/** Dates (YYYY-MM-DD) the two sides are resolved at for expiry; each defaults to today (UTC). */
export interface PairDates {
  base?: string;
  head?: string;
}

/**
 * `dates` as one string resolves both sides at that date. Resolving the base at the date it was
 * applied and the head at today makes grants that expired in between show as revoked (expired).
 */
export function loadPair(baseDir: string, headDir: string, dates?: string | PairDates): LoadedPair {
  const { base: baseDay, head: headDay } = typeof dates === "string" ? { base: dates, head: dates } : (dates ?? {});
  const head = loadModel(headDir, headDay ? { today: headDay } : {});
  if (!head.model) return { ok: false, side: "head", dir: headDir, findings: head.findings };
  const base = loadModel(baseDir, baseDay ? { today: baseDay } : {});
  const baseMissing = !base.model && base.findings.every((f) => f.code === "no-model");
  if (!base.model && !baseMissing) return { ok: false, side: "base", dir: baseDir, findings: base.findings };
  return { ok: true, base: base.model, head: head.model, warnings: head.findings };
}
