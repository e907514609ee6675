// The one place where model text becomes Terraform text.
//
// Terraform's JSON syntax reads every string (and every object key) as a template, so `${...}`
// becomes an interpolation and `%{...}` a directive. Text from YAML must never turn into an
// expression: IAM policies legitimately contain `${aws:username}`, and a description could hold
// anything. Every model string written into a stack passes through `literal`, which doubles the
// introducer so Terraform renders the original characters.

/** Escapes one string so Terraform reads it as literal text. */
export function literal(text: string): string {
  // A replacement function, not a string: in replacement strings "$$" itself means "$".
  return text.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");
}

/** Plain data from the model: what may go into a for_each map or an attribute value. */
export type Data = string | number | boolean | null | Data[] | { [key: string]: Data };

/** Escapes every string in a plain-data value, object keys included. */
export function literalData<T extends Data>(value: T): T {
  if (typeof value === "string") return literal(value) as T;
  if (Array.isArray(value)) return value.map((v) => literalData(v)) as T;
  if (value !== null && typeof value === "object") {
    // A plain object (CDKTF's resolver rejects prototype-less ones); defineProperty so that no key,
    // `__proto__` included, is ever treated as the prototype accessor here.
    const out: { [key: string]: Data } = {};
    for (const [k, v] of Object.entries(value)) Object.defineProperty(out, literal(k), { value: literalData(v), enumerable: true, writable: true, configurable: true });
    return out as T;
  }
  return value;
}
