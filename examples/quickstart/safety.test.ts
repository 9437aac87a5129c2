// Why the quickstart's calculate parses instead of calling eval: with eval (as the weather
// example's calculate does), the guest's string runs on the host, where `process` is one
// identifier away. The sandbox cannot help: the handler is the host.
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { NodeRuntime } from "@isobind/core";
import { evaluateArithmetic } from "./arithmetic.ts";

const expressionSchema = {
  type: "object",
  properties: { expression: { type: "string" } },
  required: ["expression"],
};
const guest = `return await tools.calculate({ expression: "process.pid" });`;

describe("a calculate binding", () => {
  const runtimes: NodeRuntime[] = [];
  after(() => Promise.all(runtimes.map((rt) => rt.dispose())));

  it("with host eval lets the guest read the host's process", async () => {
    const rt = await NodeRuntime.create({
      bindings: {
        calculate: {
          description: "Evaluate an arithmetic expression (UNSAFE: host eval)",
          inputSchema: expressionSchema,
          // biome-ignore lint/security/noGlobalEval: the point of this test
          handler: ({ expression }: { expression: string }) => ({ result: eval(expression) }),
        },
      },
    });
    runtimes.push(rt);
    const result = await rt.run(guest);
    assert.equal(result.exitCode, 0);
    assert.deepEqual(result.value, { result: process.pid });
  });

  it("with the parser gives the guest an error and nothing of the host", async () => {
    const rt = await NodeRuntime.create({
      bindings: {
        calculate: {
          description: "Evaluate an arithmetic expression",
          inputSchema: expressionSchema,
          handler: ({ expression }: { expression: string }) => ({
            result: evaluateArithmetic(expression),
          }),
        },
      },
    });
    runtimes.push(rt);
    const result = await rt.run(guest);
    assert.equal(result.exitCode, 1);
    assert.equal(result.value, undefined);
    assert.match(result.error?.message ?? "", /calculate: expected a number or \(, found "p"/);
  });
});
