/** Bindings of the telemetry tests: the seed's two, plus one per behaviour under test. */
import { trace } from "@opentelemetry/api";
import type { BindingContext, Bindings } from "../../src/index.ts";

const object = { type: "object" } as const;

/** Resolves once `count` calls are waiting, so that they provably run at the same time. */
export function createLatch(count: number): { wait(): Promise<{ waited: number }> } {
  let waiting = 0;
  let open: () => void = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return {
    async wait() {
      waiting++;
      if (waiting >= count) open();
      await opened;
      // Span start times have millisecond resolution (the SDK reads Date.now()): hold on a
      // little after the latch opens so the overlap is wider than that resolution.
      await new Promise((resolve) => setTimeout(resolve, 20));
      return { waited: waiting };
    },
  };
}

/** The bindings; `latch` is shared by the calls of one run. */
export function telemetryBindings(latch: () => { wait(): Promise<unknown> }): Bindings {
  return {
    "get-weather": {
      description: "Look up the current temperature for a city",
      inputSchema: {
        type: "object",
        properties: { city: { type: "string" } },
        required: ["city"],
      },
      handler: (input: { city: string }) =>
        ({ "San Francisco": { temp_f: 61 }, Tokyo: { temp_f: 75 } })[input.city] ?? {
          temp_f: null,
        },
    },
    calculate: {
      description: "Evaluate a simple arithmetic expression",
      inputSchema: {
        type: "object",
        properties: { expression: { type: "string" } },
        required: ["expression"],
      },
      // A fixed table instead of eval: the tests only send the seed's expression.
      handler: (input: { expression: string }) => ({
        result: input.expression === "14 * 5 / 9" ? (14 * 5) / 9 : Number.NaN,
      }),
    },
    fails: {
      description: "Always fails",
      inputSchema: object,
      handler: () => {
        throw new Error("upstream is down for user 42");
      },
    },
    hang: {
      description: "Waits until the run ends",
      inputSchema: object,
      handler: (_input: unknown, ctx: BindingContext) =>
        new Promise((_resolve, reject) => {
          ctx.signal.addEventListener("abort", () => reject(new Error("stopped")), { once: true });
        }),
    },
    latch: {
      description: "Returns once every call of the latch has started",
      inputSchema: object,
      handler: () => latch().wait(),
    },
    query: {
      description: "Makes its own instrumented call, as a database driver would",
      inputSchema: object,
      handler: () =>
        trace.getTracer("app").startActiveSpan("db.query", async (span) => {
          await new Promise((resolve) => setTimeout(resolve, 5));
          span.end();
          return { rows: 1 };
        }),
    },
  };
}

/** The seed's guest program (examples/weather-calculate), with the seed's three calls. */
export const WEATHER_CODE = `
const [sf, tokyo] = await Promise.all([
  callBinding("get-weather", { city: "San Francisco" }),
  callBinding("get-weather", { city: "Tokyo" }),
]);
const diffF = Math.abs(sf.temp_f - tokyo.temp_f);
const diffC = await callBinding("calculate", { expression: \`\${diffF} * 5 / 9\` });
console.log("chained 3 binding calls in one sandbox execution");
return { diffF, celsius: diffC.result, warmer: sf.temp_f > tokyo.temp_f ? "San Francisco" : "Tokyo" };
`;
