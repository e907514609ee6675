// From "HR deactivates a person in the local Okta" to "the deny is in place in the emulated AWS
// Organizations": Okta's System Log event goes through a local stand-in of the EventBridge rule
// (its pattern taken from the synthesized revocation stack) into the revoker exactly as deployed
// (the Lambda zip and environment of that stack), which writes the deny-list SCP. Measured in
// seconds (bench/README.md).
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inflateRawSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { synthesize } from "../../stacks/app.js";
import { streamSystemLog } from "../okta-fake/users.js";
import { EVENT_SOURCE, denyEntries, startWorld, type World } from "../leavers/support.js";
import { LocalEventBus } from "./support/event-bus.js";

let world: World;
const saved = { ...process.env };
afterAll(async () => {
  process.env = saved;
  await world?.close();
});

/** The single file inside the Lambda zip the stack deploys (the zip has one deflated entry). */
function unzipOne(zip: Buffer): Buffer {
  const nameLength = zip.readUInt16LE(26);
  const size = zip.readUInt32LE(18);
  return inflateRawSync(zip.subarray(30 + nameLength, 30 + nameLength + size));
}

describe("leaver: Okta deactivation to deny in place", () => {
  let bus: LocalEventBus;
  const logs: Record<string, unknown>[] = [];

  beforeAll(async () => {
    world = await startWorld();
    const outdir = join(mkdtempSync(join(tmpdir(), "access-leaver-e2e-")), "cdktf.out");
    synthesize(world.model, outdir);
    const stackDir = join(outdir, "stacks", "revocation");
    const tf = JSON.parse(readFileSync(join(stackDir, "cdk.tf.json"), "utf8"));
    const fn = tf.resource.aws_lambda_function.revoker_function;
    const code = join(mkdtempSync(join(tmpdir(), "access-revoker-")), "index.js");
    writeFileSync(code, unzipOne(readFileSync(join(stackDir, fn.filename))));
    // The function's environment as deployed, plus what the Lambda runtime and its role provide.
    Object.assign(process.env, fn.environment.variables, { AWS_ENDPOINT_URL: world.emulator.url, AWS_ACCESS_KEY_ID: "t", AWS_SECRET_ACCESS_KEY: "t", AWS_REGION: "us-east-1" });
    const { handler } = createRequire(import.meta.url)(code) as { handler: (e: unknown) => Promise<unknown> };
    const pattern = JSON.parse(tf.resource.aws_cloudwatch_event_rule.leavers.event_pattern);
    expect(fn.environment.variables.OKTA_EVENT_SOURCE).toBe(EVENT_SOURCE);
    bus = new LocalEventBus(pattern, async (event) => {
      const log = console.log;
      console.log = (line: string) => logs.push(JSON.parse(line));
      try {
        return await handler(event);
      } finally {
        console.log = log;
      }
    });
    streamSystemLog(world.okta.state, EVENT_SOURCE, (event) => bus.put(event));
  }, 120_000);

  it("puts exactly one deny entry for the deactivated person, within seconds", async () => {
    const started = performance.now();
    await world.deactivate("leaver@example.com");
    let entries = await denyEntries(world);
    while (entries.length === 0 && performance.now() - started < 30_000) {
      await new Promise((r) => setTimeout(r, 20));
      entries = await denyEntries(world);
    }
    const seconds = (performance.now() - started) / 1000;
    await bus.settle();
    expect(entries.map((e) => e.userId)).toEqual([world.leaverId]);
    // until = published + the model's longest session + margin, rounded up to the quarter hour
    const env = process.env;
    const earliest = Date.now() + (Number(env.LONGEST_SESSION_SECONDS) + Number(env.MARGIN_SECONDS)) * 1000 - 60_000;
    expect(Date.parse(entries[0]!.until)).toBeGreaterThanOrEqual(earliest);
    expect(Date.parse(entries[0]!.until)).toBeLessThanOrEqual(earliest + 16 * 60_000);
    expect(logs).toEqual([expect.objectContaining({ decision: "revoke", outcome: "added", login: "leaver@example.com", userId: world.leaverId })]);
    process.stderr.write(`[bench] leaver: Okta deactivation to deny in place: ${seconds.toFixed(2)} s (local)\n`);
    expect(seconds).toBeLessThan(30);
  });

  it("a duplicate delivery changes nothing, and a re-activation does not re-admit", async () => {
    const before = await denyEntries(world);
    world.emulator.resetCalls();
    bus.put(bus.delivered[0] as Record<string, unknown>);
    await world.activate("leaver@example.com");
    await bus.settle();
    expect(bus.dropped).toEqual([expect.objectContaining({ detail: expect.objectContaining({ eventType: "user.lifecycle.activate" }) })]);
    expect(world.emulator.calls.UpdatePolicy ?? 0).toBe(0);
    expect(await denyEntries(world)).toEqual(before);
    expect(logs.at(-1)).toMatchObject({ decision: "revoke", outcome: "unchanged" });
  });
});
