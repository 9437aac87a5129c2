import { NodeRuntime } from "@isobind/core";
import { evaluateArithmetic } from "./arithmetic.ts";

const temperaturesF: Record<string, number> = { "San Francisco": 61, Tokyo: 75 };

// Bindings run on the host. The guest can call them by name, with JSON input checked against
// each inputSchema, and can reach nothing else.
await using rt = await NodeRuntime.create({
  bindings: {
    "get-weather": {
      description: "Look up the current temperature of a city, in °F",
      inputSchema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
      handler: ({ city }: { city: string }) => ({ temp_f: temperaturesF[city] ?? null }),
    },
    calculate: {
      description: "Evaluate an arithmetic expression: numbers, + - * / % ** and parentheses",
      inputSchema: {
        type: "object",
        properties: { expression: { type: "string" } },
        required: ["expression"],
      },
      // Parsed, never handed to eval: the guest controls this string.
      handler: ({ expression }: { expression: string }) => ({
        result: evaluateArithmetic(expression),
      }),
    },
  },
});

// Imagine a model wrote this: three binding calls, two of them in parallel, one result.
const code = `
const [sf, tokyo] = await Promise.all([
  tools.getWeather({ city: "San Francisco" }),
  tools.getWeather({ city: "Tokyo" }),
]);
const diffF = Math.abs(sf.temp_f - tokyo.temp_f);
const diffC = await tools.calculate({ expression: \`\${diffF} * 5 / 9\` });
console.log("chained 3 binding calls in one sandbox execution");
return {
  difference: { fahrenheit: diffF, celsius: diffC.result },
  warmer: sf.temp_f > tokyo.temp_f ? "San Francisco" : "Tokyo",
};
`;

const result = await rt.run(code, { timeout: 5000 });
console.log("exitCode:", result.exitCode);
console.log("stdout:", result.stdout.trim());
console.log("value:", JSON.stringify(result.value));

// Code that tries to reach the host through calculate gets an error, not the host's process.
const attack = await rt.run(`return await tools.calculate({ expression: "process.exit(1)" })`);
console.log("attack:", attack.error?.code, attack.error?.message);
