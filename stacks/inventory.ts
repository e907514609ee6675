// Counts what a stack declares, for the synth summary and the bench: resource blocks (one per
// type here, thanks to for_each) and the instances they expand to.

export interface TypeCount {
  blocks: number;
  instances: number;
}

export interface StackSummary {
  name: string;
  /** Keyed by Terraform type; data sources as `data.<type>`. */
  resources: Record<string, TypeCount>;
}

export class Inventory {
  private readonly counts = new Map<string, TypeCount>();

  add(type: string, instances: number): void {
    const c = this.counts.get(type) ?? { blocks: 0, instances: 0 };
    c.blocks += 1;
    c.instances += instances;
    this.counts.set(type, c);
  }

  summary(name: string): StackSummary {
    const resources: Record<string, TypeCount> = {};
    for (const type of [...this.counts.keys()].sort()) resources[type] = { ...this.counts.get(type)! };
    return { name, resources };
  }
}
