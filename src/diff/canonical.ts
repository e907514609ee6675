// Canonical JSON for comparing policy statements: object keys sorted at every level, no
// whitespace, so two statements that differ only in key order or formatting compare equal.
import { byKey } from "../model/order.js";

export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(byKey);
    return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)]));
  }
  return value;
}

/**
 * The statements of an IAM policy document. A document that is not valid JSON (the model should
 * never produce one) counts as a single opaque statement so a change to it still shows.
 */
export function policyStatements(document: string | undefined): unknown[] {
  if (document === undefined) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(document);
  } catch {
    return [document];
  }
  const statement = (parsed as { Statement?: unknown } | null)?.Statement;
  if (statement === undefined) return [parsed];
  return Array.isArray(statement) ? statement : [statement];
}
