// `npm run bench`: synthetic orgs of 35, 1,000 and 5,000 accounts, each measured in its own
// process. Prints validate+resolve time, synth time, peak memory, resource counts, and the time
// to write the same for_each maps as plain JSON (the floor), then the rejected per-resource
// layout for comparison. Figures and the layout decision: bench/README.md.
import { spawnSync } from "node:child_process";
import { join, resolve } from "node:path";

interface Row {
  accounts: number;
  mode: string;
  triples: number;
  groups: number;
  loadMs: number;
  synthMs: number;
  floorMs: number;
  blocks: number;
  instances: number;
  outputBytes: number;
  peakRssMb: number;
}

const ROOT = resolve(import.meta.dirname, "..");
const TSX = join(ROOT, "node_modules/tsx/dist/cli.mjs");
const SIZES = (process.env.BENCH_SIZES ?? "35,1000,5000").split(",").map(Number);
const COMPARE = (process.env.BENCH_COMPARE_SIZES ?? "1000,5000").split(",").filter(Boolean).map(Number);

function measure(accounts: number, mode: string): Row {
  const res = spawnSync(process.execPath, ["--max-old-space-size=8192", TSX, join(ROOT, "bench/measure.ts"), String(accounts), mode], {
    cwd: ROOT,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (res.status !== 0) throw new Error(`bench ${accounts} ${mode} failed:\n${res.stderr}`);
  return JSON.parse(res.stdout.trim().split("\n").at(-1)!);
}

const fmt = (n: number, digits = 0) => n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

function table(rows: Row[]): string {
  const head = "| accounts | layout | triples | groups | validate+resolve | synth | plain JSON (floor) | synth / floor | blocks | instances | output | peak RSS |";
  const sep = "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|";
  const lines = rows.map(
    (r) =>
      `| ${fmt(r.accounts)} | ${r.mode} | ${fmt(r.triples)} | ${fmt(r.groups)} | ${fmt(r.loadMs)} ms | ${fmt(r.synthMs)} ms | ${fmt(r.floorMs)} ms | ${fmt(r.synthMs / r.floorMs, 1)}x | ${fmt(r.blocks)} | ${fmt(r.instances)} | ${fmt(r.outputBytes / 1e6, 1)} MB | ${fmt(r.peakRssMb)} MB |`,
  );
  return [head, sep, ...lines].join("\n");
}

const rows: Row[] = [];
for (const accounts of SIZES) {
  rows.push(measure(accounts, "for_each"));
  process.stderr.write(`measured ${accounts} accounts (for_each)\n`);
}
for (const accounts of COMPARE) {
  rows.push(measure(accounts, "per-resource"));
  process.stderr.write(`measured ${accounts} accounts (one construct per resource, identity-center only)\n`);
}
process.stdout.write(`${table(rows)}\n\nnode ${process.version}, ${process.platform}/${process.arch}\n`);
