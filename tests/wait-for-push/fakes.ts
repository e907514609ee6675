// A fake clock (time moves only when the code sleeps) and a scripted group directory.
import type { GroupDirectory } from "../../src/aws/identity-store.js";
import type { Clock } from "../../src/aws/wait-for-groups.js";

export class FakeClock implements Clock {
  readonly sleeps: number[] = [];
  constructor(public time = 1_000_000) {}
  now(): number {
    return this.time;
  }
  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.time += ms;
  }
}

export function awsError(name: string, status = 400, message = `${name} message`): Error {
  return Object.assign(new Error(message), { name, $fault: status >= 500 ? "server" : "client", $metadata: { httpStatusCode: status } });
}

/**
 * Groups appear at given times (ms after the clock's start); `errors` are thrown, in order, by
 * the next lookups. Records every lookup.
 */
export class FakeDirectory implements GroupDirectory {
  readonly lookups: { name: string; at: number }[] = [];
  constructor(
    private readonly clock: FakeClock,
    private readonly appearsAt: Record<string, number>,
    private readonly errors: Error[] = [],
    private readonly start = clock.now(),
  ) {}
  async groupExists(name: string): Promise<boolean> {
    this.lookups.push({ name, at: this.clock.now() - this.start });
    const err = this.errors.shift();
    if (err) throw err;
    const at = this.appearsAt[name];
    return at !== undefined && this.clock.now() - this.start >= at;
  }
}
