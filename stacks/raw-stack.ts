// A TerraformStack that also writes plain Terraform JSON built outside CDKTF. The big, regular
// parts of the identity-center stacks (one assignment block per account, their moved, removed and
// import blocks) are plain data with no tokens in them; CDKTF would resolve each of those values
// three times, deep-merge them and write them with a key-sorting serializer (most of synthesis
// time at 10,000 assignments, bench/README.md), so they are added to the written file after CDKTF
// has written everything else. Only text that went through `literal`/`keyedMap` and fixed
// expressions written here go into these blocks; they are built in sorted order, so the file is
// byte-identical for the same model.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { TerraformStack, type ISynthesisSession } from "cdktf";
import type { Construct } from "constructs";
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

  /** Adds the blocks to a stack's Terraform JSON, which must not declare them itself. */
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
    for (const [key, blocks] of [["import", this.imports], ["moved", this.moved], ["removed", this.removed]] as const) {
      if (blocks.length > 0) tf[key] = [...(tf[key] ?? []), ...blocks];
    }
  }
}

export class RawTerraformStack extends TerraformStack {
  protected readonly raw = new RawTerraform();
  private writingCdktfPart = false;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const cdktf = this.synthesizer;
    this.synthesizer = {
      synthesize: (session: ISynthesisSession) => {
        this.writingCdktfPart = true;
        try {
          cdktf.synthesize(session);
        } finally {
          this.writingCdktfPart = false;
        }
        const file = join(session.outdir, session.manifest.forStack(this).synthesizedStackPath);
        const tf = JSON.parse(readFileSync(file, "utf8"));
        this.raw.mergeInto(tf);
        writeFileSync(file, JSON.stringify(tf, null, 2));
      },
    };
  }

  /** The whole stack as Terraform JSON (CDKTF's part and the plain blocks). */
  override toTerraform(): any {
    const tf = super.toTerraform();
    if (!this.writingCdktfPart) this.raw.mergeInto(tf);
    return tf;
  }
}
