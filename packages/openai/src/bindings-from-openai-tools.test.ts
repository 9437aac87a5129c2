import { InvalidOptionsError, NodeRuntime } from "@isobind/core";
import type { ChatCompletionFunctionTool } from "openai/resources/chat/completions";
import type { FunctionTool } from "openai/resources/responses/responses";
import { describe, expect, it } from "vitest";
import { bindingsFromOpenAITools } from "./bindings-from-openai-tools.ts";

const chatWeather: ChatCompletionFunctionTool = {
  type: "function",
  function: {
    name: "get_weather",
    description: "Current temperature of a city in °F",
    parameters: {
      type: "object",
      properties: {
        city: { type: "string" },
        units: { type: ["string", "null"], enum: ["f", "c", null] },
      },
      required: ["city", "units"],
      additionalProperties: false,
    },
    strict: true,
  },
};

const responsesOrder: FunctionTool = {
  type: "function",
  name: "lookup-order",
  description: "Find an order by id",
  parameters: { type: "object", properties: { id: { type: "integer" } }, required: ["id"] },
  output_schema: {
    type: "object",
    properties: { status: { type: "string" } },
    required: ["status"],
  },
  strict: false,
};

describe("bindingsFromOpenAITools", () => {
  it("keeps names, descriptions and schemas of both tool formats", () => {
    const weather = () => ({ temp_f: 61 });
    const order = () => ({ status: "shipped" });
    const bindings = bindingsFromOpenAITools([chatWeather, responsesOrder], {
      get_weather: weather,
      "lookup-order": order,
    });
    expect(Object.keys(bindings)).toEqual(["get_weather", "lookup-order"]);
    expect(bindings.get_weather).toMatchObject({
      description: "Current temperature of a city in °F",
      inputSchema: chatWeather.function.parameters,
    });
    expect(bindings.get_weather).not.toHaveProperty("outputSchema");
    expect(bindings["lookup-order"]).toMatchObject({
      description: "Find an order by id",
      inputSchema: responsesOrder.parameters,
      outputSchema: responsesOrder.output_schema,
    });
  });

  it("accepts the { tool, execute } list of the SDK's ResponsesToolRunner and a namespace", () => {
    const bindings = bindingsFromOpenAITools([{ tool: responsesOrder, execute: () => "{}" }], {
      namespace: "shop",
    });
    expect(Object.keys(bindings)).toEqual(["shop.lookup-order"]);
  });

  it("gives a tool without parameters an empty object schema", () => {
    const bindings = bindingsFromOpenAITools([{ type: "function", function: { name: "now" } }], {
      now: () => "12:00",
    });
    expect(bindings.now?.inputSchema).toEqual({
      type: "object",
      properties: {},
      additionalProperties: false,
    });
    expect(bindings.now?.description).toBe("");
  });

  it("reports every problem at once", () => {
    let error: unknown;
    try {
      bindingsFromOpenAITools(
        [
          chatWeather,
          chatWeather,
          // @ts-expect-error: not a function tool
          { type: "web_search" },
          responsesOrder,
        ],
        { get_weather: () => 1, get_wether: () => 1 },
        { namespace: "bad name" },
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidOptionsError);
    expect((error as InvalidOptionsError).issues).toEqual([
      { path: "options.namespace", message: expect.stringContaining("may contain only letters") },
      { path: "tools[1]", message: 'duplicate tool name "get_weather"' },
      { path: "tools[2]", message: 'must be a function tool ({ type: "function", ... })' },
      { path: "handlers.lookup-order", message: 'tool "lookup-order" needs a handler function' },
      { path: "handlers.get_wether", message: "has no tool of that name" },
    ]);
  });

  it("runs the handlers from guest code, validating input against the tool's schema", async () => {
    const received: unknown[] = [];
    await using rt = await NodeRuntime.create({
      bindings: bindingsFromOpenAITools(
        [chatWeather, responsesOrder],
        {
          get_weather: (args: { city: string; units: "f" | "c" | null }, ctx) => {
            received.push(args, ctx.name);
            return JSON.stringify({ temp: args.units === "c" ? 16 : 61 });
          },
          "lookup-order": async ({ id }: { id: number }) => ({
            status: id === 7 ? "shipped" : "pending",
          }),
        },
        { parseJsonResults: true },
      ),
    });
    const ok = await rt.run(`
      const w = await tools.getWeather({ city: "Paris", units: null });
      const o = await tools.lookupOrder({ id: 7 });
      return { temp: w.temp, status: o.status };
    `);
    expect(ok.value).toEqual({ temp: 61, status: "shipped" });
    expect(received).toEqual([{ city: "Paris", units: null }, "get_weather"]);

    const bad = await rt.run(`return await tools.getWeather({ city: "Paris" });`);
    expect(bad.exitCode).toBe(1);
    expect(bad.error?.bindingCode).toBe("INVALID_INPUT");
    expect(bad.error?.message).toContain("units");
  });

  it("leaves string results as strings unless parseJsonResults is on", async () => {
    await using rt = await NodeRuntime.create({
      bindings: bindingsFromOpenAITools([chatWeather], { get_weather: () => '{"temp":61}' }),
    });
    const run = await rt.run(`return await tools.getWeather({ city: "Oslo", units: "f" });`);
    expect(run.value).toBe('{"temp":61}');
  });
});
