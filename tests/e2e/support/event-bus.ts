// A local stand-in for the EventBridge partner bus of the revocation stack: takes the rule's event
// pattern from the synthesized stack and hands matching events to a target, as EventBridge does
// (exact values in arrays, nested objects matched field by field).

type Pattern = { [key: string]: unknown[] | Pattern };

export function matchesPattern(pattern: Pattern, event: unknown): boolean {
  if (typeof event !== "object" || event === null) return false;
  const e = event as Record<string, unknown>;
  return Object.entries(pattern).every(([key, want]) => (Array.isArray(want) ? want.includes(e[key]) : matchesPattern(want as Pattern, e[key])));
}

export class LocalEventBus {
  readonly delivered: unknown[] = [];
  readonly dropped: unknown[] = [];
  private pending: Promise<unknown>[] = [];

  constructor(
    private readonly pattern: Pattern,
    private readonly target: (event: unknown) => Promise<unknown>,
  ) {}

  put(event: Record<string, unknown>): void {
    if (!matchesPattern(this.pattern, event)) {
      this.dropped.push(event);
      return;
    }
    this.delivered.push(event);
    this.pending.push(this.target(event));
  }

  /** Waits for every invocation so far (rejects if one threw). */
  async settle(): Promise<void> {
    await Promise.all(this.pending);
  }
}
