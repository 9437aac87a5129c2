import { describe, expect, it } from "vitest";
import { groupedBarChart, horizontalBarChart } from "./charts.ts";

describe("groupedBarChart", () => {
  it("draws one bar per series and category, taller for larger values, each with its label", () => {
    const svg = groupedBarChart({
      title: "Tokens <by> size",
      categories: ["10 tools", "50 tools"],
      categoryLabel: "tools",
      series: [
        { name: "function tools", values: [1000, 5000], tone: "muted" },
        { name: "code tool", values: [800, 250], tone: "accent" },
      ],
      format: String,
    });
    expect(svg).toMatch(/^<svg class="chart"[^>]*role="img" aria-label="Tokens &lt;by&gt; size"/);
    const bars = [
      ...svg.matchAll(/<rect class="chart-(\w+)"[^>]*height="([\d.]+)" rx="2"><title>([^<]+)/g),
    ];
    expect(bars.map((b) => b[3])).toEqual([
      "function tools, 10 tools: 1000",
      "code tool, 10 tools: 800",
      "function tools, 50 tools: 5000",
      "code tool, 50 tools: 250",
    ]);
    const height = (i: number) => Number(bars[i]?.[2]);
    expect(height(2)).toBeGreaterThan(height(0));
    expect(height(0)).toBeGreaterThan(height(3));
    for (const label of ["1000", "800", "5000", "250", "10 tools", "50 tools"]) {
      expect(svg).toContain(`>${label}</text>`);
    }
  });
});

describe("horizontalBarChart", () => {
  it("puts the bars on a log scale with a tick per power of ten, highlighted rows in accent", () => {
    const svg = horizontalBarChart({
      title: "p50",
      bars: [
        { label: "isobind", value: 1.5, highlight: true },
        { label: "other", value: 40 },
      ],
      unit: "ms",
      format: String,
    });
    expect([...svg.matchAll(/class="chart-axis"[^>]*>(\d+) ms<\/text>/g)].map((m) => m[1])).toEqual(
      ["1", "10", "100"],
    );
    const widths = [...svg.matchAll(/<rect class="chart-(\w+)"[^>]*width="([\d.]+)"/g)];
    expect(widths.map((w) => w[1])).toEqual(["accent", "muted"]);
    // log scale: 40 ms is about 1.6 decades from 1 ms, 1.5 ms about 0.18: not 27 times longer
    const ratio = Number(widths[1]?.[2]) / Number(widths[0]?.[2]);
    expect(ratio).toBeGreaterThan(5);
    expect(ratio).toBeLessThan(12);
    expect(svg).toContain(">1.5 ms</text>");
  });
});
