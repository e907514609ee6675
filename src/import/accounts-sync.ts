// `access accounts sync`: brings the model's account entries in line with AWS Organizations,
// editing the YAML documents in place (yaml's Document API) so comments, order, quoting and flow
// style stay as people wrote them. New accounts go to the file that already holds their OU;
// renames also rename references in assignments; accounts that left the Organization or were
// closed are removed only when no assignment names or selects them, and otherwise flagged with a
// comment, so access never disappears without a person deciding it.
import { readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { isMap, isScalar, isSeq, parseDocument, Scalar, stringify, YAMLMap, YAMLSeq, type Document } from "yaml";
import { modelFiles } from "../model/files.js";
import { cmp } from "../model/order.js";
import { normalizeOu } from "../model/selectors.js";
import type { LiveAccount, LiveOrganization } from "./estate.js";
import { fileSlug } from "./names.js";

export type SyncChangeKind = "added" | "renamed" | "moved" | "retagged" | "removed" | "flagged";

export interface SyncChange {
  kind: SyncChangeKind;
  accountId: string;
  file: string; // relative to the model folder
  detail: string;
}

export interface SyncResult {
  /** Absolute path -> new content, only for files whose content changed. */
  writes: Map<string, string>;
  changes: SyncChange[];
}

interface ModelFile {
  path: string;
  text: string;
  doc: Document;
  changed: boolean;
  /** Entries added, removed or re-shaped: the document is re-serialised. */
  structural: boolean;
  /** Scalars replaced in place; when nothing is structural, only these bytes change. */
  edits: Array<{ start: number; end: number; text: string }>;
}

interface Entry {
  file: ModelFile;
  seq: YAMLSeq;
  item: YAMLMap;
  id: string;
}

export const FLAG_PREFIX = " access accounts sync:";

const str = (node: unknown): string | undefined => (isScalar(node) && node.value !== null && node.value !== undefined ? String(node.value) : undefined);

/**
 * `granted`: ids of the accounts the model's assignments reach today (selectors resolved); an
 * account in it is never removed, only flagged.
 */
export function syncAccounts(dir: string, live: LiveOrganization, granted: ReadonlySet<string> = new Set()): SyncResult {
  const files: ModelFile[] = modelFiles(dir).map((path) => {
    const text = readFileSync(path, "utf8");
    return { path, text, doc: parseDocument(text, { version: "1.2" }), changed: false, structural: false, edits: [] };
  });
  const entries: Entry[] = [];
  for (const file of files) {
    const seq = file.doc.get("accounts", true);
    if (!isSeq(seq)) continue;
    for (const item of seq.items) {
      if (!isMap(item)) continue;
      const id = str(item.get("id", true));
      if (id) entries.push({ file, seq, item, id });
    }
  }
  const rel = (f: ModelFile) => relative(dir, f.path);
  const changes: SyncChange[] = [];
  const liveById = new Map(live.accounts.map((a) => [a.id, a]));
  const explicitRefs = explicitAccountRefs(files);
  const renames = new Map<string, string>();

  for (const e of entries) {
    if (e.id === live.managementAccountId) continue; // listed on purpose; never touched
    const a = liveById.get(e.id);
    const name = str(e.item.get("name", true)) ?? "";
    if (!a || a.state !== "ACTIVE") {
      const why = a ? `is ${a.state} in AWS Organizations` : "is no longer in the AWS Organization";
      if (granted.has(e.id) || explicitRefs.has(e.id) || explicitRefs.has(name)) {
        const flag = `${FLAG_PREFIX} account ${e.id} (${name}) ${why}; assignments still name or select it: remove its references in assignments, then this entry`;
        const kept = (e.item.commentBefore ?? "").split("\n").filter((line) => line !== "" && !line.startsWith(FLAG_PREFIX));
        const wanted = [...kept, flag].join("\n");
        if (e.item.commentBefore === wanted) continue;
        e.item.commentBefore = wanted;
        e.file.changed = true;
        e.file.structural = true;
        changes.push({ kind: "flagged", accountId: e.id, file: rel(e.file), detail: `${name} ${why}; kept because assignments name or select it` });
      } else {
        e.seq.items.splice(e.seq.items.indexOf(e.item), 1);
        e.file.changed = true;
        e.file.structural = true;
        changes.push({ kind: "removed", accountId: e.id, file: rel(e.file), detail: `${name} ${why}; no assignment names or selects it` });
      }
      continue;
    }
    if (a.name !== name) {
      setScalar(e.file, e.item, "name", a.name);
      renames.set(name, a.name);
      e.file.changed = true;
      changes.push({ kind: "renamed", accountId: e.id, file: rel(e.file), detail: `${name} -> ${a.name}` });
    }
    const ou = normalizeOu(str(e.item.get("ou", true)));
    if (ou !== a.ou) {
      if (a.ou === "") {
        e.item.delete("ou");
        e.file.structural = true;
      } else setScalar(e.file, e.item, "ou", a.ou);
      e.file.changed = true;
      changes.push({ kind: "moved", accountId: e.id, file: rel(e.file), detail: `${a.name}: ${ou || "(root)"} -> ${a.ou || "(root)"}` });
    }
    const tagsNode = e.item.get("tags", true);
    const tags = isMap(tagsNode) ? Object.fromEntries(tagsNode.items.map((p) => [str(p.key) ?? "", str(p.value) ?? ""])) : {};
    if (!sameTags(tags, a.tags)) {
      if (Object.keys(a.tags).length === 0) e.item.delete("tags");
      else {
        const node = e.file.doc.createNode(a.tags) as YAMLMap;
        node.flow = isMap(tagsNode) ? tagsNode.flow === true : e.item.flow === true;
        e.item.set("tags", node);
      }
      e.file.changed = true;
      e.file.structural = true;
      changes.push({ kind: "retagged", accountId: e.id, file: rel(e.file), detail: `${a.name}: ${formatTags(tags)} -> ${formatTags(a.tags)}` });
    }
  }

  if (renames.size > 0) renameReferences(files, renames);

  const known = new Set(entries.map((e) => e.id));
  const fresh = live.accounts.filter((a) => a.state === "ACTIVE" && a.id !== live.managementAccountId && !known.has(a.id)).sort((x, y) => cmp(x.ou, y.ou) || cmp(x.name, y.name));
  for (const a of fresh) {
    const target = fileFor(a, entries, files, dir);
    const seq = target.seq;
    const node = target.file.doc.createNode({ id: a.id, name: a.name, ...(a.ou ? { ou: a.ou } : {}), ...(Object.keys(a.tags).length ? { tags: a.tags } : {}) }) as YAMLMap;
    (node.get("id", true) as Scalar).type = Scalar.QUOTE_DOUBLE;
    const sibling = seq.items.find(isMap) as YAMLMap | undefined;
    node.flow = sibling ? sibling.flow === true : true;
    const siblingTags = sibling?.get("tags", true);
    const tagsNode = node.get("tags", true);
    if (isMap(tagsNode)) tagsNode.flow = isMap(siblingTags) ? siblingTags.flow === true : true;
    seq.items.push(node);
    target.file.changed = true;
    target.file.structural = true;
    entries.push({ file: target.file, seq, item: node, id: a.id });
    changes.push({ kind: "added", accountId: a.id, file: rel(target.file), detail: `${a.name} (${a.ou || "root"}${Object.keys(a.tags).length ? `, ${formatTags(a.tags)}` : ""})` });
  }

  const writes = new Map<string, string>();
  for (const f of files) {
    if (!f.changed) continue;
    const text = f.structural ? f.doc.toString({ lineWidth: 0 }) : splice(f.text, f.edits);
    if (text !== f.text) writes.set(f.path, text);
  }
  changes.sort((x, y) => cmp(x.kind, y.kind) || cmp(x.accountId, y.accountId));
  return { writes, changes };
}

function setScalar(file: ModelFile, map: YAMLMap, key: string, value: string): void {
  const node = map.get(key, true);
  if (isScalar(node)) replaceScalar(file, node, value);
  else {
    map.set(key, value);
    file.structural = true;
  }
}

/** Replaces a scalar's value, remembering the byte range so the rest of the file stays as written. */
function replaceScalar(file: ModelFile, node: Scalar, value: string): void {
  node.value = value;
  file.changed = true;
  if (!node.range) {
    file.structural = true;
    return;
  }
  const text =
    node.type === Scalar.QUOTE_DOUBLE ? JSON.stringify(value) : node.type === Scalar.QUOTE_SINGLE ? `'${value.replace(/'/g, "''")}'` : stringify(value, { lineWidth: 0 }).trimEnd();
  file.edits.push({ start: node.range[0], end: node.range[1], text });
}

function splice(text: string, edits: ModelFile["edits"]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

function sameTags(a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => b[k] === a[k]);
}

function formatTags(t: Record<string, string>): string {
  const entries = Object.entries(t).sort(([a], [b]) => cmp(a, b));
  return entries.length ? entries.map(([k, v]) => `${k}=${v}`).join(" ") : "no tags";
}

/** Account names and ids written in assignment lists and `except` lists anywhere in the model. */
function explicitAccountRefs(files: ModelFile[]): Set<string> {
  const refs = new Set<string>();
  forEachAccountRef(files, (s) => {
    const v = str(s);
    if (v) refs.add(v);
  });
  return refs;
}

function renameReferences(files: ModelFile[], renames: Map<string, string>): void {
  forEachAccountRef(files, (s, file) => {
    const v = str(s);
    const to = v === undefined ? undefined : renames.get(v);
    if (to !== undefined) replaceScalar(file, s, to);
  });
}

function forEachAccountRef(files: ModelFile[], visit: (s: Scalar, file: ModelFile) => void): void {
  for (const file of files) {
    const assignments = file.doc.get("assignments", true);
    if (!isSeq(assignments)) continue;
    for (const item of assignments.items) {
      if (!isMap(item)) continue;
      const sel = item.get("accounts", true);
      const list = isSeq(sel) ? sel : isMap(sel) ? sel.get("except", true) : undefined;
      if (!isSeq(list)) continue;
      for (const s of list.items) if (isScalar(s)) visit(s, file);
    }
  }
}

/** The file holding the most accounts of the same OU, else of the closest OU, else a new file. */
function fileFor(a: LiveAccount, entries: Entry[], files: ModelFile[], dir: string): { file: ModelFile; seq: YAMLSeq } {
  let best: { entry: Entry; score: number; count: number } | undefined;
  const counts = new Map<string, number>();
  for (const e of entries) {
    const ou = normalizeOu(str(e.item.get("ou", true)));
    const score = ou === a.ou ? 1000 : sharedSegments(ou, a.ou);
    if (score === 0) continue;
    const key = `${e.file.path}\u0000${score}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    const count = counts.get(key)!;
    if (!best || score > best.score || (score === best.score && count > best.count)) best = { entry: e, score, count };
  }
  if (best) return { file: best.entry.file, seq: best.entry.seq };
  // No account shares its OU: a new file next to the other account files.
  const accountDirs = [...new Set(entries.map((e) => dirname(e.file.path)))].sort(cmp);
  const folder = accountDirs.find((d) => d.endsWith("accounts")) ?? accountDirs[0] ?? join(dir, "accounts");
  const taken = new Set(files.map((f) => relative(folder, f.path).replace(/\.ya?ml$/, "")));
  const path = join(folder, `${fileSlug(a.ou === "" ? "root" : a.ou.split("/")[0]!, taken)}.yaml`);
  const doc = parseDocument(`# Accounts in OU ${a.ou || "(root)"}, added by \`access accounts sync\`.\naccounts: []\n`, { version: "1.2" });
  const seq = doc.get("accounts", true) as YAMLSeq;
  seq.flow = false;
  const file: ModelFile = { path, text: "", doc, changed: true, structural: true, edits: [] };
  files.push(file);
  return { file, seq };
}

function sharedSegments(a: string, b: string): number {
  const x = a === "" ? [] : a.split("/");
  const y = b === "" ? [] : b.split("/");
  let n = 0;
  while (n < x.length && n < y.length && x[n] === y[n]) n++;
  return n;
}
