// Terraform `import` blocks (Terraform >= 1.5) for resources that exist live but not yet in state.
// An import block whose address is already in state is a no-op, so the blocks can stay in the
// model folder until a clean-up change removes them.
import type { TerraformStack } from "cdktf";
import type { ImportKind, TerraformImports } from "../src/model/types.js";
import { cmp } from "../src/model/order.js";
import { literal } from "./literal.js";
import type { KeyedMap } from "./keyed.js";

export interface ImportBlock {
  to: string;
  id: string;
}

/**
 * `type.name["key"]`: the address of one for_each instance, as Terraform prints it. Terraform
 * parses the key as a quoted string, where `${` and `%{` would start a template: they are doubled.
 */
export function instanceAddress(resourceAddress: string, key: string): string {
  return `${resourceAddress}[${literal(JSON.stringify(key))}]`;
}

/**
 * Collects the import blocks of one stack. `adopt` is called once per for_each block with the
 * block's escaped map; only keys that are both declared and listed in the stack's imports
 * (src/stack-contents) get a block, so an import id for something the model no longer declares
 * never reaches Terraform.
 */
export class StackImports {
  private readonly blocks: ImportBlock[] = [];
  private readonly addresses = new Set<string>();

  constructor(private readonly imports: TerraformImports | undefined) {}

  adopt(kind: ImportKind, resourceAddress: string, map: KeyedMap): void {
    const ids = this.imports?.[kind];
    if (!ids || ids.size === 0) return;
    for (const escaped of Object.keys(map)) {
      const key = unescapeKey(escaped);
      const id = ids.get(key);
      if (id !== undefined) this.add(instanceAddress(resourceAddress, key), id);
    }
  }

  /** One import block with a literal id; a second block for the same address is dropped. */
  add(to: string, id: string): void {
    if (this.addresses.has(to)) return;
    this.addresses.add(to);
    this.blocks.push({ to, id: literal(id) });
  }

  /** Whether an import block for this instance address was collected. */
  has(to: string): boolean {
    return this.addresses.has(to);
  }

  get count(): number {
    return this.blocks.length;
  }

  /** Writes the collected blocks into the stack, sorted by address so output is deterministic. */
  writeTo(stack: TerraformStack): void {
    if (this.blocks.length === 0) return;
    const sorted = [...this.blocks].sort((a, b) => cmp(a.to, b.to));
    stack.addOverride("import", sorted);
  }
}

/** for_each keys are escaped by keyedMap; import ids are keyed by the model's own text. */
function unescapeKey(escaped: string): string {
  return escaped.replace(/\$\$\{/g, "${").replace(/%%\{/g, "%{");
}
