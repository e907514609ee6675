// One bench measurement in a fresh process (so peak memory is this size's alone).
// Usage: tsx bench/measure.ts <accounts> <mode: for_each|per-resource>; prints one JSON line.
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { formatFindings, loadModel } from "../src/model/index.js";
import { synthesize } from "../stacks/app.js";
import { writePlainJson } from "./plain-json.js";
import { synthesizePerResource } from "./per-resource.js";
import { syntheticModel, writeModel } from "./synthetic.js";

function bytesUnder(dir: string): number {
  let total = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    total += statSync(p).isDirectory() ? bytesUnder(p) : statSync(p).size;
  }
  return total;
}

const accounts = Number(process.argv[2]);
const mode = process.argv[3] ?? "for_each";
const work = mkdtempSync(join(tmpdir(), `bench-${accounts}-`));
try {
  const modelDir = join(work, "model");
  writeModel(syntheticModel(accounts), modelDir, { files: Math.max(4, Math.ceil(accounts / 100)), seed: accounts });

  let t = performance.now();
  const { model, findings } = loadModel(modelDir, { today: "2026-01-01" });
  const loadMs = performance.now() - t;
  if (!model) throw new Error(formatFindings(findings, "text"));
  const rssAfterLoadMb = process.resourceUsage().maxRSS / 1024;

  // Synthesis and the floor share helpers (keyedMap, literal): each runs three times, alternating,
  // and the fastest run of each counts, so neither is charged the other's JIT warm-up.
  let blocks = 0;
  let instances = 0;
  let synthMs = Infinity;
  let floorMs = Infinity;
  let outputBytes = 0;
  for (let run = 0; run < 3; run++) {
    const outdir = join(work, `cdktf.out.${run}`);
    t = performance.now();
    if (mode === "for_each") {
      const summary = synthesize(model, outdir);
      blocks = instances = 0;
      for (const s of summary.stacks) {
        for (const c of Object.values(s.resources)) {
          blocks += c.blocks;
          instances += c.instances;
        }
      }
    } else {
      blocks = instances = synthesizePerResource(model, outdir);
    }
    synthMs = Math.min(synthMs, performance.now() - t);
    outputBytes = bytesUnder(outdir);

    t = performance.now();
    writePlainJson(model, join(work, `plain.${run}`));
    floorMs = Math.min(floorMs, performance.now() - t);
  }

  process.stdout.write(
    `${JSON.stringify({
      accounts,
      mode,
      triples: model.assignments.length,
      groups: model.groups.length,
      loadMs,
      synthMs,
      floorMs,
      blocks,
      instances,
      outputBytes,
      rssAfterLoadMb,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
    })}\n`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
