/**
 * `@ai-sdk/code-mode`: the AI SDK's code mode, run directly with `experimental_runCodeMode`
 * (its documented "Direct Execution" API). It runs QuickJS (WebAssembly) in a process-wide pool
 * of worker threads (the `run` package), a fresh QuickJS context per run.
 *
 * Guest console output: the library writes it straight to the process's file descriptor 1 from
 * the worker and does not return it, which would flood the bench's own output. The console
 * budget is therefore 1 byte: each `console.log` still crosses into the host and is formatted,
 * then dropped instead of written. The value is checked as for every engine.
 */
import { experimental_runCodeMode as runCodeMode } from "@ai-sdk/code-mode";
import { jsonSchema, tool } from "ai";
import { calculate, DESCRIPTIONS, getWeather, SCHEMAS, seedCode } from "../runtime/seed.ts";
import { type Engine, installedVersion } from "./engine.ts";

const TOOLS = {
  getWeather: tool({
    description: DESCRIPTIONS.getWeather,
    inputSchema: jsonSchema<{ city: string }>(SCHEMAS.getWeather),
    execute: async (input) => getWeather(input),
  }),
  calculate: tool({
    description: DESCRIPTIONS.calculate,
    inputSchema: jsonSchema<{ expression: string }>(SCHEMAS.calculate),
    execute: async (input) => calculate(input),
  }),
};

const CODE = seedCode({
  call: (name, input) => `tools.${name === "get-weather" ? "getWeather" : "calculate"}(${input})`,
  giveBack: (expr) => `return ${expr};`,
});

/** The @ai-sdk/code-mode engine. */
export const aiSdkCodeModeEngine: Engine = {
  id: "@ai-sdk/code-mode",
  version: `@ai-sdk/code-mode ${installedVersion("@ai-sdk/code-mode")} (ai ${installedVersion("ai")})`,
  isolation: "WebAssembly (QuickJS) in a worker thread of the host process",
  warmPath: "experimental_runCodeMode: a fresh QuickJS context per run on the shared worker pool",
  coldPath:
    "the same call: the library has no runtime object; its worker pool is process-wide and stays warm",
  async create() {
    return {
      async runSeed() {
        const value = await runCodeMode({
          js: CODE,
          tools: TOOLS,
          options: { executionPolicy: { timeoutMs: 5000, maxConsoleOutputBytes: 1 } },
        });
        return { value, stdout: undefined };
      },
      dispose: async () => {},
    };
  },
};
