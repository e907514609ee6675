// The revoker Lambda's deployment package, built from this repository at synthesis: esbuild
// bundles src/revocation/lambda.ts with the pinned AWS SDK clients into one CommonJS file, and a
// zip with fixed timestamps wraps it, so the same sources give the same bytes (and the same
// source_code_hash) on every machine.
import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { deflateRawSync } from "node:zlib";
import { buildSync } from "esbuild";

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const REVOKER_ENTRY = "src/revocation/lambda.ts";
export const REVOKER_HANDLER = "index.handler";
export const REVOKER_RUNTIME = "nodejs22.x";

export interface RevokerBundle {
  zipPath: string;
  /** base64 SHA-256 of the zip, as Terraform's filebase64sha256 gives it. */
  sha256: string;
  bytes: number;
}

/** The bundled JavaScript of the revoker. */
export function bundleRevoker(): Uint8Array {
  const out = buildSync({
    absWorkingDir: REPO,
    entryPoints: [REVOKER_ENTRY],
    bundle: true,
    platform: "node",
    target: "node22",
    format: "cjs",
    minifyWhitespace: true,
    minifySyntax: true,
    keepNames: true,
    legalComments: "eof",
    write: false,
    logLevel: "silent",
  });
  return out.outputFiles[0]!.contents;
}

/** Writes `revoker.zip` into `dir` and returns its path and hash. */
export function writeRevokerBundle(dir: string): RevokerBundle {
  const zip = zipOne("index.js", bundleRevoker());
  mkdirSync(dir, { recursive: true });
  const zipPath = join(dir, "revoker.zip");
  writeFileSync(zipPath, zip);
  return { zipPath, sha256: createHash("sha256").update(zip).digest("base64"), bytes: zip.length };
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of data) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A zip of one deflated file dated 1980-01-01 00:00 (the earliest DOS time), mode 0644. */
export function zipOne(name: string, data: Uint8Array): Buffer {
  const nameBytes = Buffer.from(name, "utf8");
  const body = deflateRawSync(data, { level: 9 });
  const crc = crc32(data);
  const DOS_DATE = (0 << 9) | (1 << 5) | 1; // 1980-01-01
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4); // version needed
  local.writeUInt16LE(0, 6); // flags
  local.writeUInt16LE(8, 8); // deflate
  local.writeUInt16LE(0, 10); // time
  local.writeUInt16LE(DOS_DATE, 12);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(body.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(nameBytes.length, 26);
  local.writeUInt16LE(0, 28);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE((3 << 8) | 20, 4); // made by: Unix, 2.0
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(0, 8);
  central.writeUInt16LE(8, 10);
  central.writeUInt16LE(0, 12);
  central.writeUInt16LE(DOS_DATE, 14);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(body.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(nameBytes.length, 28);
  central.writeUInt16LE(0, 30); // extra
  central.writeUInt16LE(0, 32); // comment
  central.writeUInt16LE(0, 34); // disk
  central.writeUInt16LE(0, 36); // internal attributes
  central.writeUInt32LE((0o100644 << 16) >>> 0, 38); // external: regular file, rw-r--r--
  central.writeUInt32LE(0, 42); // offset of the local header
  const centralStart = local.length + nameBytes.length + body.length;
  const centralSize = central.length + nameBytes.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(centralStart, 16);
  return Buffer.concat([local, nameBytes, body, central, nameBytes, end]);
}
