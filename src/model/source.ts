// Reads one YAML file defensively and maps paths inside it back to line and column.
import { readFileSync, statSync } from "node:fs";
import { Composer, isAlias, isMap, isPair, isScalar, isSeq, LineCounter, Parser, type CST, type Document, type Node, type Pair, type YAMLMap } from "yaml";
import { codePoint, invisibleOffsets } from "./confusables.js";
import { finding } from "./findings.js";
import type { Finding, SourceRef } from "./types.js";

export const MAX_FILE_BYTES = 1024 * 1024;
export const MAX_DEPTH = 64;
export const MAX_ALIAS_COUNT = 100;

export type Path = readonly (string | number)[];

export class SourceFile {
  constructor(
    readonly file: string, // as shown in findings
    readonly absPath: string,
    readonly text: string,
    readonly doc: Document | undefined,
    private readonly lines: LineCounter,
  ) {}

  /** Position of the value at `path`, or of its nearest existing ancestor. */
  at(path: Path): SourceRef {
    return this.refAt(this.nodeRange(path, "value"));
  }

  /** Position of the key that introduces `path` (for unknown or duplicate keys). */
  keyAt(path: Path): SourceRef {
    return this.refAt(this.nodeRange(path, "key"));
  }

  /** Raw source text of the scalar at `path` (e.g. to tell an unquoted number from a string). */
  sourceText(path: Path): string | undefined {
    const node = this.walk(path);
    if (!node || node.depth !== path.length || !node.node?.range) return undefined;
    return this.text.slice(node.node.range[0], node.node.range[1]);
  }

  start(): SourceRef {
    return { file: this.file, line: 1, col: 1 };
  }

  refAtOffset(offset: number): SourceRef {
    const { line, col } = this.lines.linePos(offset);
    return { file: this.file, line, col };
  }

  private refAt(offset: number | undefined): SourceRef {
    return offset === undefined ? this.start() : this.refAtOffset(offset);
  }

  private nodeRange(path: Path, want: "key" | "value"): number | undefined {
    const found = this.walk(path);
    if (!found) return undefined;
    if (want === "key" && found.depth === path.length && found.keyNode?.range) return found.keyNode.range[0];
    return found.node?.range?.[0];
  }

  private readonly pairIndexes = new WeakMap<YAMLMap, Map<string, Pair>>();

  /** A map's pairs by key text, built once per map: lookups stay constant-time on huge mappings. */
  private pairIndex(map: YAMLMap): Map<string, Pair> {
    let index = this.pairIndexes.get(map);
    if (!index) {
      index = new Map();
      for (const p of map.items) {
        if (!isScalar(p.key)) continue;
        const k = String(p.key.value);
        if (!index.has(k)) index.set(k, p as Pair);
      }
      this.pairIndexes.set(map, index);
    }
    return index;
  }

  private walk(path: Path): { node: Node | undefined; keyNode: Node | undefined; depth: number } | undefined {
    if (!this.doc) return undefined;
    let node = this.doc.contents as Node | null;
    let keyNode: Node | undefined;
    let depth = 0;
    for (const seg of path) {
      if (node && isAlias(node)) node = (node.resolve(this.doc) as Node | undefined) ?? node;
      let next: Node | undefined;
      let nextKey: Node | undefined;
      if (isMap(node)) {
        const pair = this.pairIndex(node).get(String(seg));
        if (pair) {
          nextKey = pair.key as Node;
          next = (pair.value as Node | null) ?? (pair.key as Node);
        }
      } else if (isSeq(node) && typeof seg === "number") {
        const item = node.items[seg];
        next = isPair(item) ? (item.key as Node) : (item as Node | undefined);
      }
      if (!next) break;
      node = next;
      keyNode = nextKey;
      depth++;
    }
    return { node: node ?? undefined, keyNode, depth };
  }
}

export interface ParsedFile {
  source?: SourceFile;
  value?: unknown; // the document as plain data; undefined when the file could not be read safely
  findings: Finding[];
}

/** Parses a model file; every failure becomes a finding, never an exception. */
export function parseModelFile(absPath: string, shownPath: string): ParsedFile {
  const startRef: SourceRef = { file: shownPath, line: 1, col: 1 };
  try {
    const size = statSync(absPath).size;
    if (size > MAX_FILE_BYTES) {
      return { findings: [finding("error", "file-too-large", startRef, `file is ${size} bytes; model files must be at most 1 MiB: split it into several files`)] };
    }
    const text = readFileSync(absPath, "utf8");
    const lines = new LineCounter();
    let docs: Document[];
    let tokens: CST.Token[];
    try {
      // Parsed once into tokens (read again for directives), then composed: the same steps as the
      // library's parseAllDocuments. Duplicate keys are found below, after conversion (the
      // library's own check is quadratic and compares keys before they become strings, so 1 and
      // "1" slip through).
      tokens = [...new Parser(lines.addNewLine).parse(text)];
      docs = [...new Composer({ uniqueKeys: false, prettyErrors: false, version: "1.2", logLevel: "error" }).compose(tokens)] as Document[];
    } catch (err) {
      return { findings: [parseCrash(startRef, err)] };
    }
    const doc = docs[0];
    const source = new SourceFile(shownPath, absPath, text, doc, lines);
    const findings: Finding[] = [];
    for (const p of directiveProblems(tokens)) findings.push(finding("error", "yaml-syntax", source.refAtOffset(p.offset), `YAML syntax error: ${p.message}`));
    for (const { offset, ch } of invisibleOffsets(text)) {
      findings.push(finding("error", "invisible-character", source.refAtOffset(offset), `invisible format character ${codePoint(ch)} (bidi override, zero-width or similar): it makes text read differently from what it is; delete it`));
    }
    for (const extra of docs.slice(1)) {
      const at = source.refAtOffset(extra.range?.[0] ?? 0);
      findings.push(finding("error", "multiple-documents", at, "this file holds several YAML documents (---); keep one document per file, or split it into several files"));
    }
    for (const d of docs) {
      for (const e of d.errors) {
        const code = e.code === "DUPLICATE_KEY" ? "duplicate-key" : "yaml-syntax";
        const msg = e.code === "DUPLICATE_KEY" ? "duplicate key: a key may appear once in a mapping; remove or rename one of them" : `YAML syntax error: ${firstLine(e.message)}`;
        findings.push(finding("error", code, source.refAtOffset(e.pos[0]), msg));
      }
      for (const w of d.warnings) findings.push(finding("warning", "yaml-warning", source.refAtOffset(w.pos[0]), firstLine(w.message)));
    }
    if (findings.some((f) => f.severity === "error") || !doc) return { source, findings };
    const duplicates = duplicateKeys(doc, text);
    if (duplicates.length > 0) {
      return {
        source,
        findings: duplicates.map((d) =>
          finding("error", "duplicate-key", source.refAtOffset(d.offset), `duplicate key: ${d.shown} is the same key as the one at line ${source.refAtOffset(d.firstOffset).line} once read (${JSON.stringify(d.key)}); a key may appear once in a mapping: remove or rename one of them`),
        ),
      };
    }
    const complexKey = firstComplexKey(doc);
    if (complexKey !== undefined) {
      return { source, findings: [finding("error", "complex-key", source.refAtOffset(complexKey), "mapping keys must be plain strings; this key is a list or mapping")] };
    }
    const depthProblem = tooDeep(doc);
    if (depthProblem !== undefined) {
      return { source, findings: [finding("error", "too-deep", source.refAtOffset(depthProblem), `values are nested deeper than ${MAX_DEPTH} levels; the model never needs that: simplify this file`)] };
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      if (/alias/i.test(msg)) {
        return { source, findings: [finding("error", "alias-expansion", startRef, "YAML aliases expand to too large a document (possible alias bomb); write the values out instead of nesting aliases")] };
      }
      return { source, findings: [parseCrash(startRef, err)] };
    }
    return { source, value, findings };
  } catch (err) {
    return { findings: [parseCrash(startRef, err)] };
  }
}

function parseCrash(at: SourceRef, err: unknown): Finding {
  if (err instanceof RangeError) return finding("error", "too-deep", at, "the file is nested too deeply to read; simplify it");
  const msg = err instanceof Error ? err.message : String(err);
  return finding("error", "unreadable", at, `cannot read this file: ${firstLine(msg)}`);
}

function firstLine(s: string): string {
  return s.split("\n")[0]!.trim();
}

/**
 * Directives the YAML library accepts although the specification forbids them (yaml-test-suite
 * 9MMA, SF5V): directives with no document after them, a document after directives that does not
 * start with "---", and a %YAML (or the same %TAG handle) twice before one document.
 */
function directiveProblems(tokens: readonly CST.Token[]): { offset: number; message: string }[] {
  const problems: { offset: number; message: string }[] = [];
  let pending: { offset: number; name: string }[] = [];
  for (const token of tokens) {
    if (token.type === "directive") {
      const words = token.source.trim().split(/\s+/);
      const name = words[0] === "%TAG" ? `%TAG ${words[1] ?? ""}` : words[0]!;
      if ((name === "%YAML" || name.startsWith("%TAG ")) && pending.some((p) => p.name === name)) {
        problems.push({ offset: token.offset, message: `${name} appears twice before one document; keep one` });
      }
      pending.push({ offset: token.offset, name });
    } else if (token.type === "document") {
      if (pending.length > 0 && !token.start.some((t) => t.type === "doc-start")) {
        problems.push({ offset: token.offset, message: 'a document after directives must start with "---"' });
      }
      pending = [];
    }
  }
  if (pending.length > 0) problems.push({ offset: pending[0]!.offset, message: 'directives with no document after them: add "---" and the document, or remove the directives' });
  return problems;
}

/** The text a mapping key becomes once read as data (what the model sees), as the library converts it. */
function keyText(key: unknown, doc: Document): string | undefined {
  let k = key;
  if (isAlias(k)) k = k.resolve(doc);
  if (!isScalar(k)) return undefined;
  const v = k.value;
  if (v === null || v === undefined) return "";
  if (typeof v === "object") return undefined;
  return String(v);
}

interface DuplicateKey {
  offset: number;
  firstOffset: number;
  key: string;
  shown: string;
}

/** Keys that collide once converted to strings: `a`/`a`, and also `1`/"1", `true`/"true", `~`/"". */
function duplicateKeys(doc: Document, text: string): DuplicateKey[] {
  const out: DuplicateKey[] = [];
  const stack: unknown[] = [doc.contents];
  while (stack.length) {
    const node = stack.pop();
    if (isMap(node)) {
      const seen = new Map<string, number>();
      for (const pair of node.items) {
        const key = keyText(pair.key, doc);
        const offset = (pair.key as Node | null)?.range?.[0];
        if (key !== undefined && offset !== undefined) {
          const first = seen.get(key);
          if (first !== undefined) out.push({ offset, firstOffset: first, key, shown: text.slice(offset, (pair.key as Node).range![1]).trim() });
          else seen.set(key, offset);
        }
        stack.push(pair.value);
      }
    } else if (isSeq(node)) stack.push(...node.items);
  }
  return out.sort((a, b) => a.offset - b.offset);
}

/** Offset of the first mapping key that is itself a collection (not representable as data). */
function firstComplexKey(doc: Document): number | undefined {
  const stack: unknown[] = [doc.contents];
  while (stack.length) {
    const node = stack.pop();
    if (isMap(node)) {
      for (const pair of node.items) {
        if (pair.key && (isMap(pair.key) || isSeq(pair.key))) return (pair.key as Node).range?.[0] ?? 0;
        stack.push(pair.value);
      }
    } else if (isSeq(node)) stack.push(...node.items);
  }
  return undefined;
}

/** Offset of the first node nested deeper than MAX_DEPTH, found without recursion. */
function tooDeep(doc: Document): number | undefined {
  const stack: Array<[unknown, number]> = [[doc.contents, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (!node || typeof node !== "object") continue;
    if (depth > MAX_DEPTH) return (node as Node).range?.[0] ?? 0;
    if (isMap(node) || isSeq(node)) {
      for (const item of node.items as unknown[]) {
        if (isPair(item)) {
          stack.push([item.key, depth + 1]);
          stack.push([item.value, depth + 1]);
        } else stack.push([item, depth + 1]);
      }
    }
  }
  return undefined;
}
