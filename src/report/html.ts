// The access review as one self-contained HTML page: no network, no external assets (a
// Content-Security-Policy forbids both), readable without script, filterable by a person
// (account, account tag, group, permission set, person, privileged only) and printable.
import type { SourceRef } from "../model/types.js";
import type { SourceLink } from "./links.js";
import { EXPIRING_WITHIN_DAYS, sourceText, type AccessReport, type Grant } from "./views.js";

/** Escapes text for HTML element content and double-quoted attribute values. */
export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

interface Facets {
  group?: readonly string[];
  account?: readonly string[];
  /** "key=value" tags of the accounts in `account` (any of them). */
  tag?: readonly string[];
  ps?: readonly string[];
  person?: readonly string[];
  privileged?: boolean;
}

/** The "key=value" tags of accounts, sorted, for the tag facet. */
function tagFacet(tagSets: Iterable<Record<string, string>>): string[] {
  const out = new Set<string>();
  for (const tags of tagSets) for (const [k, v] of Object.entries(tags)) out.add(`${k}=${v}`);
  return [...out].sort();
}

/** data-* attributes the filter script reads; lists are JSON so any name survives. */
function facets(f: Facets): string {
  const out: string[] = [];
  if (f.group) out.push(`data-group="${esc(JSON.stringify(f.group))}"`);
  if (f.account) out.push(`data-account="${esc(JSON.stringify(f.account))}"`);
  if (f.tag) out.push(`data-tag="${esc(JSON.stringify(f.tag))}"`);
  if (f.person) out.push(`data-person="${esc(JSON.stringify(f.person))}"`);
  if (f.ps) out.push(`data-ps="${esc(JSON.stringify(f.ps))}"`);
  if (f.privileged !== undefined) out.push(`data-privileged="${f.privileged ? "1" : "0"}"`);
  return out.join(" ");
}

function sourceLinks(refs: readonly SourceRef[], link: SourceLink): string {
  return refs.map((r) => `<a class="src" href="${esc(link(r))}">${esc(sourceText(r))}</a>`).join(" ");
}

function badges(g: { privileged: boolean; expires?: string; expiringSoon?: boolean }, reasons: readonly string[] = []): string {
  const out: string[] = [];
  if (g.privileged) out.push(`<span class="badge priv" title="${esc(reasons.join("; "))}">privileged</span>`);
  if (g.expires) out.push(`<span class="badge ${g.expiringSoon ? "soon" : "exp"}">expires ${esc(g.expires)}</span>`);
  return out.join(" ");
}

function grantRow(g: Grant, link: SourceLink, cols: ("group" | "ps" | "account")[]): string {
  const cell = { group: esc(g.group), ps: esc(g.permissionSet), account: `${esc(g.accountName)} <span class="id">${g.accountId}</span>` };
  const cls = [g.privileged ? "priv" : "", g.expiringSoon ? "soon" : ""].filter(Boolean).join(" ");
  return (
    `<tr data-grant ${facets({ group: [g.group], account: [g.accountId], tag: tagFacet([g.tags]), ps: [g.permissionSet], privileged: g.privileged })}${cls ? ` class="${cls}"` : ""}>` +
    cols.map((c) => `<td>${cell[c]}</td>`).join("") +
    `<td>${badges(g, g.privilegedReasons)}</td><td>${sourceLinks(g.sources, link)}</td></tr>`
  );
}

const HEAD = { group: "Group", ps: "Permission set", account: "Account" };

function grantTable(grants: readonly Grant[], link: SourceLink, cols: ("group" | "ps" | "account")[]): string {
  return (
    `<table class="grants"><thead><tr>${cols.map((c) => `<th>${HEAD[c]}</th>`).join("")}<th>Flags</th><th>Defined at</th></tr></thead><tbody>` +
    grants.map((g) => grantRow(g, link, cols)).join("") +
    `</tbody></table>`
  );
}

function options(values: readonly { value: string; label: string }[], all: string): string {
  return `<option value="">${esc(all)}</option>` + values.map((v) => `<option value="${esc(v.value)}">${esc(v.label)}</option>`).join("");
}

const STYLE = `
:root{--priv:#b3261e;--soon:#9a6700;--line:#d0d7de;--muted:#57606a}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1f2328;background:#fff}
header{padding:16px 24px;border-bottom:1px solid var(--line);background:#f6f8fa}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}
h3{font-size:15px;margin:18px 0 6px}
main{padding:0 24px 32px}
.summary{color:var(--muted);margin:0}
form.filters{display:flex;flex-wrap:wrap;gap:12px;align-items:end;margin-top:12px}
form.filters label{display:flex;flex-direction:column;font-size:12px;color:var(--muted)}
form.filters label.check{flex-direction:row;align-items:center;gap:6px;font-size:14px;color:#1f2328}
select,button{font:inherit;padding:4px 8px;border:1px solid var(--line);border-radius:6px;background:#fff}
#shown{font-size:13px;color:var(--muted)}
table{border-collapse:collapse;margin:6px 0 12px;font-size:13px}
th,td{border:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f6f8fa}
tr.priv td:first-child{box-shadow:inset 4px 0 0 var(--priv)}
tr.soon td:first-child{box-shadow:inset 4px 0 0 var(--soon)}
tr.priv.soon td:first-child{box-shadow:inset 4px 0 0 var(--priv),inset 8px 0 0 var(--soon)}
.badge{display:inline-block;border-radius:10px;padding:0 7px;font-size:12px;border:1px solid currentColor;white-space:nowrap}
.badge.priv{color:var(--priv)}.badge.soon{color:var(--soon);font-weight:600}.badge.exp{color:var(--muted)}
.id{color:var(--muted);font-size:12px}
.chip{display:inline-block;margin:1px 2px;padding:0 5px;border-radius:4px;background:#eef1f4;white-space:nowrap}
.chip.priv{background:#ffebe9;color:var(--priv);font-weight:600}.chip.soon{outline:1px dashed var(--soon)}
table.matrix th.acct{writing-mode:vertical-rl;transform:rotate(180deg);font-weight:500;white-space:nowrap}
.muted{color:var(--muted)}
a.src{color:#0969da;font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12px}
[hidden]{display:none!important}
@media print{
  form.filters,#shown{display:none}
  header{background:none}
  section,tr{break-inside:avoid}
  a.src{color:inherit;text-decoration:none}
  .chip.priv,.badge{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}`;

// Shows an element when every facet it carries matches the filter; then hides containers
// (sections, matrix rows and columns) left without a visible grant.
const SCRIPT = `
(function(){
  var form=document.getElementById('filters');
  var fields={group:form.elements.group,account:form.elements.account,tag:form.elements.tag,ps:form.elements.ps};
  if(form.elements.person)fields.person=form.elements.person;
  var privOnly=form.elements.privileged;
  function list(el,name){var v=el.getAttribute('data-'+name);return v===null?null:JSON.parse(v);}
  function matches(el){
    for(var name in fields){var want=fields[name].value;if(!want)continue;var have=list(el,name);if(have!==null&&have.indexOf(want)<0)return false;}
    if(privOnly.checked&&el.getAttribute('data-privileged')==='0')return false;
    return true;
  }
  function apply(){
    var shown=0;
    document.querySelectorAll('[data-container]').forEach(function(c){c.hidden=false;});
    document.querySelectorAll('[data-group],[data-account],[data-tag],[data-ps],[data-person],[data-privileged]').forEach(function(el){el.hidden=!matches(el);});
    document.querySelectorAll('[data-container]').forEach(function(c){
      var any=false;c.querySelectorAll('[data-item]').forEach(function(i){if(!i.hidden&&!i.closest('[hidden]'))any=true;});
      if(!any)c.hidden=true;
    });
    document.querySelectorAll('#all-grants tr[data-grant]').forEach(function(r){if(!r.hidden)shown++;});
    document.getElementById('shown').textContent=shown+' of '+document.querySelectorAll('#all-grants tr[data-grant]').length+' grants shown';
    var q=new URLSearchParams();for(var n in fields){if(fields[n].value)q.set(n,fields[n].value);}if(privOnly.checked)q.set('privileged','1');
    history.replaceState(null,'',q.toString()?('#'+q.toString()):location.pathname+location.search);
  }
  var initial=new URLSearchParams(location.hash.slice(1));
  for(var n in fields){var v=initial.get(n);if(v!==null)fields[n].value=v;}
  privOnly.checked=initial.get('privileged')==='1';
  form.addEventListener('change',apply);
  form.addEventListener('reset',function(){setTimeout(apply,0);});
  document.getElementById('print').addEventListener('click',function(){window.print();});
  apply();
})();`;

export function renderHtml(report: AccessReport, link: SourceLink): string {
  const s = report.summary;
  const groupNames = report.groups.map((g) => g.name);
  const accountOptions = report.accounts.map((a) => ({ value: a.account.id, label: `${a.account.name} (${a.account.id})` }));
  const psNames = report.permissionSets.map((p) => p.name);
  const cells = new Map(report.matrix.cells.map((c) => [`${c.group}|${c.accountId}`, c]));
  const tagsById = new Map(report.accounts.map((a) => [a.account.id, a.account.tags]));
  /** Account facets with the accounts' tags. */
  const acct = (ids: readonly string[]): Facets => ({ account: ids, tag: tagFacet(ids.map((id) => tagsById.get(id) ?? {})) });
  const privByGroupAccount = (group: string, accountId: string) => cells.get(`${group}|${accountId}`)?.permissionSets.some((p) => p.privileged) ?? false;

  const matrix = report.matrix.groups.length
    ? `<table class="matrix" data-container><thead><tr><th>Group</th>${report.matrix.accounts
        .map((a) => `<th class="acct" ${facets(acct([a.id]))}>${esc(a.name)} <span class="id">${a.id}</span></th>`)
        .join("")}</tr></thead><tbody>${report.matrix.groups
        .map(
          (g) =>
            `<tr data-container ${facets({ group: [g] })}><th>${esc(g)}</th>${report.matrix.accounts
              .map((a) => {
                const c = cells.get(`${g}|${a.id}`);
                const chips = (c?.permissionSets ?? [])
                  .map(
                    (p) =>
                      `<span data-item class="chip${p.privileged ? " priv" : ""}${p.expiringSoon ? " soon" : ""}" ${facets({ ps: [p.name], privileged: p.privileged })}>${esc(p.name)}</span>`,
                  )
                  .join("");
                return `<td ${facets(acct([a.id]))}${privByGroupAccount(g, a.id) ? ' class="has-priv"' : ""}>${chips}</td>`;
              })
              .join("")}</tr>`,
        )
        .join("")}</tbody></table>`
    : `<p class="muted">No grants.</p>`;

  const accounts = report.accounts
    .map((a) => {
      const tags = Object.entries(a.account.tags).map(([k, v]) => `${esc(k)}=${esc(v)}`).join(", ");
      return (
        `<section data-container ${facets(acct([a.account.id]))}><h3>${esc(a.account.name)} <span class="id">${a.account.id}</span></h3>` +
        `<p class="muted">OU ${esc(a.account.ou || "(root)")}${tags ? `; tags ${tags}` : ""}${a.definedAt ? `; defined at ${sourceLinks([a.definedAt], link)}` : ""}</p>` +
        (a.grants.length ? grantTable(a.grants, link, ["group", "ps"]).replace(/<tr data-grant/g, "<tr data-item data-grant") : `<p class="muted">No access.</p>`) +
        `</section>`
      );
    })
    .join("");

  const permissionSets = report.permissionSets
    .map((p) => {
      const what = [
        `session ${esc(p.sessionDuration)}`,
        ...p.managedPolicies.map((a) => `managed policy <code>${esc(a)}</code>`),
        ...p.customerManagedPolicies.map((c) => `customer managed policy <code>${esc(c)}</code>`),
        ...(p.permissionsBoundary ? [`permissions boundary <code>${esc(p.permissionsBoundary)}</code>`] : []),
      ];
      const inline = p.inlinePolicy ? `<details><summary>inline policy</summary><pre>${esc(JSON.stringify(JSON.parse(p.inlinePolicy), null, 2))}</pre></details>` : "";
      const rows = p.assignedTo
        .map(
          (t) =>
            `<li data-item ${facets({ group: [t.group], ...acct(t.accounts.map((a) => a.id)), privileged: p.privileged })}>${esc(t.group)}: ${t.accounts
              .map((a) => `<span class="chip" ${facets(acct([a.id]))}>${esc(a.name)}</span>`)
              .join("")}</li>`,
        )
        .join("");
      return (
        `<section data-container ${facets({ ps: [p.name], privileged: p.privileged })}><h3>${esc(p.name)} ${p.privileged ? badges({ privileged: true }, p.privilegedReasons) : ""}</h3>` +
        (p.description ? `<p>${esc(p.description)}</p>` : "") +
        `<p>Grants: ${what.join("; ")}.${p.definedAt ? ` Defined at ${sourceLinks([p.definedAt], link)}.` : ""}</p>${inline}` +
        (rows ? `<ul>${rows}</ul>` : `<p class="muted" data-item>Not assigned.</p>`) +
        `</section>`
      );
    })
    .join("");

  // A group row stays visible under an account or permission-set filter when the group has such a grant.
  const accountsOf = (group: string) => [...new Set(report.grants.filter((g) => g.group === group).map((g) => g.accountId))];
  const setsOf = (group: string) => [...new Set(report.grants.filter((g) => g.group === group).map((g) => g.permissionSet))];
  const groups =
    `<table><thead><tr><th>Group</th><th>Source</th><th>People</th><th>Grants</th><th>Accounts</th><th>Defined at</th></tr></thead><tbody>` +
    report.groups
      .map(
        (g) =>
          `<tr ${facets({ group: [g.name], ...acct(accountsOf(g.name)), ps: setsOf(g.name), privileged: g.privileged })}><td>${esc(g.name)} ${g.privileged ? badges({ privileged: true }) : ""}</td><td>${g.source}</td><td>${g.people ?? "–"}</td><td>${g.grants}</td><td>${g.accounts}</td><td>${g.definedAt ? sourceLinks([g.definedAt], link) : ""}</td></tr>`,
      )
      .join("") +
    `</tbody></table>`;

  const people = report.people
    ? `<h2 id="people">People (${report.people.length})</h2>` +
      report.people
        .map(
          (p) =>
            `<section id="person-${esc(p.person.login)}" data-container ${facets({ group: p.groups, person: [p.person.login] })}><h3>${esc(p.person.name)} <span class="id">${esc(p.person.login)}${p.person.status !== "ACTIVE" ? `, ${esc(p.person.status)}` : ""}</span></h3>` +
            `<p class="muted">Groups: ${p.groups.map(esc).join(", ")}</p>` +
            (p.access.length
              ? `<table><thead><tr><th>Account</th><th>Permission set</th><th>Via</th><th>Flags</th></tr></thead><tbody>` +
                p.access
                  .map(
                    (x) =>
                      `<tr data-item ${facets({ ...acct([x.accountId]), ps: [x.permissionSet], group: x.via, privileged: x.privileged })}${x.privileged ? ' class="priv"' : ""}><td>${esc(x.accountName)} <span class="id">${x.accountId}</span></td><td>${esc(x.permissionSet)}</td><td>${x.via.map(esc).join(", ")}</td><td>${badges(x)}</td></tr>`,
                  )
                  .join("") +
                `</tbody></table>`
              : `<p class="muted">No AWS access.</p>`) +
            `</section>`,
        )
        .join("")
    : "";

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>Access review ${esc(report.generatedOn)}</title>
<style>${STYLE}</style></head>
<body>
<header>
<h1>Access review, ${esc(report.generatedOn)}</h1>
<p class="summary">${s.grants} grants of ${s.permissionSets} permission sets to ${s.groups} groups in ${s.accounts} accounts${s.people !== undefined ? `, reaching ${s.people} people` : ""}; <strong>${s.privilegedGrants} privileged</strong>, <strong>${s.expiringSoon} expiring within ${EXPIRING_WITHIN_DAYS} days</strong>.</p>
<form class="filters" id="filters" onsubmit="return false">
<label>Account<select name="account">${options(accountOptions, "All accounts")}</select></label>
<label>Account tag<select name="tag">${options(tagFacet(report.accounts.map((a) => a.account.tags)).map((t) => ({ value: t, label: t })), "All tags")}</select></label>
<label>Group<select name="group">${options(groupNames.map((g) => ({ value: g, label: g })), "All groups")}</select></label>
<label>Permission set<select name="ps">${options(psNames.map((p) => ({ value: p, label: p })), "All permission sets")}</select></label>
${report.people ? `<label>Person<select name="person">${options(report.people.map((p) => ({ value: p.person.login, label: `${p.person.name} (${p.person.login})` })), "All people")}</select></label>` : ""}
<label class="check"><input type="checkbox" name="privileged" value="1"> Privileged only</label>
<button type="reset">Clear</button><button type="button" id="print">Print</button>
<span id="shown"></span>
</form>
</header>
<main>
<h2 id="grants">All grants</h2>
<div id="all-grants">${report.grants.length ? grantTable(report.grants, link, ["group", "ps", "account"]) : `<p class="muted">No grants.</p>`}</div>
<h2 id="matrix">Groups × accounts</h2>
${matrix}
<h2 id="groups">Groups</h2>
${groups}
<h2 id="accounts">Per account</h2>
${accounts}
<h2 id="permission-sets">Per permission set</h2>
${permissionSets}
${people}
</main>
<script>${SCRIPT}</script>
</body></html>
`;
}
