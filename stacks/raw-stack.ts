// A TerraformStack that also writes plain Terraform JSON built outside CDKTF. The big, regular
// parts of the identity-center stacks (one assignment block per account, their moved, removed and
// import blocks) are plain data with no tokens in them; CDKTF would resolve each of those values
// three times and deep-merge them (most of synthesis time at 10,000 assignments, bench/README.md),
// so they are merged in after CDKTF has resolved everything else. Only text that went through
// `literal`/`keyedMap` or fixed expressions written here go into these blocks.
import { TerraformStack } from "cdktf";
import type { Data } from "./literal.js";

export type Block = { [attribute: string]: Data };

export class RawTerraform {
  /** type -> block name -> body. */
  readonly resource = new Map<string, Map<string, Block>>();
  readonly moved: Block[] = [];
  readonly removed: Block[] = [];
  readonly imports: Block[] = [];

  addResource(type: string, name: string, body: Block): void {
    let byName = this.resource.get(type);
    if (!byName) this.resource.set(type, (byName = new Map()));
    if (byName.has(name)) throw new Error(`duplicate block ${type}.${name}`);
    byName.set(name, body);
  }

  /** Adds the blocks to a resolved stack (Terraform JSON), which must not declare them itself. */
  mergeInto(tf: Record<string, any>): void {
    if (this.resource.size > 0) {
      tf.resource ??= {};
      for (const [type, byName] of this.resource) {
        const target = (tf.resource[type] ??= {});
        for (const [name, body] of byName) {
          if (name in target) throw new Error(`block ${type}.${name} is declared twice`);
          target[name] = body;
        }
      }
    }
    for (const [key, blocks] of [["moved", this.moved], ["removed", this.removed], ["import", this.imports]] as const) {
      if (blocks.length > 0) tf[key] = [...(tf[key] ?? []), ...blocks];
    }
  }
}

export class RawTerraformStack extends TerraformStack {
  protected readonly raw = new RawTerraform();

  override toTerraform(): any {
    const tf = super.toTerraform();
    this.raw.mergeInto(tf);
    return tf;
  }
}
