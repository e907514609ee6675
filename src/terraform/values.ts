// Comparing the before and after values of a planned change, the way a reviewer means "changed".
type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Top-level attributes whose values differ between two objects (an unknown value counts). */
export function changedAttributes(before: Json | null, after: Json | null, afterUnknown: Json = {}): string[] {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {}), ...Object.keys(afterUnknown)]);
  const out: string[] = [];
  for (const k of keys) {
    const unknown = afterUnknown[k];
    if (unknown === true || (isObject(unknown) && Object.keys(unknown).length > 0)) {
      if (before?.[k] !== undefined || after?.[k] === undefined) out.push(k);
      continue;
    }
    if (!sameValue(before?.[k] ?? null, after?.[k] ?? null)) out.push(k);
  }
  return out.sort();
}

/** Deep equality of JSON values; JSON-encoded strings (policies) compare by meaning. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === "string" && typeof b === "string" && a !== b && /^\s*[[{]/.test(a) && /^\s*[[{]/.test(b)) {
    try {
      return sameValue(JSON.parse(a), JSON.parse(b));
    } catch {
      return false;
    }
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => sameValue(v, b[i]));
  }
  if (isObject(a) || isObject(b)) {
    if (!isObject(a) || !isObject(b)) return false;
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((k) => sameValue(a[k] ?? null, b[k] ?? null));
  }
  // Terraform shows an absent optional string as null or "" depending on the provider.
  if ((a === null && b === "") || (a === "" && b === null)) return true;
  return a === b;
}
