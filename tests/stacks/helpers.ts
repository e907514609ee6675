// Shared helpers for stack tests: load a YAML model folder, synthesize it, read the output.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { synthesize, type SynthSummary } from "../../stacks/app.js";
import { formatFindings, loadModel } from "../../src/model/index.js";
import type { ResolvedModel } from "../../src/model/types.js";
import { writeModel, type Layout, type SyntheticModel } from "../../bench/synthetic.js";

export type Json = Record<string, any>;

const created: string[] = [];

/** Removes the scratch folders made so far; test files call it in afterAll. */
export function removeTempDirs(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A scratch folder, removed by removeTempDirs. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `access-stacks-${prefix}-`));
  created.push(dir);
  return dir;
}

export function loadOrThrow(dir: string, today = "2026-01-01"): ResolvedModel {
  const { model, findings } = loadModel(dir, { today });
  if (!model) throw new Error(`model in ${dir} is invalid:\n${formatFindings(findings, "text")}`);
  return model;
}

/** Writes the synthetic model as YAML with `layout`, loads it, synthesizes it. */
export function synthFromYaml(model: SyntheticModel, layout?: Layout, today?: string): { outdir: string; summary: SynthSummary } {
  const dir = tempDir("model");
  writeModel(model, dir, layout);
  const outdir = join(tempDir("synth"), "cdktf.out");
  return { outdir, summary: synthesize(loadOrThrow(dir, today), outdir) };
}

export function synthModel(model: ResolvedModel): string {
  const outdir = join(tempDir("synth"), "cdktf.out");
  synthesize(model, outdir);
  return outdir;
}

export function stackJson(outdir: string, stack: string): Json {
  return JSON.parse(readFileSync(join(outdir, "stacks", stack, "cdk.tf.json"), "utf8"));
}

/** Names of the stacks written under `outdir`. */
export function stackNames(outdir: string): string[] {
  return readdirSync(join(outdir, "stacks")).sort();
}

/** Every account assignment block of every stack under `outdir`, as `<stack> <block name>` -> block. */
export function assignmentBlocks(outdir: string): Map<string, Json> {
  const out = new Map<string, Json>();
  for (const stack of stackNames(outdir)) {
    const blocks: Json = stackJson(outdir, stack).resource?.aws_ssoadmin_account_assignment ?? {};
    for (const [name, block] of Object.entries<Json>(blocks)) out.set(`${stack} ${name}`, block);
  }
  return out;
}

/** The for_each keys of every assignment block under `outdir` (the natural keys). */
export function assignmentKeys(outdir: string): string[] {
  return [...assignmentBlocks(outdir).values()].flatMap((b) => Object.keys(b.for_each)).sort();
}

/** Every file under `dir` with its bytes, keyed by relative path. */
export function readTree(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(relative(dir, p), readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

/** Every string in a JSON value, object keys included. */
export function allStrings(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const v of value) allStrings(v, out);
  else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      out.push(k);
      allStrings(v, out);
    }
  }
  return out;
}
