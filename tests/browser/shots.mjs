// One screenshot of a service page per preset, for the README: writes
// each preset with `loket init` into a temporary directory, serves it with
// `loket serve --port 0` and photographs the first screen of its first
// service page at 1280 px. Usage: node shots.mjs LOKET_BIN OUT_DIR NOW
import { chromium } from "playwright-core";
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";

const [bin, out, now] = process.argv.slice(2);
if (!bin || !out || !now) {
  console.error("usage: node shots.mjs LOKET_BIN OUT_DIR NOW");
  process.exit(2);
}
fs.mkdirSync(out, { recursive: true });

// Starts `loket serve` on the instance and resolves with its URL.
function serve(root) {
  const child = spawn(bin, ["--root", root, "serve", "--port", "0", "--now", now], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout });
    lines.once("line", (line) => {
      const url = line.split(/\s+/).find((w) => w.startsWith("http://127.0.0.1:"));
      if (url) resolve({ child, url });
      else reject(new Error(`no URL in ${line}`));
    });
    child.once("exit", (code) => reject(new Error(`loket serve exited with ${code}`)));
  });
}

const list = spawnSync(bin, ["init", "--list"], { encoding: "utf8" });
const presets = list.stdout.split("\n").map((l) => l.split(/\s+/)[0]).filter(Boolean);
if (presets.length === 0) {
  console.error("loket init --list named no preset:\n" + list.stderr);
  process.exit(1);
}
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
});
for (const preset of presets) {
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "loket-shot-")), preset);
  const init = spawnSync(bin, ["init", "--preset", preset, dir], { encoding: "utf8" });
  if (init.status !== 0) throw new Error(`init ${preset}: ${init.stderr}`);
  const service = fs.readdirSync(path.join(dir, "site/layanan")).filter((f) => f.endsWith(".md")).sort()[0].slice(0, -3);
  const { child, url } = await serve(dir);
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await page.goto(new URL(`layanan/${service}/`, url).href);
    const file = path.join(out, `preset-${preset}.png`);
    await page.screenshot({ path: file });
    console.log(`${file}: ${preset}, /layanan/${service}/`);
    await page.close();
  } finally {
    child.kill();
    fs.rmSync(path.dirname(dir), { recursive: true, force: true });
  }
}
await browser.close();
