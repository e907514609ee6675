import { describe, expect, it } from "vitest";
import { CSV_COLUMNS, csvCell, renderCsv } from "../../src/report/csv.js";
import { esc, renderHtml } from "../../src/report/html.js";
import { renderJson } from "../../src/report/json.js";
import { relativeSourceLink, webSourceLink } from "../../src/report/links.js";
import { md, renderMarkdown } from "../../src/report/markdown.js";
import { buildReport, type GroupMembers } from "../../src/report/views.js";
import { reportModel, TODAY } from "./fixture.js";

const { model } = reportModel();
const ann = { id: "u1", login: "ann@example.com", name: "Ann", status: "ACTIVE" };
const bob = { id: "u2", login: "=bob@example.com", name: "Bob, Jr.", status: "SUSPENDED" };
const members: GroupMembers = { members: new Map([["bi-analysts", [ann, bob]], ["platform-admin", [ann]]]) };
const report = buildReport(model, { today: TODAY });
const withPeople = buildReport(model, { today: TODAY, members });
const link = webSourceLink("https://github.com/acme/access/blob/abc123");

/** Minimal RFC 4180 reader, to check what a spreadsheet would see. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") row.push(cell), (cell = "");
    else if (c === "\r" && text[i + 1] === "\n") row.push(cell), rows.push(row), (row = []), (cell = ""), i++;
    else cell += c;
  }
  return rows;
}

describe("csv", () => {
  it("has one row per (group, permission set, account) with account name, OU, tags, privileged, expires and source", () => {
    const rows = parseCsv(renderCsv(report));
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    const grants = rows.slice(1);
    expect(grants).toHaveLength(model.assignments.length);
    const byKey = Object.fromEntries(grants.map((r) => [`${r[4]}|${r[5]}|${r[7]}`, Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, r[i]]))]));
    expect(byKey["bi-analysts|BIReadOnly|data-platform"]).toMatchObject({ row: "grant", person_login: "", account_id: "111111111111", ou: "Workloads/Data", tags: "domain=data;env=prod", privileged: "no", expires: "" });
    expect(byKey["bi-analysts|BIReadOnly|data-platform"]!.source).toMatch(/assignments\/data\.yaml:2$/);
    expect(byKey["platform-admin|PlatformAdmin|production"]).toMatchObject({ privileged: "yes", expires: "2027-06-30" });
  });

  it("with --okta adds one row per person and grant, quoting and defusing what a spreadsheet would misread", () => {
    const rows = parseCsv(renderCsv(withPeople));
    const people = rows.filter((r) => r[0] === "person");
    // ann: 3 bi-analysts grants + 1 platform-admin grant; bob: 3 bi-analysts grants
    expect(people.filter((r) => r[1] === "ann@example.com")).toHaveLength(4);
    const bobRows = people.filter((r) => r[1] === "'=bob@example.com");
    expect(bobRows).toHaveLength(3);
    expect(bobRows[0]!.slice(2, 4)).toEqual(["Bob, Jr.", "SUSPENDED"]);
    expect(csvCell("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
  });
});

describe("markdown", () => {
  const text = renderMarkdown(withPeople, link);

  it("shows the summary, privileged and expiring sections, the matrix, groups, accounts, permission sets and people", () => {
    for (const h of ["# Access review, 2026-11-28", "## Privileged access", "## Expiring within 30 days", "## Groups x accounts", "## Groups", "## Per account", "## Per permission set", "## People"]) {
      expect(text).toContain(`${h}\n`);
    }
    expect(text).toMatch(/\| bi-analysts \| BIReadOnly \| production \(333333333333\) \| \*\*expires 2026-12-15\*\* \|/);
    expect(text).toMatch(/\| platform-admin \| PlatformAdmin \| production \(333333333333\) \| \*\*privileged\*\*, expires 2027-06-30 \|/);
    expect(text).toContain("reaching 2 people");
    expect(text).toContain("### Bob, Jr. (=bob@example.com), SUSPENDED");
  });

  it("links each grant to its file:line", () => {
    expect(text).toMatch(/\[[^\]]*assignments\/platform\.yaml:2\]\(https:\/\/github\.com\/acme\/access\/blob\/abc123\/[^)]*assignments\/platform\.yaml#L2\)/);
  });

  it("escapes model text", () => {
    expect(md("a|b <c> *d*")).toBe("a\\|b \\<c\\> \\*d\\*");
  });
});

describe("html", () => {
  const html = renderHtml(withPeople, link);

  it("is one self-contained page: no external script, style, image or font, and a policy forbidding network", () => {
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none';`);
    expect(html).not.toMatch(/<(script|img|iframe)[^>]*\ssrc=/i);
    expect(html).not.toMatch(/<link[^>]*href="(?!data:)/i);
    expect(html).not.toMatch(/@import|url\(/);
  });

  it("escapes every model text", () => {
    expect(html).not.toContain("<img src=x");
    expect(esc(`<a href="x">'&`)).toBe("&lt;a href=&quot;x&quot;&gt;&#39;&amp;");
  });

  it("carries filter controls for account, group, permission set and privileged only, and a print style", () => {
    expect(html).toMatch(/<select name="account">/);
    expect(html).toMatch(/<select name="group">/);
    expect(html).toMatch(/<select name="ps">/);
    expect(html).toMatch(/<input type="checkbox" name="privileged"/);
    expect(html).toContain("@media print");
  });

  it("marks rows with their facets and links each grant to its file:line", () => {
    const row = html.match(/<tr data-grant data-group="\[&quot;platform-admin&quot;\]"[^>]*>.*?<\/tr>/)![0];
    expect(row).toContain(`data-privileged="1"`);
    expect(row).toContain("privileged</span>");
    expect(row).toMatch(/<a class="src" href="https:\/\/github\.com\/acme\/access\/blob\/abc123\/[^"]*assignments\/platform\.yaml#L2">/);
    expect(html).toContain(`<h2 id="people">People (2)</h2>`);
  });
});

describe("json", () => {
  it("is the views as data", () => {
    const back = JSON.parse(renderJson(withPeople));
    expect(back.summary).toEqual(withPeople.summary);
    expect(back.grants).toHaveLength(model.assignments.length);
    expect(back.people.map((p: { person: { login: string } }) => p.person.login)).toEqual(["=bob@example.com", "ann@example.com"]);
  });
});

describe("source links", () => {
  it("web links end in #L<line>; relative links start from the report's folder", () => {
    expect(link({ file: "access-model/groups.yaml", line: 7, col: 5 })).toBe("https://github.com/acme/access/blob/abc123/access-model/groups.yaml#L7");
    expect(relativeSourceLink("out/reports/review.html")({ file: "access-model/a b.yaml", line: 3, col: 1 })).toBe("../../access-model/a%20b.yaml#L3");
  });
});
