// Draws spans exported by main.ts (`node main.ts trace.json`) as a waterfall SVG, the way a
// tracing UI shows a trace: one row per span, nested by parent, a bar from its start to its end.
//
//   node render-trace.ts trace.json out.svg
//
// `pnpm --filter @isobind/example-observability trace` regenerates trace.json and the picture
// in the docs (apps/docs/public/observability-trace.svg) from a fresh run.
import { readFileSync, writeFileSync } from "node:fs";

interface ExportedSpan {
  spanId: string;
  parentSpanId?: string;
  name: string;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: Record<string, unknown>;
  status: { code: number };
  scope: string;
}

interface Row {
  span: ExportedSpan;
  depth: number;
  startMs: number;
  endMs: number;
}

const [input, output] = process.argv.slice(2);
if (!input || !output) {
  console.error("usage: node render-trace.ts <trace.json> <out.svg>");
  process.exit(2);
}
const spans = JSON.parse(readFileSync(input, "utf8")) as ExportedSpan[];
writeFileSync(output, render(spans));

function rows(all: ExportedSpan[]): Row[] {
  const origin = all.reduce(
    (min, s) => (BigInt(s.startTimeUnixNano) < min ? BigInt(s.startTimeUnixNano) : min),
    BigInt(all[0]?.startTimeUnixNano ?? 0),
  );
  const ms = (ns: string) => Number(BigInt(ns) - origin) / 1e6;
  const ids = new Set(all.map((s) => s.spanId));
  const order = (s: ExportedSpan) =>
    `${s.attributes["gen_ai.tool.call.id"] ?? ""} ${s.startTimeUnixNano}`;
  const childrenOf = (id: string | undefined) =>
    all
      .filter((s) =>
        id === undefined ? !s.parentSpanId || !ids.has(s.parentSpanId) : s.parentSpanId === id,
      )
      .sort((a, b) => order(a).localeCompare(order(b), "en", { numeric: true }));
  const out: Row[] = [];
  const visit = (span: ExportedSpan, depth: number) => {
    out.push({ span, depth, startMs: ms(span.startTimeUnixNano), endMs: ms(span.endTimeUnixNano) });
    for (const child of childrenOf(span.spanId)) visit(child, depth + 1);
  };
  for (const root of childrenOf(undefined)) visit(root, 0);
  return out;
}

/** Colour of a span's bar, by what it is. */
function kindOf(span: ExportedSpan): { kind: string; fill: string } {
  if (span.status.code === 2) return { kind: "error", fill: "#d64545" };
  if (span.name === "isobind.run") return { kind: "run", fill: "#7c5cd6" };
  if (span.scope === "@isobind/core") return { kind: "tool", fill: "#1f9e89" };
  if (span.attributes["http.request.method"]) return { kind: "http", fill: "#e08a1e" };
  return { kind: "agent", fill: "#4a78c2" };
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

function detail(span: ExportedSpan): string {
  const args = span.attributes["gen_ai.tool.call.arguments"];
  if (typeof args === "string") return args;
  const status = span.attributes["http.response.status_code"];
  if (status !== undefined) return `HTTP ${status}`;
  const calls = span.attributes["isobind.run.binding_calls"];
  return calls !== undefined ? `${calls} binding calls` : "";
}

function render(all: ExportedSpan[]): string {
  const list = rows(all);
  const total = Math.max(...list.map((r) => r.endMs), 0.001);
  const W = 1000;
  const LABEL = 400;
  const PAD = 16;
  const ROW = 32;
  const TOP = 64;
  const plot = W - LABEL - PAD * 2 - 70;
  const x = (ms: number) => LABEL + PAD + (ms / total) * plot;
  const H = TOP + list.length * ROW + PAD;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * total);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="Waterfall of a traced Code Mode run: ${list.length} spans over ${total.toFixed(1)} ms">`,
    "<style>text{font:13px ui-sans-serif,system-ui,sans-serif;fill:#1d2430}.d{fill:#5b6472;font-size:12px}.m{font:12px ui-monospace,monospace;fill:#5b6472}.t{font-size:15px;font-weight:600}</style>",
    `<rect width="${W}" height="${H}" fill="#ffffff"/>`,
    `<text class="t" x="${PAD}" y="26">Trace of one Code Mode run (examples/observability)</text>`,
  ];
  for (const t of ticks) {
    parts.push(
      `<line x1="${x(t)}" y1="${TOP - 16}" x2="${x(t)}" y2="${H - PAD}" stroke="#e3e6eb"/>`,
      `<text class="m" x="${x(t)}" y="${TOP - 22}" text-anchor="middle">${t.toFixed(1)} ms</text>`,
    );
  }
  list.forEach((row, i) => {
    const y = TOP + i * ROW;
    const { kind, fill } = kindOf(row.span);
    const left = x(row.startMs);
    const width = Math.max(2, x(row.endMs) - left);
    const name = escapeXml(row.span.name);
    const info = escapeXml(detail(row.span));
    if (i % 2 === 1)
      parts.push(`<rect x="0" y="${y - 4}" width="${W}" height="${ROW}" fill="#f6f7f9"/>`);
    parts.push(
      `<text x="${PAD + row.depth * 18}" y="${y + 16}">${name}${info ? ` <tspan class="d">${info.length > 34 ? `${info.slice(0, 33)}…` : info}</tspan>` : ""}</text>`,
      `<rect class="bar ${kind}" x="${left.toFixed(2)}" y="${y + 3}" width="${width.toFixed(2)}" height="18" rx="3" fill="${fill}"><title>${name}: ${(row.endMs - row.startMs).toFixed(2)} ms</title></rect>`,
      `<text class="m" x="${(left + width + 6).toFixed(2)}" y="${y + 16}">${(row.endMs - row.startMs).toFixed(2)} ms</text>`,
    );
  });
  parts.push("</svg>");
  return `${parts.join("\n")}\n`;
}
