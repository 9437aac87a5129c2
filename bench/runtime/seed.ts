/**
 * The seed workload every engine runs: the weather/calculate example of
 * examples/weather-calculate/main.ts (same handlers, same guest logic), plus the
 * micro-bindings of the round-trip and parallelism cases.
 */
import type { Bindings } from "@isobind/core";

/** The handlers' data: the example's lookup table. */
const WEATHER: Record<string, { temp_f: number }> = {
  "San Francisco": { temp_f: 61 },
  Tokyo: { temp_f: 75 },
};

function readStringField(input: unknown, field: string): string {
  if (!input || typeof input !== "object" || Array.isArray(input)) {
    throw new TypeError("binding input must be an object");
  }
  const value = (input as Record<string, unknown>)[field];
  if (typeof value !== "string") throw new TypeError(`${field} must be a string`);
  return value;
}

/** The `get-weather` handler of the example. */
export function getWeather(input: unknown): { temp_f: number | null } {
  return WEATHER[readStringField(input, "city")] ?? { temp_f: null };
}

/** The `calculate` handler of the example (it `eval`s on the host, as the example does). */
export function calculate(input: unknown): { result: number } {
  const expression = readStringField(input, "expression");
  // biome-ignore lint/security/noGlobalEval: the example's handler evaluates on the host; kept identical so every engine does the same work.
  return { result: Number(eval(expression)) };
}

/** The shape of the two input schemas (assignable to every library's JSON Schema type). */
type ObjectSchema = {
  type: "object";
  properties: Record<string, { type: "string" }>;
  required: string[];
};

/** JSON Schemas of the two bindings, as the example registers them. */
export const SCHEMAS: { getWeather: ObjectSchema; calculate: ObjectSchema } = {
  getWeather: {
    type: "object",
    properties: { city: { type: "string" } },
    required: ["city"],
  },
  calculate: {
    type: "object",
    properties: { expression: { type: "string" } },
    required: ["expression"],
  },
};

export const DESCRIPTIONS = {
  getWeather: "Look up the current temperature for a city",
  calculate: "Evaluate a simple arithmetic expression",
} as const;

/** The seed bindings in isobind's format. */
export const SEED_BINDINGS: Bindings = {
  "get-weather": {
    description: DESCRIPTIONS.getWeather,
    inputSchema: SCHEMAS.getWeather,
    handler: getWeather,
  },
  calculate: {
    description: DESCRIPTIONS.calculate,
    inputSchema: SCHEMAS.calculate,
    handler: calculate,
  },
};

/** How one engine spells a binding call and the hand-back of the result. */
export interface GuestDialect {
  /** An expression calling binding `name` ("get-weather" or "calculate") with `input` (JS source). */
  call(name: "get-weather" | "calculate", input: string): string;
  /** A statement handing `expr` back to the host. */
  giveBack(expr: string): string;
}

/** The guest's `calculate` input: a template literal in the guest, so a plain string here. */
const GUEST_EXPRESSION = "{ expression: `$" + "{diffF} * 5 / 9` }";

/**
 * The example's guest program, written in one engine's dialect. The logic is the same for
 * every engine: two weather calls in `Promise.all`, one `calculate`, one console line, one value.
 */
export function seedCode(d: GuestDialect): string {
  return `
const [sf, tokyo] = await Promise.all([
  ${d.call("get-weather", '{ city: "San Francisco" }')},
  ${d.call("get-weather", '{ city: "Tokyo" }')},
]);

const diffF = Math.abs(sf.temp_f - tokyo.temp_f);
const diffC = await ${d.call("calculate", GUEST_EXPRESSION)};

console.log("chained 3 binding calls in one sandbox execution");

${d.giveBack(`{
  san_francisco: sf,
  tokyo: tokyo,
  difference: { fahrenheit: diffF, celsius: diffC.result },
  warmer: sf.temp_f > tokyo.temp_f ? "San Francisco" : "Tokyo",
}`)}
`;
}

/** The seed program exactly as the example submits it (`callBinding`, `globalThis.__return`). */
export const SEED_CODE = seedCode({
  call: (name, input) => `callBinding(${JSON.stringify(name)}, ${input})`,
  giveBack: (expr) => `globalThis.__return(${expr});`,
});

/** The value the seed program must hand back. */
export const SEED_EXPECTED = {
  san_francisco: { temp_f: 61 },
  tokyo: { temp_f: 75 },
  difference: { fahrenheit: 14, celsius: (14 * 5) / 9 },
  warmer: "Tokyo",
};

/** The console line the seed program prints. */
export const SEED_STDOUT_LINE = "chained 3 binding calls in one sandbox execution";

/** What one engine's seed run produced, for {@link checkSeedOutcome}. */
export interface SeedOutcome {
  value: unknown;
  /** Captured console output, or `undefined` when the engine does not hand it back. */
  stdout: string | undefined;
}

/**
 * Throws unless a seed run produced the expected value (and the console line, when the engine
 * returns console output). Every engine is checked once before it is timed, so that no number
 * in the results comes from a run that did the wrong thing.
 */
export function checkSeedOutcome(engine: string, outcome: SeedOutcome): void {
  const got = JSON.stringify(outcome.value);
  const want = JSON.stringify(SEED_EXPECTED);
  if (got !== want) throw new Error(`${engine}: the seed run returned ${got}, expected ${want}`);
  if (outcome.stdout !== undefined && !outcome.stdout.includes(SEED_STDOUT_LINE)) {
    throw new Error(`${engine}: the seed run printed ${JSON.stringify(outcome.stdout)}`);
  }
}

/** A binding whose handler does nothing: the round-trip cases. */
export const NOOP_BINDING: Bindings = {
  noop: {
    description: "Does nothing and returns an empty object",
    inputSchema: { type: "object" },
    handler: () => ({}),
  },
};

/** How long each handler of the parallelism probe waits. */
export const SLEEP_MS = 100;

/** A binding whose handler waits {@link SLEEP_MS}: the parallelism probe. */
export const SLEEP_BINDING: Bindings = {
  sleep: {
    description: `Waits ${SLEEP_MS} ms`,
    inputSchema: { type: "object" },
    handler: () =>
      new Promise((resolve) => setTimeout(() => resolve({ slept: SLEEP_MS }), SLEEP_MS)),
  },
};

/** The guest program of the round-trip cases: `n` sequential no-op calls. */
export function sequentialCallsCode(n: number): string {
  return `for (let i = 0; i < ${n}; i++) await callBinding("noop", {});\nreturn ${n};`;
}

/** The guest program of the parallelism probe: `Promise.all` of `n` sleeping calls. */
export function parallelCallsCode(n: number): string {
  return `const r = await Promise.all(Array.from({ length: ${n} }, () => callBinding("sleep", {})));\nreturn r.length;`;
}
