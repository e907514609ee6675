// The `imports:` sections `access import` writes into the model folder: per resource kind, the
// natural key of an instance and its Terraform import id. Checked against the resolved model: an
// id of the wrong shape is an error; an entry naming something the model does not declare is a
// warning (it is simply not imported); the same key twice with different ids is an error.
import { finding } from "./findings.js";
import type { Located } from "./load.js";
import type { RawImports } from "./schema.js";
import { assignmentKey, IMPORT_KINDS, type Finding, type ImportKind, type ResolvedModel, type TerraformImports } from "./types.js";

const ARN = "arn:[^,]+";
const PS_INSTANCE = `${ARN},${ARN}`;

/** The import id each kind's resource documents (hashicorp/aws website/docs/r/ssoadmin_*). */
const ID_SHAPES: Record<ImportKind, { pattern: RegExp; shape: string }> = {
  permission_set: { pattern: new RegExp(`^${PS_INSTANCE}$`), shape: "<permission set arn>,<instance arn>" },
  managed_policy: { pattern: new RegExp(`^${ARN},${PS_INSTANCE}$`), shape: "<policy arn>,<permission set arn>,<instance arn>" },
  customer_managed_policy: { pattern: new RegExp(`^[^,]+,/[^,]*,${PS_INSTANCE}$`), shape: "<name>,<path>,<permission set arn>,<instance arn>" },
  inline_policy: { pattern: new RegExp(`^${PS_INSTANCE}$`), shape: "<permission set arn>,<instance arn>" },
  permissions_boundary: { pattern: new RegExp(`^${PS_INSTANCE}$`), shape: "<permission set arn>,<instance arn>" },
  assignment: { pattern: new RegExp(`^[^,]+,GROUP,\\d{12},AWS_ACCOUNT,${PS_INSTANCE}$`), shape: "<group id>,GROUP,<account id>,AWS_ACCOUNT,<permission set arn>,<instance arn>" },
  group_push: { pattern: /^.+$/s, shape: "the group name" },
};

/** Natural keys of every instance the model declares, per kind (the stacks' for_each keys). */
export function declaredKeys(model: ResolvedModel): Record<ImportKind, Set<string>> {
  const ps = model.permissionSets;
  return {
    permission_set: new Set(ps.map((p) => p.name)),
    managed_policy: new Set(ps.flatMap((p) => p.managedPolicies.map((arn) => `${p.name}|${arn}`))),
    customer_managed_policy: new Set(ps.flatMap((p) => p.customerManagedPolicies.map((c) => `${p.name}|${c.path}${c.name}`))),
    inline_policy: new Set(ps.filter((p) => p.inlinePolicy !== undefined).map((p) => p.name)),
    permissions_boundary: new Set(ps.filter((p) => p.permissionsBoundary !== undefined).map((p) => p.name)),
    assignment: new Set(model.assignments.map(assignmentKey)),
    group_push: new Set(model.groups.map((g) => g.name)),
  };
}

const WHAT: Record<ImportKind, string> = {
  permission_set: "permission set",
  managed_policy: "managed policy attachment",
  customer_managed_policy: "customer managed policy attachment",
  inline_policy: "inline policy",
  permissions_boundary: "permissions boundary",
  assignment: "assignment",
  group_push: "group",
};

export function resolveImports(sections: readonly Located<RawImports>[], model: ResolvedModel, findings: Finding[]): TerraformImports | undefined {
  if (sections.length === 0) return undefined;
  const declared = declaredKeys(model);
  const out: Partial<Record<ImportKind, Map<string, string>>> = {};
  const firstAt = new Map<string, string>();
  for (const section of sections) {
    for (const kind of IMPORT_KINDS) {
      const entries = section.value[kind];
      if (!entries) continue;
      for (const [key, id] of Object.entries(entries)) {
        const where = section.keyAt([kind, key]);
        const { pattern, shape } = ID_SHAPES[kind];
        if (!pattern.test(id) || (kind === "group_push" && id !== key)) {
          findings.push(finding("error", "bad-import-id", section.at([kind, key]), `import id of ${kind} "${key}" must be ${kind === "group_push" ? `"${key}" (${shape})` : shape}; re-run access import rather than editing ids by hand`));
          continue;
        }
        const seen = `${kind}\u0000${key}`;
        const map = (out[kind] ??= new Map());
        const previous = map.get(key);
        if (previous !== undefined) {
          if (previous !== id) findings.push(finding("error", "duplicate-import", where, `${kind} "${key}" is already imported at ${firstAt.get(seen)} with another id; keep one of them`));
          continue;
        }
        if (!declared[kind].has(key)) {
          findings.push(finding("warning", "import-not-declared", where, `imports: the model declares no ${WHAT[kind]} "${key}", so this entry imports nothing: remove it, or declare the ${WHAT[kind]} to adopt it`));
        }
        map.set(key, id);
        firstAt.set(seen, `${where.file}:${where.line}:${where.col}`);
      }
    }
  }
  return out;
}
