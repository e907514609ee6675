// Finding the model's files without trusting the file system: symbolic links are followed only
// to real paths inside the model folder, loops and dangling links become findings at the link,
// and nothing outside the folder is ever read.
import { lstatSync, readdirSync, realpathSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { finding } from "./findings.js";
import type { Finding, SourceRef } from "./types.js";

export interface ModelFile {
  /** The path as found under the model folder (a link keeps its own name). */
  path: string;
  /** Its real path, the one that is read. */
  realPath: string;
}

/** True when `real` is `root` itself or lies below it (both already real paths). */
export function isInside(root: string, real: string): boolean {
  const rel = relative(root, real);
  return rel === "" || (!rel.startsWith(`..${sep}`) && rel !== ".." && !rel.startsWith(sep) && !/^[A-Za-z]:/.test(rel));
}

export type Resolved = { ok: true; realPath: string } | { ok: false; code: string; why: string };

/** The real path of `p` if it exists and lies inside `rootReal`; otherwise why not. */
export function resolveInside(rootReal: string, p: string): Resolved {
  let real: string;
  try {
    real = realpathSync(p);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ELOOP") return { ok: false, code: "symlink-loop", why: "is a symbolic link loop (it points back at itself); remove or fix the link" };
    if (code === "ENOENT") {
      const isLink = (() => {
        try {
          return lstatSync(p).isSymbolicLink();
        } catch {
          return false;
        }
      })();
      return isLink
        ? { ok: false, code: "dangling-symlink", why: "is a symbolic link to something that does not exist; remove or fix the link" }
        : { ok: false, code: "missing-file", why: "does not exist" };
    }
    return { ok: false, code: "unreadable", why: `cannot be read (${code ?? "error"})` };
  }
  if (!isInside(rootReal, real)) {
    return { ok: false, code: "outside-model", why: `resolves to ${real}, outside the model folder; model and policy files must live inside it (links may only point within it)` };
  }
  return { ok: true, realPath: real };
}

/** Every *.yaml / *.yml below `dir`, recursively, in a stable order; hidden folders skipped. */
export function findModelFiles(dir: string, display: (p: string) => string, findings: Finding[]): ModelFile[] {
  const out: ModelFile[] = [];
  let rootReal: string;
  try {
    rootReal = realpathSync(dir);
  } catch (err) {
    findings.push(finding("error", "no-model", { file: dir, line: 1, col: 1 }, `model folder ${dir} cannot be read (${(err as NodeJS.ErrnoException).code ?? "error"})`));
    return out;
  }
  const visited = new Set<string>([rootReal]);
  const at = (p: string): SourceRef => ({ file: display(p), line: 1, col: 1 });
  const walk = (d: string) => {
    let names: string[];
    try {
      names = readdirSync(d).sort();
    } catch (err) {
      findings.push(finding("error", "unreadable", at(d), `cannot list this folder (${(err as NodeJS.ErrnoException).code ?? "error"})`));
      return;
    }
    for (const name of names) {
      if (name.startsWith(".") || name === "node_modules") continue;
      const p = join(d, name);
      let link = false;
      try {
        link = lstatSync(p).isSymbolicLink();
      } catch {
        continue; // vanished while listing
      }
      const resolved = resolveInside(rootReal, p);
      if (!resolved.ok) {
        // A broken link matters when it would have been read: a YAML name, or a folder. A link to a
        // policy file is checked where the policy is referenced.
        const wouldRead = /\.ya?ml$/.test(name) || resolved.code === "symlink-loop" || (resolved.code === "outside-model" && isDirectory(p));
        if ((link && wouldRead) || resolved.code === "unreadable") findings.push(finding("error", resolved.code, at(p), `${name} ${resolved.why}`));
        continue;
      }
      const st = statSync(resolved.realPath);
      if (st.isDirectory()) {
        if (visited.has(resolved.realPath)) {
          if (link) findings.push(finding("error", "symlink-loop", at(p), `${name} links to a folder that is already read (${display(resolved.realPath)}); remove the link`));
          continue;
        }
        visited.add(resolved.realPath);
        walk(p);
      } else if (st.isFile() && /\.ya?ml$/.test(name)) out.push({ path: p, realPath: resolved.realPath });
    }
  };
  walk(dir);
  return out;
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** The model's YAML files (paths as found), for tools that edit them in place; problems are left to validation. */
export function modelFiles(dir: string): string[] {
  return findModelFiles(dir, (p) => p, []).map((f) => f.path);
}
