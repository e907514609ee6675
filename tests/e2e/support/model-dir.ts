// Working copies of a model folder for a scenario, and the edits scenarios make to them:
// reshuffle and re-split every list across new files, edit one entry in place.
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { parse, parseDocument, stringify, type Document } from "yaml";
import { seededRandom } from "../../emulator/faults.js";
import { scratchDir } from "./scratch.js";

export const EXAMPLE_MODEL = resolve(import.meta.dirname, "../../../access-model");

export function copyModel(name: string, src = EXAMPLE_MODEL): string {
  const dir = scratchDir(`model-${name}`);
  cpSync(src, dir, { recursive: true });
  return dir;
}

export function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...yamlFiles(path));
    else if (/\.ya?ml$/.test(entry)) out.push(path);
  }
  return out.sort();
}

type Section = "accounts" | "groups" | "permission_sets" | "assignments";
const LISTS: Section[] = ["accounts", "groups", "permission_sets", "assignments"];

/** Path-valued fields that are relative to the file naming them. */
function rebasePaths(entry: Record<string, unknown>, from: string, to: string): Record<string, unknown> {
  if (typeof entry.inline_policy !== "string") return entry;
  const abs = resolve(dirname(from), entry.inline_policy);
  return { ...entry, inline_policy: relative(dirname(to), abs) };
}

function shuffle<T>(items: T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function shuffleKeys(value: unknown, random: () => number): unknown {
  if (Array.isArray(value)) return value.map((v) => shuffleKeys(v, random));
  if (value && typeof value === "object") {
    return Object.fromEntries(shuffle(Object.entries(value), random).map(([k, v]) => [k, shuffleKeys(v, random)]));
  }
  return value;
}

/**
 * Rewrites the model folder with every list shuffled (entries, and keys inside each entry) and
 * split differently: entries of all sections mixed into new files under new sub-folders.
 * Lists whose order might mean something (policy statements) are left alone: only the model's
 * own lists and mapping keys move.
 */
export function reshuffleAndResplit(dir: string, seed: number): void {
  const random = seededRandom(seed);
  const entries: Array<{ section: Section; entry: Record<string, unknown>; from: string }> = [];
  let organization: { value: unknown; from: string } | undefined;
  for (const file of yamlFiles(dir)) {
    const doc = parse(readFileSync(file, "utf8")) as Record<string, unknown> | null;
    if (!doc) continue;
    for (const [key, value] of Object.entries(doc)) {
      if (key === "organization") organization = { value, from: file };
      else if (LISTS.includes(key as Section) && Array.isArray(value)) {
        for (const entry of value) entries.push({ section: key as Section, entry, from: file });
      } else throw new Error(`reshuffle: unexpected top-level key ${key} in ${file}`);
    }
    rmSync(file);
  }
  if (!organization) throw new Error(`reshuffle: no organization section under ${dir}`);
  const buckets = 7;
  const files: Array<Record<string, Array<Record<string, unknown>>>> = Array.from({ length: buckets }, () => ({}));
  const paths = files.map((_, i) => join(dir, `split-${String.fromCharCode(97 + ((i * 5) % buckets))}`, `part-${i}.yaml`));
  for (const { section, entry, from } of shuffle(entries, random)) {
    const i = Math.floor(random() * buckets);
    const target = files[i]!;
    (target[section] ??= []).push(shuffleKeys(rebasePaths(entry, from, paths[i]!), random) as Record<string, unknown>);
  }
  // The organization goes into one of the parts, next to some lists.
  const orgIndex = Math.floor(random() * buckets);
  files[orgIndex]!.organization = organization.value as never;
  files.forEach((content, i) => {
    if (Object.keys(content).length === 0) return;
    const ordered = Object.fromEntries(shuffle(Object.entries(content), random));
    mkdirSync(dirname(paths[i]!), { recursive: true });
    writeFileSync(paths[i]!, stringify(ordered));
  });
}

/** Edits, in place, the YAML file that holds `section` entries matching `match`. */
export function editYaml(dir: string, edit: (file: string, doc: Document) => boolean): void {
  let edited = 0;
  for (const file of yamlFiles(dir)) {
    const doc = parseDocument(readFileSync(file, "utf8"));
    if (edit(file, doc)) {
      writeFileSync(file, doc.toString());
      edited++;
    }
  }
  if (edited === 0) throw new Error(`editYaml: no file under ${dir} was edited`);
}

export function writeYaml(dir: string, relPath: string, value: unknown): void {
  const path = join(dir, relPath);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, stringify(value));
}
