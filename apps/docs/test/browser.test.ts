// The built site in headless Chromium: every page loads without console errors, and the
// playground runs real code on the server and shows what the runtime returned.
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { quickstartExpectation } from "../src/lib/seed.ts";
import {
  CHROMIUM,
  CHROMIUM_ARGS,
  ensureBuilt,
  ensureChromium,
  type SiteServer,
  startSite,
} from "./site-server.ts";

const hasChromium = ensureChromium();
const clientDir = fileURLToPath(new URL("../dist/client", import.meta.url));
const screenshotPath = fileURLToPath(new URL("../test-results/playground.png", import.meta.url));

function pagePaths(dir: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...pagePaths(path));
    else if (name === "index.html")
      found.push(`/${relative(clientDir, dir)}/`.replace(/\/+/g, "/"));
  }
  return found;
}

describe.skipIf(!hasChromium)("docs site in Chromium", () => {
  let site: SiteServer;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    ensureBuilt();
    site = await startSite();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(`console error: ${message.text()}`);
    });
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    page.on("response", (response) => {
      if (response.status() >= 400) problems.push(`HTTP ${response.status()} ${response.url()}`);
    });
  });

  afterAll(async () => {
    await browser?.close();
    await site?.stop();
  });

  it("loads every page without console errors, page errors or failed requests", async () => {
    const paths = pagePaths(clientDir).sort();
    expect(paths).toEqual(
      expect.arrayContaining([
        "/",
        "/playground/",
        "/quickstart/",
        "/adapters/mcp/",
        "/adapters/openai/",
        "/adapters/langchain/",
        "/adapters/ai-sdk/",
        "/adapters/anthropic/",
        "/benchmarks/",
        "/security/",
        "/security-policy/",
        "/api/",
        "/guides/safe-bindings/",
      ]),
    );
    const failures: string[] = [];
    for (const path of paths) {
      problems.length = 0;
      const response = await page.goto(`${site.url}${path}`, { waitUntil: "load" });
      if (response?.status() !== 200) failures.push(`${path}: HTTP ${response?.status()}`);
      for (const problem of problems) failures.push(`${path}: ${problem}`);
    }
    expect(failures).toEqual([]);
    // One browser visit per page: the site grows with every guide, and CI shares two cores.
  }, 240_000);

  async function openPlayground(presetId: string): Promise<void> {
    problems.length = 0;
    await page.goto(`${site.url}/playground/`, { waitUntil: "load" });
    await page.waitForSelector(".pg[data-ready='true']");
    await page.selectOption("#pg-preset", presetId);
  }

  async function runAndWait(): Promise<string> {
    const status = page.locator("#pg-status");
    await page.click("#pg-run");
    await page.waitForFunction(() => {
      const el = document.querySelector<HTMLElement>("#pg-status");
      return el?.dataset.exitCode !== undefined && !el.textContent?.startsWith("Running");
    });
    return (await status.getAttribute("data-exit-code")) ?? "";
  }

  it("runs the weather program and shows exactly its output, value and binding calls", async () => {
    await openPlayground("weather");
    expect(await runAndWait()).toBe("0");
    const expected = quickstartExpectation();
    expect(await page.locator("#pg-stdout").textContent()).toBe(`${expected.stdout}\n`);
    expect(await page.locator("#pg-value").textContent()).toBe(expected.valueJson);
    expect(await page.locator("#pg-stderr").textContent()).toBe("");
    expect(await page.locator("#pg-error").isHidden()).toBe(true);
    const rows = await page
      .locator("#pg-timeline .pg-call")
      .evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset.binding));
    expect(rows).toEqual(["get-weather", "get-weather", "calculate"]);
    expect(await page.locator("#pg-status").textContent()).toContain("3 binding calls");
    await page.screenshot({ path: screenshotPath, fullPage: true });
    expect(problems).toEqual([]);
  });

  it("shows a syntax error with its code and line, and marks the line", async () => {
    await openPlayground("50-syntax-error");
    const code = await page.locator("#pg-code").inputValue();
    const badLine = code.split("\n").findIndex((l) => l.trim() === "]);") + 1;
    expect(await runAndWait()).toBe("1");
    const error = (await page.locator("#pg-error").textContent()) ?? "";
    expect(error).toContain(`SYNTAX_ERROR (line ${badLine})`);
    expect(error).toContain("SyntaxError: Unexpected token");
    expect(await page.locator("#pg-gutter .pg-bad").textContent()).toBe(`${badLine}\n`);
  });

  it("shows a timeout when the code spins past the timeout", async () => {
    await openPlayground("60-timeout");
    expect(await page.locator("#pg-timeout").inputValue()).toBe("1000");
    expect(await runAndWait()).toBe("124");
    const error = (await page.locator("#pg-error").textContent()) ?? "";
    expect(error).toContain("TIMEOUT");
    expect(error).toContain("1000 ms");
    expect(await page.locator("#pg-stdout").textContent()).toBe(
      "spinning until the 1000 ms timeout ends the run\n",
    );
  });

  it("runs code the reader typed and shows a refused request's reasons", async () => {
    await openPlayground("weather");
    await page.fill(
      "#pg-code",
      "return await tools.convertCurrency({ amount: 10, from: 'EUR', to: 'JPY' })",
    );
    expect(await runAndWait()).toBe("0");
    expect(JSON.parse((await page.locator("#pg-value").textContent()) ?? "")).toEqual({
      amount: 1620,
      currency: "JPY",
    });
    await page.fill("#pg-timeout", "999999");
    await page.click("#pg-run");
    await expect
      .poll(() => page.locator("#pg-error").textContent())
      .toContain("timeoutMs: must be an integer from 1 to 30000");
    expect(await page.locator("#pg-status").textContent()).toBe("Request refused (HTTP 400)");
  });

  it("pauses a run for approval, and resumes it with the reader's decisions", async () => {
    await openPlayground("80-approval");
    expect(await runAndWait()).toBe("75");
    expect(await page.locator("#pg-approvals").isHidden()).toBe(false);
    const choices = page.locator("#pg-pending select");
    expect(await choices.count()).toBe(2);
    expect(await page.locator("#pg-pending").textContent()).toContain(
      'tools.payments.refund({"orderId":"B-2","amount":260})',
    );
    await choices.nth(1).selectOption("deny");
    await page.click("#pg-resume");
    await page.waitForFunction(() => {
      const el = document.querySelector<HTMLElement>("#pg-status");
      return el?.dataset.exitCode === "0" && !el.textContent?.startsWith("Running");
    });
    const value = JSON.parse((await page.locator("#pg-value").textContent()) ?? "");
    expect(value[1]).toEqual({ refunded: 260, orderId: "B-2", currency: "EUR" });
    expect(value[2].refused).toContain("APPROVAL_DENIED");
    expect(await page.locator("#pg-approvals").isHidden()).toBe(true);
    expect(problems).toEqual([]);
  });
});
