// Real-browser tests of the site `loket serve` serves (LOKET_URL), on the
// instance at LOKET_ROOT: every internal link resolves, every page is
// valid HTML (vnu), every page type (tracking, status help, receipts and
// letters included) has no axe violation at WCAG 2.1 AA, the request
// filters and the tracking box work with and without JavaScript, receipts
// and letters print to PDF without the site's chrome, the Ajukan form
// writes YAML that `loket check` (LOKET_BIN) accepts, and screenshots at
// 1280 and 375 px go to LOKET_SCREENSHOTS. Prints "N passed, M failed".
import { chromium } from "playwright-core";
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const BASE = process.env.LOKET_URL;
const ROOT = process.env.LOKET_ROOT;
const BIN = process.env.LOKET_BIN;
const SHOTS = process.env.LOKET_SCREENSHOTS || "screenshots";
if (!BASE || !ROOT || !BIN) {
  console.error("set LOKET_URL, LOKET_ROOT and LOKET_BIN");
  process.exit(2);
}
const AXE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const VNU = require.resolve("vnu-jar/build/dist/vnu.jar");

let passed = 0;
let failed = 0;
async function test(name, fn) {
  try {
    await fn();
    passed++;
    console.log(`ok   ${name}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}\n     ${String(e && e.stack || e).split("\n").join("\n     ")}`);
  }
}
function assert(cond, message) {
  if (!cond) throw new Error(message);
}

// --- crawl: every internal link -------------------------------------------
const origin = new URL(BASE).origin;
const pages = new Map(); // path -> html
const statuses = new Map(); // path -> status
async function crawl() {
  const queue = ["/", "/en/", "/404.html"];
  const seen = new Set(queue);
  const referrers = new Map();
  while (queue.length) {
    const p = queue.shift();
    const res = await fetch(origin + p);
    statuses.set(p, res.status);
    const type = res.headers.get("content-type") || "";
    if (!type.startsWith("text/html")) continue;
    const html = await res.text();
    pages.set(p, html);
    for (const m of html.matchAll(/(?:href|src)="([^"]+)"/g)) {
      const raw = m[1].replace(/&amp;/g, "&");
      const u = new URL(raw, origin + p);
      if (u.origin !== origin) continue;
      const target = u.pathname;
      if (!referrers.has(target)) referrers.set(target, p);
      if (!seen.has(target)) {
        seen.add(target);
        queue.push(target);
      }
    }
  }
  return referrers;
}

const referrers = await crawl();

await test("every internal link resolves", async () => {
  const broken = [...statuses].filter(([p, s]) => s !== 200 && p !== "/404.html");
  assert(broken.length === 0, "broken: " + broken.map(([p, s]) => `${p} (${s}, from ${referrers.get(p)})`).join(", "));
  assert(pages.size >= 20, `only ${pages.size} pages crawled`);
});

await test("every page is valid HTML (vnu)", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "loket-vnu-"));
  const files = [];
  let i = 0;
  for (const [p, html] of pages) {
    const f = path.join(dir, `${i++}.html`);
    fs.writeFileSync(f, html);
    files.push([f, p]);
  }
  const run = spawnSync("java", ["-jar", VNU, "--errors-only", "--format", "json", ...files.map((f) => f[0])], {
    encoding: "utf8",
    maxBuffer: 64 << 20,
  });
  assert(run.status !== null, "java did not run: " + run.error);
  const report = JSON.parse(run.stderr || run.stdout || "{\"messages\":[]}");
  const byFile = new Map(files.map(([f, p]) => ["file:" + f, p]));
  const errors = report.messages.filter((m) => m.type === "error");
  assert(errors.length === 0, errors.slice(0, 10).map((m) => `${byFile.get(m.url) || m.url}:${m.lastLine}: ${m.message}`).join("\n"));
  fs.rmSync(dir, { recursive: true, force: true });
});

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
});

function firstPath(prefix, not) {
  return [...pages.keys()].find((p) => p.startsWith(prefix) && p !== prefix && (!not || !not.test(p)));
}
function firstMatch(re) {
  return [...pages.keys()].find((p) => re.test(p));
}
const servicePage = firstPath("/layanan/");
const requestPage = firstMatch(/^\/permohonan\/\d{4}-\d{4}\/$/);
const yearPage = firstMatch(/^\/permohonan\/\d{4}\/$/);
const receiptPage = firstMatch(/^\/permohonan\/\d{4}-\d{4}\/tanda-terima\/$/);
const letterPage = firstMatch(/^\/permohonan\/\d{4}-\d{4}\/surat\/$/);
const types = {
  home: "/",
  services: "/layanan/",
  service: servicePage,
  requests: "/permohonan/",
  request: requestPage,
  registry: "/subdomain/",
  complaints: "/pengaduan/",
  stats: "/statistik/",
  apply: "/ajukan/",
  notfound: "/404.html",
  year: yearPage,
  status_help: "/bantuan/status/",
  receipt: receiptPage,
  letter: letterPage,
  home_en: "/en/",
  request_en: "/en" + requestPage,
  receipt_en: "/en" + receiptPage,
  letter_en: "/en" + letterPage,
};

async function axe(page) {
  await page.addScriptTag({ content: AXE });
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
    return r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join("; ")})`);
  });
}

for (const [name, p] of Object.entries(types)) {
  for (const width of [1280, 375]) {
    await test(`axe WCAG 2.1 AA: ${name} (${p}) at ${width} px`, async () => {
      assert(p, "no such page in the site");
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      const res = await page.goto(origin + p);
      assert(res.status() === 200 || name === "notfound", `status ${res.status()}`);
      const violations = await axe(page);
      const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
      await page.close();
      assert(violations.length === 0, violations.join("\n"));
      assert(scroll <= width, `the page scrolls sideways at ${width} px (${scroll} px wide)`);
    });
  }
}

await test("every chart's labels and values lie inside a 375 px screen", async () => {
  const width = 375;
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  await page.goto(origin + types.stats);
  const boxes = await page.evaluate(() =>
    [...document.querySelectorAll(".bars .val, .bars .bar-label")].map((e) => {
      const r = e.getBoundingClientRect();
      return { text: e.textContent, left: r.left, right: r.right, width: r.width };
    }),
  );
  const health = await page.locator("#chart-sehat .val").count();
  await page.close();
  assert(boxes.length > 0, "no chart on /statistik/");
  assert(health > 0, "no chart of the names healthy per week on /statistik/");
  const out = boxes.filter((b) => b.left < 0 || b.right > width || b.width === 0);
  assert(out.length === 0, `outside the screen: ${JSON.stringify(out.slice(0, 5))}`);
});

await test("status filter works without JavaScript (pre-rendered pages)", async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(origin + "/permohonan/");
  const link = page.locator('nav[data-key="instansi"] a[data-value]:not([data-value=""])').first();
  const key = await link.getAttribute("data-value");
  await link.click();
  await page.waitForURL(`**/permohonan/instansi/${key}/`);
  const rows = await page.locator("tbody tr").evaluateAll((trs) => trs.map((t) => t.getAttribute("data-instansi")));
  assert(rows.length > 0 && rows.every((r) => r === key), `rows ${rows} for ${key}`);
  const slink = page.locator('nav[data-key="status"] a[data-value]:not([data-value=""])').first();
  const skey = await slink.getAttribute("data-value");
  await slink.click();
  await page.waitForURL(`**/permohonan/status/${skey}/`);
  const srows = await page.locator("tbody tr").evaluateAll((trs) => trs.map((t) => t.getAttribute("data-status")));
  assert(srows.length > 0 && srows.every((r) => r === skey), `rows ${srows} for ${skey}`);
  await context.close();
});

await test("status filter works with JavaScript (no page load, combined)", async () => {
  const page = await browser.newPage();
  await page.goto(origin + "/permohonan/");
  await page.waitForSelector("html[data-filter-ready]");
  const all = await page.locator("tbody tr").count();
  const options = await page.locator("#saring-instansi option").evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
  assert(options.length > 0, "no agency options");
  let narrowed = false;
  for (const agency of options) {
    await page.selectOption("#saring-instansi", agency);
    const rows = await page.locator("tbody tr").evaluateAll((trs) => trs.map((t) => t.getAttribute("data-instansi")));
    assert(rows.every((r) => r === agency), `rows ${rows} for ${agency}`);
    if (rows.length < all) narrowed = true;
  }
  assert(narrowed, "no agency filter narrowed the list");
  const statuses = await page.locator("#saring-status option").evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
  await page.selectOption("#saring-instansi", "");
  await page.selectOption("#saring-status", statuses[0]);
  const srows = await page.locator("tbody tr").evaluateAll((trs) => trs.map((t) => t.getAttribute("data-status")));
  assert(srows.length > 0 && srows.every((s) => s === statuses[0]), `rows ${srows}`);
  assert(page.url().includes("status=" + statuses[0]), page.url());
  const violations = await axe(page);
  assert(violations.length === 0, "after filtering: " + violations.join("\n"));
  await page.close();
});

await test("tracking works without JavaScript: the form opens the year's list, anchored per id", async () => {
  const id = requestPage.split("/")[2];
  const year = id.slice(0, 4);
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(origin + "/");
  await page.fill("#lacak-id", id);
  await page.click("#lacak button[type=submit]");
  await page.waitForURL(`**/permohonan/${year}/?id=${id}`);
  const link = page.locator(`li[id="${id}"] a`);
  assert((await link.count()) === 1, `no anchored entry for ${id}`);
  assert((await link.getAttribute("href")).endsWith(`/permohonan/${id}/`), await link.getAttribute("href"));
  await page.goto(origin + `/permohonan/${year}/#${id}`);
  const targeted = await page.evaluate((i) => document.getElementById(i).matches(":target"), id);
  assert(targeted, `#${id} is not the target`);
  await context.close();
});

await test("tracking with JavaScript goes straight to the request, and says so politely when unknown", async () => {
  const id = requestPage.split("/")[2];
  const page = await browser.newPage();
  await page.goto(origin + "/en/");
  await page.fill("#lacak-id", id);
  await page.click("#lacak button[type=submit]");
  await page.waitForURL(`**/en/permohonan/${id}/`);
  await page.goto(origin + "/");
  const unknown = id.slice(0, 4) + "-9999";
  await page.fill("#lacak-id", unknown);
  await page.click("#lacak button[type=submit]");
  await page.waitForFunction(() => document.getElementById("lacak-pesan").textContent.length > 0);
  const message = await page.textContent("#lacak-pesan");
  assert(message.includes(unknown) && message.includes("tidak ditemukan"), message);
  assert(page.url() === origin + "/", `left the page: ${page.url()}`);
  const yearLink = await page.getAttribute("#lacak-pesan a", "href");
  assert(yearLink === `/permohonan/${id.slice(0, 4)}/`, yearLink);
  assert((await page.getAttribute("#lacak-id", "aria-invalid")) === "true", "input not marked invalid");
  const violations = await axe(page);
  assert(violations.length === 0, "with the message shown: " + violations.join("\n"));
  await page.close();
});

await test("receipts and letters print on A4 without the site's chrome, to PDF", async () => {
  for (const p of [receiptPage, letterPage]) {
    const page = await browser.newPage();
    await page.goto(origin + p);
    await page.emulateMedia({ media: "print" });
    for (const hidden of [".masthead", ".footer", ".crumbs", ".sheet-actions"]) {
      assert(!(await page.locator(hidden).first().isVisible()), `${p}: ${hidden} prints`);
    }
    assert(await page.locator(".sheet .kop").isVisible(), `${p}: no letterhead`);
    const pdf = await page.pdf({ preferCSSPageSize: true });
    await page.close();
    assert(pdf.subarray(0, 5).toString() === "%PDF-", `${p}: not a PDF`);
    assert(pdf.length > 5000, `${p}: PDF of ${pdf.length} bytes`);
  }
});

await test("the receipt's QR code reads back as its request's status page (zbarimg)", async () => {
  for (const p of [receiptPage, "/en" + receiptPage]) {
    const page = await browser.newPage();
    await page.goto(origin + p);
    const expected = await page.evaluate(() => document.querySelector(".sheet a[href^='http']")?.getAttribute("href") ?? null);
    const file = path.join(os.tmpdir(), `loket-qr-${process.pid}.png`);
    await page.locator("svg.qr").screenshot({ path: file });
    await page.close();
    const scan = spawnSync("zbarimg", ["--quiet", "--raw", file], { encoding: "utf8" });
    fs.rmSync(file, { force: true });
    assert(scan.status !== null, "zbarimg did not run (Debian zbar-tools): " + scan.error);
    const text = scan.stdout.trim();
    const id = p.match(/\d{4}-\d{4}/)[0];
    const lang = p.startsWith("/en/") ? "/en" : "";
    assert(text.endsWith(`${lang}/permohonan/${id}/`), `${p}: the QR reads ${JSON.stringify(text)}`);
    if (expected) assert(text === expected, `${p}: QR ${text}, link ${expected}`);
  }
});

await test("feeds and sitemap are well-formed XML; JSON files parse", async () => {
  const page = await browser.newPage();
  await page.goto(origin + "/");
  for (const p of ["/feed.xml", "/en/feed.xml", "/sitemap.xml"]) {
    const res = await fetch(origin + p);
    assert(res.status === 200, `${p}: ${res.status}`);
    const text = await res.text();
    const error = await page.evaluate((t) => {
      const doc = new DOMParser().parseFromString(t, "application/xml");
      const e = doc.querySelector("parsererror");
      return e ? e.textContent : null;
    }, text);
    assert(error === null, `${p}: ${error}`);
  }
  for (const p of ["/status.json", "/registry.json"]) {
    const json = await (await fetch(origin + p)).json();
    assert(typeof json === "object", p);
  }
  await page.close();
});

await test("the Ajukan form writes YAML that loket check accepts", async () => {
  const page = await browser.newPage();
  await page.goto(origin + "/ajukan/");
  const agency = await page.locator("#f-instansi option").first().getAttribute("value");
  const agencies = JSON.parse(await page.locator("#ajukan").getAttribute("data-agencies"));
  const domain = agencies.find((a) => a.id === agency).email_domain;
  const service = await page.locator("#f-layanan option").first().getAttribute("value");
  await page.selectOption("#f-layanan", service);
  await page.selectOption("#f-instansi", agency);
  await page.fill("#f-subdomain", "ujiformulir");
  await page.fill("#f-tujuan", 'Situs uji "formulir" dengan: titik dua & tanda # pagar');
  await page.fill("#f-nomor", "400/001/Uji/2026");
  await page.fill("#f-penandatangan", "Kepala Dinas");
  await page.fill("#f-nama", "Pengelola Uji");
  await page.fill("#f-jabatan", "Pranata Komputer");
  await page.fill("#f-email", `web@${domain}`);
  await page.fill("#f-telepon", "0812 3456 7890");
  const date = await page.inputValue("#f-tanggal");
  await page.click("#ajukan button[type=submit]");
  await page.waitForSelector("#hasil-ajukan:not([hidden])");
  const yaml = await page.inputValue("#yaml");
  const file = await page.textContent("#nama-berkas");
  const href = await page.getAttribute("#buka-github", "href");
  if (await page.getAttribute("#ajukan", "data-repository")) {
    assert(href.includes(`/new/main/requests/${agency}?filename=`), href);
  } else {
    assert(await page.locator("#buka-github").isHidden(), "a GitHub link without instansi.repositori");
  }
  const target = path.join(ROOT, file);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, yaml);
  for (const m of yaml.matchAll(/"(lampiran\/[^"]+)"/g)) {
    const att = path.join(ROOT, "requests", agency, m[1]);
    fs.mkdirSync(path.dirname(att), { recursive: true });
    fs.writeFileSync(att, "%PDF-1.4\n%uji\n");
  }
  const check = spawnSync(BIN, ["--root", ROOT, "check", "--today", date, target], { encoding: "utf8" });
  fs.rmSync(target);
  assert(check.status === 0, `loket check exit ${check.status}:\n${check.stdout}\n${check.stderr}\n${yaml}`);
  const violations = await axe(page);
  assert(violations.length === 0, "with the result shown: " + violations.join("\n"));
  await page.close();
});

await test("screenshots at 1280 and 375 px", async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  for (const [name, p] of [["home", "/"], ["service", servicePage], ["request", requestPage], ["receipt", receiptPage], ["letter", letterPage]]) {
    for (const width of [1280, 375]) {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      await page.goto(origin + p);
      const file = path.join(SHOTS, `${name}-${width}.png`);
      await page.screenshot({ path: file, fullPage: true });
      await page.close();
      assert(fs.statSync(file).size > 10000, `${file} is too small`);
      const overflow = await (async () => {
        const pg = await browser.newPage({ viewport: { width, height: 900 } });
        await pg.goto(origin + p);
        const w = await pg.evaluate(() => document.documentElement.scrollWidth);
        await pg.close();
        return w;
      })();
      assert(overflow <= width, `${name} at ${width} px scrolls sideways (${overflow} px)`);
    }
  }
});

await browser.close();
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
