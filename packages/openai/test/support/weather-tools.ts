// The host side shared by the end-to-end tests: two OpenAI function tools (as an existing
// OpenAI app would have them) with their handlers, imported as bindings.
import type { ChatCompletionFunctionTool } from "openai/resources/chat/completions";

export const TEMPERATURES_F: Readonly<Record<string, number>> = { Paris: 61, Oslo: 47, Tokyo: 68 };

export const weatherTools: ChatCompletionFunctionTool[] = [
  {
    type: "function",
    function: {
      name: "get_weather",
      description: "Current temperature of a city, in °F",
      parameters: {
        type: "object",
        properties: { city: { type: "string", description: "City name, e.g. Paris" } },
        required: ["city"],
        additionalProperties: false,
      },
      strict: true,
    },
  },
  {
    type: "function",
    function: {
      name: "calculate",
      description: "Apply an arithmetic operation to two numbers",
      parameters: {
        type: "object",
        properties: {
          op: { type: "string", enum: ["add", "sub", "mul", "div"] },
          a: { type: "number" },
          b: { type: "number" },
        },
        required: ["op", "a", "b"],
        additionalProperties: false,
      },
      strict: true,
    },
  },
];

/** Handlers that record every call, so tests can assert the chain the guest code ran. */
export function weatherHandlers(log: [string, unknown][]) {
  return {
    get_weather: ({ city }: { city: string }) => {
      log.push(["get_weather", { city }]);
      const temp_f = TEMPERATURES_F[city];
      if (temp_f === undefined) throw new Error(`no weather station in ${city}`);
      return { city, temp_f };
    },
    calculate: ({ op, a, b }: { op: "add" | "sub" | "mul" | "div"; a: number; b: number }) => {
      log.push(["calculate", { op, a, b }]);
      const result = op === "add" ? a + b : op === "sub" ? a - b : op === "mul" ? a * b : a / b;
      return { result };
    },
  };
}
