// A temporary elevation request ("PlatformAdmin in production for two hours"), checked against
// organization.elevation and turned into one assignment entry with an hour `expires`. Pure: the
// CLI (access elevate) reads the model and writes the entry into the elevations file.
import { parse as parseYaml, stringify } from "yaml";
import { AccountSelectorSchema, nameProblem, type RawSelector } from "../model/schema.js";
import { durationSeconds } from "../model/duration.js";
import { instantText, readMoment } from "../model/expiry.js";
import type { ResolvedModel } from "../model/types.js";

/** The file elevations are written to, inside the model folder. */
export const ELEVATIONS_FILE = "elevations.yaml";

const HOUR_MS = 3_600_000;

export interface ElevationRequest {
  group: string;
  permissionSet: string;
  /** `all`, a comma-separated list of account names or ids, or a YAML selector such as "{ ou: Workloads }". */
  accounts: string;
  /** How long: "2h", "90m", "PT2H"; or `until`, an instant with its zone. Exactly one. */
  for?: string;
  until?: string;
  reason: string;
  /** GitHub login of the person asking, and the @org/team teams they are in (checked by the workflow). */
  requester: string;
  requesterTeams?: readonly string[];
}

export interface Elevation {
  group: string;
  permissionSet: string;
  selector: RawSelector;
  /** YYYY-MM-DDTHH:00Z, the first full hour at or after now + the duration. */
  expires: string;
  reason: string;
  requester: string;
  requestedAt: string;
}

export type Checked = { ok: true; elevation: Elevation } | { ok: false; problems: string[] };

/** Milliseconds in "2h", "90m", "1h30m" or an ISO-8601 duration; undefined when unreadable. */
export function readDuration(text: string): number | undefined {
  const iso = durationSeconds(text);
  if (iso !== undefined && text.startsWith("P")) return iso * 1000;
  const m = /^(?:(\d+)h)?(?:(\d+)m)?$/i.exec(text.trim());
  if (!m || (m[1] === undefined && m[2] === undefined)) return undefined;
  return (Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0)) * 60_000;
}

/** Reads the --accounts text: `all`, "a,b" names or ids, or a YAML flow selector. */
export function readSelector(text: string): { selector: RawSelector } | { problem: string } {
  const t = text.trim();
  let value: unknown;
  if (t === "all") value = "all";
  else if (t.startsWith("{") || t.startsWith("[")) {
    try {
      value = parseYaml(t);
    } catch (err) {
      return { problem: `--accounts ${t} is not a YAML selector: ${err instanceof Error ? err.message : String(err)}` };
    }
  } else value = t.split(",").map((s) => s.trim()).filter(Boolean);
  const parsed = AccountSelectorSchema.safeParse(value);
  if (!parsed.success) return { problem: `--accounts: ${parsed.error.issues[0]!.message}` };
  return { selector: parsed.data };
}

export function checkRequest(model: ResolvedModel, req: ElevationRequest, now: number): Checked {
  const problems: string[] = [];
  const limits = model.organization.elevation;
  if (!limits) return { ok: false, problems: ["organization.elevation is not set: this organization does not allow elevation requests (add max_duration, permission_sets and requesters)"] };

  if (!model.groups.some((g) => g.name === req.group)) problems.push(`group "${req.group}" is not in the model`);
  if (!limits.permissionSets.includes(req.permissionSet)) {
    problems.push(`permission set "${req.permissionSet}" may not be requested; organization.elevation.permission_sets allows ${limits.permissionSets.join(", ")}`);
  }
  const teams = new Set((req.requesterTeams ?? []).map((t) => (t.startsWith("@") ? t : `@${t}`).toLowerCase()));
  const allowed = limits.requesters.some((r) => (r.startsWith("@") ? teams.has(r.toLowerCase()) : r.toLowerCase() === req.requester.toLowerCase()));
  if (!allowed) problems.push(`${req.requester || "(no requester)"} may not request elevation; organization.elevation.requesters lists ${limits.requesters.join(", ")}`);

  const reasonProblem = req.reason.trim() === "" ? "must not be empty: say why (an incident, a ticket)" : nameProblem(req.reason);
  if (reasonProblem) problems.push(`--reason ${reasonProblem}`);

  const sel = readSelector(req.accounts);
  if ("problem" in sel) problems.push(sel.problem);

  const maxMs = (durationSeconds(limits.maxDuration) ?? 0) * 1000;
  let end: number | undefined;
  if ((req.for === undefined) === (req.until === undefined)) problems.push("give exactly one of --for (e.g. 2h) and --until (e.g. 2027-01-05T18:00Z)");
  else if (req.for !== undefined) {
    const ms = readDuration(req.for);
    if (ms === undefined || ms <= 0) problems.push(`--for ${req.for} is not a duration: write e.g. 2h, 90m or PT2H`);
    else if (ms > maxMs) problems.push(`--for ${req.for} is longer than organization.elevation.max_duration ${limits.maxDuration}`);
    else end = Math.ceil((now + ms) / HOUR_MS) * HOUR_MS;
  } else {
    const read = readMoment(req.until!);
    if ("problem" in read || /^\d{4}-\d{2}-\d{2}$/.test(req.until!)) problems.push(`--until ${"problem" in read ? read.problem : `${req.until} is a day: give the hour with its zone, e.g. ${req.until}T18:00Z`}`);
    else if (read.ms % HOUR_MS !== 0) problems.push(`--until ${req.until} must be on the hour (grants end on an hour)`);
    else if (read.ms <= now) problems.push(`--until ${req.until} is in the past (now is ${instantText(now)})`);
    else if (read.ms - now > maxMs) problems.push(`--until ${req.until} is further away than organization.elevation.max_duration ${limits.maxDuration}`);
    else end = read.ms;
  }
  if (problems.length || end === undefined || "problem" in sel) return { ok: false, problems };
  return {
    ok: true,
    elevation: { group: req.group, permissionSet: req.permissionSet, selector: sel.selector, expires: instantText(end), reason: req.reason.trim(), requester: req.requester, requestedAt: instantText(now) },
  };
}

/** The YAML of one elevation entry (indented for an `assignments:` list), with its reason as a comment. */
export function entryText(e: Elevation): string {
  const selector = stringify(e.selector, { flow: true, lineWidth: 0 }).trim();
  return [
    `  # ${e.reason} (requested by ${e.requester} at ${e.requestedAt})`,
    `  - group: ${JSON.stringify(e.group)}`,
    `    permission_set: ${JSON.stringify(e.permissionSet)}`,
    `    accounts: ${selector}`,
    `    expires: ${e.expires}`,
    "",
  ].join("\n");
}

export const ELEVATIONS_HEADER = `# yaml-language-server: $schema=../schema/access-model.schema.json
#
# Temporary elevations, written by \`access elevate\` (elevate.yml). Each ends at its \`expires\`
# hour: the hourly expiry run revokes it then. Expired entries may be deleted at any time.

assignments:
`;

/** The end of an elevation in UTC and in a time zone, for the pull request. */
export function endTimeText(expires: string, timeZone = "UTC"): string {
  const read = readMoment(expires);
  if ("problem" in read) throw new Error(read.problem);
  const utc = `${expires.slice(0, 10)} ${expires.slice(11, 16)} UTC`;
  if (timeZone === "UTC") return utc;
  const local = new Intl.DateTimeFormat("en-GB", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hour12: false, timeZoneName: "short" }).format(new Date(read.ms));
  return `${utc} (${local}, ${timeZone})`;
}
