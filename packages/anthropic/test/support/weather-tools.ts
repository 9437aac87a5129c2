// Anthropic tools like an existing app's: plain definitions with handlers, and runnable tools.
import type { Tool } from "@anthropic-ai/sdk/resources/messages/messages";

export const TEMPS: Record<string, number> = { Paris: 61, Oslo: 47 };

export const weatherTools: Tool[] = [
  {
    name: "get_weather",
    description: "Current temperature in a city, in °F",
    input_schema: {
      type: "object",
      properties: { city: { type: "string" } },
      required: ["city"],
      additionalProperties: false,
    },
  },
  {
    name: "calculate",
    description: "Subtract b from a",
    input_schema: {
      type: "object",
      properties: { a: { type: "number" }, b: { type: "number" } },
      required: ["a", "b"],
      additionalProperties: false,
    },
  },
];

export function weatherHandlers(log: [string, unknown][]) {
  return {
    get_weather: async ({ city }: { city: string }) => {
      log.push(["get_weather", { city }]);
      const temp = TEMPS[city];
      if (temp === undefined) throw new Error(`unknown city ${city}`);
      return { city, temp_f: temp };
    },
    calculate: ({ a, b }: { a: number; b: number }) => {
      log.push(["calculate", { a, b }]);
      return a - b;
    },
  };
}
