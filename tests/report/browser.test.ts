// The HTML report in a real browser: Debian's headless Chromium driven by playwright-core. The
// page must load from a file with no console error and no network request, and its filters
// (account, account tag, group, permission set, person, privileged only) must show exactly the matching access.
// UPDATE_SCREENSHOT=1 also writes docs/access-report.png, the screenshot the README shows.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadModel } from "../../src/model/index.js";
import { renderHtml } from "../../src/report/html.js";
import { webSourceLink } from "../../src/report/links.js";
import { buildReport, type GroupMembers, type Person } from "../../src/report/views.js";

/** Debian's chromium (what .ci/run installs), else the Chrome preinstalled on GitHub's Ubuntu runners. */
const CANDIDATES = [process.env.CHROMIUM_BIN, "/usr/bin/chromium", "/usr/bin/google-chrome"].filter((p): p is string => Boolean(p));
export const CHROMIUM = CANDIDATES.find((p) => existsSync(p)) ?? CANDIDATES[0]!;
const TODAY = "2027-03-10"; // PlatformAdmin grants expire 2027-03-31: within 30 days

const person = (n: number, login: string, name: string): Person => ({ id: `00u${n}`, login, name, email: login, status: "ACTIVE" });

let context: BrowserContext;
let page: Page;
let profile: string;
const problems: string[] = [];
const requests: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no Chromium at ${CHROMIUM}: install Debian's package (apt-get install -y chromium; .ci/run does it) or set CHROMIUM_BIN`);
  }
  const { model, findings } = loadModel("access-model", { today: TODAY });
  if (!model) throw new Error(JSON.stringify(findings));
  const ann = person(1, "ann@acme.example", "Ann Lee");
  const raj = person(2, "raj@acme.example", "Raj Patel");
  const members: GroupMembers = { members: new Map([["bi-analysts", [ann, raj]], ["platform-admin", [raj]], ["sre-oncall", [raj]], ["read-only-exec", []], ["finance-data", [ann]]]) };
  const html = renderHtml(buildReport(model, { today: TODAY, members }), webSourceLink("https://github.com/acme/okta-aws-access/blob/main"));
  profile = mkdtempSync(join(tmpdir(), "access-report-browser-"));
  const file = join(profile, "access-review.html");
  writeFileSync(file, html);
  context = await chromium.launchPersistentContext(join(profile, "user-data"), {
    executablePath: CHROMIUM,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    viewport: { width: 1280, height: 900 },
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  page.on("request", (r) => requests.push(r.url()));
  await page.goto(pathToFileURL(file).href);
}, 120_000);

afterAll(async () => {
  await context?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

const visibleGrants = () =>
  page.$$eval("#all-grants tr[data-grant]", (rows) =>
    rows.filter((r) => !(r as HTMLElement).hidden).map((r) => [...r.querySelectorAll("td")].slice(0, 3).map((td) => td.textContent!.trim()).join(" | ")),
  );
const visibleCount = (selector: string) => page.$$eval(selector, (els) => els.filter((e) => (e as HTMLElement).offsetParent !== null).length);

async function clear() {
  await page.click("button[type=reset]");
  await page.waitForFunction(() => document.getElementById("shown")!.textContent === "86 of 86 grants shown");
}

describe("the HTML report in Chromium", () => {
  it("loads from a file with no console error and no network request", async () => {
    expect(await page.title()).toBe(`Access review ${TODAY}`);
    expect(await page.textContent("#shown")).toBe("86 of 86 grants shown");
    expect(problems).toEqual([]);
    expect(requests.filter((u) => !u.startsWith("file://") && !u.startsWith("data:"))).toEqual([]);
  });

  it("filters by group: every view shows only that group", async () => {
    await page.selectOption("select[name=group]", "bi-analysts");
    expect(await visibleGrants()).toEqual(["bi-analysts | BIReadOnly | data-platform 111111111111", "bi-analysts | BIReadOnly | reporting 222222222222"]);
    expect(await page.textContent("#shown")).toBe("2 of 86 grants shown");
    expect(await visibleCount("table.matrix tbody tr")).toBe(1);
    expect(await visibleCount("#accounts ~ section[data-account]")).toBe(2); // the two accounts where bi-analysts has access
    expect(await page.$$eval("#people ~ section", (s) => s.filter((e) => !(e as HTMLElement).hidden).map((e) => e.querySelector("h3")!.textContent))).toEqual([
      "Ann Lee ann@acme.example",
      "Raj Patel raj@acme.example",
    ]);
    await clear();
  });

  it("filters by account and by permission set, together", async () => {
    await page.selectOption("select[name=account]", "333333333333");
    expect((await visibleGrants()).sort()).toEqual([
      "platform-admin | PlatformAdmin | production 333333333333",
      "read-only-exec | ExecReadOnly | production 333333333333",
      "sre-oncall | SREOncall | production 333333333333",
    ]);
    expect(await visibleCount("table.matrix thead th.acct")).toBe(1);
    expect(await page.$$eval("#groups + table tbody tr", (rows) => rows.filter((r) => !(r as HTMLElement).hidden).map((r) => r.querySelector("td")!.textContent!.trim()))).toEqual([
      "platform-admin privileged",
      "read-only-exec",
      "sre-oncall",
    ]);
    await page.selectOption("select[name=ps]", "SREOncall");
    expect(await visibleGrants()).toEqual(["sre-oncall | SREOncall | production 333333333333"]);
    expect(await visibleCount("#permission-sets ~ section[data-ps]")).toBe(1);
    await clear();
  });

  it("filters by account tag (env=prod) and shows one person's view", async () => {
    const prod = await page.$$eval("#all-grants tr[data-grant]", (rows) => rows.filter((r) => JSON.parse(r.getAttribute("data-tag") ?? "[]").includes("env=prod")).length);
    expect(prod).toBeGreaterThan(0);
    await page.selectOption("select[name=tag]", "env=prod");
    expect(await page.textContent("#shown")).toBe(`${prod} of 86 grants shown`);
    const accounts = await page.$$eval("#accounts ~ section[data-account]", (s) => s.filter((e) => !(e as HTMLElement).hidden).map((e) => JSON.parse(e.getAttribute("data-tag")!)));
    expect(accounts.length).toBeGreaterThan(0);
    expect(accounts.every((tags: string[]) => tags.includes("env=prod"))).toBe(true);
    await clear();
    await page.selectOption("select[name=person]", "ann@acme.example");
    expect(await page.$$eval("#people ~ section", (s) => s.filter((e) => !(e as HTMLElement).hidden).map((e) => e.querySelector("h3")!.textContent))).toEqual(["Ann Lee ann@acme.example"]);
    await clear();
  });

  it("shows only privileged access when asked, highlighted, with grants expiring soon marked", async () => {
    await page.check("input[name=privileged]");
    const rows = await visibleGrants();
    expect(rows).toHaveLength(26);
    expect(rows.every((r) => r.startsWith("platform-admin | PlatformAdmin"))).toBe(true);
    expect(await page.textContent("#shown")).toBe("26 of 86 grants shown");
    expect(await visibleCount("#all-grants tr.priv")).toBe(26);
    expect(await visibleCount("#all-grants tr.soon .badge.soon")).toBe(21);
    expect(await visibleCount("table.matrix .chip.priv")).toBe(26);
    expect(await visibleCount("table.matrix .chip:not(.priv)")).toBe(0);
  });

  it("keeps the filter in the address, so a filtered view can be shared", async () => {
    expect(new URL(page.url()).hash).toBe("#privileged=1");
    await page.reload();
    expect(await page.isChecked("input[name=privileged]")).toBe(true);
    expect(await page.textContent("#shown")).toBe("26 of 86 grants shown");
    if (process.env.UPDATE_SCREENSHOT) {
      await clear();
      await page.selectOption("select[name=account]", "333333333333");
      await page.screenshot({ path: resolve("docs/access-report.png"), fullPage: false });
    }
    await clear();
  });

  it("links each grant to the file:line that makes it", async () => {
    const href = await page.getAttribute("#all-grants tr[data-grant] a.src", "href");
    expect(href).toMatch(/^https:\/\/github\.com\/acme\/okta-aws-access\/blob\/main\/access-model\/assignments\/[a-z-]+\.yaml#L\d+$/);
  });

  it("prints without the filter controls", async () => {
    await page.emulateMedia({ media: "print" });
    expect(await page.isVisible("form.filters")).toBe(false);
    expect(await page.isVisible("table.matrix")).toBe(true);
    const pdf = await page.pdf({ format: "A4" });
    expect(pdf.subarray(0, 4).toString()).toBe("%PDF");
    await page.emulateMedia({ media: "screen" });
    expect(problems).toEqual([]);
  });
});
