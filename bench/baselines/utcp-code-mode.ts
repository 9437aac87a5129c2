/**
 * `@utcp/code-mode`: UTCP's code mode on isolated-vm. It declares `isolated-vm ^6` as a peer;
 * the bench installs 7.0.1 (the same one isobind uses; its JS API is identical to 6.x) and the
 * package loads and runs against it unchanged.
 *
 * Tools are registered the way its README shows: `@utcp/direct-call` callables and a manual
 * returned by a callable. `callToolChain` creates a fresh isolate and context per call and
 * bridges every tool call with `applySyncPromise`, so the guest blocks on each call: the
 * `Promise.all` of the seed program runs its two weather calls one after the other.
 *
 * The UTCP client and the direct-call protocol `console.log` two lines per tool call with no
 * switch to turn that off; thousands of runs would bury the bench's output, so `console.log` is
 * a no-op while the library runs. That makes its figures slightly better than its defaults give.
 */
import { CodeModeUtcpClient } from "@utcp/code-mode";
import { addFunctionToUtcpDirectCall } from "@utcp/direct-call";
import { calculate, DESCRIPTIONS, getWeather, SCHEMAS, seedCode } from "../runtime/seed.ts";
import { type Engine, installedVersion } from "./engine.ts";

const MANUAL = "bench";

/** Runs `fn` with `console.log` muted (see the module comment). */
async function quietly<T>(fn: () => Promise<T> | T): Promise<T> {
  const log = console.log;
  console.log = () => {};
  try {
    return await fn();
  } finally {
    console.log = log;
  }
}

// Direct-call callables receive the tool arguments spread as positional parameters.
await quietly(() => registerCallables());

function registerCallables(): void {
  addFunctionToUtcpDirectCall("benchGetWeather", async (city: unknown) => getWeather({ city }));
  addFunctionToUtcpDirectCall("benchCalculate", async (expression: unknown) =>
    calculate({ expression }),
  );
  addFunctionToUtcpDirectCall("benchManual", async () => ({
    utcp_version: "1.0.0",
    manual_version: "1.0.0",
    tools: [
      {
        name: "get_weather",
        description: DESCRIPTIONS.getWeather,
        inputs: SCHEMAS.getWeather,
        outputs: { type: "object" },
        tags: [],
        tool_call_template: { call_template_type: "direct-call", callable_name: "benchGetWeather" },
      },
      {
        name: "calculate",
        description: DESCRIPTIONS.calculate,
        inputs: SCHEMAS.calculate,
        outputs: { type: "object" },
        tags: [],
        tool_call_template: { call_template_type: "direct-call", callable_name: "benchCalculate" },
      },
    ],
  }));
}

const CODE = seedCode({
  call: (name, input) =>
    `${MANUAL}.${name === "get-weather" ? "get_weather" : "calculate"}(${input})`,
  giveBack: (expr) => `return ${expr};`,
});

/** The @utcp/code-mode engine. */
export const utcpCodeModeEngine: Engine = {
  id: "@utcp/code-mode",
  version: `@utcp/code-mode ${installedVersion("@utcp/code-mode")} (@utcp/sdk ${installedVersion("@utcp/sdk")}, isolated-vm ${installedVersion("isolated-vm")}; declared peer isolated-vm ^6)`,
  isolation: "V8 isolate per call (isolated-vm), in the host process",
  warmPath: "client.callToolChain: a fresh isolate + context + bridge setup per call",
  coldPath: "CodeModeUtcpClient.create + registerManual + callToolChain (no dispose API)",
  async create() {
    const client = await quietly(() => CodeModeUtcpClient.create());
    const reg = await quietly(() =>
      client.registerManual({
        name: MANUAL,
        call_template_type: "direct-call",
        callable_name: "benchManual",
      }),
    );
    if (!reg.success) throw new Error(`@utcp/code-mode: registerManual failed: ${reg.errors}`);
    return {
      async runSeed() {
        const { result, logs } = await quietly(() => client.callToolChain(CODE, 5000));
        const failure = logs.find((l) => l.startsWith("[ERROR]"));
        if (failure) throw new Error(`@utcp/code-mode: ${failure}`);
        return { value: result, stdout: `${logs.join("\n")}\n` };
      },
      dispose: async () => {},
    };
  },
};
