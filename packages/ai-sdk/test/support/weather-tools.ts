// An AI SDK tool set like an existing app's: one zod tool, one JSON Schema tool.
import { jsonSchema, type ToolSet, tool } from "ai";
import { z } from "zod";

export const TEMPS: Record<string, number> = { Paris: 61, Oslo: 47 };

export function weatherTools(log: [string, unknown][]): ToolSet {
  return {
    get_weather: tool({
      description: "Current temperature in a city",
      inputSchema: z.object({ city: z.string(), unit: z.enum(["f", "c"]).default("f") }),
      outputSchema: z.object({ city: z.string(), temp: z.number(), unit: z.string() }),
      execute: async ({ city, unit }) => {
        log.push(["get_weather", { city, unit }]);
        const f = TEMPS[city];
        if (f === undefined) throw new Error(`unknown city ${city}`);
        return { city, temp: unit === "c" ? Math.round(((f - 32) * 5) / 9) : f, unit };
      },
    }),
    calculate: tool({
      description: "Subtract b from a",
      inputSchema: jsonSchema<{ a: number; b: number }>({
        type: "object",
        properties: { a: { type: "number" }, b: { type: "number" } },
        required: ["a", "b"],
        additionalProperties: false,
      }),
      execute: async ({ a, b }) => {
        log.push(["calculate", { a, b }]);
        return a - b;
      },
    }),
  };
}
