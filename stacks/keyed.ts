// for_each maps keyed by natural keys. Terraform addresses become `type.name["<key>"]`, so an
// instance keeps its address whatever the order of the YAML lists or files it came from.
import { MapTerraformIterator, Token } from "cdktf";
import { byKey } from "../src/model/order.js";
import { literal, literalData, type Data } from "./literal.js";

export type KeyedMap = Record<string, Data>;

/**
 * Builds a for_each map from items: entries sorted by key (code-unit order, which is also what
 * the JSON writer uses), keys and values escaped as literal text. Duplicate keys are a bug in the
 * caller (the resolved model is unique by these keys), so they throw. Seen keys are tracked in a
 * Set, so names such as `constructor` or `toString` are ordinary keys. (CDKTF's resolver copies
 * maps into plain objects, so the map itself must be a plain object, and `__proto__`, which no
 * plain object can hold as a key, is refused by validation.)
 */
export function keyedMap<T>(items: readonly T[], keyOf: (item: T) => string, valueOf: (item: T) => Data): KeyedMap {
  const entries = items.map((item) => [keyOf(item), valueOf(item)] as const);
  entries.sort(byKey);
  const out: KeyedMap = {};
  const seen = new Set<string>();
  for (const [key, value] of entries) {
    const escaped = literal(key);
    if (seen.has(escaped)) throw new Error(`duplicate for_each key ${JSON.stringify(key)}`);
    if (escaped === "__proto__") throw new Error('"__proto__" cannot be a for_each key (validation refuses it as a name)');
    seen.add(escaped);
    out[escaped] = literalData(value);
  }
  return out;
}

/**
 * A for_each iterator over a keyed map. CDKTF's own map iterator wraps the map in a string token
 * and later tests the resolved map as a string, which throws for a key named `toString` (the map's
 * own `toString` is then an object). Our maps hold no tokens: a plain resolvable is enough.
 */
export function keyedIterator(map: KeyedMap): MapTerraformIterator {
  return new PlainMapIterator(map);
}

class PlainMapIterator extends MapTerraformIterator {
  private readonly entries: KeyedMap;

  constructor(map: KeyedMap) {
    super(map);
    this.entries = map;
  }

  override _getForEachExpression(): unknown {
    // A resolvable (not a string token): CDKTF leaves its keys alone and resolves it as a map.
    return Token.asAny(this.entries);
  }
}
