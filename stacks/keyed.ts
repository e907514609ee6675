// for_each maps keyed by natural keys. Terraform addresses become `type.name["<key>"]`, so an
// instance keeps its address whatever the order of the YAML lists or files it came from.
import { byKey } from "../src/model/order.js";
import { literal, literalData, type Data } from "./literal.js";

export type KeyedMap = Record<string, Data>;

/**
 * Builds a for_each map from items: entries sorted by key (code-unit order, which is also what
 * the JSON writer uses), keys and values escaped as literal text. Duplicate keys are a bug in the
 * caller (the resolved model is unique by these keys), so they throw. The map has no prototype:
 * names such as `constructor` or `__proto__` are ordinary keys.
 */
export function keyedMap<T>(items: readonly T[], keyOf: (item: T) => string, valueOf: (item: T) => Data): KeyedMap {
  const entries = items.map((item) => [keyOf(item), valueOf(item)] as const);
  entries.sort(byKey);
  const out: KeyedMap = Object.create(null) as KeyedMap;
  const seen = new Set<string>();
  for (const [key, value] of entries) {
    const escaped = literal(key);
    if (seen.has(escaped)) throw new Error(`duplicate for_each key ${JSON.stringify(key)}`);
    seen.add(escaped);
    out[escaped] = literalData(value);
  }
  return out;
}
