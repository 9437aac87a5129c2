// OpenTelemetry for Code Mode: the Node SDK set up as an application would, the seed's weather
// program run through the code tool, and the trace it produced. The exporter keeps spans in
// memory so this program can print (and check) them; `node main.ts trace.json` also writes them
// as JSON, which render-trace.ts draws as the waterfall shown in the docs.
import { writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createCodeTool, NodeRuntime } from "@isobind/core";
import { trace } from "@opentelemetry/api";
import { UndiciInstrumentation } from "@opentelemetry/instrumentation-undici";
import { NodeSDK } from "@opentelemetry/sdk-node";
import {
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace";

// A stand-in for a real weather API, on 127.0.0.1, so the handler makes a real HTTP call.
const TEMPS: Record<string, number> = { "San Francisco": 61, Tokyo: 75 };
const server = createServer((req, res) => {
  const city = new URL(req.url ?? "/", "http://localhost").searchParams.get("city") ?? "";
  res.setHeader("content-type", "application/json");
  res.end(JSON.stringify({ temp_f: TEMPS[city] ?? null }));
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const weatherApi = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
// Wait until it answers (this first fetch also loads Node's HTTP client, before any trace).
await fetch(`${weatherApi}/weather?city=Tokyo`).then((r) => r.arrayBuffer());

//#region sdk
// Start the SDK before anything creates spans. In production, export over OTLP instead:
//   spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())]
const exporter = new InMemorySpanExporter();
const sdk = new NodeSDK({
  serviceName: "weather-agent",
  spanProcessors: [new SimpleSpanProcessor({ exporter })],
  // Traces fetch(): the handlers' own HTTP calls appear under their execute_tool spans.
  instrumentations: [new UndiciInstrumentation()],
});
sdk.start();
//#endregion

//#region runtime
const rt = await NodeRuntime.create({
  bindings: {
    "get-weather": {
      description: "Look up the current temperature for a city",
      inputSchema: {
        type: "object",
        properties: { city: { type: "string" } },
        required: ["city"],
      },
      // Runs inside its execute_tool span: this fetch becomes a child span of it.
      handler: async (input: { city: string }, ctx) => {
        const url = `${weatherApi}/weather?city=${encodeURIComponent(input.city)}`;
        const response = await fetch(url, { signal: ctx.signal });
        return (await response.json()) as { temp_f: number | null };
      },
    },
    calculate: {
      description: "Evaluate a simple arithmetic expression",
      inputSchema: {
        type: "object",
        properties: { expression: { type: "string" } },
        required: ["expression"],
      },
      handler: (input: { expression: string }) => {
        const [, a, b, c] = /^(\d+) \* (\d+) \/ (\d+)$/.exec(input.expression) ?? [];
        return { result: (Number(a) * Number(b)) / Number(c) };
      },
    },
  },
  // Record tool arguments and results, the code and its output (off by default; also turned
  // on by OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true).
  telemetry: { captureContent: true },
});
//#endregion

//#region run
const tool = createCodeTool(rt);
const code = `
const [sf, tokyo] = await Promise.all([
  tools.getWeather({ city: "San Francisco" }),
  tools.getWeather({ city: "Tokyo" }),
]);
const diffF = Math.abs(sf.temp_f - tokyo.temp_f);
const diffC = await tools.calculate({ expression: \`\${diffF} * 5 / 9\` });
console.log("chained 3 binding calls in one sandbox execution");
return { warmer: sf.temp_f > tokyo.temp_f ? "San Francisco" : "Tokyo", celsius: diffC.result };
`;
// The agent framework's own span for the tool call; the run nests under whatever is active.
const agent = trace.getTracer("weather-agent");
const result = await agent.startActiveSpan("execute_tool execute_code", async (span) => {
  span.setAttributes({ "gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": tool.name });
  const out = await tool.execute({ code });
  span.end();
  return out;
});
//#endregion

console.log(result.text);
console.log();
const spans = exporter.getFinishedSpans();
printTree(spans);
if (process.argv[2]) writeFileSync(process.argv[2], `${JSON.stringify(toJson(spans), null, 2)}\n`);

await rt.dispose();
await sdk.shutdown();
server.close();

/** The spans as a tree: names and the attributes that say what happened (no timings). */
function printTree(all: ReadableSpan[]): void {
  const SHOWN = [
    "gen_ai.tool.call.arguments",
    "gen_ai.tool.call.result",
    "isobind.run.outcome",
    "isobind.run.binding_calls",
    "http.request.method",
    "http.response.status_code",
    "error.type",
  ];
  const childrenOf = (id: string | undefined) =>
    all
      .filter((s) => s.parentSpanContext?.spanId === id)
      .sort((a, b) => order(a).localeCompare(order(b), "en", { numeric: true }));
  const print = (span: ReadableSpan, indent: string) => {
    const attrs = SHOWN.filter((k) => span.attributes[k] !== undefined)
      .map((k) => `${k}=${span.attributes[k]}`)
      .join(" ");
    console.log(`${indent}${span.name}${attrs ? `  ${attrs}` : ""}`);
    for (const child of childrenOf(span.spanContext().spanId)) print(child, `${indent}  `);
  };
  for (const root of childrenOf(undefined)) print(root, "");
  const traces = new Set(all.map((s) => s.spanContext().traceId));
  console.log(`\n${all.length} spans in ${traces.size} trace`);
}

/** Siblings in call order (call ids are issued in order), then in start order. */
function order(span: ReadableSpan): string {
  const callId = span.attributes["gen_ai.tool.call.id"];
  return `${callId ?? ""} ${span.startTime[0]}.${String(span.startTime[1]).padStart(9, "0")}`;
}

/** The spans in the shape of OTLP's JSON encoding (names as the exporters write them). */
function toJson(all: ReadableSpan[]) {
  const nanos = ([s, ns]: [number, number]) => (BigInt(s) * 1_000_000_000n + BigInt(ns)).toString();
  return all.map((s) => ({
    traceId: s.spanContext().traceId,
    spanId: s.spanContext().spanId,
    parentSpanId: s.parentSpanContext?.spanId,
    name: s.name,
    kind: s.kind,
    startTimeUnixNano: nanos(s.startTime),
    endTimeUnixNano: nanos(s.endTime),
    attributes: s.attributes,
    status: s.status,
    scope: s.instrumentationScope.name,
  }));
}
