// What the apply gates approved, handed from the gate job (no credentials) to the jobs that
// apply (credentials, no explain): the changes of every gated plan, by stack, address and action,
// and for an update the top-level attributes it changes. A job that plans again just before it
// applies (after the Okta push, after an earlier phase) may apply only changes the gate saw:
// each must match an approved change of the same stack, address and action, and an update may
// touch only attributes the approved update touched. Anything else stops the apply, so what is
// applied never goes beyond what was explained and counted against the revocation threshold.
import type { Plan, PlannedChange } from "../terraform/plan.js";

export const APPROVAL_FORMAT = 1;

export interface ApprovedChange {
  address: string;
  action: PlannedChange["action"];
  importing: boolean;
  /** For an update: the attributes it may change. */
  attributes?: string[];
}

export interface GateApproval {
  format: typeof APPROVAL_FORMAT;
  /** Approved changes by plan label (okta-tighten, identity-center, identity-center-shard-03...). */
  plans: Record<string, ApprovedChange[]>;
}

export class ApprovalFormatError extends Error {}

/** Data-source reads change nothing; they are neither approved nor checked. */
function counts(c: PlannedChange): boolean {
  return c.action !== "read";
}

/** True when Terraform marks the value, or any part of it, as known only after apply. */
function hasUnknown(v: unknown): boolean {
  if (v === true) return true;
  if (Array.isArray(v)) return v.some(hasUnknown);
  return typeof v === "object" && v !== null && Object.values(v).some(hasUnknown);
}

function changedAttributes(c: PlannedChange): string[] {
  const names = new Set([...Object.keys(c.before ?? {}), ...Object.keys(c.after ?? {})]);
  return [...names]
    .filter((n) => hasUnknown(c.afterUnknown[n]) || JSON.stringify(c.before?.[n] ?? null) !== JSON.stringify(c.after?.[n] ?? null))
    .sort();
}

function approved(c: PlannedChange): ApprovedChange {
  return {
    address: c.address,
    action: c.action,
    importing: c.importing !== undefined,
    ...(c.action === "update" ? { attributes: changedAttributes(c) } : {}),
  };
}

/** The approval of plans that passed the gates. */
export function approvePlans(plans: readonly Plan[]): GateApproval {
  const out: Record<string, ApprovedChange[]> = Object.create(null);
  for (const plan of plans) {
    if (plan.errored) throw new ApprovalFormatError(`plan ${plan.stack} errored: an errored plan is never approved`);
    if (out[plan.stack]) throw new ApprovalFormatError(`two plans are labelled ${plan.stack}`);
    out[plan.stack] = plan.changes.filter(counts).map(approved).sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  }
  return { format: APPROVAL_FORMAT, plans: out };
}

/** A change the approval does not cover; `address` is undefined when the whole plan is refused. */
export interface OutsideChange {
  stack: string;
  address?: string;
  action?: PlannedChange["action"];
  why: string;
}

/** The changes of `plan` the approval does not cover (empty: it may be applied). */
export function changesOutside(approval: GateApproval, plan: Plan): OutsideChange[] {
  if (plan.errored) return [{ stack: plan.stack, why: "the plan errored" }];
  const list = Object.hasOwn(approval.plans, plan.stack) ? approval.plans[plan.stack]! : undefined;
  const outside: OutsideChange[] = [];
  const out = (c: PlannedChange, why: string): OutsideChange => ({ stack: plan.stack, address: c.address, action: c.action, why });
  for (const c of plan.changes.filter(counts)) {
    if (!list) {
      outside.push(out(c, `no plan labelled ${plan.stack} was gated in this run`));
      continue;
    }
    const same = list.filter((a) => a.address === c.address);
    const match = same.find((a) => a.action === c.action && a.importing === (c.importing !== undefined));
    if (!match) {
      const seen = same.map((a) => a.action).join(", ");
      outside.push(out(c, seen ? `the gate approved ${seen}, not ${c.action}` : "the gate saw no change here"));
      continue;
    }
    if (c.action === "update") {
      const allowed = new Set(match.attributes ?? []);
      const extra = changedAttributes(c).filter((a) => !allowed.has(a));
      if (extra.length) outside.push(out(c, `changes ${extra.join(", ")}, which the approved update did not`));
    }
  }
  return outside;
}

/** Reads an approval written by approvePlans, refusing anything else. */
export function readApproval(json: unknown): GateApproval {
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
  if (!isObj(json) || json.format !== APPROVAL_FORMAT || !isObj(json.plans)) {
    throw new ApprovalFormatError(`not a gate approval of format ${APPROVAL_FORMAT} (written by \`access approve-plans\`)`);
  }
  const plans: Record<string, ApprovedChange[]> = Object.create(null);
  for (const [stack, list] of Object.entries(json.plans)) {
    if (!Array.isArray(list)) throw new ApprovalFormatError(`approval of ${stack} is not a list`);
    plans[stack] = list.map((a) => {
      if (!isObj(a) || typeof a.address !== "string" || typeof a.action !== "string" || typeof a.importing !== "boolean") {
        throw new ApprovalFormatError(`an approved change of ${stack} lacks address, action or importing`);
      }
      if (a.attributes !== undefined && !(Array.isArray(a.attributes) && a.attributes.every((x) => typeof x === "string"))) {
        throw new ApprovalFormatError(`approved change ${a.address} has malformed attributes`);
      }
      return { address: a.address, action: a.action as ApprovedChange["action"], importing: a.importing, ...(a.attributes ? { attributes: a.attributes as string[] } : {}) };
    });
  }
  return { format: APPROVAL_FORMAT, plans };
}
