import { InvalidOptionsError } from "@isobind/core";
import { jsonSchema, tool } from "ai";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { bindingsFromToolSet } from "./bindings-from-tool-set.ts";

const ctx = (signal = new AbortController().signal) => ({
  signal,
  name: "t",
  runId: "r1",
  callId: 3,
});

describe("bindingsFromToolSet", () => {
  it("turns zod and JSON Schema tools into bindings with JSON Schema inputs and outputs", async () => {
    const bindings = await bindingsFromToolSet(
      {
        weather: tool({
          description: "Weather",
          inputSchema: z.object({ city: z.string() }),
          outputSchema: z.object({ temp: z.number() }),
          execute: async () => ({ temp: 1 }),
        }),
        add: tool({
          description: "Add",
          inputSchema: jsonSchema<{ a: number }>({
            type: "object",
            properties: { a: { type: "number" } },
          }),
          execute: async ({ a }) => a + 1,
        }),
      },
      { namespace: "app" },
    );
    expect(Object.keys(bindings)).toEqual(["app.weather", "app.add"]);
    expect(bindings["app.weather"]?.inputSchema).toMatchObject({
      type: "object",
      properties: { city: { type: "string" } },
      required: ["city"],
    });
    expect(bindings["app.weather"]?.outputSchema).toMatchObject({
      properties: { temp: { type: "number" } },
    });
    expect(bindings["app.add"]?.description).toBe("Add");
  });

  it("calls execute with the run's signal and a call id, and returns a streaming tool's last value", async () => {
    const seen: unknown[] = [];
    const bindings = await bindingsFromToolSet({
      count: tool({
        inputSchema: z.object({ n: z.number().default(2) }),
        async *execute({ n }, options) {
          seen.push(options.abortSignal, options.toolCallId);
          for (let i = 1; i <= n; i++) yield i;
        },
      }),
    });
    const controller = new AbortController();
    const handler = bindings.count!.handler as (i: unknown, c: unknown) => Promise<unknown>;
    expect(await handler({}, ctx(controller.signal))).toBe(2);
    expect(seen).toEqual([controller.signal, "isobind:r1:3"]);
  });

  it("reports a failed schema check as the tool's error", async () => {
    const bindings = await bindingsFromToolSet({
      pick: tool({ inputSchema: z.object({ n: z.number().max(3) }), execute: async ({ n }) => n }),
    });
    const handler = bindings.pick!.handler as (i: unknown, c: unknown) => Promise<unknown>;
    await expect(handler({ n: 9 }, ctx())).rejects.toThrow(/invalid input/);
  });

  it("lists every tool that cannot be called from code", async () => {
    const schema = z.object({});
    let error: unknown;
    try {
      await bindingsFromToolSet(
        {
          ask: { inputSchema: schema, outputSchema: schema },
          confirm: tool({ inputSchema: schema, needsApproval: true, execute: async () => 1 }),
          search: {
            type: "provider",
            id: "x.search",
            args: {},
            isProviderExecuted: true,
            inputSchema: schema,
          },
        },
        { namespace: "bad..name" },
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidOptionsError);
    expect((error as InvalidOptionsError).issues.map((i) => i.path)).toEqual([
      "options.namespace",
      "tools.ask.execute",
      "tools.confirm.needsApproval",
      "tools.search",
    ]);
  });

  it("leaves out tools that need approval with needsApproval: skip", async () => {
    const schema = z.object({});
    const bindings = await bindingsFromToolSet(
      {
        confirm: tool({ inputSchema: schema, needsApproval: true, execute: async () => 1 }),
        read: tool({ inputSchema: schema, execute: async () => 2 }),
      },
      { needsApproval: "skip" },
    );
    expect(Object.keys(bindings)).toEqual(["read"]);
  });

  it("keeps the approval with needsApproval: keep", async () => {
    const schema = z.object({ amount: z.number() });
    const bindings = await bindingsFromToolSet(
      {
        always: tool({ inputSchema: schema, needsApproval: true, execute: async () => 1 }),
        big: tool({
          inputSchema: schema,
          needsApproval: async ({ amount }) => amount > 100,
          execute: async () => 2,
        }),
      },
      { needsApproval: "keep" },
    );
    expect(bindings.always?.needsApproval).toBe(true);
    const policy = bindings.big?.needsApproval as (i: unknown, c: unknown) => Promise<boolean>;
    const ctx = { runId: "r", callId: 1, context: undefined };
    expect(await policy({ amount: 150 }, ctx)).toBe(true);
    expect(await policy({ amount: 50 }, ctx)).toBe(false);
  });
});
