// Writes an imported model folder: refuses to mix it into a folder that already holds other files.
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

export function writeModelFolder(dir: string, files: ReadonlyMap<string, string>, replace: boolean): void {
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    if (!replace) throw new Error(`${dir} is not empty; choose a new folder, or pass --force to replace its contents`);
    for (const entry of readdirSync(dir)) rmSync(join(dir, entry), { recursive: true, force: true });
  }
  for (const [rel, content] of files) {
    const path = join(dir, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }
}
