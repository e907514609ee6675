// Privilege by capability: what a permission set's policies, taken together, actually allow,
// matched against the real action catalogue (never pattern theory alone). A permission set is
// privileged when it can write IAM, Identity Center, the identity store or Organizations, pass
// or assume roles broadly, or do everything; each verdict names its reason. Deny statements and
// a permissions boundary lower the verdict only when that is provable (an unconditional Deny on
// every resource; a boundary whose document is known); over-reporting is the safe mistake.
import { wildcardMatch } from "./action-patterns.js";
import { accessLevel, serviceActions, serviceExists, servicePrefixes } from "./iam-catalogue.js";
import { catalogueDate, managedPolicyDocument } from "./managed-policy-catalogue.js";

/** One policy attached to a permission set, as the classifier sees it. */
export interface PolicySource {
  /** How a reason names it: "AWS managed policy ReadOnlyAccess", "inline policy". */
  label: string;
  /** The document; undefined when its contents are unknown here (then `unknown` says why). */
  document?: Record<string, unknown>;
  unknown?: string;
}

export interface ClassifyInput {
  policies: readonly PolicySource[];
  boundary?: PolicySource;
}

export interface Classification {
  privileged: boolean;
  /** Capabilities proven from the statements (never a mere "contents unknown"). */
  adminEquivalent: boolean;
  reasons: string[];
}

/** Services whose write actions let a holder grant itself (or anyone) more access. */
export const CONTROL_SERVICES = ["iam", "sso", "sso-directory", "identitystore", "organizations"] as const;

/** IAM writes that cannot widen anyone's access: service-linked roles have AWS-defined policies. */
const HARMLESS_WRITES = new Set(["iam:createservicelinkedrole", "iam:deleteservicelinkedrole"]);

/** Roles a broad PassRole/AssumeRole reaches: any role name, and the organization's admin roles. */
const ROLE_PROBES = [
  "arn:aws:iam::123456789012:role/OrganizationAccountAccessRole",
  "arn:aws:iam::123456789012:role/AWSControlTowerExecution",
  "arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_AdministratorAccess_0123456789abcdef",
];

interface CatalogueAction {
  service: string; // lower case
  full: string; // "iam:PassRole" as AWS spells it
  lower: string;
  write: boolean;
}

let everyAction: CatalogueAction[] | undefined;
const byService = new Map<string, CatalogueAction[]>();

/** One service's actions, read when first needed (most patterns name their service). */
function serviceCatalogue(service: string): CatalogueAction[] {
  const key = service.toLowerCase();
  let list = byService.get(key);
  if (!list) {
    list = serviceActions(service).map((name): CatalogueAction => {
      const level = accessLevel(service, name) ?? "Write";
      const full = `${service}:${name}`;
      return { service: key, full, lower: full.toLowerCase(), write: !(level === "Read" || level === "List") };
    });
    byService.set(key, list);
  }
  return list;
}

/** Every catalogued action: read only for a pattern with a wildcard service, or a NotAction. */
function allActions(): CatalogueAction[] {
  everyAction ??= servicePrefixes().flatMap((svc) => serviceCatalogue(svc));
  return everyAction;
}

/**
 * Allowed action (lower-case "svc:name") -> the resource patterns it is allowed on. `broad`: a
 * pattern with a wildcard service or a NotAction contributed, the only ways to reach every action.
 */
type Allowed = Map<string, string[]> & { broad?: boolean };

interface Statement {
  effect: "Allow" | "Deny";
  action?: string[];
  notAction?: string[];
  resource: string[]; // NotResource reads as "*": it allows everything but a few
  exactResource: boolean; // false when the statement used NotResource
  conditional: boolean;
}

function statementsOf(doc: Record<string, unknown> | undefined): Statement[] {
  if (!doc) return [];
  const raw = Array.isArray(doc.Statement) ? doc.Statement : doc.Statement === undefined ? [] : [doc.Statement];
  const list = (v: unknown): string[] | undefined => (v === undefined ? undefined : typeof v === "string" ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
  const out: Statement[] = [];
  for (const s of raw as Record<string, unknown>[]) {
    if (!s || typeof s !== "object" || (s.Effect !== "Allow" && s.Effect !== "Deny")) continue;
    const resource = s.Resource !== undefined ? list(s.Resource)! : ["*"];
    out.push({
      effect: s.Effect,
      ...(s.Action !== undefined ? { action: list(s.Action)! } : {}),
      ...(s.NotAction !== undefined ? { notAction: list(s.NotAction)! } : {}),
      resource,
      exactResource: s.NotResource === undefined,
      conditional: s.Condition !== undefined && Object.keys(s.Condition as object).length > 0,
    });
  }
  return out;
}

/** The catalogued actions one pattern matches. */
function matching(pattern: string): CatalogueAction[] {
  const colon = pattern.indexOf(":");
  const service = colon === -1 ? "" : pattern.slice(0, colon);
  const candidates = colon !== -1 && !/[*?]/.test(service) ? (serviceExists(service) ? serviceCatalogue(service) : []) : allActions();
  return candidates.filter((a) => wildcardMatch(pattern, a.lower));
}

const isBroad = (st: Statement) => st.notAction !== undefined || st.action!.some((p) => p.indexOf(":") === -1 || /[*?]/.test(p.slice(0, p.indexOf(":"))));

function actionsOf(st: Statement): CatalogueAction[] {
  if (st.action) {
    const seen = new Map<string, CatalogueAction>();
    for (const p of st.action) for (const a of matching(p)) seen.set(a.lower, a);
    return [...seen.values()];
  }
  const excluded = new Set(st.notAction!.flatMap((p) => matching(p).map((a) => a.lower)));
  return allActions().filter((a) => !excluded.has(a.lower));
}

function allowedBy(doc: Record<string, unknown> | undefined): Allowed {
  const allowed: Allowed = new Map();
  for (const st of statementsOf(doc)) {
    if (st.effect !== "Allow") continue;
    if (isBroad(st)) allowed.broad = true;
    for (const a of actionsOf(st)) {
      const list = allowed.get(a.lower) ?? [];
      list.push(...st.resource);
      allowed.set(a.lower, list);
    }
  }
  return allowed;
}

/** Actions denied everywhere without condition: the only Denies that provably lower a verdict. */
function provablyDenied(docs: readonly (Record<string, unknown> | undefined)[]): Set<string> {
  const denied = new Set<string>();
  for (const doc of docs) {
    for (const st of statementsOf(doc)) {
      if (st.effect !== "Deny" || st.conditional || !st.exactResource || !st.resource.some((r) => /^\*+$/.test(r))) continue;
      for (const a of actionsOf(st)) denied.add(a.lower);
    }
  }
  return denied;
}

const allowedCache = new WeakMap<object, Allowed>();

function allowedCached(doc: Record<string, unknown>): Allowed {
  let a = allowedCache.get(doc);
  if (!a) {
    a = allowedBy(doc);
    allowedCache.set(doc, a);
  }
  return a;
}

function effective(allowed: Allowed, denied: Set<string>, boundary: Allowed | undefined): Allowed {
  const out: Allowed = new Map();
  out.broad = allowed.broad === true && (boundary === undefined || boundary.broad === true);
  for (const [action, resources] of allowed) {
    if (denied.has(action)) continue;
    if (boundary && !boundary.has(action)) continue;
    out.set(action, resources);
  }
  return out;
}

const reachesAnyRole = (resources: readonly string[]) =>
  resources.some((r) => {
    const pattern = r.replace(/\$\{[^}]*\}/g, "*");
    return ROLE_PROBES.some((probe) => wildcardMatch(pattern, probe));
  });

function shown(resources: readonly string[]): string {
  const roleish = [...new Set(resources)].filter((r) => reachesAnyRole([r]));
  return roleish.includes("*") ? "*" : roleish.slice(0, 2).join(", ");
}

/** What an allowed set can do that makes a permission set privileged, in words. */
function capabilities(allowed: Allowed): string[] {
  if (allowed.broad && allActions().every((a) => allowed.has(a.lower))) return ["grants every action"];
  const reasons: string[] = [];
  const broad = new Set<string>();
  for (const action of ["iam:PassRole", "sts:AssumeRole"]) {
    const resources = allowed.get(action.toLowerCase());
    if (resources && reachesAnyRole(resources)) {
      reasons.push(`grants ${action} on ${shown(resources)}`);
      broad.add(action.toLowerCase());
    }
  }
  for (const service of CONTROL_SERVICES) {
    const actions = serviceExists(service) ? serviceCatalogue(service) : [];
    if (actions.length > 0 && actions.every((a) => allowed.has(a.lower))) {
      reasons.push(`grants every ${service} action`);
      continue;
    }
    const writes = actions.filter((a) => a.write && allowed.has(a.lower) && !HARMLESS_WRITES.has(a.lower) && !broad.has(a.lower)).map((a) => a.full);
    if (writes.length > 0) {
      const listed = writes.slice(0, 3).join(", ") + (writes.length > 3 ? ` and ${writes.length - 3} more` : "");
      reasons.push(`can write ${service} (${listed})`);
    }
  }
  return reasons;
}

/**
 * Classifies a permission set from all its policies together. Reasons name the policy that alone
 * grants a capability; a capability only the combination has is said of "its policies together".
 */
export function classify(input: ClassifyInput): Classification {
  const known = input.policies.filter((p) => p.document !== undefined);
  const denied = provablyDenied(known.map((p) => p.document));
  const boundary = input.boundary?.document !== undefined ? effective(allowedCached(input.boundary.document), provablyDenied([input.boundary.document]), undefined) : undefined;
  const reasons: string[] = [];
  const seen = new Set<string>();
  const combined: Allowed = new Map();
  for (const p of known) {
    const mine = effective(allowedCached(p.document!), denied, boundary);
    for (const [a, r] of mine) combined.set(a, [...(combined.get(a) ?? []), ...r]);
    if (mine.broad) combined.broad = true;
    for (const c of capabilities(mine)) {
      seen.add(c);
      reasons.push(`${p.label} ${c}`);
    }
  }
  for (const c of capabilities(combined)) if (!seen.has(c) && !isImpliedBySeen(c, seen)) reasons.push(`its policies together ${c.replace(/^grants /, "grant ")}`);
  const adminEquivalent = reasons.length > 0;
  for (const p of input.policies) if (p.document === undefined) reasons.push(`${p.label}: ${p.unknown ?? "its contents are unknown here"}`);
  return { privileged: reasons.length > 0, adminEquivalent, reasons: [...new Set(reasons)].sort() };
}

/** "can write iam (a, b)" from one policy and "(a, b, c)" together say the same thing: once. */
function isImpliedBySeen(capability: string, seen: Set<string>): boolean {
  const key = (c: string) => c.replace(/ \(.*$| on .*$/, "");
  return [...seen].some((s) => key(s) === key(capability));
}

/** What a permission set attaches, as the model and `access import` know it. */
export interface PermissionSetPolicies {
  managedPolicies: readonly string[]; // ARNs
  customerManagedPolicies: readonly { name: string; path: string; grants?: readonly string[] }[];
  inlinePolicy?: Record<string, unknown>;
  boundary?: { kind: "managed"; arn: string } | { kind: "customer_managed"; name: string; path: string };
}

const managedName = (arn: string) => arn.replace(/^arn:[^:]*:iam::aws:policy\//, "");

/** The classifier's view of a permission set: AWS managed documents from the catalogue, declared grants. */
export function classifyPermissionSet(ps: PermissionSetPolicies): Classification {
  const policies: PolicySource[] = ps.managedPolicies.map((arn) => {
    const document = managedPolicyDocument(arn);
    const label = `AWS managed policy ${managedName(arn)}`;
    return document ? { label, document } : { label, unknown: `not in the managed-policy catalogue (newest entry ${catalogueDate()}), so its contents are unknown here` };
  });
  for (const c of ps.customerManagedPolicies) {
    const label = `customer managed policy ${c.path}${c.name}`;
    policies.push(
      c.grants
        ? { label: `${label} (as declared)`, document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: [...c.grants], Resource: "*" }] } }
        : { label, unknown: "its contents are unknown here (declare what it grants with `grants:`)" },
    );
  }
  if (ps.inlinePolicy) policies.push({ label: "inline policy", document: ps.inlinePolicy });
  const b = ps.boundary;
  const boundary: PolicySource | undefined =
    b?.kind === "managed" ? { label: `permissions boundary ${managedName(b.arn)}`, ...(managedPolicyDocument(b.arn) ? { document: managedPolicyDocument(b.arn)! } : {}) } : undefined;
  return classify({ policies, ...(boundary ? { boundary } : {}) });
}
