// A TerraformStack that also writes plain Terraform JSON built outside CDKTF. The big, regular
// parts of the identity-center stacks (one assignment block per account, their moved, removed and
// import blocks, the lookups and their markers) are plain data with no tokens in them; CDKTF would resolve each of those values
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
  readonly data = new Map<string, Map<string, Block>>();
  readonly locals = new Map<string, string>();
  readonly moved: Block[] = [];
  readonly removed: Block[] = [];
  readonly imports: Block[] = [];

  addResource(type: string, name: string, body: Block): void {
    add(this.resource, type, name, body);
  }

  addData(type: string, name: string, body: Block): void {
    add(this.data, type, name, body);
  }

  /** A local value: an expression written here (never model text outside `literal`). */
  addLocal(name: string, expression: string): void {
    if (this.locals.has(name)) throw new Error(`duplicate local ${name}`);
    this.locals.set(name, expression);
  }

  /** Adds the blocks to a stack's Terraform JSON, which must not declare them itself. */
  mergeInto(tf: Record<string, any>): void {
    mergeBlocks(tf, "resource", this.resource);
    mergeBlocks(tf, "data", this.data);
    if (this.locals.size > 0) {
      tf.locals ??= {};
      for (const [name, expression] of this.locals) {
        if (name in tf.locals) throw new Error(`local ${name} is declared twice`);
        tf.locals[name] = expression;
      }
    }
    for (const [key, blocks] of [["import", this.imports], ["moved", this.moved], ["removed", this.removed]] as const) {
      if (blocks.length > 0) tf[key] = [...(tf[key] ?? []), ...blocks];
    }
  }
}

function add(blocks: Map<string, Map<string, Block>>, type: string, name: string, body: Block): void {
  let byName = blocks.get(type);
  if (!byName) blocks.set(type, (byName = new Map()));
  if (byName.has(name)) throw new Error(`duplicate block ${type}.${name}`);
  byName.set(name, body);
}

function mergeBlocks(tf: Record<string, any>, kind: "resource" | "data", blocks: Map<string, Map<string, Block>>): void {
  if (blocks.size === 0) return;
  tf[kind] ??= {};
  for (const [type, byName] of blocks) {
    const target = (tf[kind][type] ??= {});
    for (const [name, body] of byName) {
      if (name in target) throw new Error(`block ${kind}.${type}.${name} is declared twice`);
      target[name] = body;
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
