// Finds the model files, parses them and checks each entry against the schema, keeping every
// valid entry with its source position so later checks can point at file:line:col.
import { relative } from "node:path";
import type { z } from "zod";
import { findModelFiles } from "./files.js";
import { finding, hint } from "./findings.js";
import {
  AccountSchema,
  allowedKeysAt,
  AssignmentSchema,
  GroupSchema,
  ImportsSchema,
  OrganizationSchema,
  PermissionSetSchema,
  TOP_LEVEL_KEYS,
  type RawAccount,
  type RawAssignment,
  type RawGroup,
  type RawImports,
  type RawOrganization,
  type RawPermissionSet,
} from "./schema.js";
import { parseModelFile, type Path, type SourceFile } from "./source.js";
import type { Finding, SourceRef } from "./types.js";

/** A schema-valid entry of the model and where it was written. */
export class Located<T> {
  constructor(
    readonly value: T,
    readonly source: SourceFile,
    readonly path: Path,
  ) {}

  /** Position of a value inside this entry, e.g. at(["accounts", 1]). */
  at(sub: Path = []): SourceRef {
    return this.source.at([...this.path, ...sub]);
  }

  keyAt(sub: Path): SourceRef {
    return this.source.keyAt([...this.path, ...sub]);
  }

  /** "file:line:col" of a value in this entry (of its key when `sub` is empty), for messages. */
  where(sub: Path = []): string {
    const r = sub.length ? this.at(sub) : this.keyAt([]);
    return `${r.file}:${r.line}:${r.col}`;
  }
}

export interface LoadedModel {
  dir: string;
  organizations: Located<RawOrganization>[];
  /** Every `organization` block written, valid or not, in file order (to report the second one). */
  organizationSites: Located<unknown>[];
  accounts: Located<RawAccount>[];
  groups: Located<RawGroup>[];
  permissionSets: Located<RawPermissionSet>[];
  assignments: Located<RawAssignment>[];
  /** `imports:` sections (written by `access import`), checked against the model after resolution. */
  imports: Located<RawImports>[];
  /** Names of entries that failed the schema: references to them are not reported again. */
  invalidNames: { groups: Set<string>; permissionSets: Set<string>; accounts: Set<string> };
  files: number;
}

const LIST_SCHEMAS = {
  accounts: AccountSchema,
  groups: GroupSchema,
  permission_sets: PermissionSetSchema,
  assignments: AssignmentSchema,
} as const;

export function loadFiles(dir: string, findings: Finding[]): LoadedModel {
  const model: LoadedModel = {
    dir,
    organizations: [],
    organizationSites: [],
    accounts: [],
    groups: [],
    permissionSets: [],
    assignments: [],
    imports: [],
    invalidNames: { groups: new Set(), permissionSets: new Set(), accounts: new Set() },
    files: 0,
  };
  for (const file of findModelFiles(dir, displayPath, findings)) {
    model.files++;
    const parsed = parseModelFile(file.realPath, displayPath(file.path));
    findings.push(...parsed.findings);
    if (!parsed.source || parsed.value === undefined || parsed.value === null) continue;
    collect(parsed.value, parsed.source, model, findings);
  }
  return model;
}

export function displayPath(abs: string): string {
  const rel = relative(process.cwd(), abs);
  return rel.startsWith("..") ? abs : rel;
}

function collect(value: unknown, source: SourceFile, model: LoadedModel, findings: Finding[]): void {
  if (!isPlainMapping(value)) {
    // A top-level !!set or !!omap parses to a Set or Map: refused like any non-mapping.
    const what = value instanceof Set ? " (this is a !!set)" : value instanceof Map ? " (this is a !!omap or !!pairs)" : "";
    findings.push(
      finding("error", "not-a-mapping", source.at([]), `the top level of a model file must be a mapping with any of: ${TOP_LEVEL_KEYS.join(", ")}${what}`),
    );
    return;
  }
  const top = value as Record<string, unknown>;
  for (const key of Object.keys(top)) {
    if (!TOP_LEVEL_KEYS.includes(key)) {
      findings.push(
        finding("error", "unknown-key", source.keyAt([key]), `unknown top-level key "${key}"${hint(key, TOP_LEVEL_KEYS)}; allowed: ${TOP_LEVEL_KEYS.join(", ")}`),
      );
    }
  }
  if (Object.hasOwn(top, "organization")) {
    model.organizationSites.push(new Located(top.organization, source, ["organization"]));
    const org = checkEntry(OrganizationSchema, top.organization, source, ["organization"], findings);
    if (org) model.organizations.push(new Located(org, source, ["organization"]));
  }
  if ("imports" in top && top.imports !== null && top.imports !== undefined) {
    const imports = checkEntry(ImportsSchema, top.imports, source, ["imports"], findings);
    if (imports) model.imports.push(new Located(imports, source, ["imports"]));
  }
  for (const key of Object.keys(LIST_SCHEMAS) as (keyof typeof LIST_SCHEMAS)[]) {
    if (!Object.hasOwn(top, key)) continue;
    const list = top[key];
    if (list === null || list === undefined) continue; // `groups:` with nothing under it
    if (!Array.isArray(list)) {
      findings.push(finding("error", "wrong-type", source.at([key]), `"${key}" must be a list (each entry starting with "- ")`));
      continue;
    }
    list.forEach((item, i) => {
      const path = [key, i];
      const parsed = checkEntry(LIST_SCHEMAS[key] as z.ZodType, item, source, path, findings);
      if (parsed) pushEntry(model, key, new Located(parsed, source, path));
      else rememberInvalidName(model, key, item);
    });
  }
}

function isPlainMapping(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function pushEntry(model: LoadedModel, key: keyof typeof LIST_SCHEMAS, entry: Located<unknown>): void {
  if (key === "accounts") model.accounts.push(entry as Located<RawAccount>);
  else if (key === "groups") model.groups.push(entry as Located<RawGroup>);
  else if (key === "permission_sets") model.permissionSets.push(entry as Located<RawPermissionSet>);
  else model.assignments.push(entry as Located<RawAssignment>);
}

function rememberInvalidName(model: LoadedModel, key: keyof typeof LIST_SCHEMAS, item: unknown): void {
  if (!item || typeof item !== "object") return;
  const rec = item as Record<string, unknown>;
  const names = model.invalidNames;
  if (key === "groups" && typeof rec.name === "string") names.groups.add(rec.name);
  if (key === "permission_sets" && typeof rec.name === "string") names.permissionSets.add(rec.name);
  if (key === "accounts") {
    if (typeof rec.name === "string") names.accounts.add(rec.name);
    if (typeof rec.id === "string" || typeof rec.id === "number") names.accounts.add(String(rec.id));
  }
}

/** Validates one entry; reports every schema issue at its own line and column. */
function checkEntry<T>(schema: z.ZodType<T>, value: unknown, source: SourceFile, path: Path, findings: Finding[]): T | undefined {
  const res = schema.safeParse(value);
  if (res.success) return res.data;
  for (const issue of res.error.issues.flatMap((i) => specificIssues(i))) {
    const full = [...path, ...(issue.path as (string | number)[])];
    if (issue.code === "unrecognized_keys") {
      const allowed = allowedKeysAt(full);
      for (const key of issue.keys) {
        findings.push(
          finding("error", "unknown-key", source.keyAt([...full, key]), `unknown key "${key}"${hint(key, allowed)}; allowed here: ${allowed.join(", ")}`),
        );
      }
      continue;
    }
    const last = full[full.length - 1];
    const present = source.sourceText(full) !== undefined;
    if (issue.code === "invalid_type" && issue.input === undefined && !present && typeof last === "string") {
      findings.push(finding("error", "missing-key", source.at(full.slice(0, -1)), `missing required key "${last}"`));
      continue;
    }
    const generic = /^(Invalid|Too|Expected)/.test(issue.message);
    const label = typeof last === "string" ? `"${last}"` : `entry ${Number(last) + 1}`;
    findings.push(finding("error", codeFor(issue.code), source.at(full), generic ? `${label}: ${issue.message}` : issue.message));
  }
  return undefined;
}

/**
 * A union that failed reports one summary issue; when the value had the shape of one branch
 * (its issues lie below the top), report that branch's specific issues instead.
 */
function specificIssues(issue: z.core.$ZodIssue): z.core.$ZodIssue[] {
  if (issue.code !== "invalid_union" || !issue.errors?.length) return [issue];
  const shaped = issue.errors.filter((branch) => branch.length > 0 && branch.every((i) => i.path.length > 0 || i.code === "unrecognized_keys" || i.code === "custom"));
  if (shaped.length !== 1) return [issue];
  return shaped[0]!.map((i) => ({ ...i, path: [...issue.path, ...i.path] })).flatMap(specificIssues);
}

function codeFor(code: string): string {
  switch (code) {
    case "invalid_type":
      return "wrong-type";
    case "too_small":
    case "too_big":
      return "out-of-range";
    case "invalid_format":
      return "bad-format";
    default:
      return "invalid-value";
  }
}
