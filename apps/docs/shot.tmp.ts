import { chromium } from "playwright-core";
import { CHROMIUM, CHROMIUM_ARGS, startSite } from "./test/site-server.ts";

const site = await startSite();
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
for (const p of process.argv.slice(2)) {
  await page.goto(`${site.url}${p}`, { waitUntil: "load" });
  await page.screenshot({
    path: `/tmp/newcomer-shots/${p.replace(/\W+/g, "_") || "home"}.png`,
    fullPage: true,
  });
}
await browser.close();
await site.stop();
