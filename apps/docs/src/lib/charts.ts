/**
 * Bar charts as inline SVG strings, drawn at build time from the benchmark results. Colours
 * come from CSS classes (`custom.css`) on Starlight's theme variables, so the charts follow the
 * light and dark themes. Every bar carries its value as text: the chart is readable without
 * hovering, and testable as text.
 * @module
 */

/** One series of a grouped bar chart. */
export interface BarSeries {
  /** Legend label. */
  name: string;
  /** One value per category. */
  values: readonly number[];
  /** `accent` for isobind, `muted` for what it is compared with. */
  tone: "accent" | "muted" | "faint";
}

/** A grouped vertical bar chart: categories along x, one bar per series in each. */
export interface GroupedBarChart {
  /** Accessible name of the chart. */
  title: string;
  categories: readonly string[];
  /** The x axis' label, e.g. "tools in the catalogue". */
  categoryLabel: string;
  series: readonly BarSeries[];
  /** Formats a value for its label. */
  format: (value: number) => string;
}

/** One bar of a horizontal bar chart. */
export interface HorizontalBar {
  label: string;
  value: number;
  /** Draw in the accent colour (isobind's own rows). */
  highlight?: boolean;
}

/** A horizontal bar chart on a logarithmic scale (values spanning orders of magnitude). */
export interface HorizontalBarChart {
  title: string;
  bars: readonly HorizontalBar[];
  /** The unit after each value, e.g. "ms". */
  unit: string;
  format: (value: number) => string;
}

const escapeXml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Renders a grouped bar chart. */
export function groupedBarChart(chart: GroupedBarChart): string {
  const width = 720;
  const height = 300;
  const top = 36;
  const bottom = 44;
  const left = 12;
  const plotHeight = height - top - bottom;
  const max = Math.max(...chart.series.flatMap((s) => s.values), 1);
  const groupWidth = (width - left * 2) / chart.categories.length;
  const barWidth = Math.min(34, (groupWidth - 12) / chart.series.length);
  const parts: string[] = [];
  chart.series.forEach((series, i) => {
    const x = left + i * 190;
    parts.push(
      `<rect class="chart-${series.tone}" x="${x}" y="6" width="12" height="12" rx="2"/>`,
      `<text class="chart-legend" x="${x + 18}" y="16">${escapeXml(series.name)}</text>`,
    );
  });
  chart.categories.forEach((category, c) => {
    const groupX = left + c * groupWidth + (groupWidth - barWidth * chart.series.length) / 2;
    chart.series.forEach((series, s) => {
      const value = series.values[c] ?? 0;
      const h = Math.max(1, (value / max) * plotHeight);
      const x = groupX + s * barWidth;
      const y = top + plotHeight - h;
      parts.push(
        `<rect class="chart-${series.tone}" x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${(barWidth - 3).toFixed(1)}" height="${h.toFixed(1)}" rx="2"><title>${escapeXml(`${series.name}, ${category}: ${chart.format(value)}`)}</title></rect>`,
        `<text class="chart-value" x="${(x + (barWidth - 3) / 2).toFixed(1)}" y="${(y - 4).toFixed(1)}" text-anchor="middle">${escapeXml(chart.format(value))}</text>`,
      );
    });
    parts.push(
      `<text class="chart-axis" x="${(left + c * groupWidth + groupWidth / 2).toFixed(1)}" y="${height - bottom + 18}" text-anchor="middle">${escapeXml(category)}</text>`,
    );
  });
  parts.push(
    `<line class="chart-baseline" x1="${left}" x2="${width - left}" y1="${top + plotHeight}" y2="${top + plotHeight}"/>`,
    `<text class="chart-axis" x="${width / 2}" y="${height - 6}" text-anchor="middle">${escapeXml(chart.categoryLabel)}</text>`,
  );
  return svg(chart.title, width, height, parts);
}

/** Renders a horizontal bar chart on a log scale, one row per bar. */
export function horizontalBarChart(chart: HorizontalBarChart): string {
  const width = 720;
  const rowHeight = 30;
  const labelWidth = 210;
  const valueWidth = 90;
  const top = 8;
  const height = top + chart.bars.length * rowHeight + 28;
  const values = chart.bars.map((b) => b.value).filter((v) => v > 0);
  const lo = 10 ** Math.floor(Math.log10(Math.min(...values, 1)));
  const hi = 10 ** Math.ceil(Math.log10(Math.max(...values, 1)));
  const plotWidth = width - labelWidth - valueWidth;
  const scale = (v: number) =>
    (Math.log10(Math.max(v, lo)) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo) || 1);
  const parts: string[] = [];
  for (let tick = lo; tick <= hi; tick *= 10) {
    const x = labelWidth + scale(tick) * plotWidth;
    parts.push(
      `<line class="chart-grid" x1="${x.toFixed(1)}" x2="${x.toFixed(1)}" y1="${top}" y2="${height - 22}"/>`,
      `<text class="chart-axis" x="${x.toFixed(1)}" y="${height - 6}" text-anchor="middle">${escapeXml(`${chart.format(tick)} ${chart.unit}`)}</text>`,
    );
  }
  chart.bars.forEach((bar, i) => {
    const y = top + i * rowHeight;
    const w = Math.max(2, scale(bar.value) * plotWidth);
    const tone = bar.highlight ? "accent" : "muted";
    const text = `${chart.format(bar.value)} ${chart.unit}`;
    parts.push(
      `<text class="chart-label${bar.highlight ? " chart-strong" : ""}" x="${labelWidth - 8}" y="${y + 19}" text-anchor="end">${escapeXml(bar.label)}</text>`,
      `<rect class="chart-${tone}" x="${labelWidth}" y="${y + 6}" width="${w.toFixed(1)}" height="${rowHeight - 12}" rx="2"><title>${escapeXml(`${bar.label}: ${text}`)}</title></rect>`,
      `<text class="chart-value" x="${(labelWidth + w + 6).toFixed(1)}" y="${y + 19}">${escapeXml(text)}</text>`,
    );
  });
  return svg(chart.title, width, height, parts);
}

function svg(title: string, width: number, height: number, parts: string[]): string {
  return `<svg class="chart" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(title)}" xmlns="http://www.w3.org/2000/svg"><title>${escapeXml(title)}</title>${parts.join("")}</svg>`;
}
