// The access review as Markdown (for an issue, a wiki or a PR): the same views as the HTML page.
import type { SourceRef } from "../model/types.js";
import type { SourceLink } from "./links.js";
import { EXPIRING_WITHIN_DAYS, sourceText, type AccessReport, type Grant } from "./views.js";

/** Text that Markdown must show as written (names come from YAML). */
export function md(text: string): string {
  return text.replace(/[\\`*_{}[\]<>()#+!|~]/g, (c) => `\\${c}`).replace(/\r?\n/g, " ");
}

function sources(refs: readonly SourceRef[], link: SourceLink): string {
  return refs.map((r) => `[${md(sourceText(r))}](${link(r)})`).join(", ");
}

function flags(g: { privileged: boolean; expires?: string; expiringSoon?: boolean }): string {
  const out: string[] = [];
  if (g.privileged) out.push("**privileged**");
  if (g.expires) out.push(g.expiringSoon ? `**expires ${g.expires}**` : `expires ${g.expires}`);
  return out.join(", ");
}

function grantTable(grants: readonly Grant[], link: SourceLink, first: "group" | "account"): string[] {
  const head = first === "group" ? "| Group | Permission set | Account | Flags | Source |" : "| Account | Group | Permission set | Flags | Source |";
  const lines = [head, "|---|---|---|---|---|"];
  for (const g of grants) {
    const acct = `${md(g.accountName)} (${g.accountId})`;
    const cells = first === "group" ? [md(g.group), md(g.permissionSet), acct] : [acct, md(g.group), md(g.permissionSet)];
    lines.push(`| ${cells.join(" | ")} | ${flags(g)} | ${sources(g.sources, link)} |`);
  }
  return lines;
}

export function renderMarkdown(report: AccessReport, link: SourceLink): string {
  const s = report.summary;
  const out: string[] = [
    `# Access review, ${report.generatedOn}`,
    "",
    `${s.grants} grants of ${s.permissionSets} permission sets to ${s.groups} groups in ${s.accounts} accounts` +
      `${s.people !== undefined ? `, reaching ${s.people} people` : ""}; ` +
      `${s.privilegedGrants} privileged, ${s.expiringSoon} expiring within ${EXPIRING_WITHIN_DAYS} days.`,
    "",
  ];

  const privileged = report.grants.filter((g) => g.privileged);
  out.push("## Privileged access", "");
  out.push(...(privileged.length ? grantTable(privileged, link, "group") : ["None."]), "");

  const expiring = report.grants.filter((g) => g.expiringSoon);
  out.push(`## Expiring within ${EXPIRING_WITHIN_DAYS} days`, "");
  out.push(...(expiring.length ? grantTable(expiring, link, "group") : ["None."]), "");

  out.push("## Groups x accounts", "");
  if (report.matrix.groups.length) {
    const cells = new Map(report.matrix.cells.map((c) => [`${c.group}|${c.accountId}`, c]));
    out.push(`| Group | ${report.matrix.accounts.map((a) => `${md(a.name)} (${a.id})`).join(" | ")} |`);
    out.push(`|---|${report.matrix.accounts.map(() => "---").join("|")}|`);
    for (const group of report.matrix.groups) {
      const row = report.matrix.accounts.map((a) => {
        const c = cells.get(`${group}|${a.id}`);
        return c ? c.permissionSets.map((p) => (p.privileged ? `**${md(p.name)}**` : md(p.name))).join(", ") : "";
      });
      out.push(`| ${md(group)} | ${row.join(" | ")} |`);
    }
  } else out.push("No grants.");
  out.push("");

  out.push("## Groups", "", "| Group | Source | Privileged | People | Grants | Accounts | Defined at |", "|---|---|---|---:|---:|---:|---|");
  for (const g of report.groups) {
    out.push(
      `| ${md(g.name)} | ${g.source} | ${g.privileged ? "**yes**" : "no"} | ${g.people ?? "–"} | ${g.grants} | ${g.accounts} | ${g.definedAt ? sources([g.definedAt], link) : ""} |`,
    );
  }
  out.push("");

  out.push("## Per account", "");
  for (const a of report.accounts) {
    const tags = Object.entries(a.account.tags).map(([k, v]) => `${md(k)}=${md(v)}`).join(", ");
    out.push(`### ${md(a.account.name)} (${a.account.id})`, "", `OU: ${md(a.account.ou || "(root)")}${tags ? `; tags: ${tags}` : ""}`, "");
    out.push(...(a.grants.length ? grantTable(a.grants, link, "group") : ["No access."]), "");
  }

  out.push("## Per permission set", "");
  for (const p of report.permissionSets) {
    out.push(`### ${md(p.name)}${p.privileged ? " (privileged)" : ""}`, "");
    if (p.description) out.push(md(p.description), "");
    const grantsWhat = [
      `session ${p.sessionDuration}`,
      ...p.managedPolicies.map((a) => `managed policy ${md(a)}`),
      ...p.customerManagedPolicies.map((c) => `customer managed policy ${md(c)}`),
      ...(p.inlinePolicy ? ["an inline policy"] : []),
      ...(p.permissionsBoundary ? [`permissions boundary ${md(p.permissionsBoundary)}`] : []),
    ];
    out.push(`Grants: ${grantsWhat.join("; ")}.${p.privilegedReasons.length ? ` Privileged: ${md(p.privilegedReasons.join("; "))}.` : ""}${p.definedAt ? ` Defined at ${sources([p.definedAt], link)}.` : ""}`, "");
    if (p.inlinePolicy) out.push("<details><summary>inline policy</summary>", "", "```json", JSON.stringify(JSON.parse(p.inlinePolicy), null, 2), "```", "</details>", "");
    if (p.assignedTo.length === 0) out.push("Not assigned.", "");
    for (const t of p.assignedTo) out.push(`- ${md(t.group)}: ${t.accounts.map((a) => `${md(a.name)} (${a.id})`).join(", ")}`);
    if (p.assignedTo.length) out.push("");
  }

  if (report.people) {
    out.push("## People", "");
    for (const p of report.people) {
      out.push(`### ${md(p.person.name)} (${md(p.person.login)})${p.person.status !== "ACTIVE" ? `, ${md(p.person.status)}` : ""}`, "");
      out.push(`Groups: ${p.groups.map(md).join(", ")}`, "");
      if (p.access.length === 0) out.push("No AWS access.", "");
      else {
        out.push("| Account | Permission set | Via | Flags |", "|---|---|---|---|");
        for (const x of p.access) out.push(`| ${md(x.accountName)} (${x.accountId}) | ${md(x.permissionSet)} | ${x.via.map(md).join(", ")} | ${flags(x)} |`);
        out.push("");
      }
    }
  }
  return out.join("\n").replace(/\n+$/, "\n");
}
